from dashboard.ui.pages import statements

statements.render_accessibility()
