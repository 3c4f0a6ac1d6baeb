"""Finding in the timeline: `/` selects the next older entry holding the words, F narrows
what it shows (notes only, decisions and tasks only, without health and alerts), and g/G
reach the oldest and newest from any pane."""

from __future__ import annotations

from tests.helpers.apps import timeline_text
from tests.helpers.console import opened, settle, toasts, wait_until
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.prompts import PickScreen, PromptScreen
from warroom.tui.widgets.checklist import ChecklistList
from warroom.tui.widgets.timeline import TimelinePane


def busy(service: IncidentService, clock: SimulatedClock) -> None:
    service.declare("Checkout down", incident_id="INC-42")
    service.add_note("INC-42", "replica lag 40s on db-2")
    clock.advance(30)
    service.record_health("INC-42", "api", "DOWN", "api DOWN: HTTP 500")
    service.give_task("INC-42", "check replica lag", "bob", 300)
    service.ask_decision("INC-42", "Fail over db-2", window=600)
    service.add_note("INC-42", "Replica LAG back to 2s")
    for n in range(30):
        service.add_note("INC-42", f"filler {n}")


async def test_slash_finds_older_entries_one_after_another(
    service: IncidentService, clock: SimulatedClock
) -> None:
    busy(service, clock)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        timeline = app.query_one(TimelinePane)
        assert app.focused is app.query_one(ChecklistList)  # from any pane
        await pilot.press("slash", *"replica lag", "enter")
        await settle(pilot)
        assert app.focused is timeline
        assert timeline.selected is not None and timeline.selected.text == "Replica LAG back to 2s"
        assert not timeline.following  # reading back
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("enter")  # the same words, offered again: the next older one
        await settle(pilot)
        assert timeline.selected.text == "Task 1 for bob: check replica lag (within 5m)"
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert timeline.selected.text == "replica lag 40s on db-2"
        await pilot.press("slash", "ctrl+u", *"nowhere", "enter")
        await settle(pilot)
        assert any("Not found: nowhere" in t for t in toasts(app))


async def test_F_narrows_the_timeline_and_g_G_work_from_the_checklist(
    service: IncidentService, clock: SimulatedClock
) -> None:
    busy(service, clock)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        timeline = app.query_one(TimelinePane)
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("j", "j", "enter")  # decisions and tasks only
        await settle(pilot)
        text = timeline_text(app)
        assert "Task 1 for bob" in text and "Decision 1: Fail over db-2" in text
        assert "filler" not in text and "api DOWN" not in text
        assert "decisions and tasks only (F)" in str(timeline.border_title)
        await pilot.press("F", "j", "enter")  # without health and alerts
        await settle(pilot)
        text = timeline_text(app)
        assert "api DOWN" not in text and "filler 29" in text and "Task 1 for bob" in text
        await pilot.press("F", "k", "k", "enter")  # notes only
        await settle(pilot)
        text = timeline_text(app)
        assert "replica lag 40s" in text and "Task 1" not in text and "Declared" not in text
        # g from the checklist: the oldest entry shown (a note: the declaration is hidden).
        app.query_one(ChecklistList).focus()
        await pilot.press("g")
        await settle(pilot)
        assert app.focused is timeline and timeline.selected.text == "replica lag 40s on db-2"
        await pilot.press("k")  # nothing older is shown: stays
        assert timeline.selected.text == "replica lag 40s on db-2"
        await pilot.press("j")  # hidden entries are passed over
        assert timeline.selected.text == "Replica LAG back to 2s"
        app.query_one(ChecklistList).focus()
        await pilot.press("G")
        await settle(pilot)
        assert timeline.following
        await pilot.press("F", "k", "enter")  # every entry again (the pick starts at notes)
        await settle(pilot)
        assert "api DOWN" in timeline_text(app) and "Declared" in timeline_text(app)
        assert str(timeline.border_title) == "Timeline · 36"


async def test_the_find_prompt_says_enter_searches_not_saves(
    service: IncidentService, clock: SimulatedClock
) -> None:
    from textual.widgets import Label

    busy(service, clock)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        hint = str(app.screen.query_one(".dialog-hint", Label).render())
        # Was "enter to save · escape to cancel": a search saves nothing.
        assert hint == "enter to search · escape to cancel"
