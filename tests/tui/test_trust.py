"""The console under stress: keys typed before it has loaded, hostile text, resizing."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest

from tests.helpers.console import (
    HOSTILE,
    has_controls,
    opened,
    screen_text,
    settle,
    toasts,
    wait_until,
)
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.widgets.checklist import ChecklistPane
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.incident_bar import IncidentBar
from warroom.tui.widgets.roles import RolesPane
from warroom.tui.widgets.severity import SeverityPane
from warroom.tui.widgets.timeline import TimelinePane


def action_config(tmp_path: Path, marker: Path) -> Path:
    path = tmp_path / "warroom.toml"
    path.write_text(
        "[[action]]\n"
        'key = "x"\nlabel = "Restart web"\nkind = "restart"\n'
        f'command = ["touch", "{marker}"]\n'
    )
    return path


def slow_to_open(service: IncidentService, seconds: float) -> threading.Event:
    """The incident takes `seconds` to read, as on a cold disk or a far server, or less if
    the test sets the event it gets: it is read then."""
    opening, ready = service.open_or_declare, threading.Event()

    def slow(*args, **kwargs):
        ready.wait(seconds)
        return opening(*args, **kwargs)

    service.open_or_declare = slow  # type: ignore[method-assign]
    return ready


async def test_keys_pressed_before_the_incident_loads_all_take_effect_in_order(
    service: IncidentService, tmp_path: Path
) -> None:
    marker = tmp_path / "restarted"
    loaded = slow_to_open(service, 30)
    app = WarroomApp("INC-42", service=service, config=action_config(tmp_path, marker))
    async with app.run_test(size=(160, 45)) as pilot:
        # The frame is up, the incident is not: move down, tick, write a note, an action key.
        await pilot.press("j", "space", "n", *"early", "enter", "x")
        assert app.state is None
        assert "10 keys waiting" in str(app.query_one(IncidentBar).render())
        loaded.set()  # the incident is read now, after the keys
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        assert "Run Restart web?" in screen_text(app)
        await pilot.press("n")  # not this time: nothing runs
        await settle(pilot)
        assert "waiting" not in str(app.query_one(IncidentBar).render())
    state = service.state("INC-42")
    assert [i.done for i in state.items[:2]] == [False, True]  # j, then space: the second
    assert [(e.kind, e.text) for e in state.timeline][-2:] == [
        ("checklist", f"Ticked [declare] {state.items[1].text}"),
        ("note", "early"),
    ]
    assert not marker.exists()


async def test_an_action_key_that_turns_out_not_to_exist_is_reported(
    service: IncidentService, tmp_path: Path
) -> None:
    config = tmp_path / "warroom.toml"
    # The key is read before the first frame; the full check then refuses the file.
    config.write_text(
        '[[action]]\nkey = "x"\nlabel = "Restart web"\nkind = "bogus"\ncommand = ["true"]\n'
    )
    loaded = slow_to_open(service, 30)
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await pilot.press("x")
        loaded.set()
        await wait_until(pilot, lambda: any("x: no action to run" in t for t in toasts(app)))


def hostile_incident(service: IncidentService, clock) -> None:
    service.open_or_declare("INC-42", title="Checkout " + HOSTILE[0])
    for text in HOSTILE:
        service.add_note("INC-42", text)
    service.assign_role("INC-42", "ic", "mallory\x1b[2J\x1b]52;c;eA==\x07")
    service.actor = "bot\x1b[31m"
    service.add_note("INC-42", "from a script")
    clock.advance(minutes=1)


@pytest.mark.parametrize("size", [(160, 45), (60, 40)], ids=["wide", "side-pane"])
async def test_hostile_text_never_reaches_the_terminal(
    service: IncidentService, clock, tmp_path: Path, size: tuple[int, int]
) -> None:
    hostile_incident(service, clock)
    config = tmp_path / "warroom.toml"
    config.write_text(
        '[[endpoint]]\nname = "api\\u001b[2J"\ngroup = "g\\u009b1m"\nurl = "http://127.0.0.1:9/"\n'
    )
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "api" in screen_text(app))
        await pilot.press("a")  # the role picker shows holders too
        await pilot.pause()
        text = screen_text(app)
        assert not has_controls(text), repr(
            [line for line in text.splitlines() if has_controls(line)]
        )
        await pilot.press("escape")
        for pane in (IncidentBar, SeverityPane, RolesPane, ChecklistPane, HealthPane, TimelinePane):
            widget = app.query_one(pane)
            assert widget.region.height > 0 or widget.styles.display == "none"  # still on screen
        text = screen_text(app)
        assert "INC-42" in text and "Checkout clearscreen" in text
        assert "from a script" in text and "bot" in text  # the newest entry, and its author
        if size[0] > 100:
            assert "clipboard" in text and "mallory" in text


SIZES = [(160, 45), (120, 36), (89, 40), (60, 40), (60, 30), (100, 30)]


def layout(app: WarroomApp) -> dict[str, tuple[int, int, int, int]]:
    panes = (IncidentBar, SeverityPane, RolesPane, ChecklistPane, HealthPane, TimelinePane)
    return {pane.__name__: tuple(app.query_one(pane).region) for pane in panes}


@pytest.mark.slow(8)
async def test_the_layout_follows_every_resize_both_ways(
    service: IncidentService, clock, tmp_path: Path
) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text(  # nothing listens on port 9: DOWN at the first check, and it stays so
        '[defaults]\ninterval = "1s"\ntimeout = "500ms"\nfall = 1\n'
        '[[endpoint]]\nname = "api"\nurl = "http://127.0.0.1:9/"\n'
    )
    settled = lambda app: "DOWN" in str(app.query_one(HealthPane).border_title)  # noqa: E731
    expected = {}
    for size in SIZES:  # each size opened fresh: what a resize must give
        async with WarroomApp("INC-42", service=service, config=config).run_test(
            size=size
        ) as pilot:
            fresh = await opened(pilot)
            await wait_until(pilot, lambda app=fresh: settled(app))
            await pilot.pause()
            expected[size] = layout(fresh)
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=SIZES[-1]) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: settled(app))
        for size in [*SIZES, *reversed(SIZES)]:
            await pilot.resize_terminal(*size)
            with contextlib.suppress(AssertionError):  # said below, with the size
                await wait_until(pilot, lambda size=size: layout(app) == expected[size], 5)
            await pilot.pause()  # and stays so once the console is idle
            assert layout(app) == expected[size], size


def test_a_bug_ends_the_console_with_one_line_and_no_locals(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.tui.safe_app import SafeApp

    class Buggy(SafeApp):
        def on_mount(self) -> None:
            token = "s3cr3t-token"  # a local, as an action's environment would be
            raise RuntimeError(f"broke\nwith {len(token)} more lines")

    monkeypatch.delenv("WARROOM_DEBUG", raising=False)
    app = Buggy()
    app.run(headless=True)
    err = capfd.readouterr().err
    assert app.return_code == 1
    assert str(app.error) == "unexpected error: broke (WARROOM_DEBUG=1 shows where)"
    assert "Traceback" not in err and "s3cr3t" not in err, err
    monkeypatch.setenv("WARROOM_DEBUG", "1")  # where it broke, for whoever debugs it
    debugged = Buggy()
    debugged.run(headless=True)
    assert debugged.error is None and "Traceback" in capfd.readouterr().err
