from dashboard.views import campuses

campuses.render()
