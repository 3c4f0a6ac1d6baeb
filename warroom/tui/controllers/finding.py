"""Finding in the timeline from any pane: `/` the next older entry holding some words (the
last search offered again), `F` narrowing it to some kinds, and `g`/`G` its oldest and newest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.tui.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from rich.text import Text

    from warroom.tui.controllers.console import Console


class Finding:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.last_search = ""

    def find(self) -> None:
        """`/`: the next older entry holding the words typed (the last search is offered)."""
        from warroom.tui.screens.prompts import PromptScreen

        timeline = self.console.pane(TimelinePane)

        def search(words: str | None) -> None:
            if not words:
                return
            self.last_search = words
            if timeline.find(words) is not None:
                timeline.focus()
                return
            held = "" if timeline.holds_all else " among the entries read (g reads older ones)"
            self.console.notify(f"Not found{held}: {words}", title="Find")

        self.console.push_screen(
            PromptScreen(
                "Find in the timeline (enter again: the next older)",
                "words",
                self.last_search,
                enter="search",
            ),
            search,
        )

    def narrow(self) -> None:
        from warroom.tui.screens.prompts import PickScreen
        from warroom.tui.widgets.timeline import FILTERS

        timeline = self.console.pane(TimelinePane)
        choices: list[tuple[str, Text | str]] = [(k, label) for k, (label, _, _) in FILTERS.items()]

        def chosen(name: str | None) -> None:
            if name:
                timeline.narrow(name)

        self.console.push_screen(
            PickScreen("Show in the timeline", choices, timeline.filter), chosen
        )

    def newest(self) -> None:
        self.console.pane(TimelinePane).follow()

    def oldest(self) -> None:
        timeline = self.console.pane(TimelinePane)
        timeline.focus()  # the cursor on the oldest entry shows where it is
        timeline.action_scroll_home()
