from dashboard.ui.pages import access

access.render_sign_in()
