"""Lengths in the console: a prompt takes no more than its field may hold, and text stored
past its length (by an older warroom) is shown cut, not wrapped whole at every repaint."""

from __future__ import annotations

from textual.widgets import Input

from tests.helpers.console import opened, settle
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.widgets.incident_bar import IncidentBar

NAME, NOTE = 100, 10_000  # warroom.core.limits: a name, a note


async def test_prompts_hold_no_more_than_their_field(service: IncidentService) -> None:
    service.open_or_declare("INC-42", title="Checkout down")
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(Input).max_length == NOTE
        await pilot.press("escape", "a", "enter")  # the first role: who holds it?
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.max_length == NAME
        field.value = ""
        field.insert_text_at_cursor("m" * (NAME + 50))  # a paste longer than a name
        await pilot.pause()
        assert len(field.value) <= NAME


async def test_a_huge_stored_title_and_note_are_shown_cut(service: IncidentService) -> None:
    service.open_or_declare("INC-42", title="Checkout down")
    service.add_note("INC-42", "short note")
    with service.store.write() as tx:  # as an older warroom let them in
        tx.run("UPDATE incident SET title = ?", "T" * 2_000_000)
        tx.run("UPDATE timeline_entry SET text = ? WHERE kind = 'note'", "N" * 2_000_000)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        shown = app.query_one(IncidentBar).render().plain
        assert "T" * 199 + "…" in shown and len(shown) < 400
        timeline = app.screen.query_one("TimelinePane")
        assert timeline.virtual_size.height < 1000, timeline.virtual_size
