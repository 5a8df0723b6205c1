from dashboard.views import data_centres

data_centres.render()
