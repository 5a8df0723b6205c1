from dashboard.views import map_view

map_view.render()
