from dashboard.ui.pages import upload

upload.render()
