from dashboard.ui.pages import data_centres

data_centres.render()
