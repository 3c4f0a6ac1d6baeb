"""Who holds each role; unassigned roles are marked, not hidden."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from warroom.core.timefmt import mm_ss
from warroom.text.safe import safe_line
from warroom.tui.widgets.looks import look, looks_classes, looks_css

if TYPE_CHECKING:
    from warroom.core.state import IncidentState


class RolesPane(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes("unassigned", "bad")
    DEFAULT_CSS = looks_css("RolesPane", "unassigned", "bad")
    COMPACT_BELOW = 34  # columns: below this, short role labels (IC, TL, CL)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: IncidentState | None = None
        self.now: datetime | None = None
        self.border_title = "Roles"

    def show(self, state: IncidentState, now: datetime | None = None) -> None:
        self.state = state
        self.now = now
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.state is None:
            return Text("")
        roles = self.state.playbook.roles
        if self.screen.has_class("-narrow") and self.screen.has_class("-short"):
            return self._one_line()
        compact = self.content_size.width < self.COMPACT_BELOW
        labels = [safe_line(r.label if compact else r.name) for r in roles]
        width = max((len(label) for label in labels), default=0)
        lines = []
        for label, role in zip(labels, roles, strict=True):
            held = self.state.roles.get(role.key)
            line = Text(f"{label:<{width}}  ", style="bold")
            if held:
                line.append(safe_line(held.holder))
            else:
                line.append("— unassigned", style=look(self, "unassigned"))
            lines.append(line)
        if len(self.state.watchers) > 1:  # only yourself watching is not news
            line = Text("Watching ", style="dim")
            line.append(safe_line(", ".join(self.state.watchers)))
            lines.append(line)
        path = self.state.playbook.escalation
        if path and self.now is not None:
            level, due = self.state.escalation_due(self.now)
            line = Text("Escalation ", style="dim")
            if self.state.incident.status == "resolved":
                line.append("none: resolved")
            elif level >= len(path):
                line.append(f"at the top: {safe_line(path[-1].who)}")
            else:
                line.append(f"next {safe_line(path[level].who)}", style="bold")
                if due is not None:
                    line.append(
                        f" in {mm_ss(due)}" if due >= 0 else " now (e)",
                        style="" if due >= 0 else look(self, "bad"),
                    )
                elif path[level].condition:
                    line.append(f" if {safe_line(path[level].condition)}", style="dim")
            lines.append(line)
        return Text("\n").join(lines)

    def _one_line(self) -> Text:
        """A short side pane keeps who leads in view: "IC alice · TL — · CL — · Scribe —"."""
        assert self.state is not None
        line = Text()
        for role in self.state.playbook.roles:
            held = self.state.roles.get(role.key)
            if line.cell_len:
                line.append(" · ", style="dim")
            line.append(f"{safe_line(role.label)} ", style="bold")
            if held:
                line.append(safe_line(held.holder))
            else:
                line.append("—", style=look(self, "unassigned"))
        return line
