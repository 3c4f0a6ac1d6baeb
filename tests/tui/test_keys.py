"""No key is lost or reordered: typing into prompts while a drill runs, a prompt's text and
Enter arriving with the key that opens it, keys before the prompt is mounted, pastes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.apps import drill
from tests.helpers.console import opened, paste_at_once, send_at_once, settle, wait_until
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.compose import ComposeScreen
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.screens.prompts import PromptScreen

LETTERS = "abcdefghijklmnopqrstuvwxyzabcd"  # 30 letters
TYPED = [*LETTERS, *["backspace"] * 15, "X", "Y", "Z"]
EXPECTED = "abcdefghijklmnoXYZ"


def notes(service: IncidentService, incident: str) -> list[str]:
    return [e.text for e in service.state(incident).timeline if e.kind == "note"]


async def sent(pilot, count: int) -> None:
    """The composer's update saved (confirming the placeholders left in the template, if it
    asks), and the composer closed."""
    app = pilot.app
    service = app.sync.service

    def saved() -> bool:
        if isinstance(app.screen, ConfirmScreen):
            send_at_once(app, "y")
        return sum(e.kind == "update" for e in service.state(app.incident_id).timeline) >= count

    await wait_until(pilot, saved)
    await pilot.press("escape")  # the composer stays open to show the delivery: close it
    await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))


@pytest.mark.slow(7)
async def test_keys_keep_their_order_in_the_note_prompt_of_a_drill_at_20x(tmp_path: Path) -> None:
    app, service, incident = drill(tmp_path, speed=20)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        for trial in range(6):
            await pilot.press("n")
            await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
            send_at_once(app, *TYPED, "enter")
            await wait_until(pilot, lambda t=trial: len(notes(service, incident)) > t)
            await wait_until(pilot, lambda: not isinstance(app.screen, PromptScreen))
        await settle(pilot)
    assert notes(service, incident) == [EXPECTED] * 6


@pytest.mark.slow(12)
async def test_keys_keep_their_order_in_the_update_composer_of_a_drill_at_20x(
    tmp_path: Path,
) -> None:
    app, service, incident = drill(tmp_path, speed=20)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        for trial in range(4):
            await pilot.press("u", "enter")  # the first template
            await wait_until(pilot, lambda: isinstance(app.screen, ComposeScreen))
            await pilot.press("ctrl+a")  # TextArea: to the start of the line
            send_at_once(app, *TYPED, "enter", "ctrl+s")
            await sent(pilot, trial + 1)
        await settle(pilot)
    updates = [e.text for e in service.state(incident).timeline if e.kind == "update"]
    assert len(updates) == 4
    for text in updates:
        assert text.startswith(EXPECTED + "\n"), text[:40]


@pytest.mark.parametrize("trial", range(3))
async def test_a_note_its_text_and_enter_in_one_read_are_saved(
    service: IncidentService, trial: int
) -> None:
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        send_at_once(app, "n", *"same-read note", "enter")
        await wait_until(pilot, lambda: notes(service, "INC-42") != [])
        await settle(pilot)
        assert not isinstance(app.screen, PromptScreen)
    assert notes(service, "INC-42") == ["same-read note"]


async def test_keys_typed_before_the_incident_loads_fill_the_prompt(
    service: IncidentService,
) -> None:
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        send_at_once(app, "n", *"before the frame", "enter", "space")
        await opened(pilot)
        await wait_until(pilot, lambda: notes(service, "INC-42") != [])
        await wait_until(pilot, lambda: service.state("INC-42").items[0].done)
    assert notes(service, "INC-42") == ["before the frame"]


async def test_a_role_and_its_holder_in_one_read(service: IncidentService) -> None:
    """Picker, then a prompt opened by the picker's answer: the name typed behind the Enter
    goes into the prompt, not to the console's keys (a is assign, s is severity…)."""
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        send_at_once(app, "a", "enter", "ctrl+u", *"sasha", "enter")
        await wait_until(pilot, lambda: service.state("INC-42").roles["ic"] is not None)
        await settle(pilot)
        assert app.screen is app.console_screen
    state = service.state("INC-42")
    assert state.roles["ic"].holder == "sasha"
    assert state.incident.severity == "SEV-2"  # no stray s reached the console


async def test_a_paste_into_a_prompt_opened_in_the_same_read(service: IncidentService) -> None:
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        send_at_once(app, "n")
        paste_at_once(app, "pasted [bold]note[/bold]")
        send_at_once(app, "enter")
        await wait_until(pilot, lambda: notes(service, "INC-42") != [])
    assert notes(service, "INC-42") == ["pasted [bold]note[/bold]"]


async def test_a_paste_into_the_composer_keeps_every_line(service: IncidentService) -> None:
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        send_at_once(app, "u", "enter")
        send_at_once(app, "ctrl+a")
        paste_at_once(app, "first line\nsecond line\n")
        send_at_once(app, "ctrl+s")
        await sent(pilot, 1)
    [update] = [e.text for e in service.state("INC-42").timeline if e.kind == "update"]
    assert update.startswith("first line\nsecond line\n")
