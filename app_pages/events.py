from dashboard.views import events

events.render()
