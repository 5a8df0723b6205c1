from dashboard.ui.pages import statements

statements.render_privacy()
