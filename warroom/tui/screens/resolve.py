"""Resolving is asked first, with what is true now in front of the person: the checks that
are down or not yet confirmed, the checklist items left undone. Read again every second
while the question is open, since an endpoint may recover (or fail) meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from warroom.text.safe import safe_line
from warroom.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from warroom.incident.closure import Closure

FIRST_ITEMS = 4  # undone items named; the rest are counted
FIRST_CHECKS = 4  # failing checks named per state; the rest are counted
WORDS = {
    "DOWN": ("✖", "down", "bold red"),
    "SUSPECT": ("◌", "failing, not yet confirmed down", "bold #ff8c00"),
    "UNKNOWN": ("·", "not yet confirmed", "bold"),
    "DEGRADED": ("◐", "degraded", "bold yellow"),
}


def describe(facts: Closure) -> Text:
    out = Text("Now:\n", style="bold")
    if not facts.checks:
        out.append("  · no health checks here: nothing confirms the service is back\n")
    elif facts.healthy:
        out.append("  ● ", style="green")
        out.append(
            f"all {facts.checks} checks are up\n" if facts.checks > 1 else "the check is up\n"
        )
    for state, (symbol, word, style) in WORDS.items():
        count = facts.counts.get(state, 0)
        if not count:
            continue
        rows = facts.failing.get(state, [])[:FIRST_CHECKS]
        out.append(f"  {symbol} {count} {word}: ", style=style)
        out.append(", ".join(
            safe_line(s.name) + (f" ({safe_line(s.reason)})" if s.reason else "") for s in rows
        ))  # fmt: skip
        if count > len(rows):
            out.append(f", … {count - len(rows)} more")
        out.append("\n")
    if not facts.undone:
        out.append("  ✓ ", style="green")
        out.append(f"all {facts.items} checklist items are done\n")
    else:
        overdue = f", {facts.overdue} overdue" if facts.overdue else ""
        out.append(f"  ☐ {len(facts.undone)} of {facts.items} checklist items left undone{overdue}:\n",
                   style="bold")  # fmt: skip
        for item in facts.undone[:FIRST_ITEMS]:
            out.append(f"      {safe_line(item.text)}\n")
        if len(facts.undone) > FIRST_ITEMS:
            out.append(f"      … and {len(facts.undone) - FIRST_ITEMS} more\n", style="dim")
    out.append(
        "\nThe resolution time is recorded now. From then on health changes and alerts are "
        "shown but not recorded in this incident (setting another status records again).",
        style="dim",
    )
    return out


class ResolveScreen(ConfirmScreen):
    def __init__(self, facts: Callable[[], Closure | None]) -> None:
        self.facts = facts
        first = facts()
        super().__init__("Resolve the incident?", describe(first) if first else Text(""))

    def on_mount(self) -> None:
        self.set_interval(1.0, self._refresh, name="resolve-facts")

    def _refresh(self) -> None:
        facts = self.facts()
        if facts is None:
            return
        self.details = describe(facts)
        # By id: the title and the hint are Labels, which are Statics too.
        self.query_one("#confirm-details", Static).update(self.details)
