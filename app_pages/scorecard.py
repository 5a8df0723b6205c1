from dashboard.views import scorecard

scorecard.render()
