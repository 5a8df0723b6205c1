from dashboard.views import access

access.render_sign_in()
