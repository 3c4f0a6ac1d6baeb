"""The colour of each state, from the theme: one vocabulary for every pane and dialog.

A widget that colours states lists them as component classes and styles them in its
DEFAULT_CSS with `looks_css`; its renderer asks `look(widget, "down")`. The colours are theme
variables ($error, $success, $warning…), so the theme chosen with --theme, warroom.toml or
the palette reaches every pane, and switching it redraws them. The word and symbol beside
each colour still say the state on a monochrome terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

# state → its CSS declarations
LOOKS = {
    # a check's state (health pane, resolve dialog)
    "down": "color: $error; text-style: bold;",
    "suspect": "color: $warning; text-style: bold;",
    "degraded": "color: $warning; text-style: bold;",
    "unknown": "color: $text-muted;",
    "up": "color: $success;",
    "recovering": "color: $primary; text-style: bold;",
    "stale": "color: $warning; text-style: bold;",
    "flapping": "color: $secondary; text-style: bold;",
    # anything late, failed or missed; done, delivered or met; coming due or waiting
    "bad": "color: $error; text-style: bold;",
    "good": "color: $success;",
    "soon": "color: $warning; text-style: bold;",
    "unassigned": "color: $warning; text-style: italic;",
    # what must be seen at once: an update overdue or not delivered
    "alarm": "color: $error; text-style: bold reverse;",
    "drill": "color: $warning;",
    "drill-badge": "color: #000000; background: $warning; text-style: bold;",
}


def looks_css(owner: str, *states: str) -> str:
    """The DEFAULT_CSS rules of `owner`'s (a widget class name) component classes."""
    return "\n".join(f"{owner} > .state--{state} {{ {LOOKS[state]} }}" for state in states)


def looks_classes(*states: str) -> set[str]:
    """The COMPONENT_CLASSES for these states."""
    return {f"state--{state}" for state in states}


def look(widget: Widget, state: str) -> Style:
    """The Rich style of `state` in the widget's theme now (cached by Textual until the next
    restyle, a theme switch included)."""
    return widget.get_component_rich_style(f"state--{state}", partial=True)


def theme_look(app: App[object], state: str) -> Style:
    """The same, from the app's theme colours, for text made before its screen is mounted (a
    dialog's first lines): "color: $error; text-style: bold" → Rich "bold #ff5a5f"."""
    colours = app.theme_variables or app.get_css_variables()
    style: dict[str, object] = {}
    for declaration in filter(None, (d.strip() for d in LOOKS[state].split(";"))):
        rule, value = (part.strip() for part in declaration.split(":"))
        if rule == "text-style":
            style.update(dict.fromkeys(value.split(), True))
        else:
            colour = colours.get(value[1:], value) if value.startswith("$") else value
            style["bgcolor" if rule == "background" else "color"] = colour
    return Style(**style)  # type: ignore[arg-type]
