"""The board: every open incident at a glance, for a team with several at once. Read in one
transaction; what depends on the clock (T+, the update due, overdue tasks) is worked out
when shown, from the state read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warroom.core.state import IncidentState
from warroom.core.timefmt import mm_ss, t_plus
from warroom.incident.drill_clock import Kept, drill_time, read_kept
from warroom.incident.verbs import Verbs


@dataclass(frozen=True)
class BoardRow:
    state: IncidentState
    down: int  # checks confirmed down or degraded
    watched: int  # checks with a confirmed state
    # A drill's clock as its console keeps it, and its last entry: a drill's time is its own.
    drill_clock: tuple[Kept | None, datetime | None] | None = None

    @property
    def id(self) -> str:
        return self.state.incident.id

    def rank(self) -> int:
        """The severity's place in the playbook's scale (0: the worst)."""
        names = [s.name for s in self.state.playbook.severities]
        sev = self.state.incident.severity
        return names.index(sev) if sev in names else len(names)

    def drill_state(self, now: datetime) -> tuple[datetime, str]:
        """The time the incident is at (a drill's simulated time) and, for a drill, whether
        its clock is stopped or paused ("" while it runs, or for a real incident)."""
        if self.drill_clock is None:
            return now, ""
        return drill_time(*self.drill_clock, now)

    def stopped(self, now: datetime) -> bool:
        """A drill nobody plays any more (quit, or its console gone)."""
        return self.drill_state(now)[1] == "stopped"

    def cells(self, now: datetime) -> dict[str, str]:
        """The board's columns as text (untrusted parts are escaped by the face)."""
        state, incident = self.state, self.state.incident
        now, word = self.drill_state(now)
        ic = state.roles.get("ic")
        due = state.update_due_in(now)
        if due is None:
            update = "—"
        elif due >= 0:
            update = f"due {mm_ss(due)}"
        else:
            update = f"OVERDUE {mm_ss(-due)}"
        tasks = state.open_tasks
        late = sum(state.task_overdue(t, now) for t in tasks)
        return {
            "id": incident.id + (" (drill)" if incident.drill else ""),
            "severity": incident.severity,
            "tplus": t_plus(state.elapsed(now)),
            "status": incident.status + (f" (drill {word})" if word else ""),
            "ic": ic.holder if ic else "— none",
            "update": update,
            "tasks": (f"{len(tasks)}" + (f" ({late} OVERDUE)" if late else "")) if tasks else "—",
            "down": f"{self.down} down" if self.down else ("all up" if self.watched else "—"),
            "title": incident.title,
        }


class BoardReads(Verbs):
    def board(self) -> list[BoardRow]:
        """Every incident not resolved, the most severe first, then the oldest."""
        if self.store.empty:
            return []
        with self.store.read() as tx:
            ids = [r["id"] for r in tx.all("SELECT id FROM incident WHERE status <> 'resolved'")]
            rows = []
            for ident in ids:
                states = tx.all("SELECT state FROM endpoint_state WHERE incident_id = ?", ident)
                down = sum(r["state"] != "UP" for r in states)
                state = self._whole(tx, ident, window=1)
                kept = read_kept(tx, ident) if state.incident.drill else None
                rows.append(BoardRow(state, down, len(states), kept))
        return sorted(rows, key=lambda r: (r.rank(), r.state.incident.declared_at))
