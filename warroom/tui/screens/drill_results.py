"""The drill's results: the points of each part out of its maximum, what happened, and what
to do next time for each part that lost points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from warroom.incident.drill_score import next_lines, part_lines

if TYPE_CHECKING:
    from textual.app import ComposeResult


class DrillResultsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, score: dict[str, Any]) -> None:
        super().__init__()
        self.title_text = title
        self.score = score
        self.rows = part_lines(score)  # as shown: (part, "15/15", what happened)
        self.advice = next_lines(score)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column()
        table.add_column(justify="right")
        table.add_column(style="dim")
        for label, points, said in self.rows:
            table.add_row(Text(label), Text(points, style="bold"), Text(said))
        with Vertical(classes="dialog dialog-wide"):
            yield Label(f"Drill results: {self.title_text}", classes="dialog-title", markup=False)
            yield Label(f"Score {self.score['score']}/100", classes="dialog-title")
            yield Static(table)
            if self.advice:
                yield Static(Text("\n".join(self.advice)), classes="drill-advice")
            yield Label(
                "kept in the incident's timeline · export it with warroom export · "
                "enter or escape closes",
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss()
