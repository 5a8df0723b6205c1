from dashboard.views import clusters

clusters.render()
