"""Driving the console with Pilot on a real database file."""

from __future__ import annotations

import os
import time

from textual.pilot import Pilot

from warroom.tui.app import WarroomApp
from warroom.tui.controllers.file_watch import FOLLOWING


async def wait_until(pilot: Pilot, condition, timeout: float = 15.0, seen=None) -> None:
    """Let the app work (database thread included) until condition() holds. Not in time: the
    error names the condition and, given `seen`, what `seen()` found instead."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            found = f"; found {seen()!r}" if seen is not None else ""
            raise AssertionError(
                f"the console did not get there in time: {_source(condition)}{found}"
            )
        await pilot.pause(0.02)


def _source(condition) -> str:
    """The condition's code as written (a lambda's whole line), for a failure's message."""
    import inspect

    try:
        return " ".join(inspect.getsource(condition).split())
    except (OSError, TypeError):
        return repr(condition)


async def opened(pilot: Pilot) -> WarroomApp:
    app = pilot.app
    assert isinstance(app, WarroomApp)
    await wait_until(pilot, lambda: app.state is not None)
    await pilot.pause()
    return app


async def settle(pilot: Pilot, actions: bool = True) -> None:
    """Wait for every queued database call to finish and its result to be shown; with
    `actions=False`, not for running actions (whose verification may wait for a drill's
    clock that the test itself moves)."""
    app = pilot.app
    assert isinstance(app, WarroomApp)
    await pilot.pause()
    await app.sync.call(lambda: None)
    # Every worker but those that follow the console's whole life (files, the checks); an
    # empty list would mean "all workers" to wait_for_complete.
    work = [w for w in app.workers if w.group != FOLLOWING]
    if busy := [w for w in work if actions or w.name != "action"]:
        await app.workers.wait_for_complete(busy)
    await pilot.pause()


def plain(renderable, width: int = 150) -> str:
    """What a Rich renderable reads as on screen, without styles."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def screen_text(app) -> str:
    """What the terminal shows now, line by line (no styles), read from the app's screenshot:
    each run of text is put back at its column."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg
    ):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for _, runs in sorted(rows.items()):
        line = ""
        for x, text in sorted(runs):
            column = round(x / CELL_WIDTH)
            line = line.ljust(column) + text
        lines.append(line.rstrip())
    return "\n".join(lines)


CELL_WIDTH = 12.2  # a cell's width in Textual's screenshots


def toasts(app) -> list[str]:
    """The notifications on screen now, each "title: message" (or the message alone)."""
    return [str(toast.render()).replace("\n", ": ", 1) for toast in app.screen.query("Toast")]


def said(app, words: str) -> int:
    """How many notifications on screen now hold these words."""
    return sum(words in toast for toast in toasts(app))


def roles(app: WarroomApp) -> str:
    """The roles pane's words as of the clock's now (ticked first), its wrapping undone."""
    from warroom.tui.widgets.roles import RolesPane

    app.tick_clock()
    return " ".join(plain(app.query_one(RolesPane).render()).split())


# Escape sequences and controls that untrusted text may carry (notes from scripts and
# webhooks, titles, names, runbooks, action output): each would act on a real terminal.
HOSTILE = [
    "clear\x1b[2Jscreen",
    "cursor\x1b[1;1Hhome",
    "title\x1b]0;pwned\x07osc",
    "clip\x1b]52;c;ZXZpbA==\x1b\\board",
    "link\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\",
    "dcs\x1bP1$r\x1b\\end",
    "c1\x9b2Jcsi",
    "bidi\u202etxt.exe\u202c",
    "nul\x00byte",
    "bell\x07ring",
    "lone\x1b",
]
CONTROLS = set(range(0x00, 0x20)) - {0x0A} | set(range(0x7F, 0xA0)) | {0x202E, 0x202C}


def has_controls(text: str) -> bool:
    return any(ord(ch) in CONTROLS for ch in text)


def key_event(key: str):
    """The key event a terminal's read gives for `key` (as Pilot builds it)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def send_at_once(app, *keys: str) -> None:
    """Every key in one go, as one read of the terminal delivers them (a paste, keys bunched
    by a slow link, keys typed before the first frame): no waiting between them."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


def paste_at_once(app, text: str) -> None:
    """A bracketed paste, as the terminal delivers it."""
    from textual import events

    event = events.Paste(text)
    event.set_sender(app)
    app.post_message(event)
