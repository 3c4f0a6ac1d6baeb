"""The timeline: every event with T+, wall-clock time, who and what kind; newest at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widget import Widget

from warroom.clock import to_local
from warroom.timefmt import t_plus

if TYPE_CHECKING:
    from warroom.service import IncidentState

KIND_STYLES = {
    "declared": "bold magenta",
    "severity": "bold red",
    "status": "bold cyan",
    "role": "bold blue",
    "checklist": "green",
    "note": "bold",
}


class TimelineLines(Widget):
    """All entries as one table: long texts wrap at word boundaries under their own column."""

    COMPACT_BELOW = 70

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: IncidentState | None = None

    def render(self) -> Table:
        return self.table(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.state is None:
            return 0
        lines = self.app.console.render_lines(
            self.table(width), self.app.console.options.update_width(width), pad=False
        )
        return len(lines)

    def table(self, width: int) -> Table:
        compact = width < self.COMPACT_BELOW
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, style="bold")  # T+
        if not compact:
            table.add_column(no_wrap=True, style="dim")  # wall clock
        table.add_column(no_wrap=True, style="cyan")  # who
        if not compact:
            table.add_column(no_wrap=True)  # kind
        table.add_column(ratio=1, overflow="fold")
        if self.state is None:
            return table
        start = self.state.incident.declared_at
        for entry in self.state.timeline:
            style = KIND_STYLES.get(entry.kind, "")
            # User text goes in as Text, never parsed: "[bold]" in a note is shown as typed.
            text = Text(entry.text, style=style if compact else "")
            cells: list[Text | str] = [t_plus(entry.at - start)]
            if not compact:
                cells.append(to_local(entry.at).strftime("%H:%M:%S"))
            cells.append(Text(entry.actor))
            if not compact:
                cells.append(Text(entry.kind, style=style))
            cells.append(text)
            table.add_row(*cells)
        return table


class TimelinePane(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("G,end", "scroll_end", "Newest", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Timeline"
        self.lines = TimelineLines()

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.lines

    def show(self, state: IncidentState) -> None:
        before = self.lines.state
        grew = before is None or len(state.timeline) != len(before.timeline)
        at_end = self.scroll_y >= self.max_scroll_y - 1
        self.lines.state = state
        self.lines.refresh(layout=True)
        self.border_title = f"Timeline · {len(state.timeline)}"
        if grew and at_end:
            # Keep the newest entry in view unless the reader has scrolled back on purpose.
            self.call_after_refresh(self.scroll_end, animate=False)
