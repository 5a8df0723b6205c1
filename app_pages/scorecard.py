from dashboard.ui.pages import scorecard

scorecard.render()
