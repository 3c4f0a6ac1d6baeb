"""An emptied warroom.toml (a mistake, or an editor half-way through saving) does not drop
every endpoint and action of a running console without a yes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.console import opened, plain, settle, wait_until
from tests.helpers.health_server import running
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.incident_bar import IncidentBar


@pytest.mark.parametrize("answer", ["n", "y"])
async def test_an_emptied_config_is_asked_about_first(
    service: IncidentService, tmp_path: Path, answer: str
) -> None:
    with running() as server:
        config = tmp_path / "warroom.toml"
        config.write_text(
            '[defaults]\ninterval = "500ms"\ntimeout = "400ms"\nrise = 1\n'
            f'[[endpoint]]\nname = "checkout-api"\nurl = "{server.base}/ok"\n'
            '[[action]]\nkey = "x"\nlabel = "Restart web"\nkind = "restart"\n'
            'command = ["true"]\n'
        )
        app = WarroomApp("INC-42", service=service, config=config)
        async with app.run_test(size=(160, 45)) as pilot:
            await opened(pilot)
            pane = app.query_one(HealthPane)
            await wait_until(pilot, lambda: "● UP" in plain(pane.render()))
            config.write_text("")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=10)
            bar = app.query_one(IncidentBar)
            assert "still using 1 check and 1 action" in bar.problem
            assert app.config is not None and [a.key for a in app.config.actions] == ["x"]
            await pilot.press(answer)
            if answer == "n":
                # The checks take their input in order: told to reload, they would have read
                # the emptied file before this round, and would check nothing in it.
                rechecked = await app.health.recheck()
                assert [sample.name for sample in rechecked] == ["checkout-api"]
                await settle(pilot)
                assert "kept 1 check and 1 action" in bar.problem
                assert [a.key for a in app.config.actions] == ["x"]
                assert "checkout-api" in plain(pane.render()) and pane.display
            else:
                assert app.config.actions == [] and bar.problem == ""
                await wait_until(pilot, lambda: not pane.display, timeout=10)


async def test_a_config_broken_at_open_is_taken_once_an_edit_mends_it(
    service: IncidentService, tmp_path: Path
) -> None:
    """Broken when the console opened, the file is followed all the same: a second broken
    edit says its own reason, and the edit that mends it binds the actions and starts the
    checks, without reopening the console."""
    with running() as server:
        config = tmp_path / "warroom.toml"
        good = (
            '[defaults]\ninterval = "500ms"\ntimeout = "400ms"\nrise = 1\n'
            f'[[endpoint]]\nname = "checkout-api"\nurl = "{server.base}/ok"\n'
            '[[action]]\nkey = "x"\nlabel = "Restart web"\nkind = "restart"\n'
            'command = ["true"]\n'
        )
        config.write_text(good.replace('timeout = "400ms"', 'timeout = "5s"'))
        app = WarroomApp("INC-42", service=service, config=config)
        async with app.run_test(size=(160, 45)) as pilot:
            await opened(pilot)
            bar = app.query_one(IncidentBar)
            await wait_until(pilot, lambda: "must be less than interval" in bar.problem)
            assert app.config is None
            config.write_text(good.replace('kind = "restart"', 'kind = "reboot"'))
            await wait_until(pilot, lambda: "kind" in bar.problem, timeout=10)
            assert app.config is None
            config.write_text(good)
            await wait_until(pilot, lambda: app.config is not None, timeout=10)
            assert bar.problem == ""
            assert [a.key for a in app.config.actions] == ["x"]
            pane = app.query_one(HealthPane)
            await wait_until(pilot, lambda: "● UP" in plain(pane.render()), timeout=10)
