from dashboard.ui.pages import present

present.render()
