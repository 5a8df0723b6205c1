from dashboard.ui.pages import sources

sources.render()
