from dashboard.views import upload

upload.render()
