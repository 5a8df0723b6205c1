from dashboard.views import sources

sources.render()
