"""The severity pane: level in its colour, meaning, targets, T+ ticking live, status."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from warroom.core.clock import to_local
from warroom.core.timefmt import format_duration, mm_ss, short_span, t_plus
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.core.state import IncidentState


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
        severities = state.playbook.severities
        rank = next((n for n, s in enumerate(severities) if s.name == incident.severity), None)
        sev = severities[rank] if rank is not None else None
        colour = sev.colour if sev else "white"
        out = Text()
        out.append(f" {safe_line(incident.severity)} ", style=f"bold #000000 on {colour}")
        if rank is not None:
            out.append(" " + rank_marks(rank, len(severities)), style=f"bold {colour}")
        if sev and sev.title:
            out.append(f" {safe_line(sev.title)}", style=f"bold {colour}")
        out.append("   ")
        out.append(t_plus(state.elapsed(now)), style="bold")
        out.append("\nStatus ", style="dim")
        out.append(
            incident.status.upper(),
            style="bold reverse" if incident.status == "resolved" else "bold",
        )
        out.append("   since ", style="dim")
        out.append(to_local(state.status_since).strftime("%H:%M:%S"))
        # Most urgent first: a short pane cuts the last lines, never the first.
        due = state.update_due_in(now)
        if incident.resolved_at is not None and incident.status == "resolved":
            # Nothing counts down any more: say when it ended and how long it took.
            out.append("\nResolved at ", style="dim")
            out.append(to_local(incident.resolved_at).strftime("%H:%M"), style="bold")
            out.append(", after ", style="dim")
            out.append(short_span(state.elapsed(now).total_seconds()), style="bold")
        elif due is not None:
            out.append("\n")
            if due < 0:
                out.append(f" UPDATE OVERDUE {mm_ss(-due)} ", style="bold reverse red")
                out.append("  press u", style="bold red")
            else:
                out.append("Next update due in ", style="dim")
                out.append(mm_ss(due), style="bold yellow" if due < 120 else "bold")
        # The newest update, while it has reached nobody: it does not count yet.
        latest = state.deliveries[-1] if state.deliveries else None
        if latest is not None and latest.posted_at is None:
            out.append("\n")
            if latest.failed:
                out.append(f" UPDATE {latest.number} NOT DELIVERED ", style="bold reverse red")
                out.append("  press U", style="bold red")
            else:
                out.append(f"Update {latest.number} sending…", style="bold yellow")
        upcoming = state.next_item
        if upcoming is not None:
            overdue = state.is_overdue(upcoming, now)
            out.append("\nNext ", style="dim")
            out.append(safe_line(upcoming.text), style="bold red" if overdue else "")
            if overdue:
                out.append(" (overdue)", style="bold red")
        marks = []
        for what, met, seconds in state.response_targets(now):
            if met is None:
                continue  # still within the target: nothing to say yet
            text = f"{what} {'✓' if met else '✗'} {format_duration(seconds)}"
            marks.append(Text(text, style="green" if met else "bold red"))
        if marks:
            out.append("\nTargets ", style="dim")
            out.append_text(Text("  ").join(marks))
        if sev:
            targets = []
            if sev.response is not None:
                targets.append(f"respond within {format_duration(sev.response)}")
            if sev.update_every is not None:
                targets.append(f"update every {format_duration(sev.update_every)}")
            if targets:
                out.append("\n" + " · ".join(targets).capitalize(), style="dim")
            if sev.meaning:
                out.append("\n" + safe_line(sev.meaning), style="italic")
        return out


def rank_marks(rank: int, levels: int) -> str:
    """A level's rank as marks, most urgent most: not colour alone, for colour-blind eyes and
    monochrome terminals ("▲▲▲" for the first of four, "▽" for the last)."""
    return "▲" * (levels - 1 - rank) or "▽"
