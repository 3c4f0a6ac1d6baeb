"""Once an incident is resolved, the work of its response phases stops the clock: an item left
undone is left undone at resolution, never overdue hours later. The post-incident phase (the
postmortem …) keeps its due times. The drill score takes the same view of what was due."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.core.clock import SimulatedClock
from warroom.core.playbook import from_data, load_builtin
from warroom.core.state import IncidentState
from warroom.incident.drill_score import Play, checklist
from warroom.incident.service import IncidentService


def resolved_at_two_minutes(service: IncidentService, clock: SimulatedClock) -> str:
    incident = service.declare("Checkout 500s", "SEV-1", playbook=load_builtin())
    clock.advance(115)
    service.set_status(incident.id, "resolved")
    return incident.id


def test_after_resolution_only_post_incident_items_turn_overdue(service, clock) -> None:
    incident_id = resolved_at_two_minutes(service, clock)
    clock.advance(hours=13)  # past every response item's due time, and "Timeline documented"
    state = service.state(incident_id)
    overdue = [i.text for i in state.items if state.is_overdue(i, clock.now())]
    # Was all 15 items due by T+30m and "Timeline documented" (due T+12h).
    assert overdue == ["Timeline documented"]
    left = [i for i in state.items if state.left_undone(i)]
    assert {i.phase for i in left} == {"declare", "communicate", "mitigate", "investigate",
                                       "resolve"}  # fmt: skip
    assert not any(state.left_undone(i) for i in state.items if i.phase == "post")
    assert [(p.key, p.overdue) for p in state.progress(clock.now()) if p.overdue] == [("post", 1)]
    assert state.next_item is not None and state.next_item.text == "Timeline documented"
    service.set_status(incident_id, "investigating")  # reopened: the clocks run again
    state = service.state(incident_id)
    assert sum(state.is_overdue(i, clock.now()) for i in state.items) > 15
    assert not any(state.left_undone(i) for i in state.items)


def test_a_playbook_that_marks_no_phase_keeps_its_last_one_due_after_resolution() -> None:
    base = load_builtin()
    phases = [
        {"key": "triage", "title": "Triage", "items": [{"text": "Page", "due": "5m"}]},
        {"key": "after", "title": "After", "items": [{"text": "Review", "due": "2d"}]},
    ]
    data = {"name": "team", "severities": [{"name": "P1"}], "phases": phases}
    assert from_data(data).post_incident_phases == {"after"}
    phases[0]["after_resolution"] = True  # said of a phase: only what is said counts
    assert from_data(data).post_incident_phases == {"triage"}
    assert base.post_incident_phases == {"post"}


@pytest.mark.parametrize(("resolve_after", "said"), [
    (6 * 60, "2 of 7 on time: 6 due by the resolution at T+6m, 1 done early"),
    (60, "no item came due by the resolution at T+1m"),
])  # fmt: skip
def test_the_drill_score_counts_only_items_due_before_the_resolution(
    service, clock, resolve_after: int, said: str
) -> None:
    incident = service.declare("Drill", "SEV-1", playbook=load_builtin(), drill=True)
    service.assign_role(incident.id, "ic", "alice")  # ticks "Incident Commander assigned"
    items = {i.text: i.id for i in service.state(incident.id).items}
    service.tick(incident.id, items["Incident channel created"])  # due T+10m: done early
    clock.advance(resolve_after)
    service.set_status(incident.id, "resolved")
    state: IncidentState = service.state(incident.id)
    end = state.incident.resolved_at
    assert end is not None
    play = Play(end=end, duration=1800, mitigated_at=None, mitigate_within=900, wrong=[],
                unconfirmed=[], resolved=True)  # fmt: skip
    part = checklist(state, play, 20)
    # Was "2 of 15 due in the first 30m": items due at T+10m … T+30m counted as missed.
    assert part.said == said
    if resolve_after > 60:
        assert part.points == 20 * 2 // 7
        assert "of the 6 items due by the resolution at T+6m, 5 were left undone" in part.next
    else:
        assert part.points == 0
    assert end - state.incident.declared_at == timedelta(seconds=resolve_after)


def test_the_drill_score_counts_one_item_in_the_singular(service, clock) -> None:
    incident = service.declare("Drill", "SEV-1", playbook=load_builtin(), drill=True)
    service.assign_role(incident.id, "ic", "alice")
    clock.advance(125)  # only "Confirm the alert source and user impact" (T+2m) is due
    service.set_status(incident.id, "resolved")
    state: IncidentState = service.state(incident.id)
    assert state.incident.resolved_at is not None
    play = Play(end=state.incident.resolved_at, duration=1800, mitigated_at=None,
                mitigate_within=900, wrong=[], unconfirmed=[], resolved=True)  # fmt: skip
    said = checklist(state, play, 20).next
    assert "of the 1 item due by the resolution at T+2m05s, 1 was left undone" in said
