"""`warroom board`: the open incidents, live, on a real database file and on PostgreSQL;
Enter opens one; the console's I switches to another open incident."""

from __future__ import annotations

from tests.helpers.board import two_incidents
from tests.helpers.console import opened, screen_text, settle, wait_until
from tests.helpers.pgserver import PostgresServer
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.board import BoardApp
from warroom.tui.screens.prompts import PickScreen


def lines(app: BoardApp) -> list[str]:
    return [" ".join(line.split()) for line in screen_text(app).splitlines()]


async def test_the_board_lists_open_incidents_worst_first_and_follows_changes(
    service: IncidentService, clock: SimulatedClock
) -> None:
    two_incidents(service, clock)
    app = BoardApp(service=service)
    async with app.run_test(size=(160, 20)) as pilot:
        await wait_until(pilot, lambda: "Checkout returns 500s for [EU]" in screen_text(app))
        shown = lines(app)
        assert "ID SEV T+ STATUS IC UPDATE TASKS CHECKS TITLE" in shown
        assert (
            "INC-42 SEV-1 T+00:02:00 investigating alice due 13:00 1 (1 OVERDUE) 1 down"
            " Checkout returns 500s for [EU]"
        ) in shown
        assert (
            "INC-41 SEV-3 T+00:05:00 investigating — none due 55:00 — — Search latency above 2s"
        ) in shown
        assert not any("INC-40" in line for line in shown)  # resolved: not on the board
        # Another responder's change shows up by itself (the file is polled).
        other = IncidentService(Store(service.store.url), clock=clock, actor="bob")
        other.assign_role("INC-41", "ic", "bob")
        other.finish_task("INC-42", 1)
        await wait_until(pilot, lambda: any("INC-41 SEV-3" in s and " bob " in s
                                            for s in lines(app)))  # fmt: skip
        assert any(s.startswith("INC-42 SEV-1") and " due 13:00 — 1 down" in s for s in lines(app))
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: app.chosen is not None)
    assert app.chosen == "INC-41"
    other.store.close()


async def test_the_board_hears_every_incident_on_postgresql(
    pg_server: PostgresServer, pg_url: str
) -> None:
    alice = IncidentService(Store(pg_url), actor="alice")
    alice.declare("Checkout down", incident_id="INC-42")
    app = BoardApp(pg_url)
    async with app.run_test(size=(160, 20)) as pilot:
        await wait_until(pilot, lambda: "1 open incident " in screen_text(app), 10)
        alice.declare("Search slow", "SEV-3", incident_id="INC-43")
        await wait_until(pilot, lambda: "2 open incidents" in screen_text(app), 5)
        alice.give_task("INC-43", "look at the search cluster", "bob", 300)
        await wait_until(pilot, lambda: any(s.startswith("INC-43") and " 1 " in s
                                            for s in lines(app)), 5)  # fmt: skip
        alice.set_status("INC-42", "resolved")
        await wait_until(pilot, lambda: "1 open incident " in screen_text(app), 5)
    alice.store.close()


async def test_I_switches_the_console_to_another_open_incident(
    service: IncidentService, clock: SimulatedClock
) -> None:
    two_incidents(service, clock)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("I")
        await wait_until(pilot, lambda: "Switch to an open incident" in screen_text(app))
        assert isinstance(app.screen, PickScreen)
        text = screen_text(app)
        assert "INC-41  SEV-3  T+00:05:00  investigating  Search latency above" in text
        assert "INC-40" not in text
        await pilot.press("enter")
        await settle(pilot)
    assert app.next_incident == "INC-41"


async def test_a_console_opened_from_the_board_goes_back_with_q(service: IncidentService) -> None:
    service.declare("Checkout down", incident_id="INC-42")
    app = WarroomApp("INC-42", service=service, from_board=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        assert "q back" in screen_text(app)
        await pilot.press("q")
    assert app.next_incident is None and app.return_code == 0


async def test_a_quit_drill_shows_its_own_stopped_clock_and_is_not_counted_open(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("Checkout returns 500s", "SEV-2", incident_id="INC-42")
    service.declare("Drill: replica lag", "SEV-2", incident_id="INC-7", drill=True)
    clock.advance(14)
    service.keep_drill_clock("INC-7", 1.0, "stopped")  # the drill's console was quit
    clock.advance(60)
    app = BoardApp(service=service)
    async with app.run_test(size=(160, 20)) as pilot:
        await wait_until(pilot, lambda: "Drill: replica lag" in screen_text(app))
        clock.advance(4)
        app.redraw()
        await pilot.pause()
        [drill] = [line for line in lines(app) if line.startswith("INC-7")]
        assert "T+00:00:14 investigating (drill stopped)" in drill
        assert any(line.startswith("INC-42 SEV-2 T+00:01:18 investigating") for line in lines(app))
        assert "1 open incident and 1 stopped drill" in screen_text(app)
