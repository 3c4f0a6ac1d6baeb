"""What the console shows about one incident, as plain values read in one go.

Light on purpose (no SQLAlchemy): the console can read it straight from a SQLite file for its
first paint, before the data layer has finished importing (see snapshot.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from warroom.core.command import OPEN, Decision, Task, decisions_of, tasks_of
from warroom.core.delivery import UpdateDelivery, deliveries
from warroom.core.events import Kind, Payload, Severity, Status
from warroom.core.playbook import Playbook


@dataclass(frozen=True)
class IncidentInfo:
    id: str
    title: str
    severity: str
    status: str
    declared_at: datetime
    resolved_at: datetime | None
    drill: bool
    playbook_name: str


@dataclass(frozen=True)
class RoleHolder:
    id: int
    role: str
    holder: str
    assigned_at: datetime
    assigned_by: str
    ended_at: datetime | None


@dataclass(frozen=True)
class Item:
    id: int
    phase: str
    position: int
    text: str
    detail: str
    role: str | None
    due_s: float | None
    done: bool
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    kind: str
    actor: str
    text: str
    data: dict[str, Any] | None
    # Its links in the timeline's hash chain (see chain.py).
    prev_hash: str | None = None
    hash: str | None = None

    @property
    def said(self) -> str:
        """What the person wrote: a correction's text without its "Correction of … note: "."""
        if Payload.from_data(self.data).corrects is not None and self.text.startswith(
            "Correction of "
        ):
            return self.text.split(" note: ", 1)[-1]
        return self.text


@dataclass(frozen=True)
class PhaseProgress:
    key: str
    title: str
    window: str
    done: int
    total: int
    overdue: int


# The kinds of entry whose whole history the console's figures need (the update cadence,
# when the status changed, the escalation level, the last actions): kept whole when the
# timeline held is only its newest entries (a console on a long incident).
MILESTONE_KINDS = frozenset(
    {
        Kind.DECLARED,
        Kind.SEVERITY,
        Kind.STATUS,
        Kind.TITLE,
        Kind.UPDATE,
        Kind.DELIVERY,
        Kind.ESCALATION,
        Kind.ACTION,
        Kind.DRILL,
        Kind.TASK,
        Kind.DECISION,
        Kind.BRIEFING,
    }
)


@dataclass(frozen=True)
class IncidentState:
    incident: IncidentInfo
    playbook: Playbook
    role_history: list[RoleHolder]
    items: list[Item]
    # Every entry; or, read with a window (the console), the newest ones: see `complete`.
    timeline: list[Entry]
    watchers: list[str] = field(default_factory=list)  # responders with a console open now
    milestones: list[Entry] = field(default_factory=list)  # every entry of MILESTONE_KINDS
    entry_count: int = 0  # entries the incident has, held or not

    @classmethod
    def build(
        cls,
        incident: IncidentInfo,
        playbook: Playbook,
        assignments: list[RoleHolder],
        items: list[Item],
        timeline: list[Entry],
        watchers: list[str] | None = None,
        milestones: list[Entry] | None = None,
        entry_count: int | None = None,
    ) -> IncidentState:
        """Orders items by phase and position, assignments by time, entries by id. Without
        `milestones` and `entry_count`, `timeline` is the whole timeline."""
        timeline = sorted(timeline, key=lambda e: e.id)
        return cls(
            incident=incident,
            playbook=playbook,
            role_history=cls.ordered_roles(assignments),
            items=cls.ordered_items(playbook, items),
            timeline=timeline,
            watchers=watchers or [],
            milestones=cls.milestones_of(timeline) if milestones is None else milestones,
            entry_count=len(timeline) if entry_count is None else entry_count,
        )

    @staticmethod
    def milestones_of(entries: list[Entry]) -> list[Entry]:
        return [e for e in entries if e.kind in MILESTONE_KINDS]

    @property
    def complete(self) -> bool:
        """Whether `timeline` holds every entry (an export or a postmortem needs them all)."""
        return len(self.timeline) >= self.entry_count

    @staticmethod
    def ordered_items(playbook: Playbook, items: list[Item]) -> list[Item]:
        order = {p.key: n for n, p in enumerate(playbook.phases)}
        return sorted(items, key=lambda i: (order.get(i.phase, len(order)), i.position))

    @staticmethod
    def ordered_roles(assignments: list[RoleHolder]) -> list[RoleHolder]:
        return sorted(assignments, key=lambda a: (a.assigned_at, a.id))

    @property
    def roles(self) -> dict[str, RoleHolder | None]:
        """Who holds each of the playbook's roles now (None: unassigned)."""
        current: dict[str, RoleHolder | None] = {r.key: None for r in self.playbook.roles}
        for a in self.role_history:
            if a.ended_at is None:
                current[a.role] = a
        return current

    def elapsed(self, now: datetime) -> timedelta:
        end = self.incident.resolved_at or now
        return end - self.incident.declared_at

    @property
    def resolved(self) -> bool:
        return self.incident.status == "resolved" and self.incident.resolved_at is not None

    def until(self, now: datetime) -> datetime:
        """Where the incident's clock stands: now, or once resolved the moment it was: every
        duration and countdown of a resolved incident stops there."""
        if self.resolved and self.incident.resolved_at is not None:
            return min(now, self.incident.resolved_at)
        return now

    def task_overdue(self, task: Task, now: datetime) -> bool:
        """Past its time box and still open; a resolved incident's open tasks are left open
        at resolution, not overdue (no time box runs after it)."""
        return not self.resolved and task.overdue(now)

    def decision_open(self, decision: Decision, now: datetime) -> bool:
        """Taking objections now: the window runs, and the incident is not resolved."""
        return not self.resolved and decision.open(now)

    def is_overdue(self, item: Item, now: datetime) -> bool:
        """Past its due time and not done; once resolved, only post-incident items still are
        (the rest are left undone: see `left_undone`)."""
        if item.done or item.due_s is None or self.left_undone(item):
            return False
        return now > self.incident.declared_at + timedelta(seconds=item.due_s)

    def left_undone(self, item: Item) -> bool:
        """Not done when the incident was resolved, in a phase whose work ended with it."""
        return (
            not item.done
            and self.incident.status == "resolved"
            and item.phase not in self.playbook.post_incident_phases
        )

    @property
    def next_item(self) -> Item | None:
        """The first item still to do: once resolved, the first of the post-incident work."""
        return next((i for i in self.items if not i.done and not self.left_undone(i)), None)

    @property
    def commander_since(self) -> datetime | None:
        """When the first Incident Commander was assigned."""
        return next((a.assigned_at for a in self.role_history if a.role == "ic"), None)

    @cached_property
    def deliveries(self) -> list[UpdateDelivery]:
        """Every status update with where it got to (see delivery.py), oldest first."""
        return deliveries(self.milestones)

    @property
    def unsent(self) -> UpdateDelivery | None:
        """The newest status update, while it has reached nobody (failed, or still sending)."""
        latest = self.deliveries[-1] if self.deliveries else None
        return latest if latest is not None and latest.posted_at is None else None

    @cached_property
    def tasks(self) -> list[Task]:
        """Every task given, in order, with its state (see command.py)."""
        return tasks_of(self.milestones)

    @property
    def open_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.state == OPEN]

    @cached_property
    def decisions(self) -> list[Decision]:
        """Every decision put to the room, in order, with its objections and outcome."""
        return decisions_of(self.milestones)

    @property
    def briefings(self) -> list[Entry]:
        """The briefings written at hand-overs, oldest first."""
        return [e for e in self.milestones if e.kind == Kind.BRIEFING]

    @property
    def updates(self) -> list[datetime]:
        """When each status update was posted (first delivered, or saved for manual posting
        when there is no webhook), oldest first: an update that reached nobody does not count."""
        return sorted(d.posted_at for d in self.deliveries if d.posted_at is not None)

    def update_due_in(self, now: datetime) -> float | None:
        """Seconds until the next status update is due (negative: overdue); None: no cadence."""
        if self.incident.status == "resolved":
            return None
        try:
            cadence = self.playbook.severity(self.incident.severity).update_every
        except KeyError:
            return None
        if not cadence:
            return None
        updates = self.updates
        since = updates[-1] if updates else self.incident.declared_at
        return cadence - (now - since).total_seconds()

    @property
    def status_since(self) -> datetime:
        """When the incident reached its current status (declared: its first)."""
        return self._changed_at(Kind.STATUS, Status)

    @property
    def severity_since(self) -> datetime:
        """When the incident reached its current severity (declared: its first)."""
        return self._changed_at(Kind.SEVERITY, Severity)

    def _changed_at(self, kind: Kind, change: type[Status] | type[Severity]) -> datetime:
        """The newest entry of `kind` that changed something (one asked for again has no
        `from`), else when the incident was declared."""
        return next(
            (
                e.at
                for e in reversed(self.milestones)
                if e.kind == kind and change.from_data(e.data).from_ is not None
            ),
            self.incident.declared_at,
        )

    def response_targets(self, now: datetime) -> list[tuple[str, bool | None, float]]:
        """(what, met, seconds) for the first IC and the first update against the response
        target: met True/False once it happened, None while still open (seconds so far)."""
        try:
            target = self.playbook.severity(self.incident.severity).response
        except KeyError:
            target = None
        if target is None:
            return []
        start = self.incident.declared_at
        end = self.incident.resolved_at or now  # a resolved incident's wait ended with it
        firsts = {"IC": self.commander_since, "update": next(iter(self.updates), None)}
        out: list[tuple[str, bool | None, float]] = []
        for what, when in firsts.items():
            if when is not None:
                took = (when - start).total_seconds()
                out.append((what, took <= target, took))
            else:
                waited = (end - start).total_seconds()
                out.append((what, False if waited > target else None, waited))
        return out

    @property
    def escalation_level(self) -> int:
        """How many levels of the escalation path have been paged."""
        return sum(e.kind == Kind.ESCALATION for e in self.milestones)

    def escalation_due(self, now: datetime) -> tuple[int, float | None]:
        """The next escalation level (index) and seconds until its delay runs out, if it has one."""
        level = self.escalation_level
        path = self.playbook.escalation
        after = path[level].after if level < len(path) else None
        if after is None or self.incident.status == "resolved":
            return level, None
        return level, after - (now - self.incident.declared_at).total_seconds()

    def progress(self, now: datetime) -> list[PhaseProgress]:
        out = []
        for phase in self.playbook.phases:
            items = [i for i in self.items if i.phase == phase.key]
            out.append(
                PhaseProgress(
                    key=phase.key,
                    title=phase.title,
                    window=phase.window,
                    done=sum(i.done for i in items),
                    total=len(items),
                    overdue=sum(self.is_overdue(i, now) for i in items),
                )
            )
        return out
