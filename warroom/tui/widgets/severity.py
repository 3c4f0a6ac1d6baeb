"""The severity pane: level in its colour, meaning, targets, T+ ticking live, status."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from warroom.clock import to_local
from warroom.timefmt import format_duration, t_plus

if TYPE_CHECKING:
    from warroom.state import IncidentState


class SeverityPane(Widget):
    """Re-rendered every second by the app so T+ keeps ticking."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: IncidentState | None = None
        self.now: datetime | None = None
        self.border_title = "Severity"

    def show(self, state: IncidentState, now: datetime) -> None:
        self.state, self.now = state, now
        self.refresh(layout=True)

    def render(self) -> Text:
        state, now = self.state, self.now
        if state is None or now is None:
            return Text("Opening…", style="dim")
        incident = state.incident
        try:
            sev = state.playbook.severity(incident.severity)
        except KeyError:
            sev = None
        colour = sev.colour if sev else "white"
        out = Text()
        out.append(f" {incident.severity} ", style=f"bold #000000 on {colour}")
        if sev and sev.title:
            out.append(f" {sev.title}", style=f"bold {colour}")
        out.append("   ")
        out.append(t_plus(state.elapsed(now)), style="bold")
        out.append("\n")
        status = incident.status.upper()
        out.append("Status ", style="dim")
        out.append(status, style="bold reverse" if incident.status == "resolved" else "bold")
        out.append("   since ", style="dim")
        out.append(to_local(incident.declared_at).strftime("%H:%M:%S"))
        out.append("\n")
        if sev:
            if sev.meaning:
                out.append(sev.meaning, style="italic")
                out.append("\n")
            targets = []
            if sev.response is not None:
                targets.append(f"respond within {format_duration(sev.response)}")
            if sev.update_every is not None:
                targets.append(f"update every {format_duration(sev.update_every)}")
            if targets:
                out.append(" · ".join(targets).capitalize(), style="dim")
        out.rstrip()
        return out
