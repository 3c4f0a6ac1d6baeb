"""Incident command, derived from the timeline: the tasks the commander gave (to a person,
with a time box) and the decisions put to the room (with an objection window).

Nothing here is stored apart from the timeline entries that record each step, so every
console, the CLI and an export read the same tasks and decisions from the same entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from warroom.core import events

if TYPE_CHECKING:
    from warroom.core.state import Entry

# A task's steps (data["step"] of its entries) and the states they leave it in.
GIVEN, DONE, DROPPED = "given", "done", "dropped"
OPEN = "open"
# A decision's steps, and how it ends once its objection window has closed.
ASKED, OBJECTION, CLOSED = "asked", "objection", "closed"
STANDS, CONTESTED = "stands", "contested"


@dataclass(frozen=True)
class Task:
    number: int  # 1, 2, … within the incident: what people and the CLI call it by
    text: str
    to: str
    given_by: str
    given_at: datetime
    within: float  # the time box, in seconds
    state: str = OPEN  # open, done or dropped
    closed_at: datetime | None = None
    closed_by: str | None = None
    outcome: str = ""  # what came of it (done), or why it was dropped

    @property
    def due_at(self) -> datetime:
        return self.given_at + timedelta(seconds=self.within)

    def left(self, now: datetime) -> float:
        """Seconds until the time box runs out (negative: overdue by that much)."""
        return (self.due_at - now).total_seconds()

    def overdue(self, now: datetime) -> bool:
        return self.state == OPEN and now > self.due_at

    @property
    def in_time(self) -> bool:
        """Done within its time box."""
        return self.state == DONE and self.closed_at is not None and self.closed_at <= self.due_at


@dataclass(frozen=True)
class Objection:
    by: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class Decision:
    number: int
    text: str
    options: tuple[str, ...]
    asked_by: str
    asked_at: datetime
    window: float  # seconds in which anyone may object
    objections: tuple[Objection, ...] = field(default_factory=tuple)
    outcome: str | None = None  # stands or contested, once the window has closed
    closed_at: datetime | None = None

    @property
    def closes_at(self) -> datetime:
        return self.asked_at + timedelta(seconds=self.window)

    def left(self, now: datetime) -> float:
        """Seconds of the objection window left (zero or less: it has closed)."""
        return (self.closes_at - now).total_seconds()

    def open(self, now: datetime) -> bool:
        """Objections are taken: the window runs and nobody has closed it."""
        return self.outcome is None and now < self.closes_at

    def due_to_close(self, now: datetime) -> bool:
        """The window has run out but its closing is not recorded yet."""
        return self.outcome is None and now >= self.closes_at

    @property
    def verdict(self) -> str:
        """How it ends when the window closes: contested if anyone objected."""
        return CONTESTED if self.objections else STANDS


def tasks_of(entries: Iterable[Entry]) -> list[Task]:
    """Every task, in order, with its latest state."""
    tasks: dict[int, Task] = {}
    for e in entries:
        if e.kind != events.Kind.TASK:
            continue
        step = events.Task.from_data(e.data)
        if not step.task or step.already:
            continue  # (a second closing, recorded as such, changes nothing)
        if step.step == GIVEN:
            tasks[step.task] = Task(
                number=step.task,
                text=step.text,
                to=step.to,
                given_by=e.actor,
                given_at=e.at,
                within=float(step.within),
            )
        elif step.step in (DONE, DROPPED) and step.task in tasks:
            tasks[step.task] = replace(
                tasks[step.task],
                state=step.step,
                closed_at=e.at,
                closed_by=e.actor,
                outcome=step.outcome,
            )
    return list(tasks.values())


def decisions_of(entries: Iterable[Entry]) -> list[Decision]:
    """Every decision, in order asked, with its objections and how it ended."""
    found: dict[int, Decision] = {}
    for e in entries:
        if e.kind != events.Kind.DECISION:
            continue
        step = events.Decision.from_data(e.data)
        number = step.decision
        if step.step == ASKED:
            found[number] = Decision(
                number=number,
                text=step.text,
                options=tuple(str(o) for o in step.options),
                asked_by=e.actor,
                asked_at=e.at,
                window=float(step.window),
            )
        elif step.step == OBJECTION and number in found:
            d = found[number]
            objection = Objection(e.actor, e.at, step.reason)
            found[number] = replace(d, objections=(*d.objections, objection))
        elif step.step == CLOSED and number in found:
            found[number] = replace(found[number], outcome=step.outcome or STANDS, closed_at=e.at)
    return list(found.values())
