"""Replay in the console (R) and on its own (warroom replay): ← → step through the entries, a
typed time jumps, the panes read as they did then, and no key writes anything."""

from __future__ import annotations

from tests.helpers.console import opened, plain, screen_text, settle, wait_until
from tests.helpers.replay import build
from warroom.core.replay import Replay
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.replay import ReplayApp
from warroom.tui.screens.prompts import PromptScreen
from warroom.tui.screens.replay import ReplayScreen
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.roles import RolesPane
from warroom.tui.widgets.severity import SeverityPane


def shown(screen: ReplayScreen, pane: type) -> str:
    return plain(screen.query_one(pane).render())


async def test_R_opens_the_board_as_it_stood_and_writes_nothing(
    service: IncidentService, clock
) -> None:
    recorded = build(service, clock)
    entries = recorded[-1].entry_count
    async with WarroomApp("INC-42", service=service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.index == entries - 1  # opens at the newest
        assert "RESOLVED" in shown(screen, SeverityPane)
        # Back to just after the hand-over: bob leads, SEV-1, still investigating.
        handover = next(n for n, e in enumerate(screen.replay.entries) if "handed over" in e.text)
        await pilot.press(*["left"] * (entries - 1 - handover))
        assert screen.index == handover
        assert "Incident Commander   bob" in shown(screen, RolesPane)
        assert "INVESTIGATING" in shown(screen, SeverityPane)
        assert "SEV-1" in shown(screen, SeverityPane)
        assert "web" in shown(screen, HealthPane) and "DOWN" in shown(screen, HealthPane)
        assert f"entry {handover + 1}/{entries}" in screen_text(app)
        # The console's keys do nothing here: no note, no severity, no tick.
        await pilot.press("n", "s", "a", "space", "u", "e", "C")
        await settle(pilot)
        assert app.screen is screen
        assert service.state("INC-42").entry_count == entries
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReplayScreen))


async def test_a_typed_time_jumps_to_the_entry_written_last_by_then(
    service: IncidentService, clock
) -> None:
    recorded = build(service, clock)
    replay = Replay(service.state("INC-42"))
    async with ReplayApp(replay, 0).run_test(size=(160, 45)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen))
        screen = pilot.app.screen
        assert isinstance(screen, ReplayScreen) and screen.index == 0
        assert "Incident Commander   — unassigned" in shown(screen, RolesPane)
        assert "no health change recorded yet" in shown(screen, HealthPane)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"T+00:01:10", "enter")  # the 4th step was at T+00:01:00
        await wait_until(pilot, lambda: pilot.app.screen is screen)
        assert screen.moment is not None and screen.moment.state == recorded[3]
        await pilot.press("right")
        assert screen.moment.state == recorded[4]
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"soon", "enter")
        await wait_until(pilot, lambda: pilot.app.screen is screen)
        assert screen.moment.state == recorded[4]  # a time it cannot read moves nothing
        await pilot.press("q")
        await wait_until(pilot, lambda: not pilot.app.is_running)


async def test_replay_fits_a_side_pane(service: IncidentService, clock) -> None:
    build(service, clock)
    replay = Replay(service.state("INC-42"))
    async with ReplayApp(replay).run_test(size=(60, 45)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen))
        await pilot.pause()
        text = screen_text(pilot.app)
        # 20 entries: the hand-over to bob writes a briefing beside the role entry.
        for words in ("REPLAY", "RESOLVED", "Incident Commander   bob", "Timeline · 20"):
            assert words in text, words


async def test_replay_names_no_key_that_does_nothing_there(service: IncidentService, clock) -> None:
    service.declare("Checkout down", "SEV-1", incident_id="INC-7")
    clock.advance(minutes=40)  # no update sent: overdue
    service.add_note("INC-7", "still looking")
    replay = Replay(service.state("INC-7"))
    async with ReplayApp(replay).run_test(size=(160, 45)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen))
        await wait_until(pilot, lambda: "OVERDUE" in shown(pilot.app.screen, SeverityPane))
        said = shown(pilot.app.screen, SeverityPane)
        # Was "UPDATE OVERDUE …  press u": u posts nothing in a read-only replay.
        assert "UPDATE OVERDUE" in said and "press" not in said, said
