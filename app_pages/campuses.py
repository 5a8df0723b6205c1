from dashboard.ui.pages import campuses

campuses.render()
