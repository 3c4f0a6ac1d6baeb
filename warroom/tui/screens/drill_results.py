"""The drill's results: how the response measured up against the playbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from warroom.timefmt import format_duration

if TYPE_CHECKING:
    from textual.app import ComposeResult

LABELS = {
    "time_to_ic": "Incident Commander assigned after",
    "time_to_first_update": "First status update after",
    "update_gaps_missed": "Update cadence missed",
    "items_on_time": "Checklist items done before due",
    "items_due": "Checklist items due",
    "time_to_mitigate": "Mitigated after",
    "wrong_actions": "Wrong actions",
    "resolved": "Resolved",
}


class DrillResultsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, score: dict[str, object]) -> None:
        super().__init__()
        self.title_text = title
        self.score = score

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        self.rows: list[tuple[str, str]] = []  # as shown
        for key, label in LABELS.items():
            value = self.score.get(key)
            if key.startswith("time_"):
                shown = format_duration(value) if isinstance(value, int | float) else "never"
            elif isinstance(value, bool):
                shown = "yes" if value else "no"
            else:
                shown = str(value)
            table.add_row(label, shown)
            self.rows.append((label, shown))
        for phase, done in dict(self.score.get("phases") or {}).items():
            table.add_row(f"  {phase}", f"{done} on time")
        with Vertical(classes="dialog"):
            yield Label(f"Drill results: {self.title_text}", classes="dialog-title", markup=False)
            yield Label(f"Score {self.score['score']}/100", classes="dialog-title")
            yield Static(table)
            yield Label(
                "kept in the incident's timeline · export it with warroom export",
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss()
