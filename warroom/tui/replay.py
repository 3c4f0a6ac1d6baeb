"""`warroom replay`: the replay screen on its own, over an incident read once (from the
database, opened read-only, or from an exported file). Nothing is written."""

from __future__ import annotations

import os
import sys
from typing import Any

from textual.app import App

from warroom.core.errors import WarroomError
from warroom.core.replay import Replay
from warroom.tui.screens.replay import ReplayScreen
from warroom.tui.themes import choose_theme


class ReplayApp(App[int]):
    CSS_PATH = "warroom.tcss"
    TITLE = "warroom replay"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (44, "-tall")]

    def __init__(self, replay: Replay, index: int | None = None, theme: str | None = None):
        super().__init__()
        self.replay = replay
        self.index = index
        self._problems = choose_theme(self, theme, None)  # type: ignore[arg-type]
        self.error: WarroomError | None = None

    def on_mount(self) -> None:
        self.push_screen(ReplayScreen(self.replay, self.index), lambda _: self.exit(0))
        for problem in self._problems:
            self.notify(problem, title="Theme", severity="warning", markup=False)

    def notify(self, message: str, **kwargs: Any) -> None:
        from warroom.text.safe import safe_text

        kwargs["markup"] = False  # may quote what was typed: shown plainly
        super().notify(safe_text(message), **kwargs)

    def _fatal_error(self) -> None:
        """A bug ends the replay with one line (raised by the command once the screen is
        restored), not Textual's traceback with its local variables."""
        if os.environ.get("WARROOM_DEBUG"):
            super()._fatal_error()
            return
        error = sys.exc_info()[1] or self._exception
        reason = str(error).splitlines()[0] if error and str(error) else type(error).__name__
        from warroom.text.redact import redact
        from warroom.text.safe import safe_line

        self.error = WarroomError(
            f"unexpected error: {redact(safe_line(reason))} (WARROOM_DEBUG=1 shows where)"
        )
        self._close_messages_no_wait()
