from dashboard.ui.pages import history

history.render()
