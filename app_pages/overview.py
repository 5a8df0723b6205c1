from dashboard.ui.pages import overview

overview.render()
