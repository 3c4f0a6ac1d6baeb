"""A drill's score: points only for what was done, each part bounded, never above 100; the
world takes checks to confirm a recovery; prompts do not give the answer away."""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom.core.clock import SimulatedClock
from warroom.core.errors import NotFound
from warroom.core.ids import STATUSES
from warroom.core.playbook import load_builtin
from warroom.incident.drill import Engine, load_scenario, scenario_names
from warroom.incident.drill_score import PARTS, next_lines
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

_numbers = itertools.count(1)
_plays: list[Store] = []  # one database for every random play (each its own incident)
# Its folder, removed when the run ends.
_folder = tempfile.TemporaryDirectory(prefix="warroom-plays-")


def plays_store() -> Store:
    if not _plays:
        _plays.append(Store(Path(_folder.name) / "plays.db"))
    return _plays[0]


def drill(name: str, service: IncidentService, clock: SimulatedClock) -> Engine:
    plan = load_scenario(name)
    incident = service.declare(plan.title, plan.severity, playbook=load_builtin(), drill=True,
                               incident_id=f"DRILL-{next(_numbers)}")  # fmt: skip
    return Engine(plan, service, incident.id, clock)


def act(engine: Engine, kind: str, answers: dict[str, str]) -> str:
    """As the console does it: the simulated action recorded, then the world's answer."""
    label = next((a.label for a in engine.scenario.actions if a.kind == kind), kind)
    engine.service.record_action(engine.incident_id, label, f"{label}: simulated",
                                 {"kind": kind, "simulated": True})  # fmt: skip
    return engine.act(kind, answers)


def test_the_parts_add_up_to_100() -> None:
    assert sum(most for _, most in PARTS) == 100


def test_resolving_at_once_with_nothing_done_scores_nothing(service, clock) -> None:
    engine = drill("bad-deploy", service, clock)
    engine.advance(5)
    service.set_status(engine.incident_id, "resolved")
    score = engine.score()
    # Was 40/100: 15 for a cadence never due, 15 for "items due" none, 10 for no wrong actions.
    assert score["score"] == 0
    assert all(p["points"] == 0 for p in score["parts"])
    assert len(next_lines(score)) == len(PARTS)  # one thing to do next time per part


def test_one_wrong_action_and_nothing_else_scores_at_most_the_item_it_ticked(
    service, clock
) -> None:
    engine = drill("bad-deploy", service, clock)
    engine.advance(60)
    assert act(engine, "scale", {}) == "Scaled to 20 replicas: the errors stay"
    service.set_status(engine.incident_id, "resolved")
    score = engine.score()
    # Was 55, then 1 ("Mitigation attempted", ticked by the action: 1 of the 15 items due in
    # the first 30 minutes). Resolved at T+1m, before any item came due (the first at T+2m):
    # the items due later were never due, and one done early alone earns nothing.
    assert {p["key"]: p["points"] for p in score["parts"]} == {
        "commander": 0, "first_update": 0, "cadence": 0, "checklist": 0, "mitigation": 0,
        "verified": 0, "right_first": 0, "tasks": 0,
    }  # fmt: skip
    assert "Scale web did not help" in " ".join(next_lines(score))
    checklist = next(p for p in score["parts"] if p["key"] == "checklist")
    assert checklist["said"] == "no item came due by the resolution at T+1m"


def test_the_right_action_takes_checks_to_confirm_before_up(service, clock) -> None:
    engine = drill("db-outage", service, clock)
    engine.advance(120)
    assert len(engine.down) == 5
    act(engine, "route-away", {})
    # Mended, but no check has passed yet: it reads as failing, as a real check would.
    rows = {s.name: s for s in engine.snapshot}
    assert rows["login"].state == "DOWN" and not rows["login"].recovering
    assert rows["login"].reason != "" and "recovering" not in rows["login"].reason
    engine.advance(engine.scenario.interval)
    rows = {s.name: s for s in engine.snapshot}
    assert (rows["login"].state, rows["login"].status) == ("DOWN", 200)
    assert rows["login"].reason == "recovering: 1/2 healthy checks"
    assert (rows["login"].successes, rows["login"].rise) == (1, 2)  # shown as RECOVERING
    assert rows["db connection errors"].reason == "0% (below 1%), recovering: 1/2 healthy checks"
    assert not [e for e in service.state(engine.incident_id).timeline if "UP" in e.text]
    engine.advance(engine.scenario.interval)
    assert not engine.down and not engine.recovering
    health = [e.text for e in service.state(engine.incident_id).timeline if e.kind == "health"]
    assert "login UP (simulated)" in health
    items = {i.text: i.done for i in service.state(engine.incident_id).items}
    assert items["Service verified healthy: health endpoint returns 200"]  # auto-ticked


def test_resolving_while_the_checks_still_confirm_loses_the_verifying_part(service, clock) -> None:
    engine = drill("db-outage", service, clock)
    engine.advance(120)
    act(engine, "route-away", {})
    engine.advance(engine.scenario.interval)  # 1 of 2 healthy checks
    service.set_status(engine.incident_id, "resolved")
    parts = {p["key"]: p for p in engine.score()["parts"]}
    assert parts["mitigation"]["points"] == 20 and parts["verified"]["points"] == 0
    assert parts["verified"]["next"].startswith(
        "Next time: wait for the checks to confirm recovery before resolving (you resolved at "
    )
    assert (
        "with alert PostgresDown, checkout-api, db connection errors, login, postgres-primary still recovering"
        in parts["verified"]["next"]
    )


def test_tasks_count_when_given_and_answered_in_time(service, clock) -> None:
    engine = drill("db-outage", service, clock)
    ident = engine.incident_id
    service.give_task(ident, "Check the REPLICA lag", "bob", 300)
    service.give_task(ident, "page the storage team", "carol", 120)
    engine.advance(60)  # carol's plain answer comes halfway through her 2 minutes
    # A teammate's answer is a note by that teammate, not an alert.
    notes = [(e.actor, e.text) for e in service.state(ident).timeline if e.kind == "note"]
    assert (
        "carol",
        "task 2: done, nothing more to report (simulated teammate; X closes it)",
    ) in notes
    engine.advance(30)  # bob's answer, from the scenario, after 90 seconds
    notes = [(e.actor, e.text) for e in service.state(ident).timeline if e.kind == "note"]
    assert (
        "bob",
        "task 1: the replica is in sync (lag 0s): safe to fail over "
        "(simulated teammate; X closes it)",
    ) in notes
    engine.advance(60)
    timeline = service.state(ident).timeline
    assert len([e for e in timeline if e.kind == "note" and "task" in e.text]) == 2
    assert not [e for e in timeline if e.kind == "alert" and "task" in e.text]
    service.finish_task(ident, 1, "in sync")  # at T+2m30s: within bob's 5 minutes
    part = next(p for p in engine.score()["parts"] if p["key"] == "tasks")
    # Carol's was never closed: 4 points for giving tasks, 6 * 1 // 2 for the one in time.
    assert (part["points"], part["max"], part["said"]) == (7, 10, "1 of 2 answered in time")
    assert part["next"].startswith(
        "Next time: follow up on each task before its time box runs out and close it (X) once "
        'answered (task 2, "page the storage team", was due '
    )
    service.finish_task(ident, 2)  # late
    assert next(p for p in engine.score()["parts"] if p["key"] == "tasks")["points"] == 7
    nothing = drill("db-outage", service, clock)
    part = next(p for p in nothing.score()["parts"] if p["key"] == "tasks")
    assert (part["points"], part["said"]) == (0, "no task was given")


def test_no_prompt_gives_the_answer_away() -> None:
    for name in scenario_names():
        plan = load_scenario(name)
        fixing = {
            (r.kind, k, v) for r in plan.rules if r.effect == "fix" for k, v in r.answers.items()
        }
        for action in plan.actions:
            for prompt in action.prompts:
                assert (action.kind, prompt.name, prompt.default) not in fixing, (name, prompt)


# -- any play at all -----------------------------------------------------------------------------
ROLES = ["ic", "tech", "comms", "scribe"]
TEMPLATES = ["initial_alert", "progress_update", "resolution_notice", None]
Step = st.one_of(
    st.tuples(st.just("advance"), st.floats(0, 1200)),
    st.tuples(st.just("role"), st.sampled_from(ROLES)),
    st.tuples(st.just("update"), st.sampled_from(TEMPLATES)),
    st.tuples(st.just("tick"), st.integers(0, 32)),
    st.tuples(st.just("untick"), st.integers(0, 32)),
    st.tuples(st.just("act"), st.integers(0, 5), st.sampled_from(["v1.4.2", "v1.4.1", "payment-processing", "x"])),
    st.tuples(st.just("status"), st.sampled_from(STATUSES)),
    st.tuples(st.just("task"), st.sampled_from(["check the replica", "look at the disk", "x"]),
              st.floats(10, 900)),
    st.tuples(st.just("close"), st.integers(1, 4), st.booleans()),
)  # fmt: skip
DOING = {"role", "update", "tick", "act", "task"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(scenario_names()), steps=st.lists(Step, max_size=25))
def test_any_play_scores_within_its_parts_and_never_above_100(name: str, steps: list) -> None:
    clock = SimulatedClock()
    service = IncidentService(plays_store(), clock=clock, actor="player")
    engine = drill(name, service, clock)
    ident = engine.incident_id
    items = [i.id for i in service.state(ident).items]
    kinds = sorted({a.kind for a in engine.scenario.actions} | {"scale", "restart"})
    for step in steps:
        what = step[0]
        if what == "advance":
            engine.advance(step[1])
        elif what == "role":
            service.assign_role(ident, step[1], "player")
        elif what == "update":
            service.post_update(ident, "an update", step[1])
        elif what == "tick":
            service.tick(ident, items[step[1] % len(items)])
        elif what == "untick":
            service.untick(ident, items[step[1] % len(items)])
        elif what == "task":
            service.give_task(ident, step[1], "bob", step[2])
        elif what == "close":
            with contextlib.suppress(NotFound):
                (service.finish_task if step[2] else service.drop_task)(ident, step[1])
        elif what == "act":
            kind = kinds[step[1] % len(kinds)]
            action = next((a for a in engine.scenario.actions if a.kind == kind), None)
            answers = {p.name: step[2] for p in action.prompts} if action else {}
            act(engine, kind, answers)
        else:
            service.set_status(ident, step[1])
    score = engine.score()
    parts = score["parts"]
    assert [(p["key"], p["max"]) for p in parts] == [(s.__name__, m) for s, m in PARTS]
    for part in parts:
        assert 0 <= part["points"] <= part["max"], part
        assert bool(part["next"]) == (part["points"] < part["max"]), part
    assert score["score"] == sum(p["points"] for p in parts) <= 100
    if not DOING & {s[0] for s in steps}:
        assert score["score"] <= 10, score


def test_a_failure_the_fix_has_prevented_is_never_told(service, clock) -> None:
    """db-outage: login would fail at 2m; failed over at 1m10s, it never does, and no alert
    says "login failing" while its row reads UP. Events that mend nothing still come."""
    engine = drill("db-outage", service, clock)
    engine.advance(70)
    act(engine, "route-away", {})
    engine.advance(60)  # past 2m
    alerts = [e.text for e in service.state(engine.incident_id).timeline if e.kind == "alert"]
    assert not any("login failing" in t for t in alerts), alerts
    assert "login" not in engine.down
    engine.advance(240)  # past 5m: the support tickets about the outage still arrive
    alerts = [e.text for e in service.state(engine.incident_id).timeline if e.kind == "alert"]
    assert any("40 tickets about failed checkout" in t for t in alerts), alerts
