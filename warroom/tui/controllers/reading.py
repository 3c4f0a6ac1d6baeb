"""Reading the whole record from the console: the postmortem draft (p) and the replay (R).
Both read every entry (the console holds only the newest), and the keys typed while they
read are for the screen they open."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from warroom.core.errors import WarroomError

if TYPE_CHECKING:
    from warroom.tui.controllers.console import Console
    from warroom.tui.controllers.held_keys import HeldKeys


class Reading:
    def __init__(self, console: Console, held: HeldKeys) -> None:
        self.console = console
        self.held = held

    def postmortem(self) -> None:
        if self.console.state is not None:
            self.console.run_worker(self._postmortem(), name="postmortem", exit_on_error=False)

    async def _postmortem(self) -> None:
        from warroom.incident.postmortem import markdown
        from warroom.tui.screens.postmortem import PostmortemScreen

        with self.held.until_shown():  # keys typed meanwhile are for the preview (s saves)
            try:
                state = await self.console.sync.read_whole()  # the console holds the newest
            except WarroomError as exc:
                self.console.notify(str(exc), title="Postmortem", severity="error")
                return
            # Off the event loop: a long incident's draft takes a while to write.
            text = await asyncio.to_thread(markdown, state, self.console.clock.now())
            self.console.push_screen(PostmortemScreen(state.incident.id, text))

    def replay(self) -> None:
        if self.console.state is not None:
            self.console.run_worker(self._replay(), name="replay", exit_on_error=False)

    async def _replay(self) -> None:
        from warroom.core.replay import Replay
        from warroom.tui.screens.replay import ReplayScreen

        with self.held.until_shown():  # keys typed meanwhile are for the replay (← →)
            try:
                state = await self.console.sync.read_whole()  # every entry, not the newest held
            except WarroomError as exc:
                self.console.notify(str(exc), title="Replay", severity="error")
                return
            self.console.push_screen(ReplayScreen(Replay(state)))
