"""Key presses in the console, saved the moment they are made, on a real SQLite file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.helpers.apps import console, timeline_text
from tests.helpers.console import opened, plain, screen_text, settle, wait_until
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.widgets.checklist import ChecklistList


async def test_open_declares_a_missing_incident(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        assert app.state is not None and app.state.incident.id == "INC-42"
    assert [e.kind for e in service.state("INC-42").timeline] == ["declared"]


async def test_space_ticks_with_the_keyboard_and_survives_a_restart(
    db_path: Path, clock: SimulatedClock
) -> None:
    first = IncidentService(Store(db_path), clock=clock, actor="alice")
    async with console(first).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        # tick 1st, tick 2nd, tick 4th, back up and untick the 2nd
        await pilot.press("space", "j", "space", "j", "down", "space", "k", "k", "space")
        await settle(pilot)
    items = first.state("INC-42").items
    assert [i.done for i in items[:4]] == [True, False, False, True]

    # A new process would open a new store on the same file.
    again = IncidentService(Store(db_path), clock=clock, actor="bob")
    async with console(again).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        assert app.state is not None
        assert [i.done for i in app.state.items[:4]] == [True, False, False, True]
        await pilot.press("space")  # the cursor starts on the first item: untick it
        await settle(pilot)
    assert not again.state("INC-42").items[0].done


async def test_note_severity_status_and_role_from_the_keyboard(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("n")
        await pilot.press(*"rolled back web")
        await pilot.press("enter")
        await pilot.press("s", "home", "enter")  # SEV-1 is first
        await pilot.press("t", "down", "down", "enter")  # investigating → mitigating
        await pilot.press("a", "enter")  # Incident Commander, prefilled with the responder
        await pilot.press("enter")
        await pilot.press("a", "down", "enter")  # Technical Lead
        await pilot.press(*"carol", "enter")
        await settle(pilot)
    state = service.state("INC-42")
    assert state.incident.severity == "SEV-1"
    assert state.incident.status == "mitigating"
    assert state.roles["ic"] is not None and state.roles["ic"].holder == "alice"
    assert state.roles["tech"] is not None and state.roles["tech"].holder == "carol"
    assert [e.kind for e in state.timeline] == [
        "declared",
        "note",
        "severity",
        "status",
        "role",
        "checklist",  # "Incident Commander assigned" ticked itself
        "role",
    ]
    assert state.timeline[1].text == "rolled back web"


async def test_enter_on_an_empty_note_keeps_the_prompt_and_says_why(
    service: IncidentService,
) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("n", "enter")
        await settle(pilot)
        assert "Nothing to save yet: type it, or escape to cancel" in screen_text(pilot.app)
        await pilot.press(*"db primary failed over", "enter")
        await settle(pilot)
    assert [e.text for e in service.state("INC-42").timeline if e.kind == "note"] == [
        "db primary failed over"
    ]


async def test_escape_backs_out_and_changes_nothing(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("n", *"half a thought", "escape")
        await pilot.press("s", "escape", "t", "escape", "a", "escape")
        await settle(pilot)
        assert not pilot.app.screen.query(Input)
    assert [e.kind for e in service.state("INC-42").timeline] == ["declared"]


async def test_user_text_is_shown_literally(service: IncidentService) -> None:
    service.open_or_declare("INC-42", title="[bold]Checkout[/bold] down")
    service.add_note("INC-42", "[x] verify [bold] flag [/]")
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        timeline = timeline_text(app)
        assert "[x] verify [bold] flag [/]" in timeline
        assert "[bold]Checkout[/bold] down" in timeline


async def test_another_process_change_shows_within_a_second(db_path: Path, clock) -> None:
    mine = IncidentService(Store(db_path), clock=clock, actor="alice")
    theirs = IncidentService(Store(db_path), clock=clock, actor="bob")
    async with console(mine).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        item = theirs.state("INC-42").items[5]
        started = time.monotonic()
        theirs.tick("INC-42", item.id)
        theirs.add_note("INC-42", "from the other pane")
        await wait_until(
            pilot, lambda: app.state is not None and app.state.timeline[-1].actor == "bob", 3
        )
        assert time.monotonic() - started < 1.0
        assert app.state is not None
        assert next(i for i in app.state.items if i.id == item.id).done


async def test_overdue_items_are_marked_as_the_clock_moves(service: IncidentService, clock) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        checklist = app.query_one("#checklist")
        assert "overdue" not in str(checklist.border_title)
        clock.advance(minutes=6)
        app.tick_clock()
        await pilot.pause()
        assert "· 6 overdue" in str(checklist.border_title)
        first = app.query_one(ChecklistList).get_option_at_index(1)
        assert "OVERDUE" in plain(first.prompt)


async def test_once_resolved_items_left_undone_never_turn_overdue(
    service: IncidentService, clock
) -> None:
    service.declare("Checkout 500s", "SEV-1", incident_id="INC-42")
    clock.advance(115)
    service.set_status("INC-42", "resolved")  # at T+1m55s, nothing ticked
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        clock.advance(hours=13)  # past every due time but the postmortem's
        app.tick_clock()
        await pilot.pause()
        checklist = app.query_one("#checklist")
        # Was "Checklist · 0/33 · 16 overdue" and "OVERDUE T+2m" on the first item.
        assert str(checklist.border_title) == "Checklist · 0/33 · 1 overdue"
        first = plain(app.query_one(ChecklistList).get_option_at_index(1).prompt)
        assert "IC · left undone" in first and "OVERDUE" not in first
        prompts = [plain(o.prompt).strip() for o in app.query_one(ChecklistList).options]
        assert [p for p in prompts if "OVERDUE" in p] == [
            "! Timeline documented  Scribe · OVERDUE T+12h"
        ]
        severity = plain(app.query_one("#severity").render())
        assert "Next Timeline documented (overdue)" in severity


async def test_bad_database_exits_with_its_reason(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    app = WarroomApp("INC-42", junk)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.error is not None)
    assert app.error is not None and "is not a SQLite database" in str(app.error), app.error
    assert junk.read_text() == "not a database"


async def test_every_key_is_in_the_command_palette(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Tick/untick", "Note", "Severity", "Status", "Assign role"} <= titles
        # Each says its key as the footer and `?` do (was "key: slash", "key: space").
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Find in the timeline"] == "key: /"
        assert helps["Keys"] == "key: ? · every key of the console, by pane"
        assert "slash" not in str(helps) and "question_mark" not in str(helps)


async def test_an_imported_runbook_drives_the_console(service: IncidentService) -> None:
    from pathlib import Path

    from warroom.core.playbook import from_data
    from warroom.runbooks.importer import import_runbook
    from warroom.tui.widgets.roles import RolesPane
    from warroom.tui.widgets.severity import SeverityPane

    runbook = Path(__file__).parent.parent / "data" / "runbooks" / "launch-incident-playbook.md"
    playbook = from_data(import_runbook(runbook.read_text(), "launch").playbook)
    service.declare("DB pool exhausted", "P1", playbook=playbook, incident_id="INC-42")
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        assert plain(app.query_one(SeverityPane).render()).startswith(" P1  ▲▲▲ Critical")
        roles = plain(app.query_one(RolesPane).render())
        assert "SRE" in roles and "Support" in roles
        items = app.query_one(ChecklistList)
        prompts = [plain(items.get_option_at_index(n).prompt) for n in range(items.option_count)]
        detection = next(n for n, p in enumerate(prompts) if p.startswith("Detection"))
        assert "Check Grafana dashboard" in prompts[detection + 1]
        assert not any("Tools & Access" in p for p in prompts)  # what a team has: no phase
        await pilot.press("s", "end", "enter")  # the runbook's own scale: P4 is last
        await settle(pilot)
    assert service.state("INC-42").incident.severity == "P4"


async def test_a_playbook_that_borrows_its_levels_opens_with_them(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`warroom open INC-1 --playbook ops` on an import of a runbook with no severity scale:
    the default's levels, borrowed when the file is loaded, drive the console."""
    from warroom.runbooks.importer import import_runbook, playbook_toml
    from warroom.tui.widgets.severity import SeverityPane

    runbook = Path(__file__).parent.parent / "data" / "runbooks" / "operational-runbooks.md"
    report = import_runbook(runbook.read_text(encoding="utf-8"), "ops", runbook.name)
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "ops.toml").write_text(playbook_toml(report), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = WarroomApp("INC-1", db_path, playbook="ops")
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        assert app.state is not None
        assert app.state.playbook.borrowed == ("severities",)
        assert [s.name for s in app.state.playbook.severities][:2] == ["SEV-1", "SEV-2"]
        assert "SEV-2" in plain(app.query_one(SeverityPane).render())
        assert "Product Manager" in plain(app.query_one("#roles").render())  # the runbook's own


async def test_resolving_asks_first_with_what_is_still_open(service: IncidentService) -> None:
    from warroom.tui.screens.confirm import ConfirmScreen

    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("space")  # one item done
        await settle(pilot)
        await pilot.press("t", "end", "enter")  # resolved is the last status
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        said = plain(pilot.app.screen.details)
        # What is true now, not a fixed reminder list.
        assert "no health checks here: nothing confirms the service is back" in said
        assert "32 of 33 checklist items left undone:" in said
        assert "Severity assessed and confirmed" in said and "… and 28 more" in said
        assert "Confirm the alert source" not in said  # done
        await pilot.press("n")
        await settle(pilot)
        assert service.state("INC-42").incident.status == "investigating"
        await pilot.press("t", "end", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot)
    incident = service.state("INC-42").incident
    assert incident.status == "resolved" and incident.resolved_at is not None


@pytest.mark.parametrize("size", [(160, 45), (60, 40)])
async def test_the_resolve_question_says_what_is_true_once_as_it_changes(
    service: IncidentService, size: tuple[int, int]
) -> None:
    """The question is read again each second: its text is replaced, once, under its title
    (never written over the title, leaving the first reading below it)."""
    from tests.helpers.console import screen_text
    from warroom.tui.screens.confirm import ConfirmScreen

    async with console(service).run_test(size=size) as pilot:
        await opened(pilot)
        await pilot.press("t", "end", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        items = service.state("INC-42").items
        service.tick("INC-42", items[0].id)  # done meanwhile, from another console
        await wait_until(pilot, lambda: "32 of 33 checklist items" in screen_text(pilot.app))
        # Read again once more now (its timer reads it each second), and shown.
        pilot.app.screen._refresh()
        await pilot.pause()
        shown = screen_text(pilot.app)
        assert shown.count("Resolve the incident?") == 1, shown
        assert shown.count("Now:") == 1, shown
        assert "33 of 33" not in shown, shown
        await pilot.press("n")


async def test_enter_on_a_checklist_item_shows_its_detail_and_copies_the_command(
    service: IncidentService,
) -> None:
    from pathlib import Path

    from tests.helpers.console import screen_text, wait_until
    from warroom.core.playbook import from_data
    from warroom.runbooks.importer import import_runbook
    from warroom.tui.screens.item_detail import ItemDetailScreen

    runbook = Path(__file__).parent.parent / "data" / "runbooks" / "launch-incident-playbook.md"
    playbook = from_data(import_runbook(runbook.read_text(), "launch").playbook)
    service.declare("DB pool exhausted", "P1", playbook=playbook, incident_id="INC-42")
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        items = app.query_one(ChecklistList)
        prompts = [plain(items.get_option_at_index(n).prompt) for n in range(items.option_count)]
        items.focus()
        items.highlighted = next(n for n, p in enumerate(prompts) if "Possible actions" in p)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemDetailScreen))
        shown = screen_text(app)
        assert "Possible actions (in priority order)" in shown
        # The runbook's text as written: "[commit-hash]"-like text is not markup.
        assert "git revert <commit-hash>" in shown and "docker compose restart app" in shown
        await pilot.press("c")
        await pilot.pause()
        assert "docker compose restart app" in app.clipboard
        assert "# If accounting reports" not in app.clipboard  # comments are not the command
        await pilot.press("3")  # one option's commands: "Restart service (if hang/memory leak)"
        await pilot.pause()
        assert app.clipboard == "docker compose restart app"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemDetailScreen))
    state = service.state("INC-42")
    assert not any(i.done for i in state.items)  # enter shows, it never ticks
