"""Incident command in the console, on the simulated clock: tasks given with W count down in
the roles pane and turn overdue (said once), are closed with X; decisions asked with D count
down their objection window, take objections with O and are closed from the clock; a
hand-over shows the new holder a briefing; time in role; the IC's hands."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.helpers.apps import config_with_action
from tests.helpers.console import opened, roles, said, screen_text, settle, wait_until
from warroom.core.clock import SimulatedClock
from warroom.core.playbook import Command, load_builtin
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.briefing import BriefingScreen
from warroom.tui.screens.confirm import ConfirmScreen, HandOffScreen
from warroom.tui.screens.prompts import PickScreen, PromptScreen


def entries(service: IncidentService, kind: str) -> list[str]:
    return [e.text for e in service.state("INC-42").timeline if e.kind == kind]


def declared(service: IncidentService, **command: object) -> None:
    playbook = load_builtin()
    if command:
        playbook = dataclasses.replace(playbook, command=Command(**command))  # type: ignore[arg-type]
    service.declare("Checkout returns 500s", "SEV-1", playbook=playbook, incident_id="INC-42")
    service.assign_role("INC-42", "ic", "alice")
    service.assign_role("INC-42", "tech", "bob")


async def test_W_gives_a_task_that_counts_down_turns_overdue_once_and_X_closes_it(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("W", *"check [red]replica[/red] lag", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"bob", "enter")
        await pilot.press(*"2m", "enter")  # the time box, in place of the playbook's 5m
        await settle(pilot)
        assert entries(service, "task") == [
            "Task 1 for bob: check [red]replica[/red] lag (within 2m)"
        ]
        assert "1 T-02:00 bob: check [red]replica[/red] lag" in roles(app)
        clock.advance(75)
        assert "1 T-00:45 bob:" in roles(app)
        assert said(app, "overdue") == 0
        clock.advance(50)
        assert "1 OVERDUE +00:05 bob:" in roles(app)
        await settle(pilot)
        assert said(app, "Task 1 for bob is overdue (time box 2m)") == 1
        clock.advance(5)
        app.tick_clock()
        await settle(pilot)
        assert said(app, "Task 1 for bob is overdue") == 1  # once per task

        await pilot.press("X")  # the only open task: straight to done or dropped
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")  # Done
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"lag is 0s", "enter")
        await settle(pilot)
        assert "OVERDUE" not in roles(app) and "Tasks" not in roles(app)
    assert entries(service, "task")[-1] == (
        "Task 1 done (bob, 2m10s, 10s late): check [red]replica[/red] lag — lag is 0s"
    )


async def test_once_resolved_a_task_left_open_counts_nothing_down_and_is_never_overdue(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    service.give_task("INC-42", "check replica lag", "bob", 120)
    service.ask_decision("INC-42", "Roll back deploy 4512", [], 600)
    clock.advance(30)
    service.set_status("INC-42", "resolved")
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        assert "1 open at resolution bob: check replica lag" in roles(app)
        clock.advance(900)  # long past the time box and the objection window
        shown = roles(app)
        await settle(pilot)
        assert "T-" not in shown and "OVERDUE" not in shown and "objections" not in shown
        assert said(app, "overdue") == 0
        assert len(entries(service, "decision")) == 1  # no window closes after resolution


async def test_X_picks_among_open_tasks_and_drops_one(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    service.give_task("INC-42", "check replica lag", "bob", 300)
    service.give_task("INC-42", "drain eu-west", "carol", 600)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        assert "1 T-05:00 bob: check replica lag 2 T-10:00 carol: drain eu-west" in roles(app)
        await pilot.press("X")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("j", "enter")  # task 2
        await wait_until(pilot, lambda: "Task 2" in screen_text(app))
        await pilot.press("j", "enter")  # Dropped
        await wait_until(pilot, lambda: "Why drop it?" in screen_text(app))
        await pilot.press("enter")  # no reason: still dropped
        await settle(pilot)
        assert "carol" not in roles(app) and "1 T-05:00 bob" in roles(app)
    assert entries(service, "task")[-1] == "Task 2 dropped (carol): drain eu-west"


async def test_D_asks_for_a_decision_O_objects_and_the_closing_window_contests_it(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("D", *"Roll back 4512", "enter", *"roll back | fail over", "enter")
        await settle(pilot)
        assert "Decision 1 objections 01:00 Roll back 4512 (O objects)" in roles(app)
        clock.advance(20)
        assert "objections 00:40" in roles(app)
        await pilot.press("O", *"fail over is faster", "enter")
        await settle(pilot)
        assert "Roll back 4512 · 1 objection (O objects)" in roles(app)
        clock.advance(39)
        await settle(pilot)
        assert "objections 00:01" in roles(app)
        assert len(entries(service, "decision")) == 2  # not closed yet
        clock.advance(1)
        app.tick_clock()
        await settle(pilot)
        assert "objections" not in roles(app)
        assert said(app, "Decision 1 contested: Roll back 4512 (1 objection)") == 1
        app.tick_clock()
        await settle(pilot)
        await pilot.press("O")  # nothing open: says so
        assert said(app, "No decision is open to objections") == 1
    assert entries(service, "decision") == [
        "Decision 1: Roll back 4512 (options weighed: roll back | fail over)"
        " — objections within 1m",
        "Objection to decision 1 (Roll back 4512): fail over is faster",
        "Decision 1 contested: Roll back 4512 (1 objection)",
    ]


async def test_a_decision_and_an_objection_made_elsewhere_are_said_and_the_console_closes_it(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    app = WarroomApp("INC-42", service=IncidentService(service.store, clock, actor="bob"))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        service.ask_decision("INC-42", "Fail over to eu-west", window=30)  # alice, elsewhere
        await wait_until(pilot, lambda: said(app, "any strong objections? O objects") == 1)
        assert said(app, "alice: Fail over to eu-west") == 1
        service.object_to("INC-42", 1, "eu-west is cold")
        await wait_until(pilot, lambda: said(app, "alice objects: eu-west is cold") == 1)
        clock.advance(30)
        app.tick_clock()
        await settle(pilot)
        await wait_until(
            pilot,
            lambda: said(app, "Decision 1 contested: Fail over to eu-west (1 objection)") == 1,
        )
    assert entries(service, "decision")[-1] == (
        "Decision 1 contested: Fail over to eu-west (1 objection)"
    )
    assert service.state("INC-42").timeline[-1].actor == "bob"  # closed by the console seeing it


async def test_the_new_holder_is_shown_the_briefing_and_B_writes_one_from_now(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    service.give_task("INC-42", "check replica lag", "bob", 300)
    app = WarroomApp("INC-42", service=IncidentService(service.store, clock, actor="dana"))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        clock.advance(120)
        service.assign_role("INC-42", "ic", "dana")  # alice hands over to dana
        await wait_until(pilot, lambda: "Briefing for" in screen_text(app))
        text = screen_text(app)
        assert "Briefing for dana, Incident Commander (handed over from alice)" in text
        assert "1 bob: check replica lag — 03:00 left" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BriefingScreen)
        assert "Incident Commander dana 0s" in roles(app)
        await pilot.press("B")
        await wait_until(pilot, lambda: "Briefing from the live state" in screen_text(app))
        assert "Open tasks:" in screen_text(app)


async def test_a_console_opened_soon_after_the_hand_over_shows_the_briefing(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service)
    service.assign_role("INC-42", "ic", "dana")  # dana has no console open yet
    clock.advance(minutes=10)
    dana = IncidentService(service.store, clock, actor="dana")
    app = WarroomApp("INC-42", service=dana)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "Briefing for dana" in screen_text(app))
    clock.advance(minutes=6)  # past 15 minutes: the briefing is old news (B writes one)
    app = WarroomApp("INC-42", service=dana)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, BriefingScreen)


async def test_time_in_role_suggests_a_hand_over_past_the_playbooks_time(
    service: IncidentService, clock: SimulatedClock
) -> None:
    declared(service, handover_after=3600.0)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        clock.advance(minutes=59)
        assert "Incident Commander alice 59m00s Technical Lead bob 59m00s" in roles(app)
        assert "hand over?" not in roles(app)
        clock.advance(minutes=2)
        assert "alice 1h01m over 1h: hand over? (a)" in roles(app)


async def test_the_ic_starting_an_action_is_offered_to_hand_it_to_the_technical_lead(
    service: IncidentService, tmp_path: Path
) -> None:
    declared(service)
    marker = tmp_path / "ran"
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, marker))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        await pilot.press("r", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HandOffScreen))
        text = screen_text(app)
        assert "You hold the Incident Commander role" in text
        assert "y: run it yourself · h: hand it to bob as a task" in text
        await pilot.press("h")
        await wait_until(pilot, lambda: "Who does it?" in screen_text(app))
        await pilot.press("enter", "enter")  # bob, the playbook's 5m
        await settle(pilot)
    assert not marker.exists()  # nothing ran
    [given] = entries(service, "task")
    assert given.startswith("Task 1 for bob: Run Roll back web: ") and given.endswith("(within 5m)")


@pytest.mark.parametrize("width", [160, 60])
async def test_the_ics_hand_off_prompt_is_shown_whole_at_any_width(
    service: IncidentService, tmp_path: Path, width: int
) -> None:
    declared(service)
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, tmp_path / "m"))
    async with app.run_test(size=(width, 45), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        await pilot.press("r", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HandOffScreen))
        await settle(pilot)
        # The dialog's rows without its border, read as one text: wrapped, nothing cut.
        rows = [m.group(1) for m in re.finditer(r"█([^█]*)█", screen_text(app))]
        text = " ".join(" ".join(rows).split())
        assert "the IC leads, others run the fixes." in text
        assert "h: hand it to bob as a task · n or escape: no" in text


async def test_the_playbook_can_turn_the_ics_hand_off_prompt_off(
    service: IncidentService, tmp_path: Path
) -> None:
    declared(service, ic_hands_off=False)
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, tmp_path / "m"))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        await pilot.press("r", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert not isinstance(app.screen, HandOffScreen)
        assert "Incident Commander role" not in screen_text(app)


async def test_every_command_key_is_in_the_palette(service: IncidentService) -> None:
    declared(service)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
    assert {
        "Task", "Task done or dropped", "Decide", "Object to a decision", "Briefing",
        "Switch to another open incident", "Find in the timeline", "Filter the timeline",
    } <= titles  # fmt: skip
