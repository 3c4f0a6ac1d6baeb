"""The severity pane: level in its colour, meaning, targets, T+ ticking live, status."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from warroom.core.clock import to_local
from warroom.core.timefmt import format_duration, mm_ss, short_span, t_plus
from warroom.text.safe import safe_line
from warroom.tui.widgets.looks import look, looks_classes, looks_css

if TYPE_CHECKING:
    from warroom.core.state import IncidentState

LOOKED = ("alarm", "bad", "good", "soon")


class SeverityPane(Widget):
    """Re-rendered every second by the app so T+ keeps ticking."""

    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes(*LOOKED)
    DEFAULT_CSS = looks_css("SeverityPane", *LOOKED)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: IncidentState | None = None
        self.now: datetime | None = None
        self.border_title = "Severity"
        self.read_only = False  # a replay: no "press X" for keys that do nothing there

    def show(self, state: IncidentState, now: datetime) -> None:
        self.state, self.now = state, now
        self.refresh(layout=True)

    def render(self) -> Text:
        state, now = self.state, self.now
        if state is None or now is None:
            return Text("Opening…", style="dim")
        # Most urgent first: a short pane cuts the last lines, never the first.
        lines = [
            self._level(state, now),
            self._status(state),
            self._clock(state, now),
            self._delivery(state),
            self._next(state, now),
            self._targets_met(state, now),
            *self._meaning(state),
        ]
        return Text("\n").join(line for line in lines if line is not None)

    def _level(self, state: IncidentState, now: datetime) -> Text:
        """SEV-1  ▲▲▲ Critical   T+00:12:14"""
        severities = state.playbook.severities
        rank = next(
            (n for n, s in enumerate(severities) if s.name == state.incident.severity), None
        )
        sev = severities[rank] if rank is not None else None
        colour = sev.colour if sev else "white"  # the playbook's own colour for its level
        out = Text().append(
            f" {safe_line(state.incident.severity)} ", style=f"bold #000000 on {colour}"
        )
        if rank is not None:
            out.append(" " + rank_marks(rank, len(severities)), style=f"bold {colour}")
        if sev and sev.title:
            out.append(f" {safe_line(sev.title)}", style=f"bold {colour}")
        out.append("   ")
        out.append(t_plus(state.elapsed(now)), style="bold")
        return out

    @staticmethod
    def _status(state: IncidentState) -> Text:
        status = state.incident.status
        out = Text().append("Status ", style="dim")
        out.append(status.upper(), style="bold reverse" if status == "resolved" else "bold")
        out.append("   since ", style="dim")
        out.append(to_local(state.status_since).strftime("%H:%M:%S"))
        return out

    def _clock(self, state: IncidentState, now: datetime) -> Text | None:
        """When it ended, or when the next update is due (or how overdue it is)."""
        incident = state.incident
        if incident.resolved_at is not None and incident.status == "resolved":
            # Nothing counts down any more: say when it ended and how long it took.
            out = Text().append("Resolved at ", style="dim")
            out.append(to_local(incident.resolved_at).strftime("%H:%M"), style="bold")
            out.append(", after ", style="dim")
            out.append(short_span(state.elapsed(now).total_seconds()), style="bold")
            return out
        due = state.update_due_in(now)
        if due is None:
            return None
        if due < 0:
            out = Text().append(f" UPDATE OVERDUE {mm_ss(-due)} ", style=look(self, "alarm"))
            if not self.read_only:
                out.append("  press u", style=look(self, "bad"))
            return out
        out = Text().append("Next update due in ", style="dim")
        out.append(mm_ss(due), style=look(self, "soon") if due < 120 else "bold")
        return out

    def _delivery(self, state: IncidentState) -> Text | None:
        """The newest update, while it has reached nobody: it does not count yet."""
        latest = state.unsent
        if latest is None:
            return None
        if not latest.failed:
            return Text(f"Update {latest.number} sending…", style=look(self, "soon"))
        out = Text().append(f" UPDATE {latest.number} NOT DELIVERED ", style=look(self, "alarm"))
        if not self.read_only:
            out.append("  press U", style=look(self, "bad"))
        return out

    def _next(self, state: IncidentState, now: datetime) -> Text | None:
        upcoming = state.next_item
        if upcoming is None:
            return None
        overdue = state.is_overdue(upcoming, now)
        out = Text().append("Next ", style="dim")
        out.append(safe_line(upcoming.text), style=look(self, "bad") if overdue else "")
        if overdue:
            out.append(" (overdue)", style=look(self, "bad"))
        return out

    def _targets_met(self, state: IncidentState, now: datetime) -> Text | None:
        marks = [
            Text(
                f"{what} {'✓' if met else '✗'} {format_duration(seconds)}",
                style=look(self, "good" if met else "bad"),
            )
            for what, met, seconds in state.response_targets(now)
            if met is not None  # None: still within the target, nothing to say yet
        ]
        if not marks:
            return None
        return Text().append("Targets ", style="dim").append_text(Text("  ").join(marks))

    @staticmethod
    def _meaning(state: IncidentState) -> list[Text]:
        """The level's targets and what it means, from the playbook."""
        sev = next(
            (s for s in state.playbook.severities if s.name == state.incident.severity), None
        )
        if sev is None:
            return []
        lines = []
        targets = []
        if sev.response is not None:
            targets.append(f"respond within {format_duration(sev.response)}")
        if sev.update_every is not None:
            targets.append(f"update every {format_duration(sev.update_every)}")
        if targets:
            lines.append(Text(" · ".join(targets).capitalize(), style="dim"))
        if sev.meaning:
            lines.append(Text(safe_line(sev.meaning), style="italic"))
        return lines


def rank_marks(rank: int, levels: int) -> str:
    """A level's rank as marks, most urgent most: not colour alone, for colour-blind eyes and
    monochrome terminals ("▲▲▲" for the first of four, "▽" for the last)."""
    return "▲" * (levels - 1 - rank) or "▽"
