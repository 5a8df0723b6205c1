from dashboard.ui.pages import clusters

clusters.render()
