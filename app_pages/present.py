from dashboard.views import present

present.render()
