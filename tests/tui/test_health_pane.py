"""Health checks in the console: a real server goes down, the pane and the timeline show it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers.console import opened, plain, settle, wait_until
from tests.helpers.health_server import HealthServer, running
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.incident_bar import IncidentBar

if TYPE_CHECKING:
    from warroom.checks.view import Sample

FAST = """
[defaults]
interval = "500ms"
timeout = "400ms"
retry_interval = "100ms"
fall = 2
rise = 1
"""


@pytest.fixture
def server():
    with running() as srv:
        yield srv


def write_config(path: Path, server: HealthServer, *names: str) -> Path:
    endpoints = "".join(
        f'\n[[endpoint]]\nname = "{name}"\ngroup = "shop"\nurl = "{server.base}/switch"\n'
        for name in names
    )
    path.write_text(FAST + endpoints)
    return path


def health_text(app: WarroomApp) -> str:
    return plain(app.query_one(HealthPane).render(), width=100)


async def side_pane_showing(service: IncidentService, rows: list[Sample], now: datetime) -> str:
    """What the health pane of a console in a 60x40 side pane reads once shown `rows`."""
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(60, 40)) as pilot:
        await opened(pilot)
        pane = app.query_one(HealthPane)
        pane.show(rows, now)
        return plain(pane.render(), width=60)


async def test_an_endpoint_going_down_shows_and_keys_still_answer(
    service: IncidentService, server: HealthServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "warroom.toml", server, "checkout-api")
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "● UP" in health_text(app))
        server.behaviour.status = 503
        await wait_until(pilot, lambda: "✖ DOWN" in health_text(app))
        assert "status 503" in health_text(app)
        await wait_until(
            pilot,
            lambda: any(
                "checkout-api DOWN: status 503, 2 failures" in e.text for e in app.state.timeline
            ),
        )
        await pilot.press("space")  # the keyboard still answers while checks run
        await settle(pilot)
        assert service.state("INC-42").items[0].done
        server.behaviour.status = 200
        await wait_until(pilot, lambda: "● UP" in health_text(app))
    texts = [e.text for e in service.state("INC-42").timeline if e.kind == "health"]
    assert texts[:2] == ["checkout-api UP", "checkout-api DOWN: status 503, 2 failures"]
    assert texts[2].startswith("checkout-api UP after ")


async def test_editing_the_config_adds_endpoints_and_a_broken_edit_keeps_the_last_good(
    service: IncidentService, server: HealthServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "warroom.toml", server, "one")
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "one" in health_text(app))
        write_config(config, server, "one", "two")
        await wait_until(pilot, lambda: "two" in health_text(app), timeout=10)
        config.write_text(config.read_text().replace('interval = "500ms"', 'interval = "soon"'))
        bar = app.query_one(IncidentBar)
        await wait_until(pilot, lambda: "interval" in bar.problem, timeout=10)
        assert bar.problem.startswith(f"{config}:3: defaults.interval: cannot read duration 'soon'")
        assert "still using the last good config" in bar.problem
        assert {"one", "two"} <= {s.name for s in app.health.samples}  # still checking both
        write_config(config, server, "two")
        await wait_until(pilot, lambda: "one" not in health_text(app), timeout=10)
        assert bar.problem == ""


async def test_a_broken_config_at_start_is_one_line_and_the_console_runs(
    service: IncidentService, tmp_path: Path
) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text('[[endpoint]]\nname = "x"\nurl = "not a url"\n')
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        bar = app.query_one(IncidentBar)
        await wait_until(pilot, lambda: bar.problem != "")
        assert (
            bar.problem
            == f"{config}:3: endpoint[0].url: 'not a url' is not an http:// or https:// URL with a host"
        )
        await pilot.press("space")
        await settle(pilot)
    assert service.state("INC-42").items[0].done


async def test_down_rows_stay_in_view_and_what_does_not_fit_is_counted(
    service: IncidentService,
) -> None:
    from warroom.checks.view import Sample, State

    now = service.clock.now()

    def row(name: str, group: str, state: State) -> Sample:
        reason = "connect refused by the far end after three tries" if state == "DOWN" else ""
        return Sample(name, group, state, now, reason, None, None, [], False)

    rows = [row(f"web-{n}", "web", State.UP) for n in range(5)]
    rows += [row(f"db-{n}", "db", State.DOWN) for n in range(4)]
    shown = await side_pane_showing(service, rows, now)
    lines = shown.splitlines()
    # Was: the UP rows first, the 4th DOWN row cut off the bottom with nothing said.
    # Every DOWN row kept, on one line each (the reason cut), the UP rows counted.
    assert all(f"db-{n}" in shown for n in range(4)), shown
    assert lines[-1] == "+5 more: 5 UP", shown
    assert len(lines) <= HealthPane.ROWS_NARROW, shown
    assert lines[-1].startswith("+") and "more" in lines[-1], shown
    # Never a group's header with no row under it.
    for n, line in enumerate(lines):
        if line.strip() in ("web", "db"):
            assert n + 1 < len(lines) and lines[n + 1].strip() not in ("web", "db", ""), shown


async def test_group_headers_give_way_to_down_rows(service: IncidentService) -> None:
    from warroom.checks.view import Sample, State

    now = service.clock.now()
    rows = [
        Sample(f"svc-{n}", f"group-{n}", State.DOWN, now, "connect", None, None, [], False)
        for n in range(5)
    ]
    shown = await side_pane_showing(service, rows, now)
    # Was: five headers and three rows, "+2 more: 2 DOWN", in the lines of a side pane.
    assert all(f"svc-{n}" in shown and f"group-{n}" in shown for n in range(5)), shown
    assert "more" not in shown, shown


async def test_a_row_starting_to_recover_does_not_shift_the_other_rows(
    service: IncidentService,
) -> None:
    from warroom.checks.view import Sample, State

    now = service.clock.now()

    def rows(successes: int) -> list[Sample]:
        return [
            Sample("checkout", "shop", State.DOWN, now, "status 503", 503, None, [], False,
                   successes=successes, rise=2),
            Sample("search", "shop", State.UP, now, "", 200, None, [], False),
        ]  # fmt: skip

    def column(shown: str, name: str) -> int:
        [line] = [line for line in shown.splitlines() if name in line]
        return line.index(name)

    failing = await side_pane_showing(service, rows(0), now)
    recovering = await side_pane_showing(service, rows(1), now)
    assert "▲ RECOVERING" in recovering and "RECOVERING" not in failing
    # Was: the state column widened by two the moment one row started recovering, and every
    # name on the pane moved right under the reader's eyes.
    for name in ("checkout", "search"):
        assert column(failing, name) == column(recovering, name), (failing, recovering)
