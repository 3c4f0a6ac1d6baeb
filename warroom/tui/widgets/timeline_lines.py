"""The timeline's lines: each entry wrapped once per width with a hanging indent (T+,
wall-clock time, who, what kind, then the text), held as segments, and only the lines in
view drawn. The pane built on this (timeline.py) decides what is held and where the
reader is."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.core.clock import to_local
from warroom.core.corrections import CORRECTED
from warroom.core.limits import ENTRY, NAME, cut, shown
from warroom.core.timefmt import t_plus
from warroom.text.safe import safe_line, safe_text

if TYPE_CHECKING:
    from warroom.core.state import Entry, IncidentState

KIND_STYLES = {
    "declared": "bold magenta",
    "severity": "bold red",
    "status": "bold cyan",
    "role": "bold blue",
    "checklist": "green",
    "note": "bold",
    "health": "bold yellow",
    "title": "bold magenta",
    "task": "bold cyan",
    "decision": "bold blue",
    "briefing": "bold",
}
ACTOR_WIDTH = 12
# What the timeline can be narrowed to (F): its label, and the kinds it shows or hides.
FILTERS: dict[str, tuple[str, frozenset[str], bool]] = {
    "all": ("Every entry", frozenset(), False),
    "notes": ("Notes only", frozenset({"note"}), True),
    "command": ("Decisions and tasks only", frozenset({"decision", "task", "briefing"}), True),
    "quiet": ("Without health and alert entries", frozenset({"health", "alert"}), False),
}
Line = tuple[Segment, ...]


class TimelineLines(ScrollView):
    """The entries held, wrapped into lines at the pane's width, and drawn line by line."""

    COMPACT_BELOW = 70  # columns: below this, no wall-clock time and no kind column

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: IncidentState | None = None
        self.entries: list[Entry] = []  # a run of the incident's entries, oldest first
        self.following = True  # the newest entry is kept in view
        self._auto = False  # the pane is scrolling itself, not the reader
        # entries[self._from:] are wrapped, to self._width columns, into _lines; the older
        # ones are wrapped just after the first paint (a long incident shows up at once).
        self._from = 0
        self._heights: list[int] = []
        # A line is its segments: a Strip costs a kilobyte of caches, and every Strip derived
        # from it while drawn (styled, cropped) stayed in them for as long as the line did.
        self._lines: list[Line] = []
        self._width = -1
        self._actor_width = 0
        self.cursor: int | None = None  # the selected entry's id
        self._span: tuple[object, tuple[int, int] | None] = (None, None)
        self._delivery: dict[int, tuple[str, bool]] = {}  # update entry → (where it got, ok)
        self._corrected: dict[int, Entry] = {}  # entry id → the later entry correcting it
        self.filter = "all"  # see FILTERS: hidden entries are wrapped to no lines

    def shows(self, entry: Entry) -> bool:
        _, kinds, only = FILTERS[self.filter]
        if not kinds:
            return True
        return (entry.kind in kinds) == only

    # -- keeping the newest in view ----------------------------------------------------------
    @contextlib.contextmanager
    def _by_itself(self) -> Iterator[None]:
        was, self._auto = self._auto, True
        try:
            yield
        finally:
            self._auto = was

    def _to_end(self) -> None:
        # Forced: until the next layout has counted the new lines, Textual refuses to scroll
        # a pane it still thinks has nothing to scroll. Again after that layout, if still
        # following (the reader may have scrolled away meanwhile).
        with self._by_itself():
            self.scroll_end(animate=False, immediate=True, force=True)
        self.call_after_refresh(self._still_at_end)

    def _still_at_end(self) -> None:
        if self.following and self.scroll_y < self.max_scroll_y:
            with self._by_itself():
                self.scroll_end(animate=False, immediate=True, force=True)

    # -- which lines are whose -----------------------------------------------------------------
    def _index(self, entry_id: int | None) -> int | None:
        if entry_id is None:
            return None
        return next((n for n, e in enumerate(self.entries) if e.id == entry_id), None)

    def _lines_of(self, index: int) -> tuple[int, int] | None:
        """The first line of entry `index` and the line after its last (None: not wrapped)."""
        if index < self._from or index - self._from >= len(self._heights):
            return None
        top = sum(self._heights[: index - self._from])
        return top, top + self._heights[index - self._from]

    def _entry_at(self, line: int) -> int:
        """The index of the entry that line `line` belongs to."""
        for n, height in enumerate(self._heights):
            line -= height
            if line < 0:
                return self._from + n
        return len(self.entries) - 1

    def _cursor_span(self) -> tuple[int, int] | None:
        """The cursor's lines, worked out once per change of what is held (every line drawn
        asks)."""
        key = (self.cursor, len(self._lines), self._from)
        if self._span[0] != key:
            index = self._index(self.cursor)
            self._span = (key, self._lines_of(index) if index is not None else None)
        return self._span[1]

    # -- wrapping --------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._rewrap()
        if self.following:
            self._to_end()

    def _widen_actors(self, entries: list[Entry]) -> bool:
        """Whether the actor column had to grow for these entries (everything is wrapped
        again then)."""
        widest = max((min(len(safe_line(e.actor)), ACTOR_WIDTH) for e in entries), default=0)
        if widest <= self._actor_width:
            return False
        self._actor_width = widest
        self._width = -1
        return True

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if self.state is None or width <= 0:
            return
        self._widen_actors(self.entries)
        if width == self._width:
            return
        self._width = width
        # The newest screenful now, the older entries just after the paint.
        lines: list[Line] = []
        heights: list[int] = []
        first = len(self.entries)
        while first > 0 and len(lines) < max(self.size.height, 1) * 2:
            first -= 1
            wrapped = self._wrap(self.entries[first], width)
            lines[:0] = wrapped
            heights.insert(0, len(wrapped))
        self._lines, self._heights, self._from = lines, heights, first
        self._sized()
        if first:
            self.call_after_refresh(self._wrap_older)

    def _wrap_older(self) -> None:
        width, count = self._width, self._from
        if count <= 0 or width <= 0:
            return
        lines: list[Line] = []
        heights: list[int] = []
        for entry in self.entries[:count]:
            wrapped = self._wrap(entry, width)
            lines.extend(wrapped)
            heights.append(len(wrapped))
        self._lines[:0] = lines
        self._heights[:0] = heights
        self._from = 0
        keep = self.scroll_y + len(lines)
        self._sized()
        # The lines on screen moved down by len(lines): stay on them, or at the newest.
        if self.following:
            self._to_end()
        else:
            with self._by_itself():
                self.scroll_to(y=keep, animate=False, immediate=True, force=True)

    def _sized(self) -> None:
        self.virtual_size = Size(max(self._width, 0), len(self._lines))
        self.refresh()

    def _wrap(self, entry: Entry, width: int) -> list[Line]:
        assert self.state is not None
        if not self.shows(entry):
            return []  # narrowed out (F): held, not drawn
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
        if entry.id in self._delivery:
            said, ok = self._delivery[entry.id]
            body.append(f"\n→ {safe_line(said)}", style="dim" if ok else "bold red")
        if later := self._corrected.get(entry.id):
            when = t_plus(later.at - self.state.incident.declared_at)
            body.append(f"  ({CORRECTED[later.kind]} at {when})", style="italic dim")
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

    def _strip(self, text: Text, width: int) -> Line:
        segments = list(text.render(self.app.console))
        return tuple(Strip(segments).adjust_cell_length(width))

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        if index >= len(self._lines):
            return Strip([Segment(" " * self.scrollable_content_region.width, Style())])
        # A new Strip each time: what Textual derives from it is freed with it.
        segments: Iterable[Segment] = Segment.apply_style(self._lines[index], self.rich_style)
        if self.cursor is not None and self.has_focus:
            span = self._cursor_span()
            if span and span[0] <= index < span[1]:
                cursor = self.get_component_rich_style("timeline--cursor")
                segments = Segment.apply_style(segments, cursor)
        return Strip(segments)
