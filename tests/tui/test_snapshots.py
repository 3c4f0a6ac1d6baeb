"""The console's layout at a full terminal (160x45) and a tmux side-pane (60x40)."""

from __future__ import annotations

import pytest

from tests.helpers.board import two_incidents
from tests.helpers.console import opened, wait_until
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp


def busy_incident(service: IncidentService, clock: SimulatedClock) -> None:
    """INC-42 twelve minutes in: roles, ticks, notes with bracketed text, some items overdue."""
    service.open_or_declare("INC-42", title="Checkout returns 500s for [EU] customers")
    service.set_severity("INC-42", "SEV-1")
    clock.advance(minutes=1, seconds=10)
    service.assign_role("INC-42", "ic", "alice")
    service.assign_role("INC-42", "tech", "bob")
    items = service.state("INC-42").items
    for item in items[:3]:
        clock.advance(seconds=40)
        service.tick("INC-42", item.id)
    clock.advance(minutes=2)
    service.add_note("INC-42", "error rate 38% on checkout-api since deploy [v1.4.3]")
    service.set_status("INC-42", "identified")
    clock.advance(minutes=3)
    service.add_note("INC-42", "rolling back web to v1.4.2; see [bold] runbook §3")
    service.set_status("INC-42", "mitigating")
    clock.advance(minutes=4, seconds=4)


async def _ready(pilot) -> None:
    """Opened, and the timeline scrolled to its newest entry (it scrolls once the layout has
    counted its lines: a snapshot taken before would catch it on the way)."""
    from warroom.tui.widgets.timeline import TimelinePane

    await opened(pilot)
    await pilot.pause()
    for pane in pilot.app.query(TimelinePane):
        # At the end, and nothing about its size or scroll moving for a while: the lines are
        # counted again after a layout at a new width, which a loaded machine makes late.
        seen: list[tuple[object, ...]] = []

        def settled(pane: TimelinePane = pane, seen: list[tuple[object, ...]] = seen) -> bool:
            seen.append((pane.scroll_y, pane.max_scroll_y, pane.virtual_size, pane.size))
            recent = seen[-10:]
            return (
                len(recent) == 10
                and all(r == recent[0] for r in recent)
                and pane.scroll_y >= pane.max_scroll_y
            )

        await wait_until(pilot, settled, 10)
    await pilot.pause()


@pytest.mark.parametrize(
    "size",
    [(160, 45), (120, 36), (60, 40), (50, 30)],
    ids=["wide-160x45", "medium-120x36", "side-pane-60x40", "side-pane-50x30"],
)
def test_console_layout(snap_compare, service: IncidentService, clock, size) -> None:
    busy_incident(service, clock)
    app = WarroomApp("INC-42", service=service)
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("theme", ["warroom-dark", "warroom-light", "warroom-high-contrast"])
def test_themes(snap_compare, service: IncidentService, clock, theme: str) -> None:
    busy_incident(service, clock)
    app = WarroomApp("INC-42", service=service, theme=theme)
    assert snap_compare(app, terminal_size=(160, 45), run_before=_ready)


@pytest.mark.parametrize("size", [(160, 45), (60, 40)], ids=["wide-160x45", "side-pane-60x40"])
def test_help_lists_the_keys(snap_compare, service: IncidentService, clock, size) -> None:
    """warroom's keys by group, in a dialog over the panes (none squeezed)."""
    busy_incident(service, clock)
    app = WarroomApp("INC-42", service=service)
    assert snap_compare(app, terminal_size=size, run_before=_ready, press=["question_mark"])


def test_postmortem_preview(snap_compare, service: IncidentService, clock) -> None:
    busy_incident(service, clock)
    app = WarroomApp("INC-42", service=service)
    assert snap_compare(app, terminal_size=(160, 45), run_before=_ready, press=["p"])


@pytest.mark.parametrize(
    "size",
    [(160, 45), (60, 50), (60, 40)],
    ids=["wide-160x45", "side-pane-60x50", "short-side-pane-60x40"],
)
def test_roles_pane_with_tasks_and_a_decision(
    snap_compare, service: IncidentService, clock, size
) -> None:
    """Open tasks counting down (one overdue) and a decision open to objections; a short
    side pane sums them up in its one line of roles."""
    busy_incident(service, clock)
    service.give_task("INC-42", "check replica lag on [db-2]", "bob", 120)
    clock.advance(minutes=1)
    service.give_task("INC-42", "drain eu-west", "carol", 600)
    service.ask_decision("INC-42", "Roll back deploy 4512", ["roll back", "fail over"], 300)
    clock.advance(minutes=1, seconds=30)
    app = WarroomApp("INC-42", service=service)
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", [(160, 20), (60, 20)], ids=["wide-160x20", "side-pane-60x20"])
def test_board(snap_compare, service: IncidentService, clock, size: tuple[int, int]) -> None:
    """The open incidents, worst first: an overdue task, a check down, no IC yet (the resolved
    one not among them)."""
    from warroom.tui.board import BoardApp

    two_incidents(service, clock)

    async def ready(pilot) -> None:
        from tests.helpers.console import screen_text

        await wait_until(pilot, lambda: "INC-41" in screen_text(pilot.app))

    assert snap_compare(BoardApp(service=service), terminal_size=size, run_before=ready)
