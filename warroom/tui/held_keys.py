"""No key is ever lost: a key pressed before what it needs has loaded is held, and replayed in
order as soon as it has.

The frame (incident id, panes, footer) is on screen before the incident is read. A key that
needs nothing (a note, quit, help, the command palette) acts at once; one that needs the
incident (tick, severity, roles…) or the actions of warroom.toml waits. Once one key waits,
every later key waits behind it, so they take effect in the order they were typed. Each is
replayed only when the one before it has been fully handled (a dialog it opened is up), so a
note typed ahead lands in the note prompt.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

# What the console's keys need before they can act (actions not named here need the incident).
NEEDS_NOTHING = frozenset(
    {"note", "quit", "help", "command_palette", "focus_next", "focus_previous", "drill_pause",
     "drill_speed", "show_help_panel", "hide_help_panel"}
)  # fmt: skip
NEEDS_ACTIONS = "mitigate"


class Replayed(events.Key):
    """A held key, sent again: it passes the gate."""


Replayed.handler_name = "on_key"  # handled as any key (Textual names handlers by class)


class HeldKeys:
    def __init__(
        self,
        app: App[int],
        console_screen: Callable[[], Screen[object]],
        ready: Callable[[str], bool],
        on_change: Callable[[int], None],
    ) -> None:
        self.app = app
        self.console_screen = console_screen
        self.ready = ready  # ready("mitigate"): whether what an action needs has loaded
        self.on_change = on_change  # told how many keys wait, for the top line
        self.keys: deque[events.Key] = deque()
        self._replaying = False

    def hold(self, event: events.Key) -> bool:
        """Whether this key must wait (the caller then drops the event: it is kept here)."""
        if isinstance(event, Replayed):
            return False
        if not self.keys and not self._replaying and self._can_act(event.key):
            return False
        self.keys.append(event)
        self.on_change(len(self.keys))
        return True

    def _can_act(self, key: str) -> bool:
        screen = self.app.screen
        if screen is not self.console_screen():
            return True  # a dialog is up: keys are its own
        active = screen.active_bindings.get(key)
        # A key for the focused pane (checklist cursor, tick) needs its contents.
        action = active.binding.action.removeprefix("app.").split("(", 1)[0] if active else ""
        if action in NEEDS_NOTHING:
            return True
        if action == NEEDS_ACTIONS:
            return self.ready("incident") and self.ready("actions")
        return self.ready("incident")

    def release(self) -> None:
        """Something loaded: replay what can now act, in order (on its own task, since each
        key must be handled by the app before the next is sent)."""
        if self.keys and not self._replaying:
            self._replaying = True
            self.app.run_worker(self._replay(), name="held-keys", group="held-keys")

    async def _replay(self) -> None:
        try:
            while self.keys and self._can_act(self.keys[0].key):
                held = self.keys.popleft()
                self.on_change(len(self.keys))
                self.app.post_message(Replayed(held.key, held.character))
                await self._settled()
                await self._settled()  # and whatever the key opened has mounted
        finally:
            self._replaying = False
        if self.keys and self._can_act(self.keys[0].key):
            self.release()  # keys arrived while the last one was being handled

    async def _settled(self) -> None:
        """Until the app and the screen on top have handled every message sent so far."""
        try:
            nodes = [self.app, *self.app.screen.walk_children(with_self=True)]
        except Exception:  # noqa: BLE001 - closing
            return
        pending = 0
        done = asyncio.Event()

        def one_done() -> None:
            nonlocal pending
            pending -= 1
            if pending == 0:
                done.set()

        for node in nodes:
            if node.call_later(one_done):
                pending += 1
        if pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=5)
