"""Resolving is asked first, with what is true now in front of the person: the checks that
are down or not yet confirmed, the checklist items left undone. Read again every second
while the question is open, since an endpoint may recover (or fail) meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from warroom.core.words import plural
from warroom.text.safe import safe_line
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.widgets.looks import theme_look

if TYPE_CHECKING:
    from rich.style import Style

    from warroom.incident.closure import Closure

FIRST_ITEMS = 4  # undone items named; the rest are counted
FIRST_CHECKS = 4  # failing checks named per state; the rest are counted
WORDS = {
    "DOWN": ("✖", "down"),
    "SUSPECT": ("◌", "failing, not yet confirmed down"),
    "UNKNOWN": ("·", "not yet confirmed"),
    "DEGRADED": ("◐", "degraded"),
}


def describe(facts: Closure, look: Callable[[str], Style | str]) -> Text:
    """What is true now; `look`: a state's style in the console's theme."""
    out = Text("Now:\n", style="bold")
    _checks(out, facts, look)
    _items(out, facts, look)
    _tasks(out, facts)
    _update(out, facts, look)
    out.append(
        "\nThe resolution time is recorded now. From then on health changes and alerts are "
        "shown but not recorded in this incident (setting another status records again).",
        style="dim",
    )
    return out


def _checks(out: Text, facts: Closure, look: Callable[[str], Style | str]) -> None:
    if not facts.checks and facts.checking:  # the checks have just started
        out.append("  · waiting for the first checks: nothing confirms the service is back yet\n")
    elif not facts.checks:
        out.append("  · no health checks here: nothing confirms the service is back\n")
    elif facts.healthy:
        out.append("  ● ", style=look("up"))
        out.append(
            f"all {facts.checks} checks are up\n" if facts.checks > 1 else "the check is up\n"
        )
    for state, (symbol, word) in WORDS.items():
        count = facts.counts.get(state, 0)
        if not count:
            continue
        rows = facts.failing.get(state, [])[:FIRST_CHECKS]
        style = "bold" if state == "UNKNOWN" else look(state.lower())
        out.append(f"  {symbol} {count} {word}: ", style=style)
        out.append(", ".join(
            safe_line(s.name) + (f" ({safe_line(s.reason)})" if s.reason else "") for s in rows
        ))  # fmt: skip
        if count > len(rows):
            out.append(f", … {count - len(rows)} more")
        out.append("\n")


def _items(out: Text, facts: Closure, look: Callable[[str], Style | str]) -> None:
    if not facts.undone:
        out.append("  ✓ ", style=look("good"))
        out.append(f"all {facts.items} checklist items are done\n")
        return
    overdue = f", {facts.overdue} overdue" if facts.overdue else ""
    out.append(f"  ☐ {len(facts.undone)} of {facts.items} checklist items left undone{overdue}:\n",
               style="bold")  # fmt: skip
    for item in facts.undone[:FIRST_ITEMS]:
        out.append(f"      {safe_line(item.text)}\n")
    if len(facts.undone) > FIRST_ITEMS:
        out.append(f"      … and {len(facts.undone) - FIRST_ITEMS} more\n", style="dim")


def _tasks(out: Text, facts: Closure) -> None:
    if not facts.open_tasks:
        return
    count = len(facts.open_tasks)
    out.append(f"  ☐ {plural(count, 'task')} still open (left open at resolution):\n",
               style="bold")  # fmt: skip
    for task in facts.open_tasks[:FIRST_ITEMS]:
        out.append(f"      {task.number} {safe_line(task.to)}: {safe_line(task.text)}\n")
    if count > FIRST_ITEMS:
        out.append(f"      … and {count - FIRST_ITEMS} more\n", style="dim")


def _update(out: Text, facts: Closure, look: Callable[[str], Style | str]) -> None:
    if facts.unsent is None:
        return
    number = facts.unsent.number
    if facts.unsent.failed:
        out.append(f"  ✖ update {number} was not delivered: it has reached nobody\n",
                   style=look("down"))  # fmt: skip
    else:
        out.append(f"  · update {number} sending…\n")


class ResolveScreen(ConfirmScreen):
    def __init__(self, facts: Callable[[], Closure | None]) -> None:
        self.facts = facts
        first = facts()
        super().__init__("Resolve the incident?", self._describe(first) if first else Text(""))

    def _describe(self, facts: Closure) -> Text:
        return describe(facts, lambda state: theme_look(self.app, state))

    def on_mount(self) -> None:
        self.set_interval(1.0, self._refresh, name="resolve-facts")

    def _refresh(self) -> None:
        facts = self.facts()
        if facts is None:
            return
        self.details = self._describe(facts)
        # By id: the title and the hint are Labels, which are Statics too.
        self.query_one("#confirm-details", Static).update(self.details)
