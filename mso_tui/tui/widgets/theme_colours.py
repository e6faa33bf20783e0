"""Theme colours as Rich can parse them: ansi themes name colours (`ansi_red`) that Rich does not know."""
from __future__ import annotations

from textual.app import App
from textual.color import Color, ColorParseError

ROLES = ("error", "warning", "success", "accent", "primary", "secondary")


def rich_colour(value: str | None, fallback: str) -> str:
    """A colour string Rich accepts: `color(N)` for an ANSI colour, `#rrggbb` otherwise, else fallback."""
    if not value:
        return fallback
    try:
        colour = Color.parse(value)
    except ColorParseError:
        return fallback
    if colour.ansi is not None:
        return "default" if colour.ansi < 0 else f"color({colour.ansi})"
    return colour.hex[:7]  # alpha is not a Rich notion


def theme_colours(app: App[object], text: bool = True) -> dict[str, str]:
    """The text (or, text=False, the base) colour of each role (`error`, …) of the theme, safe for Rich."""
    variables = app.theme_variables
    fallbacks = {"error": "red", "warning": "yellow", "success": "green", "accent": "cyan", "primary": "blue",
                 "secondary": "magenta"}
    if not text:  # the theme's own colours, as it declares them
        theme = app.current_theme
        return {role: rich_colour(getattr(theme, role, None), fallbacks[role]) for role in ROLES}
    return {role: rich_colour(variables.get(f"text-{role}") or variables.get(role), fallbacks[role])
            for role in ROLES}


def theme_problem(app: App[object]) -> str | None:
    """Why the app's current theme cannot draw mso's coloured text (None when it can)."""
    from rich.style import Style

    try:
        app.get_css_variables()  # the new theme's variables; Textual computes them lazily otherwise
        for colour in theme_colours(app).values():
            Style(color=colour)
    except Exception as exc:  # any failure means the theme would crash a screen later
        return f"{type(exc).__name__}: {exc}"
    return None
