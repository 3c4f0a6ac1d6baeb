"""Drills played to their results screen on the simulated clock, offline, with no commands run."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from tests.helpers.apps import drill_app
from tests.helpers.console import opened, settle, toasts, wait_until
from warroom.core.clock import SimulatedClock
from warroom.core.playbook import load_builtin
from warroom.core.tomlfile import FileError
from warroom.incident.drill import Engine, load_scenario, scenario_names
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.screens.drill_results import DrillResultsScreen


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every outbound connection fails, and is counted."""
    attempts: list[object] = []

    def refuse(self, address):  # type: ignore[no-untyped-def]
        attempts.append(address)
        raise OSError("network is off for drills")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture
def trap(tmp_path: Path) -> tuple[Path, Path]:
    """A warroom.toml whose action would leave a marker if anything ever ran it."""
    marker = tmp_path / "a-command-ran"
    config = tmp_path / "warroom.toml"
    config.write_text(
        f'[[action]]\nkey = "o"\nlabel = "Trap"\nkind = "route-away"\n'
        f'command = [{sys.executable!r}, "-c", "open({str(marker)!r}, \'w\')"]\n'
        '[[endpoint]]\nname = "real"\nurl = "http://127.0.0.1:9/"\n'
    )
    return config, marker


async def confirm(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.press("y")
    await settle(pilot, actions=False)


def rows(engine: Engine) -> dict[str, tuple[str, str]]:
    return {s.name: (s.state.value, s.reason) for s in engine.snapshot}


async def move(pilot, engine: Engine, seconds: float) -> None:
    """The simulated clock on by exactly this much (the drill runs at speed 0 meanwhile)."""
    await pilot.app.sync.call(engine.advance, seconds)
    await settle(pilot, actions=False)  # an action's verification waits for this clock


@pytest.mark.slow(8)
async def test_a_good_play_of_db_outage(tmp_path: Path, offline: list[object], trap) -> None:
    config, marker = trap
    app, service, engine = drill_app(tmp_path, "db-outage", config)
    app.drill.speed = 0  # the test moves the simulated clock itself: the score is exact
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("a", "enter", "enter")  # the player becomes Incident Commander
        await pilot.press("u", "enter", "ctrl+s")  # the initial alert goes out
        await pilot.press("space", "j", "space")  # confirmed the alert, assessed severity
        await settle(pilot)
        # A task for a teammate, the playbook's 5 minutes to answer it.
        await pilot.press("W", *"check the replica is in sync", "enter", *"bob", "enter", "enter")
        await settle(pilot)
        await move(pilot, engine, 120)
        # bob (simulated) answered at 90 seconds; the player closes the task as done.
        assert any(e.kind == "note" and e.actor == "bob"
                   and e.text.startswith("task 1: the replica is in sync")
                   for e in service.state(engine.incident_id).timeline)  # fmt: skip
        await pilot.press("X", "enter", "enter")
        await settle(pilot)
        # The outage has unfolded: three endpoints, the error-rate metric and its alert.
        assert len(engine.down) == 5
        seen = {s.name: s for s in engine.snapshot}
        assert seen["db connection errors"].reason == "62% (above 10%)"
        assert seen["alert PostgresDown"].group == "alerts"
        # Shown as real metrics and alerts are: no HTTP code, no latency.
        for name in ("db connection errors", "alert PostgresDown"):
            assert (seen[name].status, seen[name].latency, seen[name].latencies) == (None, None, [])
        await confirm(pilot, "o")  # fail over to the replica, at T+2m
        # Mended, but the checks have yet to say so: the player watches them confirm it.
        assert rows(engine)["login"][0] == "DOWN" and "recovering" not in rows(engine)["login"][1]
        await move(pilot, engine, 10)
        assert rows(engine)["login"] == ("DOWN", "recovering: 1/2 healthy checks")
        await move(pilot, engine, 10)
        assert not engine.down and rows(engine)["alert PostgresDown"] == ("UP", "not firing")
        # Verified on the simulated rows as on real checks: one entry, once recovered.

        def verified() -> list[str]:
            return [e.text for e in service.state(engine.incident_id).timeline
                    if (e.data or {}).get("phase") == "verified"]  # fmt: skip

        await wait_until(pilot, lambda: bool(verified()))
        [outcome] = verified()
        assert "checkout-api recovered " in outcome and " after Fail over" in outcome, outcome
        assert "still failing" not in outcome
        await confirm(pilot, "t", "end", "enter")  # resolved, once the checks confirmed it
        await wait_until(pilot, lambda: isinstance(app.screen, DrillResultsScreen))
        score = app.screen.score
        shown = app.screen.rows
    # Was 120/100. Now, part by part, each out of its maximum:
    assert {p["key"]: (p["points"], p["max"]) for p in score["parts"]} == {
        "commander": (15, 15),  # named at T+0, within SEV-1's 15 minutes
        "first_update": (15, 15),  # the initial alert at T+0
        "cadence": (10, 10),  # resolved at T+2m20s: no update was ever overdue
        # Resolved at T+2m20s, the items due by then done on time ("Confirm the alert
        # source", due T+2m, ticked), and 4 more done early (the other one ticked, and
        # "Incident Commander assigned", "Initial alert posted", "Mitigation attempted"
        # ticked by what was done). Was 6/20: "5 of 15 due in the first 30m", items that
        # were never due counted as missed.
        "checklist": (15, 15),
        "mitigation": (20, 20),  # the failover at T+2m, within 15 minutes
        "verified": (10, 10),  # resolved after every check confirmed the recovery
        "right_first": (5, 5),  # no wrong action
        "tasks": (10, 10),  # one task given, answered and closed within its 5 minutes
    }
    assert score["score"] == 100 and score["resolved"] is True and score["wrong_actions"] == 0
    said = "5 of 5 on time: 1 due by the resolution at T+2m20s, 4 done early"
    assert ("Checklist items on time", "15/15", said) in shown
    assert ("Tasks given and answered in time", "10/10", "1 of 1 answered in time") in shown
    # No part lost points: no "Next time" line.
    assert not any(p["next"] for p in score["parts"])
    timeline = service.state(engine.incident_id).timeline
    assert timeline[-1].text.startswith(
        "Drill finished: score 100/100: Incident Commander named 15/15 · First status update 15/15"
    )
    assert "Next time" not in timeline[-1].text
    assert timeline[-1].data == score  # kept whole, for the postmortem and exports
    from warroom.incident.postmortem import markdown

    draft = markdown(service.state(engine.incident_id), engine.clock.now())
    assert (
        "## Drill score\n\n- Score: 100/100\n- Incident Commander named: 15/15, after 0s (target 15m)"
        in draft
    )
    assert f"- Checklist items on time: 15/15, {said}" in draft
    assert any("simulated (drill), not run" in e.text for e in timeline)
    # The automatic tick says what happened: nothing ran (was: "(automatically: … ran)").
    ticks = [e.text for e in timeline if "Mitigation attempted" in e.text]
    assert ticks and all(t.endswith(" was simulated: nothing ran)") for t in ticks), ticks
    assert not marker.exists() and offline == []


async def test_a_bad_play_of_db_outage(tmp_path: Path, offline: list[object], trap) -> None:
    config, marker = trap
    app, service, engine = drill_app(tmp_path, "db-outage", config)
    app.drill.speed = 0
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await move(pilot, engine, 120)
        await confirm(pilot, "x")  # restart: does nothing for a failing disk
        await confirm(pilot, "r")  # roll back: nothing was deployed
        await move(pilot, engine, 1800)  # the scenario's half hour runs out
        await wait_until(pilot, lambda: isinstance(app.screen, DrillResultsScreen))
        score, advice = app.screen.score, app.screen.advice
    assert score["resolved"] is False and score["wrong_actions"] == 2
    assert score["time_to_ic"] is None and score["time_to_mitigate"] is None
    # Nothing but two wrong actions: the only point is "Mitigation attempted", which the
    # first of them ticked on time (1 of 15 items: 15 * 1 // 15). No points for a cadence
    # or for "no wrong actions" when nothing was mended.
    assert score["score"] == 1
    assert len(advice) == 8 and "Restart database, Roll back deploy did not help" in advice[-2]
    assert advice[-1].startswith("Next time: give work to a named person with a time box (W)")
    assert not marker.exists() and offline == []


async def test_resolving_bad_deploy_at_once_scores_nothing_and_the_prompt_gives_no_answer(
    tmp_path: Path, offline: list[object], trap
) -> None:
    from textual.widgets import Input

    from warroom.tui.screens.prompts import PromptScreen

    config, _marker = trap
    app, _service, engine = drill_app(tmp_path, "bad-deploy", config)
    app.drill.speed = 0
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("r")  # roll back: which version is for the player to find
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one(Input).value == ""
        await pilot.press("escape")
        await confirm(pilot, "t", "end", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DrillResultsScreen))
        score = app.screen.score
    assert score["score"] == 0  # was 40/100


def test_every_scenario_loads_and_a_broken_one_is_located(tmp_path: Path) -> None:
    assert scenario_names() == ["bad-deploy", "db-outage", "payment-provider", "security-breach"]
    for name in scenario_names():
        plan = load_scenario(name)
        assert plan.events and plan.actions and plan.rules
    broken = tmp_path / "mine.toml"
    broken.write_text('name = "mine"\ntitle = "x"\n\n[[events]]\nat = "later"\ntext = "boom"\n')
    with pytest.raises(FileError) as info:
        load_scenario(str(broken))
    assert str(info.value).startswith(f"{broken}:5: events[0].at: ")


def test_a_later_event_never_softens_what_the_player_broke(tmp_path: Path) -> None:
    clock = SimulatedClock()
    service = IncidentService(Store(tmp_path / "d.db"), clock=clock)
    plan = load_scenario("security-breach")
    incident = service.declare(plan.title, plan.severity, drill=True, prefix="DRILL")
    engine = Engine(plan, service, incident.id, clock)
    engine.advance(30)
    assert engine.act("restart", {}).startswith("Restart wiped the in-memory evidence")
    assert engine.states["admin-api"].state == "DOWN"
    engine.advance(120)  # the scripted "exfiltration suspected" (DEGRADED) arrives
    assert engine.states["admin-api"].state == "DOWN" and engine.wrong_actions == 1


async def _status_line(db: Path, incident: str) -> str:
    """`warroom status` in its own process, while the console's event loop keeps running."""
    import asyncio

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "warroom", "status", incident, "--db", str(db),
        "--format", "{id}{drill} {tplus}",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


def _seconds(tplus: str) -> int:
    h, m, s = tplus.removeprefix("T+").split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


async def test_the_status_line_tells_the_drills_time(tmp_path: Path, trap) -> None:
    """Another process (tmux's status command) reads the drill's simulated clock, as the
    console shows it: running, and exactly when paused."""
    from warroom.tui.widgets.severity import SeverityPane

    config, _ = trap
    app, service, engine = drill_app(tmp_path, "db-outage", config)
    assert app.drill is not None
    app.drill.speed = 4
    db, ident = tmp_path / "drill.db", engine.incident_id
    declared = service.state(ident).incident.declared_at
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: engine.elapsed >= 4)
        before = (app.clock.now() - declared).total_seconds()
        ident_shown, tplus = (await _status_line(db, ident)).rsplit(" ", 1)
        after = (app.clock.now() - declared).total_seconds()
        assert ident_shown == f"{ident} DRILL"
        # The drill's time (not the real clock's, which began in 2026 and runs on elsewhere):
        # within a tick or two of what the console showed while the command ran.
        assert before - 2 <= _seconds(tplus) <= after + 5, (before, tplus, after)

        await pilot.press("z")
        await wait_until(pilot, lambda: _kept_state(db, ident) == "paused")
        line = await _status_line(db, ident)
        app.tick_clock()  # the pane's T+ moves each real second: now, for the comparison
        await pilot.pause()
        console_tplus = str(app.query_one(SeverityPane).render()).split()[3]
        assert console_tplus.startswith("T+") and _seconds(console_tplus) >= 4
        assert line == f"{ident} DRILL paused {console_tplus}"
    assert _kept_state(db, ident) == "stopped"  # quitting stops the drill's clock


def _kept_state(db: Path, ident: str) -> str | None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT state FROM drill_clock WHERE incident_id = ?", (ident,)
        ).fetchone()
    return row[0] if row else None


async def test_a_second_console_on_a_drill_keeps_the_drills_time(tmp_path: Path) -> None:
    """`warroom open DRILL-1` (or `warroom tmux DRILL-1`) beside the console playing it: its
    T+ and the times of its own entries are the drill's, running at its speed and still
    while it is paused, never the real clock's."""
    from datetime import UTC, datetime

    from warroom.core.timefmt import t_plus
    from warroom.tui.widgets.severity import SeverityPane

    db = tmp_path / "drill.db"
    clock = SimulatedClock(datetime.now(UTC))
    host = IncidentService(Store(db), clock=clock, actor="player")
    plan = load_scenario("db-outage")
    ident = host.declare(plan.title, plan.severity, playbook=load_builtin(), drill=True,
                         prefix="DRILL").id  # fmt: skip
    declared = clock.now()
    clock.advance(minutes=10)  # the drill has run 10 simulated minutes in a few real seconds
    host.keep_drill_clock(ident, 4.0, "running")
    app = WarroomApp(ident, db=db, config=tmp_path / "none.toml")

    def tplus() -> int:
        return _seconds(str(app.query_one(SeverityPane).render()).split()[3])

    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        app.tick_clock()
        assert 600 <= tplus() < 640, tplus()
        await pilot.press("n", *"seen from the side", "enter")
        await wait_until(pilot, lambda: any(e.kind == "note" for e in host.state(ident).timeline))
        [note] = [e for e in host.state(ident).timeline if e.kind == "note"]
        assert note.at >= clock.now(), (note.at, clock.now())  # in the drill's time, not before
        clock.set(app.clock.now())  # where the playing console's clock has run to
        host.keep_drill_clock(ident, 4.0, "paused")
        # The console reads the kept clock again each second: then it stands still there.
        await wait_until(pilot, lambda: app.clock.now() == clock.now(), timeout=5)
        app.tick_clock()
        held = tplus()
        # The kept clock read again (a tick asks for it; a call after it on the database
        # thread waits for it), then more real time than one drill second at 4×: it stands.
        app.tick_clock()
        await app.sync.call(lambda: None)
        await pilot.pause(0.3)
        app.tick_clock()
        assert tplus() == held == _seconds(t_plus(clock.now() - declared))


async def test_once_the_drill_is_over_its_top_line_says_so(tmp_path: Path, trap) -> None:
    """Resolved (or out of time), the drill's clock stops: the top line no longer says it runs
    at 4×, and z does not claim to pause it, as `warroom status` says `stopped`."""
    from tests.helpers.console import screen_text
    from warroom.tui.widgets.incident_bar import IncidentBar

    config, _marker = trap
    app, _service, _engine = drill_app(tmp_path, "bad-deploy", config)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        assert "speed" in app.query_one(IncidentBar).drill_note
        await confirm(pilot, "t", "end", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DrillResultsScreen))
        await pilot.press("escape")
        await settle(pilot)
        note = app.query_one(IncidentBar).drill_note
        assert "speed" not in note and "pause" not in note and "over" in note, note
        await pilot.press("z")
        await settle(pilot)
        shown = toasts(app)
        assert not any("Drill paused" in t for t in shown), shown
        assert "pause" not in app.query_one(IncidentBar).drill_note
        assert "4× speed" not in screen_text(app)


async def test_a_console_beside_a_drill_shows_what_the_drill_recorded_and_runs_nothing(
    tmp_path: Path, trap
) -> None:
    """`warroom open DRILL-1` (or a tmux side pane) beside the console playing the drill: the
    drill's checks and actions live in that console's process. This one shows the endpoint
    states it recorded, says where they come from, and runs nothing of warroom.toml into the
    drill (neither its real endpoint nor its action)."""
    from tests.helpers.console import screen_text
    from warroom.tui.widgets.actions_bar import ActionsBar
    from warroom.tui.widgets.health import HealthPane
    from warroom.tui.widgets.incident_bar import IncidentBar

    config, marker = trap
    db = tmp_path / "drill.db"
    clock = SimulatedClock()
    host = IncidentService(Store(db), clock=clock, actor="player")
    plan = load_scenario("db-outage")
    ident = host.declare(plan.title, plan.severity, playbook=load_builtin(), drill=True,
                         prefix="DRILL").id  # fmt: skip
    engine = Engine(plan, host, ident, clock)
    engine.advance(150)  # the outage unfolds in the playing console's process
    host.keep_drill_clock(ident, 4.0, "running")
    app = WarroomApp(ident, db=db, config=config)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        pane = app.query_one(HealthPane)
        await wait_until(pilot, lambda: len(pane.samples) == 5, timeout=5)
        # Was a hidden pane (no checks here), or the real "real" endpoint checked into the
        # drill, with the action "o  Trap" bound to a real command.
        assert str(pane.border_title) == "Health · 5 DOWN · as the drill's console recorded them"
        assert {s.name for s in pane.samples} == {"login", "checkout-api", "postgres-primary",
                                                  "db connection errors", "alert PostgresDown"}  # fmt: skip
        assert app.query_one(IncidentBar).drill_note == "played in its own console"
        assert app.query_one(ActionsBar).actions == []
        assert "Trap" not in screen_text(app)
        await pilot.press("o")
        await settle(pilot)  # had it a command, it would ask first
        assert not isinstance(app.screen, ConfirmScreen)
        # The playing console records a recovery: this one follows it.
        engine.act("route-away", {})
        engine.advance(plan.interval * 3)
        await wait_until(pilot, lambda: not pane.view or not pane.view.states.get("DOWN"), 5)
        assert str(pane.border_title) == "Health · 5 checks · as the drill's console recorded them"
    names = {
        (e.data or {}).get("endpoint") for e in host.state(ident).timeline if e.kind == "health"
    }
    assert "real" not in names
    assert not marker.exists()


def test_a_step_refused_while_quitting_leaves_no_coroutine_never_awaited(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Quitting a running drill printed "coroutine 'DrillController._step' was never awaited":
    the tick made the coroutine, and a worker cancelled before it ran dropped it."""
    import gc
    import warnings

    from tests.helpers.apps import drill_app
    from warroom.tui.controllers.drill import DrillController

    (tmp_path / "warroom.toml").write_text("")
    _, _, engine = drill_app(tmp_path, "db-outage", tmp_path / "warroom.toml")

    class Quitting:
        """A console shutting down: workers are cancelled before they start."""

        def run_worker(self, work: object, **_: object) -> None:
            del work

    controller = DrillController(Quitting(), engine, speed=60)  # type: ignore[arg-type]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        controller._tick()
        gc.collect()
    assert not [w for w in caught if "never awaited" in str(w.message)]


@pytest.mark.slow(8)
async def test_a_recovery_is_not_credited_to_a_wrong_action_alone(
    tmp_path: Path, offline: list[object], trap
) -> None:
    """Was: after Restart database (wrong) and then Fail over (right), the restart's outcome
    read "checkout-api recovered 42 s after Restart database", as if it had mended it."""
    config, _ = trap
    app, service, engine = drill_app(tmp_path, "db-outage", config)
    app.drill.speed = 0
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await move(pilot, engine, 90)
        await confirm(pilot, "x")  # restart the database: it does not help
        await move(pilot, engine, 20)
        await confirm(pilot, "o")  # fail over to the replica: it mends the cause
        for _ in range(3):
            await move(pilot, engine, 10)

        def verified() -> dict[str, str]:
            return {(e.data or {}).get("action", ""): e.text
                    for e in service.state(engine.incident_id).timeline
                    if (e.data or {}).get("phase") == "verified"}  # fmt: skip

        await wait_until(pilot, lambda: len(verified()) == 2)
        restart = verified()["Restart database"]
        assert "checkout-api recovered " in restart, restart
        assert " after Restart database, and after Fail over to replica, taken meanwhile" in restart
        failover = verified()["Fail over to replica"]
        assert "taken meanwhile" not in failover, failover
