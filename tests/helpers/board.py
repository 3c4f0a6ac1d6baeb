"""Open incidents for `warroom board` to list (and the console's I to switch between)."""

from __future__ import annotations

from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService


def two_incidents(service: IncidentService, clock: SimulatedClock) -> None:
    """INC-42 (SEV-1, alice IC, a task past its time box, a check down) and INC-41 (SEV-3,
    no IC), both open; INC-40 resolved, so on no board."""
    service.declare("Search latency above 2s", "SEV-3", incident_id="INC-41")
    clock.advance(minutes=3)
    service.declare("Checkout returns 500s for [EU]", "SEV-1", incident_id="INC-42")
    service.assign_role("INC-42", "ic", "alice")
    service.give_task("INC-42", "check replica lag", "bob", 60)
    service.record_health("INC-42", "api", "DOWN", "api DOWN", {"reason": "HTTP 500"})
    service.declare("Old one", incident_id="INC-40")
    service.set_status("INC-40", "resolved")
    clock.advance(minutes=2)
