"""Drills from real incidents: an incident's export becomes a scenario that plays offline on
the simulated clock, and its right action scores as a built-in scenario's does."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.helpers.cli import invoke
from warroom.core.clock import SimulatedClock
from warroom.core.playbook import find_playbook
from warroom.incident.drill import Engine, load_scenario
from warroom.incident.drill_from import Drafted, scenario_from, scenario_toml
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

ROLLBACK = ["deploy", "rollback", "web", "--to-version=v1.4.2"]


def real_incident(service: IncidentService, clock: SimulatedClock) -> str:
    """A bad deploy as a team lived it: errors, a note, a scale that did nothing, a rollback
    that mended it, the checks confirming, a note after, resolved."""
    ident = service.declare("High error rate after deploy v1.4.3", "SEV-2").id
    clock.advance(30)
    service.record_health(ident, "web", "DOWN", "web DOWN: status 500", {"reason": "status 500"})
    clock.advance(15)
    service.record_health(ident, "web error rate", "DOWN", "web error rate DOWN: 38% (above 5%)",
                          {"reason": "38% (above 5%)"})  # fmt: skip
    clock.advance(20)
    wrong = service.add_note(ident, "error rate 38% since deploy v1.4.2 of web")
    service.correct_note(ident, wrong.id, "error rate 38% since deploy v1.4.3 of web")
    service.assign_role(ident, "ic", "alice")
    clock.advance(60)
    for phase in ("started", "finished"):
        service.record_action(ident, "Scale web", f"Scale web: {phase}",
                              {"kind": "scale", "phase": phase, "answers": {},
                               "argv": ["kubectl", "scale", "deployment/web", "--replicas=20"]})  # fmt: skip
        clock.advance(5)
    clock.advance(120)
    for phase in ("started", "finished"):
        service.record_action(ident, "Roll back web", f"Roll back web: {phase}",
                              {"kind": "rollback", "phase": phase, "argv": ROLLBACK,
                               "answers": {"version": "v1.4.2"}})  # fmt: skip
        clock.advance(20)
    service.record_health(ident, "web", "UP", "web UP", {"reason": ""})
    service.record_health(ident, "web error rate", "UP", "web error rate UP", {"reason": "0.2%"})
    clock.advance(30)
    service.add_note(ident, "error rate back to 0.2% after the rollback to v1.4.2")
    clock.advance(120)
    service.set_status(ident, "resolved")
    return ident


def play(
    db: Path, scenario: str | Path, wrong: str, right: str, right_answers: dict[str, str]
) -> dict:
    """A responder's play in a new database `db`: the events, one wrong action, the right one,
    the checks confirm, resolved. The parts of its score, by key."""
    plan = load_scenario(str(scenario))
    clock = SimulatedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with_db = Store(db)
    service = IncidentService(with_db, clock=clock, actor="player")
    incident = service.declare(plan.title, plan.severity, playbook=find_playbook(plan.playbook),
                               drill=True, prefix="DRILL")  # fmt: skip
    engine = Engine(plan, service, incident.id, clock)
    engine.advance(60)
    assert engine.down, "the events broke something"
    for kind, answers in ((wrong, {}), (right, right_answers)):
        label = next(a.label for a in plan.actions if a.kind == kind)
        service.record_action(incident.id, label, f"{label}: simulated",
                              {"kind": kind, "simulated": True})  # fmt: skip
        engine.act(kind, answers)
    engine.advance(plan.interval * plan.rise)
    assert not engine.down and not engine.recovering
    service.set_status(incident.id, "resolved")
    score = engine.score()
    with_db.close()
    return {p["key"]: p["points"] for p in score["parts"]}


def test_a_drill_written_from_an_export_plays_and_scores_its_right_action(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    ident = real_incident(service, clock)
    export = tmp_path / "inc.json"
    export.write_text(json.dumps(service.export(ident)))
    target = tmp_path / "from-inc.toml"
    done = invoke(cli_env, "drill", "--from", str(export), "--output", str(target), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"wrote {target}; review it, then play it with: warroom drill {target}" in done.stdout
    assert "right action: Roll back web" in done.stdout

    plan = load_scenario(str(target))
    assert (plan.severity, plan.playbook) == ("SEV-2", "default")
    assert [(e.at, e.endpoint, e.state) for e in plan.events if e.endpoint] == [
        (30, "web", "DOWN"),
        (45, "web error rate", "DOWN"),
    ]
    messages = [(e.at, e.source, e.text) for e in plan.events if not e.endpoint]
    # The note as corrected; the note written after the fix would give it away: left out.
    assert messages == [(65, "alice", "error rate 38% since deploy v1.4.3 of web")]
    rollback = next(a for a in plan.actions if a.kind == "rollback")
    assert rollback.command == ["deploy", "rollback", "web", "--to-version={version}"]
    assert [p.name for p in rollback.prompts] == ["version"]
    assert [p.default for p in rollback.prompts] == [""]  # the answer is not given away
    fix = next(r for r in plan.rules if r.effect == "fix")
    assert (fix.kind, fix.answers, fix.endpoints) == (
        "rollback", {"version": "v1.4.2"}, ["web", "web error rate"],
    )  # fmt: skip
    assert next(r for r in plan.rules if r.kind == "scale").effect == "none"

    written = play(tmp_path / "written.db", target, "scale", "rollback", {"version": "v1.4.2"})
    builtin = play(
        tmp_path / "builtin.db", "bad-deploy", "scale", "rollback", {"version": "v1.4.2"}
    )
    for part in ("mitigation", "verified", "right_first"):
        assert written[part] == builtin[part], part
    assert written["mitigation"] > 0 and written["verified"] > 0


def test_the_right_action_with_other_answers_mends_nothing(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    ident = real_incident(service, clock)
    plan_data = scenario_from(service.state(ident)).data
    path = tmp_path / "s.toml"
    path.write_text(scenario_toml(Drafted(plan_data, "Roll back web"), ident))
    plan = load_scenario(str(path))
    engine = Engine(plan, service, service.declare("drill", drill=True).id, clock)
    engine.advance(60)
    assert engine.act("rollback", {"version": "v1.4.1"}).endswith("(not with those answers)")
    assert engine.mitigated_at is None and engine.down


def test_a_speed_the_console_cannot_play_is_refused_before_any_drill_is_declared(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """Was: --speed -3 played a drill whose clock ran backwards ("-3× speed", T-00:00:10 in
    the status bar) and --speed 0 one that never moved, neither said paused."""
    for speed, shown in (("-3", "-3"), ("0", "0"), ("1000", "1000")):
        ran = invoke(cli_env, "drill", "db-outage", "--speed", speed, cwd=tmp_path)
        assert ran.returncode == 2, ran.stdout
        assert ran.stderr == (
            f"warroom: --speed {shown}: a drill plays from 0.5 to 60 times real time "
            "(+ and - change it while it runs, z pauses it)\n"
        )
    listed = invoke(cli_env, "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0 and json.loads(listed.stdout or "[]") == [], listed.stdout
