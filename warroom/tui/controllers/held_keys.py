"""No key is ever lost or reordered: a key that cannot act yet is held, and replayed in order
as soon as it can.

The frame (incident id, panes, footer) is on screen before the incident is read. A key that
needs nothing (a note, quit, help, the command palette) acts at once; one that needs the
incident (tick, severity, roles…) or the actions of warroom.toml waits until they have loaded.

Keys also arrive faster than they take effect: a paste, keys bunched by a slow SSH link, or
typed before the first frame come in one read. A key that opens or closes something (`n`
opens the note prompt, enter answers it, tab moves to the next pane) acts only once it has
travelled to the app and back; the keys behind it would reach the old screen or the old pane
meanwhile, or a prompt not yet mounted, and be lost. So such a key goes through this queue:
every key (and paste) behind it waits until it has taken effect and what it opened is up,
then goes to where it belongs. Keys that only type into the focused field go straight there.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

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
# Keys that answer or leave whatever has the focus: the screen may change under the next key.
ANSWERS = frozenset({"enter", "escape", "tab", "shift+tab"})
LINE_FEED = "ctrl+j"
SETTLE_WITHIN_S = 2.0  # a screen that takes longer than this to come up gets the keys anyway


class Replayed(events.Key):
    """A held key, sent again: it passes the gate."""


class ReplayedPaste(events.Paste):
    """A held paste, sent again."""


Replayed.handler_name = "on_key"  # handled as any key (Textual names handlers by class)
ReplayedPaste.handler_name = "on_paste"


class HeldKeys:
    def __init__(
        self,
        app: App[int],
        console_screen: Callable[[], Screen[Any]],
        ready: Callable[[str], bool],
        on_change: Callable[[int], None],
    ) -> None:
        self.app = app
        self.console_screen = console_screen
        self.ready = ready  # ready("mitigate"): whether what an action needs has loaded
        self.on_change = on_change  # told how many keys wait for loading, for the top line
        self.keys: deque[events.Key | events.Paste] = deque()
        self._replaying = False
        self._idle = asyncio.Event()  # set while no held key is being replayed
        self._idle.set()
        self._coming = 0  # screens on their way (see `until_shown`)
        self._in_flight = False  # a key went straight to its widget since the last settle
        # Replayed keys posted to the app and not yet reached it: a key already in the app's
        # queue when they were posted is ahead of them there, so it must queue up here.
        self._posted = 0

    def hold(self, event: events.Key | events.Paste) -> bool:
        """Whether this key or paste must wait (the caller then drops the event: it is kept
        here, and sent again in its turn)."""
        if isinstance(event, Replayed | ReplayedPaste):
            self._posted = max(0, self._posted - 1)
            if not self._posted and self.keys:
                self.release()  # keys that came in behind the replayed ones: their turn
            return False
        if isinstance(event, events.Key) and event.key == LINE_FEED:
            # Typed before the terminal left line mode (before the first frame), Enter was
            # turned into a line feed: it is still Enter.
            event = events.Key("enter", "\r")
        elif (
            not self.keys
            and not self._replaying
            and not self._posted
            and self._goes_straight(event)
        ):
            self._in_flight = True
            return False
        self.keys.append(event)
        self._count()
        self.release()
        return True

    async def replayed(self) -> None:
        """Until the keys held so far that can act have acted, and what they opened is up (a
        key that needs the incident stops the replay until it has loaded)."""
        await self._idle.wait()

    @contextlib.contextmanager
    def until_shown(self) -> Iterator[None]:
        """Around the work that ends by pushing a screen (read first, then show): the keys
        typed meanwhile are for that screen, and wait for it."""
        self._coming += 1
        try:
            yield
        finally:
            self._coming -= 1
            self.release()

    def _goes_straight(self, event: events.Key | events.Paste) -> bool:
        if self._coming or not self._screen_up():
            return False
        if isinstance(event, events.Paste):
            return True
        return self._can_act(event.key) and not self._answers(event.key)

    def _can_act(self, key: str) -> bool:
        """Whether what the key needs has loaded."""
        try:
            screen, console = self.app.screen, self.console_screen()
        except Exception:  # noqa: BLE001 - no screen yet
            return False
        if screen is not console:
            return True  # a dialog is up: keys are its own
        action = self._action(key)
        if action in NEEDS_NOTHING:
            return True
        if action == NEEDS_ACTIONS:
            return self.ready("incident") and self.ready("actions")
        return self.ready("incident")

    def _action(self, key: str) -> str:
        active = self.app.screen.active_bindings.get(key)
        return active.binding.action.removeprefix("app.").split("(", 1)[0] if active else ""

    def _answers(self, key: str) -> bool:
        """Whether the key may change what the next key reaches: a binding of the screen or
        the app (a dialog opens, a pane takes the focus), or an answer. Keys of the focused
        widget itself (typing, a cursor, a tick) act where they land, in order."""
        if key in ANSWERS:
            return True
        screen = self.app.screen
        focused = screen.focused
        if _is_text_field(focused) and key not in ("ctrl+s",):
            return False  # typing (ctrl+s: the composer's send, a binding of its screen)
        active = screen.active_bindings.get(key)
        return active is not None and active.node is not focused

    def _screen_up(self) -> bool:
        """The screen on top has mounted (its fields exist and one has the focus)."""
        try:
            return self.app.screen.is_mounted
        except Exception:  # noqa: BLE001 - no screen: closing
            return True

    def _count(self) -> None:
        head = self.keys[0] if self.keys else None
        loading = isinstance(head, events.Key) and not self._can_act(head.key)
        self.on_change(len(self.keys) if loading else 0)

    def release(self) -> None:
        """Something loaded or came up: replay what can now act, in order (on its own task,
        since each key that answers must be handled before the next is sent)."""
        if self.keys and not self._replaying:
            self._replaying = True
            self._idle.clear()
            self.app.run_worker(self._replay(), name="held-keys", group="held-keys")

    async def _replay(self) -> None:
        try:
            while self.keys:
                head = self.keys[0]
                if self._coming or (isinstance(head, events.Key) and not self._can_act(head.key)):
                    break  # released again when it has loaded
                if not self._of_the_app(head):
                    await self._until_up()
                answers = isinstance(head, events.Key) and self._answers(head.key)
                if answers and self._in_flight:
                    # What was typed before it has landed (a priority binding such as the
                    # composer's ctrl+s acts the moment the app sees it).
                    await self._settled()
                self.keys.popleft()
                self._count()
                replayed = (
                    Replayed(head.key, head.character)
                    if isinstance(head, events.Key)
                    else ReplayedPaste(head.text)
                )
                if self.app.post_message(replayed):
                    self._posted += 1
                self._in_flight = not answers
                if answers:
                    await self._until_settled()
        finally:
            self._replaying = False
            self._idle.set()
        self._count()
        if self.keys and not self._coming and not self._posted and self._can_act_head():
            self.release()  # keys arrived while the last one was being handled

    def _of_the_app(self, event: events.Key | events.Paste) -> bool:
        """A key bound on the app itself (note, quit, the palette): it acts whatever has the
        focus, so it need not wait for the console's first frame to mount."""
        if not isinstance(event, events.Key):
            return False
        try:
            active = self.app.screen.active_bindings.get(event.key)
        except Exception:  # noqa: BLE001 - no screen yet
            return False
        return active is not None and active.node is self.app

    def _can_act_head(self) -> bool:
        head = self.keys[0]
        return not isinstance(head, events.Key) or self._can_act(head.key)

    async def _until_up(self) -> None:
        deadline = time.monotonic() + SETTLE_WITHIN_S
        while not self._screen_up() and time.monotonic() < deadline:
            await self._settled()

    async def _until_settled(self) -> None:
        """Until the key has been handled and what it opened or closed is up: the screen
        stack and the focus stay as they are across a round of every queue."""
        deadline = time.monotonic() + SETTLE_WITHIN_S
        await self._settled()
        while time.monotonic() < deadline:
            before = self._look()
            await self._settled()
            if self._look() == before and self._screen_up() and not self._coming:
                return

    def _look(self) -> tuple[int, ...]:
        try:
            stack = self.app.screen_stack
            return (*map(id, stack), id(self.app.screen.focused))
        except Exception:  # noqa: BLE001 - closing
            return ()

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


def _is_text_field(widget: object) -> bool:
    """An Input or a TextArea, told by class name: importing TextArea here would cost the
    first frame some milliseconds."""
    return any(cls.__name__ in ("Input", "TextArea") for cls in type(widget).__mro__)
