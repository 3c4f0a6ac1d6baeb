"""Incident command on a real database file: tasks with time boxes, decisions with their
objection windows, and the briefing written at a hand-over, all read back from the timeline."""

from __future__ import annotations

import pytest

from warroom.core.clock import SimulatedClock
from warroom.core.errors import NotFound, UsageError
from warroom.incident.postmortem import markdown
from warroom.incident.service import IncidentService


@pytest.fixture
def inc(service: IncidentService) -> str:
    service.declare("Checkout returns 500s", "SEV-1", incident_id="INC-42")
    service.assign_role("INC-42", "ic", "alice")
    return "INC-42"


def texts(service: IncidentService, kind: str) -> list[str]:
    return [e.text for e in service.state("INC-42").timeline if e.kind == kind]


def test_a_task_counts_down_turns_overdue_and_is_done_late(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    given = service.give_task(inc, "check replica lag", "bob", 300)
    assert given.number == 1
    task = service.state(inc).tasks[0]
    assert (task.to, task.text, task.state, task.left(clock.now())) == (
        "bob", "check replica lag", "open", 300.0,
    )  # fmt: skip
    clock.advance(299)
    assert not service.state(inc).tasks[0].overdue(clock.now())
    clock.advance(2)
    assert service.state(inc).tasks[0].overdue(clock.now())
    assert service.finish_task(inc, 1, "lag is 0s")
    done = service.state(inc).tasks[0]
    assert done.state == "done" and not done.in_time and done.outcome == "lag is 0s"
    assert not done.overdue(clock.now())
    assert texts(service, "task") == [
        "Task 1 for bob: check replica lag (within 5m)",
        "Task 1 done (bob, 5m01s, 1s late): check replica lag — lag is 0s",
    ]


def test_a_task_closed_twice_is_recorded_once_and_the_second_changes_nothing(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.give_task(inc, "page the DBA", "carol")  # the playbook's time box: 5m
    assert service.state(inc).tasks[0].within == 300
    clock.advance(60)
    assert service.drop_task(inc, 1, "the DBA is here")
    assert not service.finish_task(inc, 1)
    state = service.state(inc)
    assert state.tasks[0].state == "dropped" and state.tasks[0].outcome == "the DBA is here"
    assert texts(service, "task")[1:] == [
        "Task 1 dropped (carol): page the DBA — the DBA is here",
        "Task 1 done (already dropped by alice)",
    ]
    assert state.open_tasks == []


def test_bad_tasks_are_refused_with_a_reason(service: IncidentService, inc: str) -> None:
    with pytest.raises(UsageError, match="needs some text"):
        service.give_task(inc, "  ", "bob")
    with pytest.raises(UsageError, match="someone to give it to"):
        service.give_task(inc, "check", " ")
    with pytest.raises(UsageError, match="time box"):
        service.give_task(inc, "check", "bob", 0)
    with pytest.raises(NotFound, match="no task 3"):
        service.finish_task(inc, 3)
    assert texts(service, "task") == []


def test_a_decision_stands_when_nobody_objects_in_its_window(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.ask_decision(inc, "Roll back deploy 4512", ["roll back", "fail over"])
    decision = service.state(inc).decisions[0]
    assert decision.options == ("roll back", "fail over") and decision.window == 60
    clock.advance(59)
    assert service.close_decisions(inc) == []  # still open
    assert service.state(inc).decisions[0].open(clock.now())
    clock.advance(1)
    assert [d.number for d in service.close_decisions(inc)] == [1]
    assert service.close_decisions(inc) == []  # idempotent: a second console writes nothing
    assert service.state(inc).decisions[0].outcome == "stands"
    assert texts(service, "decision") == [
        "Decision 1: Roll back deploy 4512 (options weighed: roll back | fail over)"
        " — objections within 1m",
        "Decision 1 stands: Roll back deploy 4512",
    ]


def test_an_objection_in_the_window_makes_it_contested_and_a_late_one_is_refused(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.ask_decision(inc, "Fail over to eu-west", window=30)
    clock.advance(10)
    service.object_to(inc, 1, "eu-west has no capacity")
    with pytest.raises(UsageError, match="needs a reason"):
        service.object_to(inc, 1, " ")
    clock.advance(25)
    with pytest.raises(UsageError, match="window has closed: it is contested"):
        service.object_to(inc, 1, "too late")
    # The late objection closed it (a refusal still records what the clock decided).
    decision = service.state(inc).decisions[0]
    assert decision.outcome == "contested"
    assert [(o.by, o.reason) for o in decision.objections] == [("alice", "eu-west has no capacity")]
    assert texts(service, "decision")[1:] == [
        "Objection to decision 1 (Fail over to eu-west): eu-west has no capacity",
        "Decision 1 contested: Fail over to eu-west (1 objection)",
    ]


def test_a_hand_over_writes_a_briefing_from_the_live_state(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.set_status(inc, "mitigating")
    service.give_task(inc, "check replica lag", "bob", 300)
    service.give_task(inc, "drain eu-west", "carol", 600)
    service.finish_task(inc, 2, "drained")
    service.ask_decision(inc, "Roll back deploy 4512")
    service.record_health(inc, "api", "DOWN", "api DOWN", {"reason": "HTTP 500"})
    clock.advance(400)
    service.assign_role(inc, "ic", "dana")
    [entry] = [e for e in service.state(inc).timeline if e.kind == "briefing"]
    assert entry.data == {"role": "ic", "to": "dana", "from": "alice"}
    assert entry.text.splitlines() == [
        "Briefing for dana, Incident Commander (handed over from alice)",
        "INC-42 at T+00:06:40: Checkout returns 500s",
        "Severity SEV-1 for 6m40s; status mitigating for 6m40s",
        "Tried: nothing yet",
        "Open tasks:",
        "  1 bob: check replica lag — OVERDUE by 01:40",
        "Decisions open or contested:",
        "  1 Roll back deploy 4512 — window closed: stands",
        "Down: api DOWN for 6m40s, HTTP 500",
        "Next update: due in 08:20",
    ]
    # A first assignment is not a hand-over: no briefing.
    service.assign_role(inc, "tech", "bob")
    assert len([e for e in service.state(inc).timeline if e.kind == "briefing"]) == 1
    assert "Open tasks:" in service.brief(inc)


def test_the_postmortem_lists_tasks_with_outcomes_and_the_decisions(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.give_task(inc, "check replica lag", "bob", 300)
    service.give_task(inc, "page | the DBA", "carol", 120)
    service.give_task(inc, "watch the queue", "erin", 120)
    clock.advance(100)
    service.finish_task(inc, 1, "lag is 0s")
    service.drop_task(inc, 2, "DBA joined")
    service.ask_decision(inc, "Roll back 4512", ["roll back", "fail over"])
    service.object_to(inc, 1, "fail over is faster")
    clock.advance(60)
    service.close_decisions(inc)
    text = markdown(service.state(inc), clock.now())
    tasks = text.split("## Tasks", 1)[1].split("\n## ", 1)[0]
    assert (
        "| 1 | bob | check replica lag | T+00:00:00 | 5m | done in time (1m40s) | lag is 0s |"
        in tasks
    )
    assert "| 2 | carol | page \\| the DBA | T+00:00:00 | 2m | dropped | DBA joined |" in tasks
    assert "| 3 | erin | watch the queue | T+00:00:00 | 2m | OPEN, overdue by 40s |  |" in tasks
    decisions = text.split("## Decisions", 1)[1].split("\n## ", 1)[0]
    assert "- T+00:01:40 **Roll back 4512** (alice): contested" in decisions
    assert "  - options weighed: roll back; fail over" in decisions
    assert "  - objection (alice, T+00:01:40): fail over is faster" in decisions


def test_the_status_line_counts_open_tasks_and_the_overdue(
    service: IncidentService, clock: SimulatedClock, inc: str, db_url: str
) -> None:
    from datetime import timedelta

    from warroom.tmux.statusline import status_fields

    assert status_fields(db_url, inc, now=clock.now())["tasks"] == ""
    service.give_task(inc, "check replica lag", "bob", 60)
    service.give_task(inc, "drain eu-west", "carol", 600)
    assert status_fields(db_url, inc, now=clock.now())["tasks"] == " 2 tasks"
    later = clock.now() + timedelta(seconds=61)
    assert status_fields(db_url, inc, now=later)["tasks"] == " 2 tasks, 1 OVERDUE"
    service.finish_task(inc, 1)
    assert status_fields(db_url, inc, now=later)["tasks"] == " 1 task"


def test_once_resolved_no_countdown_runs_and_every_duration_stops_there(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.give_task(inc, "check replica lag", "bob", 300)
    service.ask_decision(inc, "Roll back deploy 4512", [], 600)
    clock.advance(80)
    service.set_status(inc, "resolved")
    clock.advance(3600)  # an hour later someone reads it
    state = service.state(inc)
    assert not state.task_overdue(state.tasks[0], clock.now())
    assert not state.decision_open(state.decisions[0], clock.now())
    said = service.brief(inc)
    assert "INC-42 at T+00:01:20" in said
    assert "Severity SEV-1 for 1m20s" in said  # not 1h01m: the clock stopped at resolution
    assert "status resolved for 0s" in said
    assert "1 bob: check replica lag — open at resolution" in said
    assert "1 Roll back deploy 4512 — open at resolution" in said
    assert "left" not in said and "OVERDUE" not in said
    assert service.close_decisions(inc) == []  # as `warroom brief` does first: nothing closes
    with pytest.raises(UsageError, match="resolved: decision 1 was left open at resolution"):
        service.object_to(inc, 1, "too late")


def test_a_briefing_says_which_updates_reached_nobody(
    service: IncidentService, clock: SimulatedClock, inc: str
) -> None:
    service.post_update(inc, "We are investigating.", None, ["chat"])
    service.record_delivery(inc, 1, "chat", "failed", "HTTP 500", 3)
    service.post_update(inc, "Rolling back.", None, ["chat"])
    said = service.brief(inc)
    assert "Update 1 NOT DELIVERED: chat: FAILED HTTP 500" in said
    assert "Update 2 sending: sending to chat…" in said
    service.record_delivery(inc, 1, "chat", "delivered", "HTTP 200")
    service.record_delivery(inc, 2, "chat", "delivered", "HTTP 200")
    assert "Update " not in service.brief(inc)
