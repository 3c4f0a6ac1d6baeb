"""What a new responder trips on in the first hour, each fixed and kept fixed: the checklist
follows what the console already knows, the drill says its speed, action keys have a home,
the words say what is true, and a side pane still shows who leads."""

from __future__ import annotations

from tests.tui.helpers import opened, plain, settle
from tests.tui.test_console import console
from warroom.service import IncidentService
from warroom.tui.widgets.checklist import ChecklistList


def item_done(service: IncidentService, text: str) -> bool:
    return next(i for i in service.state("INC-42").items if i.text.startswith(text)).done


async def test_the_checklist_ticks_what_the_console_already_knows(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("a", "enter", "enter")  # I am the Incident Commander
        await settle(pilot)
        await pilot.press("u", "enter", "ctrl+s")  # the initial alert goes out
        await settle(pilot)
        await pilot.press("t", "down", "down", "enter")  # status: mitigating
        await settle(pilot)
    assert item_done(service, "Incident Commander assigned")
    assert item_done(service, "Initial alert posted")
    assert not item_done(service, "Roles assigned")  # three roles are still open
    entries = [e.text for e in service.state("INC-42").timeline if e.kind == "checklist"]
    assert any("Incident Commander assigned (automatically: Incident Commander is" in t
               for t in entries)  # fmt: skip
    assert any("Initial alert posted" in t and "automatically: update initial_alert" in t
               for t in entries)  # fmt: skip


async def test_an_auto_tick_shows_at_once_in_the_checklist(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        await pilot.press("a", "enter", "enter")
        await settle(pilot)
        checklist = app.query_one(ChecklistList)
        prompts = [plain(checklist.get_option_at_index(n).prompt)
                   for n in range(checklist.option_count)]  # fmt: skip
        line = next(p for p in prompts if "Incident Commander assigned" in p)
        assert line.lstrip().startswith("✓") and "OVERDUE" not in line
