"""Drills played to their results screen on the simulated clock, offline, with no commands run."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from tests.tui.helpers import opened, settle, wait_until
from warroom.clock import SimulatedClock
from warroom.drill import Engine, load_scenario, scenario_names
from warroom.playbook import load_builtin
from warroom.service import IncidentService
from warroom.store import Store
from warroom.tomlfile import FileError
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


def drill_app(
    tmp_path: Path, name: str, config: Path
) -> tuple[WarroomApp, IncidentService, Engine]:
    clock = SimulatedClock()
    service = IncidentService(Store(tmp_path / "drill.db"), clock=clock, actor="player")
    plan = load_scenario(name)
    incident = service.declare(
        plan.title, plan.severity, playbook=load_builtin(), drill=True, prefix="DRILL"
    )
    engine = Engine(plan, service, incident.id, clock)
    return (
        WarroomApp(incident.id, service=service, drill=engine, speed=60, config=config),
        service,
        engine,
    )


async def confirm(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.press("y")
    await settle(pilot)


async def test_a_good_play_of_db_outage(tmp_path: Path, offline: list[object], trap) -> None:
    config, marker = trap
    app, service, engine = drill_app(tmp_path, "db-outage", config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("a", "enter", "enter")  # the player becomes Incident Commander
        await pilot.press("u", "enter", "ctrl+s")  # the initial alert goes out
        await settle(pilot)
        # The outage has unfolded: three endpoints, the error-rate metric and its alert.
        await wait_until(pilot, lambda: len(engine.down) == 5)
        rows = {s.name: s for s in engine.snapshot}
        assert rows["db connection errors"].reason == "62% (above 10%)"
        assert rows["alert PostgresDown"].group == "alerts"
        # Shown as real metrics and alerts are: no HTTP code, no latency.
        for name in ("db connection errors", "alert PostgresDown"):
            assert (rows[name].status, rows[name].latency, rows[name].latencies) == (None, None, [])
        await confirm(pilot, "o")  # fail over to the replica
        await wait_until(pilot, lambda: not engine.down)
        assert {s.name: s.reason for s in engine.snapshot}["alert PostgresDown"] == "not firing"
        # Verified on the simulated rows as on real checks: one entry, once recovered.

        def verified() -> list[str]:
            return [e.text for e in service.state(engine.incident_id).timeline
                    if (e.data or {}).get("phase") == "verified"]  # fmt: skip

        await wait_until(pilot, lambda: bool(verified()))
        [outcome] = verified()
        assert "checkout-api recovered " in outcome and " after Fail over" in outcome, outcome
        assert "still failing" not in outcome
        await confirm(pilot, "t", "end", "enter")  # resolved, after the closure checklist
        await wait_until(pilot, lambda: isinstance(app.screen, DrillResultsScreen))
        score = app.screen.score
    assert score["resolved"] is True and score["wrong_actions"] == 0
    assert score["time_to_mitigate"] is not None and score["score"] >= 80
    timeline = service.state(engine.incident_id).timeline
    assert timeline[-1].text == f"Drill finished: score {score['score']}/100"
    assert timeline[-1].data == score  # kept whole, for the postmortem and exports
    from warroom.postmortem import markdown

    assert f"## Drill score\n\n- Score: {score['score']}/100" in markdown(
        service.state(engine.incident_id), engine.clock.now()
    )
    assert any("simulated (drill), not run" in e.text for e in timeline)
    assert not marker.exists() and offline == []


async def test_a_bad_play_of_db_outage(tmp_path: Path, offline: list[object], trap) -> None:
    config, marker = trap
    app, service, engine = drill_app(tmp_path, "db-outage", config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: bool(engine.down))
        await confirm(pilot, "x")  # restart: does nothing for a failing disk
        await confirm(pilot, "r")  # roll back: nothing was deployed
        app.drill.speed = 600  # let the scenario's half hour run out
        await wait_until(pilot, lambda: isinstance(app.screen, DrillResultsScreen))
        score = app.screen.score
    assert score["resolved"] is False and score["wrong_actions"] == 2
    assert score["time_to_ic"] is None and score["time_to_mitigate"] is None
    assert score["score"] <= 20
    assert not marker.exists() and offline == []


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
