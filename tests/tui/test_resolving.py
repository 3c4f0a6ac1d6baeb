"""Resolving with the present in view, and a resolved incident that records no more: the
dialog shows what is down and undone now, the panes stop counting down, the health pane
stays live but says it is not recorded, and reopening records again. A real health server
on 127.0.0.1 and the console's own checking process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.console import opened, plain, settle, wait_until
from tests.helpers.health_server import HealthServer, running
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.resolve import ResolveScreen
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.roles import RolesPane
from warroom.tui.widgets.severity import SeverityPane

# Quick checks, and a timeout no busy machine reaches: the server answers from a thread of
# the test's own process, and an answer late by a loaded CPU would read "timeout", not the
# "status 503" the assertions name.
FAST = """
[defaults]
interval = "600ms"
timeout = "500ms"
retry_interval = "100ms"
fall = 2
rise = 1

[[endpoint]]
name = "checkout-api"
url = "{base}/switch"
"""


@pytest.fixture
def server():
    with running() as srv:
        yield srv


def health(app: WarroomApp) -> str:
    return plain(app.query_one(HealthPane).render(), width=100)


def health_entries(service: IncidentService) -> list[str]:
    return [e.text for e in service.state("INC-42").timeline if e.kind == "health"]


async def test_resolved_means_recorded_no_more_until_reopened(
    service: IncidentService, server: HealthServer, tmp_path: Path, clock
) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text(FAST.format(base=server.base))
    service.open_or_declare("INC-42")
    service.assign_role("INC-42", "ic", "alice")
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "checkout-api UP" in health_entries(service))
        server.behaviour.status = 503
        await wait_until(
            pilot, lambda: "checkout-api DOWN: status 503, 2 failures" in health_entries(service)
        )
        # The pane shows it too (the checks send their rows after the change they record):
        # the dialog is opened by a person who sees it down.
        await wait_until(pilot, lambda: "✖ DOWN" in health(app))
        clock.advance(minutes=62)
        app.tick_clock()
        assert "UPDATE OVERDUE" in plain(app.query_one(SeverityPane).render())
        # The dialog says what is true now, and follows it while open.
        await pilot.press("t", "end", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveScreen))
        said = plain(app.screen.details)
        assert "✖ 1 down: checkout-api (status 503)" in said
        # Ticked: "Incident Commander assigned" only: the first UP verified no recovery.
        assert "32 of 33 checklist items left undone, 14 overdue:" in said
        server.behaviour.status = 200
        await wait_until(pilot, lambda: "● the check is up" in plain(app.screen.details))
        assert "✖" not in plain(app.screen.details)
        resolved_at = clock.now()
        await pilot.press("y")
        await settle(pilot)
        # Nothing counts down any more: when it ended, and how long it took.
        clock.advance(minutes=30)
        app.tick_clock()
        severity = plain(app.query_one(SeverityPane).render())
        assert f"Resolved at {resolved_at:%H:%M}, after 1h02m" in severity
        assert "update due" not in severity.lower() and "OVERDUE" not in severity
        roles = plain(app.query_one(RolesPane).render())
        assert "Escalation none: resolved" in roles and "if unresolved" not in roles
        # Live, and said to be: the checks go on, the timeline takes nothing.
        pane = app.query_one(HealthPane)
        assert pane.border_title == "Health · 1 check · live · not recorded: resolved"
        await wait_until(pilot, lambda: "● UP" in health(app))
        recorded = health_entries(service)
        server.behaviour.status = 503
        await wait_until(pilot, lambda: "✖ DOWN" in health(app))
        assert pane.border_title == "Health · 1 DOWN · live · not recorded: resolved"
        await pilot.pause(0.5)  # more checks, still DOWN
        await settle(pilot)
        assert health_entries(service) == recorded
        # Reopened: recorded again, starting with what was confirmed meanwhile.
        await pilot.press("t", "home", "enter")
        await wait_until(pilot, lambda: health_entries(service)[-1:] == [
            "checkout-api DOWN: status 503 (as found on reopening)"],
            seen=lambda: (health_entries(service)[-3:], health(app)))  # fmt: skip
        assert "not recorded" not in pane.border_title
        server.behaviour.status = 200  # and its changes from then on (by now it flaps)
        await wait_until(pilot, lambda: health_entries(service)[-1].startswith(
            ("checkout-api UP after", "checkout-api flapping")),
            seen=lambda: (health_entries(service)[-3:], health(app)))  # fmt: skip


def test_the_resolve_question_lists_the_tasks_still_open(service: IncidentService, clock) -> None:
    from warroom.incident.closure import closure
    from warroom.tui.screens.resolve import describe

    service.open_or_declare("INC-42")
    service.give_task("INC-42", "check replica lag", "bob", 300)
    service.give_task("INC-42", "drain [eu-west]", "carol", 300)
    service.finish_task("INC-42", 1)
    service.give_task("INC-42", "page the DBA", "dan", 300)
    said = plain(describe(closure(service.state("INC-42"), None, clock.now()), lambda s: ""))
    assert "☐ 2 tasks still open (left open at resolution):" in said
    assert "2 carol: drain [eu-west]" in said and "3 dan: page the DBA" in said
    assert "check replica lag" not in said


async def test_the_resolve_question_waits_for_the_first_checks(
    service: IncidentService, clock
) -> None:
    """Checks started (the checking process sets the pane on before its first rows come): the
    question says it waits for them, not that there are none."""
    service.open_or_declare("INC-42")
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        app.console_screen.health_on = True  # as the checks' start does, before any view
        await pilot.press("t", "end", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResolveScreen))
        said = plain(app.screen.details)
        assert "· waiting for the first checks: nothing confirms the service is back yet" in said
        assert "no health checks" not in said
