"""Driving the console with Pilot on a real database file."""

from __future__ import annotations

import os
import time

from textual.pilot import Pilot

from warroom.tui.app import WarroomApp


async def wait_until(pilot: Pilot, condition, timeout: float = 15.0) -> None:
    """Let the app work (database thread included) until condition() holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the console did not get there in time")
        await pilot.pause(0.02)


async def opened(pilot: Pilot) -> WarroomApp:
    app = pilot.app
    assert isinstance(app, WarroomApp)
    await wait_until(pilot, lambda: app.state is not None)
    await pilot.pause()
    return app


async def settle(pilot: Pilot) -> None:
    """Wait for every queued database call to finish and its result to be shown."""
    app = pilot.app
    assert isinstance(app, WarroomApp)
    await pilot.pause()
    await app.sync.call(lambda: None)
    # Every worker (an empty list would mean "all workers" to wait_for_complete).
    if busy := list(app.workers):
        await app.workers.wait_for_complete(busy)
    await pilot.pause()


def plain(renderable, width: int = 150) -> str:
    """What a Rich renderable reads as on screen, without styles."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()
