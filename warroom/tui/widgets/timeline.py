"""The timeline: every event with T+, wall-clock time, who and what kind; newest at the bottom.

A 24-hour incident has thousands of entries, so this is a line-based scroll view: entries are
wrapped once per width (with a hanging indent) and only the visible lines are drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.clock import to_local
from warroom.limits import ENTRY, NAME, cut, shown
from warroom.safe import safe_line, safe_text
from warroom.timefmt import t_plus

if TYPE_CHECKING:
    from warroom.state import Entry, IncidentState

KIND_STYLES = {
    "declared": "bold magenta",
    "severity": "bold red",
    "status": "bold cyan",
    "role": "bold blue",
    "checklist": "green",
    "note": "bold",
    "health": "bold yellow",
}
ACTOR_WIDTH = 12


class TimelinePane(ScrollView, can_focus=True):
    COMPACT_BELOW = 70  # columns: below this, no wall-clock time and no kind column

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("G,end", "scroll_end", "Newest", show=False),
        Binding("g,home", "scroll_home", "Oldest", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Timeline"
        self.state: IncidentState | None = None
        self._lines: list[Strip] = []
        self._wrapped: tuple[int, int] = (-1, 0)  # (width, entries) that _lines holds
        self._actor_width = 0

    def show(self, state: IncidentState) -> None:
        at_end = self.scroll_y >= self.max_scroll_y - 1
        previous = self.state
        self.state = state
        self.border_title = f"Timeline · {len(state.timeline)}"
        if previous is None or previous.incident.declared_at != state.incident.declared_at:
            self._wrapped = (-1, 0)
        self._rewrap()
        if at_end or previous is None:
            # Keep the newest entry in view unless the reader has scrolled back on purpose.
            self.call_after_refresh(self.scroll_end, animate=False)

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if self.state is None or width <= 0:
            return
        entries = self.state.timeline
        done_width, done_count = self._wrapped
        actors = max((min(len(e.actor), ACTOR_WIDTH) for e in entries), default=0)
        if done_width != width or done_count > len(entries) or actors > self._actor_width:
            self._actor_width = actors
            # Wrap the newest screenful now and the older entries just after the paint:
            # a long incident shows up at once.
            newest: list[Strip] = []
            first = len(entries)
            while first > 0 and len(newest) < self.size.height * 2:
                first -= 1
                newest[:0] = self._wrap(entries[first], width)
            self._lines, done_count = newest, len(entries)
            if first:
                self.call_after_refresh(self._wrap_older, width, first)
        for entry in entries[done_count:]:
            self._lines.extend(self._wrap(entry, width))
        self._wrapped = (width, len(entries))
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _wrap_older(self, width: int, count: int) -> None:
        if self.state is None or self._wrapped[0] != width:
            return  # resized meanwhile: the rewrap for the new width covers everything
        older = [line for entry in self.state.timeline[:count] for line in self._wrap(entry, width)]
        at_end = self.scroll_y >= self.max_scroll_y - 1
        keep = self.scroll_y + len(older)
        self._lines[:0] = older
        self.virtual_size = Size(width, len(self._lines))
        # The lines on screen moved down by len(older): follow them, or stay at the end.
        if at_end:
            self.call_after_refresh(self.scroll_end, animate=False)
        else:
            self.call_after_refresh(self.scroll_to, y=keep, animate=False)
        self.refresh()

    def _wrap(self, entry: Entry, width: int) -> list[Strip]:
        assert self.state is not None
        compact = width < self.COMPACT_BELOW
        style = KIND_STYLES.get(entry.kind, "")
        head = Text(t_plus(entry.at - self.state.incident.declared_at), style="bold")
        if not compact:
            head.append(" " + to_local(entry.at).strftime("%H:%M:%S"), style="dim")
        actor = safe_line(cut(entry.actor, NAME))
        actor = actor if len(actor) <= ACTOR_WIDTH else actor[: ACTOR_WIDTH - 1] + "…"
        head.append(f" {actor:<{self._actor_width}}", style="cyan")
        if not compact:
            head.append(f" {entry.kind:<9}", style=style)
        head.append(" ")
        indent = head.cell_len if head.cell_len < width // 2 else 2
        # User text goes in as Text, never parsed: "[bold]" in a note is shown as typed; and
        # without terminal escapes, which would act on the responder's screen.
        body = Text(safe_text(shown(entry.text, ENTRY)), style=style if compact else "")
        console = self.app.console
        wrapped = body.wrap(console, max(8, width - indent))
        lines = []
        for n, line in enumerate(wrapped):
            text = head.copy() if n == 0 else Text(" " * indent)
            if n == 0 and indent < head.cell_len:
                lines.append(self._strip(text, width))
                text = Text(" " * indent)
            text.append_text(line)
            lines.append(self._strip(text, width))
        return lines

    def _strip(self, text: Text, width: int) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        if index >= len(self._lines):
            return Strip([Segment(" " * self.scrollable_content_region.width, Style())])
        return self._lines[index].apply_style(self.rich_style)
