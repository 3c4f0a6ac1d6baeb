"""`warroom replay`: the replay screen on its own, over an incident read once (from the
database, opened read-only, or from an exported file). Nothing is written."""

from __future__ import annotations

from warroom.core.replay import Replay
from warroom.tui.safe_app import SafeApp
from warroom.tui.screens.replay import ReplayScreen
from warroom.tui.themes import choose_theme


class ReplayApp(SafeApp):  # toasts shown plainly, a bug ended with one line
    CSS_PATH = "warroom.tcss"
    TITLE = "warroom replay"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (44, "-tall")]

    def __init__(self, replay: Replay, index: int | None = None, theme: str | None = None):
        super().__init__()
        self.replay = replay
        self.index = index
        self._problems = choose_theme(self, theme, None)

    def on_mount(self) -> None:
        self.push_screen(ReplayScreen(self.replay, self.index), lambda _: self.exit(0))
        for problem in self._problems:
            self.notify(problem, title="Theme", severity="warning", markup=False)
