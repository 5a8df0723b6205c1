from dashboard.ui.pages import map_view

map_view.render()
