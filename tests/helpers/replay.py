"""An incident written step by step, for replay tests: the state the service read after each."""

from __future__ import annotations

from collections.abc import Callable

from warroom.core.clock import SimulatedClock
from warroom.core.state import IncidentState
from warroom.incident.service import IncidentService


def build(service: IncidentService, clock: SimulatedClock) -> list[IncidentState]:
    """An incident written step by step, and the state the service read after each step."""
    ident = "INC-42"
    recorded: list[IncidentState] = []
    items = []

    def step(change: Callable[[], object], wait: float = 20) -> None:
        clock.advance(wait)
        change()
        recorded.append(service.state(ident))

    step(lambda: service.open_or_declare(ident, title="Checkout 500s"), 0)
    items = [i.id for i in recorded[0].items]
    step(lambda: service.assign_role(ident, "ic", "alice"))
    step(lambda: service.add_note(ident, "error rate 38% since deploy v1.4.3"))
    step(lambda: service.record_health(ident, "web", "DOWN", "web DOWN: status 500", {"reason": "status 500"}))  # fmt: skip
    step(lambda: service.set_severity(ident, "SEV-1"))
    step(lambda: service.tick(ident, items[2]))
    step(lambda: service.set_severity(ident, "SEV-1"))  # already: changes nothing
    step(lambda: service.assign_role(ident, "ic", "bob"))  # a hand-over ends alice's
    step(lambda: service.retitle(ident, "Checkout returns 500s after deploy"))
    step(lambda: service.set_status(ident, "mitigating"))
    step(lambda: service.untick(ident, items[2]))
    step(lambda: service.record_action(ident, "Roll back web", "Roll back web: finished", {"kind": "rollback", "phase": "finished"}))  # fmt: skip
    step(lambda: service.record_health(ident, "web", "UP", "web UP", {"reason": ""}))
    step(lambda: service.set_status(ident, "resolved"))
    step(lambda: service.set_status(ident, "investigating"))  # reopened
    step(lambda: service.set_status(ident, "resolved"))
    return recorded
