from dashboard.ui.pages import events

events.render()
