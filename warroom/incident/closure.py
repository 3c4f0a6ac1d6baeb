"""What is still open when someone moves to resolve: the checks that are not healthy now and
the checklist items left undone. The resolve dialog shows this instead of a fixed list, so
the person deciding sees the present, not a reminder of what to look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from warroom.checks.view import HealthView, Sample
from warroom.core.command import Task
from warroom.core.delivery import UpdateDelivery
from warroom.core.state import IncidentState, Item

# Not healthy, worst first: confirmed down, failing but not yet confirmed, never confirmed, slow.
FAILING = ("DOWN", "SUSPECT", "UNKNOWN", "DEGRADED")


@dataclass(frozen=True)
class Closure:
    checks: int  # how many checks there are (0: none configured, or none answered yet)
    checking: bool = False  # checks are configured here, answered or not
    failing: dict[str, list[Sample]] = field(default_factory=dict)  # by state, as in FAILING
    # How many in each state, all of them (the rows may be fewer).
    counts: dict[str, int] = field(default_factory=dict)
    undone: list[Item] = field(default_factory=list)
    overdue: int = 0
    items: int = 0
    open_tasks: list[Task] = field(default_factory=list)  # left open by resolving
    unsent: UpdateDelivery | None = None  # the newest update, while it has reached nobody

    @property
    def healthy(self) -> bool:
        return not any(self.counts.get(state) for state in FAILING)


def closure(
    state: IncidentState, view: HealthView | None, now: datetime, checking: bool = False
) -> Closure:
    """What is true now, for the decision to resolve; `checking`: checks run here, though
    their first view (`view`) may not have come yet."""
    failing: dict[str, list[Sample]] = {}
    counts: dict[str, int] = {}
    if view is not None:
        for wanted in FAILING:
            rows = [s for s in view.rows if s.state == wanted]
            if rows:
                failing[wanted] = rows
            if view.states.get(wanted):
                counts[wanted] = view.states[wanted]
    # Overdue first, then in playbook order: the ones most likely forgotten lead.
    undone = sorted(
        (i for i in state.items if not i.done), key=lambda i: not state.is_overdue(i, now)
    )
    return Closure(
        checks=view.total if view is not None else 0,
        checking=checking,
        failing=failing,
        counts=counts,
        undone=undone,
        overdue=sum(state.is_overdue(i, now) for i in undone),
        items=len(state.items),
        open_tasks=state.open_tasks,
        unsent=state.unsent,
    )
