"""Words that say what is true: counts agree with their nouns, booleans read as words, a
drill's endpoints tell their time in state and a status code that fits their reason."""

from __future__ import annotations

import re
from datetime import timedelta

from warroom.checks.health import Transition
from warroom.checks.view import State
from warroom.core.clock import SimulatedClock
from warroom.core.playbook import load_builtin
from warroom.incident.comms import values
from warroom.incident.drill import Engine, load_scenario
from warroom.incident.service import IncidentService


def test_one_failure_is_one_failure() -> None:
    change = Transition("api", State.UP, State.DOWN, "status 503", 1, 0.0)
    assert change.describe() == "api DOWN: status 503, 1 failure"
    assert (
        Transition("api", State.UP, State.DOWN, "status 503", 3, 0.0)
        .describe()
        .endswith("3 failures")
    )


def test_an_untitled_incident_leaves_a_gap_not_its_placeholder(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    state = service.state("INC-42")
    filled = values(state, service.clock.now())
    assert filled["impact"] == "[the impact]" and "Untitled" not in filled["title"]


def test_drill_endpoints_tell_their_time_in_state_and_a_fitting_code(
    service: IncidentService, clock: SimulatedClock
) -> None:
    plan = load_scenario("db-outage")
    incident = service.declare(plan.title, plan.severity, playbook=load_builtin(), drill=True,
                               prefix="DRILL")  # fmt: skip
    engine = Engine(plan, service, incident.id, clock)
    engine.advance(120)
    failing = [s for s in engine.snapshot if s.reason]
    assert failing  # the outage has begun: there is something to check
    for sample in failing:
        code = re.search(r"\b([1-5]\d\d)\b", sample.reason)
        assert sample.status == (int(code.group(1)) if code else None), sample
    # A failed connect has no latency: was "✖ DOWN postgres-primary - 40ms █ … connect".
    [unanswered] = [s for s in failing if s.name == "postgres-primary"]
    assert unanswered.status is None and unanswered.latency is None
    assert unanswered.latencies == [None]
    clock.advance(minutes=3)
    assert all(clock.now() - s.since >= timedelta(minutes=3) for s in engine.snapshot)


def test_a_count_agrees_with_its_noun() -> None:
    from warroom.core.words import plural, were

    assert [plural(n, "event") for n in (0, 1, 2)] == ["0 events", "1 event", "2 events"]
    assert (
        plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"
    )
    assert (were(1), were(2)) == ("1 was", "2 were")


def test_a_plan_with_one_event_and_one_action_says_so_in_the_singular(
    service: IncidentService, clock: SimulatedClock, tmp_path, cli_env
) -> None:
    import json

    from tests.helpers.cli import invoke

    service.declare("Checkout 500s", "SEV-2", incident_id="INC-42")
    clock.advance(30)
    service.record_health("INC-42", "web", "DOWN", "web DOWN", {"reason": "HTTP 500"})
    clock.advance(30)
    for phase in ("started", "finished"):
        service.record_action("INC-42", "Roll back web", f"Roll back web: {phase}",
                              {"kind": "rollback", "phase": phase, "answers": {},
                               "argv": ["deploy", "rollback", "web"]})  # fmt: skip
        clock.advance(20)
    service.record_health("INC-42", "web", "UP", "web UP", {"reason": ""})
    service.set_status("INC-42", "resolved")
    export = tmp_path / "inc.json"
    export.write_text(json.dumps(service.export("INC-42")))
    done = invoke(
        cli_env, "drill", "--from", str(export), "--output", str(tmp_path / "plan.toml"),
        cwd=tmp_path,
    )  # fmt: skip
    assert "INC-42: 1 event, 1 action" in done.stdout, done.stdout + done.stderr


def test_update_templates_read_whatever_the_title_and_a_drill_says_it_is_one(
    service: IncidentService,
) -> None:
    from warroom.incident.comms import drafted

    service.declare("Shop returns 500s", "SEV-1", playbook=load_builtin(), incident_id="INC-9")
    state = service.state("INC-9")
    templates = state.playbook.templates
    now = service.clock.now()
    alert = drafted(templates["initial_alert"], state, now)
    # Was "We're experiencing Shop returns 500s.": a title where an impact was expected.
    assert "experiencing" not in alert and "What we see: Shop returns 500s." in alert
    assert alert.startswith("🚨 [SEV-1] Production incident INC-9: Shop returns 500s")
    page = drafted(templates["status_page_identified"], state, now)
    assert "the cause of Shop returns 500s" not in page
    drill = service.declare("Production database down", "SEV-1", playbook=load_builtin(),
                            drill=True, prefix="DRILL")  # fmt: skip
    said = drafted(templates["initial_alert"], service.state(drill.id), now)
    # Was "🚨 [SEV-1] Production incident DRILL-1": a drill's update read as a real one.
    assert "Production incident" not in said and "DRILL, not a real incident" in said
    own = drafted("🚨 Production incident {incident}", service.state(drill.id), now)
    assert own.startswith("[DRILL, not a real incident]\n🚨 Production incident")
