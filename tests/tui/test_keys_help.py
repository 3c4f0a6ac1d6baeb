"""`?`: warroom's own keys, grouped, in a dialog over the console that squeezes no pane."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.console import opened, screen_text, wait_until
from warroom.core.clock import SimulatedClock
from warroom.core.playbook import load_builtin
from warroom.incident.drill import Engine, load_scenario
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.screens.keys import KeysScreen
from warroom.tui.widgets.timeline import TimelinePane


def groups(app: WarroomApp) -> dict[str, dict[str, str]]:
    screen = app.screen
    assert isinstance(screen, KeysScreen)
    return {title: {keys: what for keys, what in rows} for title, rows in screen.groups}


async def test_question_mark_shows_warrooms_keys_by_group(
    service: IncidentService, tmp_path: Path
) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text('[[action]]\nkey = "r"\nlabel = "Roll back web"\nkind = "rollback"\n'
                      'command = ["true"]\n')  # fmt: skip
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(60, 40)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.startup.loaded("actions"))
        timeline = app.query_one(TimelinePane).size
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        shown = groups(app)
        assert list(shown) == [
            "Incident", "Checklist", "Timeline", "Actions", "Command", "Console",
        ]  # fmt: skip
        assert shown["Command"] == {
            "W": "Task", "D": "Decide", "X": "Task done or dropped", "O": "Object to a decision",
            "B": "Briefing", "I": "Switch to another open incident",
        }  # fmt: skip
        assert shown["Incident"]["n"] == "Note" and shown["Incident"]["T"] == "Retitle the incident"
        assert shown["Checklist"] == {
            "space": "Tick/untick", "⏎": "Detail", "j ↓": "Down", "k ↑": "Up"
        }  # fmt: skip
        assert (
            shown["Timeline"]["C"] == "Correct note"
            and shown["Timeline"]["G end"] == "Newest (G from any pane)"
        )
        assert shown["Timeline"]["/"] == "Find in the timeline"
        assert shown["Timeline"]["F"] == "Filter the timeline"
        assert shown["Actions"] == {"r": "Roll back web", "A": "Alerts: attach or silence"}
        assert shown["Console"]["?"] == "Keys" and shown["Console"]["^p"].startswith("Commands")
        text = screen_text(app)
        for filler in ("Scroll Left", "Copy selected text", "Page Left"):
            assert filler not in text
        for line in ("n          Note", "space      Tick/untick", "r          Roll back web"):
            assert line in text  # readable in a 60-column side pane
        assert app.console_screen.query_one(TimelinePane).size == timeline  # nothing squeezed
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: not isinstance(app.screen, KeysScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, KeysScreen))


async def test_a_new_key_shows_up_by_itself(service: IncidentService) -> None:
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        app.bind("ctrl+r", "mitigate('x')", description="Restart everything")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        assert groups(app)["Actions"]["^r"] == "Restart everything"


async def test_in_a_drill_the_drills_keys_have_their_group(tmp_path: Path) -> None:
    clock = SimulatedClock()
    service = IncidentService(Store(tmp_path / "drill.db"), clock=clock, actor="player")
    plan = load_scenario("db-outage")
    incident = service.declare(plan.title, plan.severity, playbook=load_builtin(), drill=True,
                               prefix="DRILL")  # fmt: skip
    engine = Engine(plan, service, incident.id, clock)
    app = WarroomApp(incident.id, service=service, drill=engine, speed=4)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        shown = groups(app)
        assert shown["Drill"] == {"z": "Pause drill", "+": "Drill faster", "-": "Drill slower"}
        assert shown["Actions"]["o"] == "Fail over to replica"
