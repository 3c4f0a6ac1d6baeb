"""The top line: incident id and title, and a loud DRILL marker for practice incidents."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from warroom.core.limits import TITLE, cut
from warroom.core.words import plural
from warroom.text.safe import safe_line
from warroom.tui.widgets.looks import look, looks_classes, looks_css

LOOKED = ("drill-badge", "drill", "soon", "bad")


class IncidentBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes(*LOOKED)
    DEFAULT_CSS = looks_css("IncidentBar", *LOOKED)
    held = reactive(0, layout=True)  # keys pressed while opening, waiting to be replayed
    # Standing one-line problems by source ("database", "config", ...), in the order raised.
    problems: reactive[dict[str, str]] = reactive(dict, layout=True, always_update=True)

    def __init__(self, incident_id: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.incident_id = incident_id
        self.title = ""
        self.drill = False
        self.drill_note = ""  # the drill's speed and its keys

    def show(self, incident_id: str, title: str, drill: bool) -> None:
        self.incident_id, self.title, self.drill = incident_id, title, drill
        self.refresh(layout=True)

    @property
    def problem(self) -> str:
        return "; ".join(self.problems.values())

    def render(self) -> Text:
        text = Text(f" {self.incident_id} ", style="bold reverse")
        if self.drill:
            text.append(" DRILL ", style=look(self, "drill-badge"))
            if self.drill_note:
                text.append(f" {self.drill_note} ", style=look(self, "drill"))
        text.append(" ")
        text.append(
            safe_line(cut(self.title, TITLE)) or "opening…", style="bold" if self.title else "dim"
        )
        if self.held:
            waiting = f"{plural(self.held, 'key')} waiting"
            text.append(f"   loading… {waiting}", style=look(self, "soon"))
        if self.problem:
            text.append(f"   ⚠ {safe_line(self.problem)}", style=look(self, "bad"))
        return text
