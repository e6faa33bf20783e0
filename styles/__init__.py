"""App-wide Textual stylesheets, shipped inside the wheel as mso_tui.styles."""
