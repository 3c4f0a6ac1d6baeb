"""`?`: warroom's own keys, grouped by what they work on, in a dialog over the console.

Made from the declared bindings each time it opens, so a new key shows up by itself: the
console's own (incident, actions, drill, the console itself) and those of the panes that
take keys when focused (checklist, timeline). Keys that only scroll or copy, which every
Textual widget has, are left out: a key is listed for the actions its pane declares.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from warroom.tui.bindings import listed

if TYPE_CHECKING:
    from textual.app import App, ComposeResult

Row = tuple[str, str]  # (keys as shown, what they do)
# The keys of incident command (tasks, decisions, briefings), in a group of their own.
COMMAND_ACTIONS = frozenset({"task", "close_task", "decide", "object", "briefing", "switch"})
TIMELINE_ACTIONS = frozenset({"find", "narrow", "timeline_end", "timeline_home"})
KEY_WIDTH = 11


def _bindings(declared: Iterable[Any]) -> list[Binding]:
    out = []
    for b in declared:
        binding = b if isinstance(b, Binding) else Binding(*b)
        out += [Binding(key.strip(), binding.action, binding.description, binding.show)
                for key in binding.key.split(",")]  # fmt: skip
    return out


def _rows(app: App[Any], bindings: list[Binding]) -> list[Row]:
    """One row per action, its keys together ("j ↓"), in the order declared."""
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for b in bindings:
        shown = app.get_key_display(b)
        if shown not in keys.setdefault(b.action, []):
            keys[b.action].append(shown)
        described.setdefault(b.action, b.description)
    return [(" ".join(k), described[action]) for action, k in keys.items() if described[action]]


def pane_rows(app: App[Any], widget: type[Any]) -> list[Row]:
    """The actions a pane declares, with every key that does them (inherited keys too: ↓
    beside j)."""
    own = _bindings(widget.__dict__.get("BINDINGS", []))
    actions = {b.action for b in own}
    return _rows(app, own + [b for b in listed(widget) if b.action in actions])


def console_groups(
    app: App[Any],
    declared: list[Any],
    bound: list[Binding],
    screen: list[Any],
    panes: list[tuple[str, type[Any]]],
) -> list[tuple[str, list[Row]]]:
    """The groups the dialog shows: the incident's keys, each pane's, the actions (those of
    warroom.toml or the drill, bound at run time), the drill's, and the console's own."""
    own = {b.action for b in _bindings(declared)}
    live = _sorted(bound, own)
    palette = Binding(
        app.COMMAND_PALETTE_BINDING, "command_palette", "Commands: every action by name"
    )
    groups = [("Incident", _rows(app, _ordered(live["Incident"], declared)))]
    # The timeline's keys that work from any pane (/, F) are listed with the timeline's.
    anywhere = _rows(app, live["Timeline"])
    groups += [
        (title, pane_rows(app, widget) + (anywhere if title == "Timeline" else []))
        for title, widget in panes
    ]
    groups.append(("Actions", _rows(app, live["Actions"])))
    groups.append(("Command", _rows(app, _ordered(live["Command"], declared))))
    groups.append(("Drill", _rows(app, live["Drill"])))
    groups.append(("Console", _rows(app, [*_bindings(screen), *live["Console"], palette])))
    return [(title, rows) for title, rows in groups if rows]


def _sorted(bound: list[Binding], own: set[str]) -> dict[str, list[Binding]]:
    """The app's bindings by group: its own (declared) keys, the actions bound at run time
    and the drill's; others (Textual's) are left out."""
    names = ("Incident", "Timeline", "Actions", "Command", "Drill", "Console")
    groups: dict[str, list[Binding]] = {name: [] for name in names}
    for b in bound:
        if b.action.startswith("mitigate") or b.action == "alerts":
            groups["Actions"].append(b)
        elif b.action.startswith("drill_"):
            groups["Drill"].append(b)
        elif b.action in ("help", "quit"):
            groups["Console"].append(b)
        elif b.action in COMMAND_ACTIONS:
            groups["Command"].append(b)
        elif b.action in TIMELINE_ACTIONS:
            groups["Timeline"].append(b)
        elif b.action in own:
            groups["Incident"].append(b)
    return groups


def _ordered(bindings: list[Binding], declared: list[Any]) -> list[Binding]:
    """In the order the bindings were declared (the key map's order is the order of binding)."""
    order = {b.action: n for n, b in enumerate(_bindings(declared))}
    return sorted(bindings, key=lambda b: order.get(b.action, len(order)))


def render_group(title: str, rows: list[Row]) -> Text:
    text = Text(title, style="bold")
    for keys, what in rows:
        text.append("\n")
        text.append(f"{keys:<{KEY_WIDTH}}" if len(keys) < KEY_WIDTH else keys + " ", style="bold")
        text.append(what)
    return text


class KeysScreen(ModalScreen[None]):
    """Every key of the console, by group; closed by ? or escape."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, groups: list[tuple[str, list[Row]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        # The hint is on the title's line: a long list scrolls, and never hides it.
        heading = Text.assemble(("Keys", "bold"), ("   ? or escape closes", "dim"))
        with Vertical(classes="dialog", id="keys"):
            yield Label(heading, classes="dialog-title")
            with VerticalScroll(id="key-groups"):
                for title, rows in self.groups:
                    yield Static(render_group(title, rows), classes="key-group")

    def action_scroll(self, step: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss()
