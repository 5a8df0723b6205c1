from dashboard.ui.pages import embed

embed.render()
