"""Corrections from the keyboard: a new title (T, or the palette), a corrected note (C on it in
the timeline), and a question before unticking what ticked itself. Each is a new entry."""

from __future__ import annotations

from textual.widgets import Input

from tests.helpers.apps import timeline_words
from tests.helpers.console import opened, settle, toasts, wait_until
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.screens.prompts import PromptScreen
from warroom.tui.widgets.checklist import ChecklistList
from warroom.tui.widgets.incident_bar import IncidentBar
from warroom.tui.widgets.timeline import TimelinePane


def console(service: IncidentService, **kwargs: object) -> WarroomApp:
    return WarroomApp("INC-42", service=service, **kwargs)  # type: ignore[arg-type]


async def test_T_retitles_from_a_prompt_holding_the_title(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one(Input).value == "Untitled incident"
        await pilot.press("ctrl+u", *"Checkout returns 500s", "enter")
        await settle(pilot)
        assert "Checkout returns 500s" in str(app.query_one(IncidentBar).render())
        assert "Title: Untitled incident → Checkout returns 500s" in timeline_words(app)
    state = service.state("INC-42")
    assert state.incident.title == "Checkout returns 500s"
    assert state.timeline[-1].data["from"] == "Untitled incident"


async def test_retitle_is_in_the_command_palette(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Retitle the incident" in commands
        await commands["Retitle the incident"].callback()
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))


async def test_opening_with_a_new_title_retitles_with_an_entry(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    async with console(service, title="Checkout returns 500s").run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        assert app.state is not None and app.state.incident.title == "Checkout returns 500s"
    assert [e.kind for e in service.state("INC-42").timeline] == ["declared", "title"]


async def test_C_on_a_note_in_the_timeline_corrects_it(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.open_or_declare("INC-42")
    clock.advance(minutes=4, seconds=30)
    wrong = service.add_note("INC-42", "error rate 38% since deploy [v1.4.3]")
    clock.advance(minutes=1)
    service.set_status("INC-42", "identified")
    async with console(service).run_test(size=(160, 45), notifications=True) as pilot:
        app = await opened(pilot)
        pane = app.query_one(TimelinePane)
        await pilot.press("tab")
        assert app.focused is pane
        await pilot.press("k")  # the newest entry: the status change
        assert pane.selected is not None and pane.selected.kind == "status"
        await pilot.press("C")  # not a note: said, and nothing asked
        await wait_until(pilot, lambda: any("Only notes" in t for t in toasts(app)))
        assert not isinstance(app.screen, PromptScreen)
        await pilot.press("k")
        assert pane.selected is not None and pane.selected.id == wrong.id
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one(Input).value == "error rate 38% since deploy [v1.4.3]"
        await pilot.press("ctrl+u", *"error rate 3.8% since deploy [v1.4.3]", "enter")
        await settle(pilot)
        text = timeline_words(app)
        assert "error rate 38% since deploy [v1.4.3] (corrected at T+00:05:30)" in text
        assert "Correction of T+00:04:30 note: error rate 3.8% since deploy [v1.4.3]" in text
    last = service.state("INC-42").timeline[-1]
    assert last.data == {"corrects": wrong.id} and last.kind == "note"


async def test_unticking_what_ticked_itself_asks_first(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    service.assign_role("INC-42", "ic", "alice")  # ticks "Incident Commander assigned"
    auto = next(i for i in service.state("INC-42").items if i.done)
    manual = service.state("INC-42").items[0]
    service.tick("INC-42", manual.id)
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        olist = app.query_one(ChecklistList)
        olist.highlighted = olist.get_option_index(f"item-{auto.id}")
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        shown = str(app.screen.details)
        assert "Ticked automatically because Incident Commander is alice." in shown
        await pilot.press("n")
        await settle(pilot)
        assert next(i for i in app.state.items if i.id == auto.id).done  # kept
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot)
        assert not next(i for i in app.state.items if i.id == auto.id).done
        olist.highlighted = olist.get_option_index(f"item-{manual.id}")
        await pilot.press("space")  # ticked by hand: unticked at once
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
    items = {i.id: i for i in service.state("INC-42").items}
    assert not items[auto.id].done and not items[manual.id].done
