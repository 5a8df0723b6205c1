from dashboard.ui.pages import compare

compare.render()
