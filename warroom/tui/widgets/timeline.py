"""The timeline: every event with T+, wall-clock time, who and what kind; newest at the bottom.

A long incident has hundreds of thousands of entries, so the pane holds a window of them: the
newest the console has read (see `IncidentState.timeline`), and older pages read as the
reader scrolls up to the oldest one held. Entries are wrapped once per width (with a hanging
indent) as they arrive, and only the visible lines are drawn: nothing is ever re-wrapped for
an entry added, however long the incident.

The pane follows the newest entry, unless the reader has scrolled back: then it stays where
it is and its title counts what came in ("Timeline · 812 · 3 new ↓"); G, End or scrolling down to the
bottom follows again. Following is the reader's choice, not a guess from the scroll position
at the moment an entry lands (which a burst of entries overtakes).

j/k move a cursor from entry to entry (the view keeps it in sight; on an older entry the
pane stops following); `C` on a note corrects it: a new entry, the old one marked. An
update's entry says where its delivery got to.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.core.clock import to_local
from warroom.core.corrections import CORRECTED
from warroom.core.events import Payload
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
HOLD = 1000  # entries held while following (then the newest 500); more only reading far back
Line = tuple[Segment, ...]


class TimelinePane(ScrollView, can_focus=True):
    COMPACT_BELOW = 70  # columns: below this, no wall-clock time and no kind column

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("G,end", "scroll_end", "Newest (G from any pane)", show=False),
        Binding("g,home", "scroll_home", "Oldest (g from any pane)", show=False),
        Binding("C", "correct", "Correct note"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--cursor"}

    class Correct(Message):
        """Correct this entry (the one under the cursor)."""

        def __init__(self, entry: Entry | None) -> None:
            super().__init__()
            self.entry = entry

    class Older(Message):
        """The reader reached the oldest entry held: the page before `before` is wanted
        (answered with `prepend`)."""

        def __init__(self, before: int) -> None:
            super().__init__()
            self.before = before

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Timeline"
        self.state: IncidentState | None = None
        self.entries: list[Entry] = []  # a run of the incident's entries, oldest first
        self.total = 0  # entries the incident has
        self.following = True  # the newest entry is kept in view
        self.unseen = 0  # entries that came in since the reader scrolled back
        self._behind = False  # more came in at once than the console reads: not all held
        self._oldest = False  # the incident's first entry is held
        self._asking = False  # a page of older entries has been asked for
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

    @property
    def held_lines(self) -> list[Line]:
        """Every line of the entries held, wrapped as drawn (those in view are some of them)."""
        return self._lines

    # -- what it shows ---------------------------------------------------------------------
    def show(self, state: IncidentState) -> None:
        previous, self.state = self.state, state
        window = state.timeline
        marks = self._marks(state)
        if (
            previous is None
            or not self.entries
            or previous.incident.id != state.incident.id
            or previous.incident.declared_at != state.incident.declared_at
        ):
            self._reset(window, state.entry_count)
        else:
            last = self.entries[-1].id
            new = [e for e in window if e.id > last]
            arrived = state.entry_count - self.total
            if not self.following:
                self.unseen += max(0, arrived)
            if self._behind:
                pass  # the held run ends before a gap: the newest are read on coming back
            elif len(new) == arrived:
                self._append(new)
            elif self.following:
                self._reset(window, state.entry_count)  # a burst: start again at the newest
            else:
                self._behind = True  # the reader is back in time: the newest are read later
        self.total = state.entry_count
        if marks:
            self._width = -1  # a held entry's mark changed: everything again (rare)
            self._rewrap()
        self._titles()
        if self.following:
            self._to_end()

    def clear(self) -> None:
        """Forget what it has shown (a replay going back to before some entries were written:
        a correction written later is not known then)."""
        self.state, self.entries, self._corrected, self._delivery = None, [], {}, {}

    def _marks(self, state: IncidentState) -> bool:
        """Take the delivery of each update and the corrections from `state`: whether an
        entry already drawn now reads differently."""
        delivery = {
            d.entry.id: (d.summary(), not d.failed or d.posted_at is not None)
            for d in state.deliveries
            if d.tracked
        }
        changed = {k for k, v in delivery.items() if self._delivery.get(k, v) != v}
        self._delivery = delivery
        for entry in state.timeline:
            target = Payload.from_data(entry.data).corrects
            if isinstance(target, int) and entry.kind in CORRECTED:
                if target not in self._corrected:
                    changed.add(target)
                self._corrected[target] = entry
        drawn = {e.id for e in self.entries[self._from :]}
        return bool(changed & drawn)

    def prepend(self, older: list[Entry], oldest: bool) -> None:
        """A page of entries older than the oldest held (oldest first)."""
        self._asking = False
        self._oldest = oldest or not older
        if not older or (self.entries and older[-1].id >= self.entries[0].id):
            return
        self.entries[:0] = older
        self._from += len(older)
        self._wrap_older()

    def _reset(self, window: list[Entry], total: int) -> None:
        self.entries = list(window)
        self._oldest = len(window) >= total
        self._behind = False
        self._asking = False
        self._width = -1  # everything wrapped again, for this width
        self._rewrap()

    def _append(self, new: list[Entry]) -> None:
        if not new:
            return
        self.entries.extend(new)
        if self.following and len(self.entries) > HOLD:
            self._trim(len(self.entries) - HOLD // 2)
        if self._widen_actors(new) or self._width <= 0:
            self._rewrap()  # a wider actor column: every held entry again (rare)
            return
        for entry in self.entries[-min(len(new), len(self.entries)) :]:
            lines = self._wrap(entry, self._width)
            self._heights.append(len(lines))
            self._lines.extend(lines)
        self._sized()

    def _trim(self, drop: int) -> None:
        """Forget the oldest `drop` entries (while following: they are far out of view).
        Called before the newest are wrapped, so every held line belongs to a held entry."""
        unwrapped = min(drop, self._from)
        wrapped = min(drop - unwrapped, len(self._heights))
        del self._lines[: sum(self._heights[:wrapped])]
        del self._heights[:wrapped]
        del self.entries[:drop]
        self._from -= unwrapped
        self._oldest = False

    def _titles(self) -> None:
        # In the title: a side pane's timeline has no bottom border to hold it.
        new = f" · {self.unseen} new ↓" if self.unseen and not self.following else ""
        narrowed = f" · {FILTERS[self.filter][0].lower()} (F)" if self.filter != "all" else ""
        self.border_title = f"Timeline · {self.total}{narrowed}{new}"

    # -- narrowing and finding ---------------------------------------------------------------
    def shows(self, entry: Entry) -> bool:
        _, kinds, only = FILTERS[self.filter]
        if not kinds:
            return True
        return (entry.kind in kinds) == only

    def narrow(self, name: str) -> None:
        """Show only what the filter `name` keeps (see FILTERS)."""
        self.filter = name if name in FILTERS else "all"
        if (index := self._index(self.cursor)) is not None and not self.shows(self.entries[index]):
            self.cursor = None
        self._width = -1
        self._rewrap()
        self._titles()
        if self.following:
            self._to_end()

    def find(self, words: str) -> Entry | None:
        """The next older entry shown whose text or author holds `words` (any case), from
        the cursor (or the newest), going round once; selected. None: no entry held has it."""
        wanted = words.casefold().strip()
        if not wanted or not self.entries:
            return None
        start = self._index(self.cursor)
        start = len(self.entries) if start is None else start
        order = [*range(start - 1, -1, -1), *range(len(self.entries) - 1, start - 1, -1)]
        for index in order:
            entry = self.entries[index]
            if self.shows(entry) and (
                wanted in entry.text.casefold() or wanted in entry.actor.casefold()
            ):
                self._select(index)
                return entry
        return None

    @property
    def holds_all(self) -> bool:
        """Whether every entry of the incident is held (a search saw them all)."""
        return self._oldest

    # -- following, and the reader scrolling ----------------------------------------------
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

    def follow(self) -> None:
        """Keep the newest entry in view again (and hold the newest, if some were skipped)."""
        self.following, self.unseen = True, 0
        if self.cursor is not None and self.entries:
            self.cursor = self.entries[-1].id
        if self._behind and self.state is not None:
            self._reset(self.state.timeline, self.state.entry_count)
        self._titles()
        self._to_end()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._auto:
            return
        if new_value >= self.max_scroll_y:
            if not self.following:
                self.follow()  # the reader came back down to the newest
        elif new_value < old_value and self.following:
            self.following, self.unseen = False, 0
            self._titles()
        if new_value <= 0:
            self._ask_older()

    def action_scroll_end(self) -> None:
        self.follow()

    def action_scroll_home(self) -> None:
        shown = [n for n in range(self._from, len(self.entries)) if self.shows(self.entries[n])]
        if shown:
            self._select(shown[0])
        self.scroll_home(animate=False, immediate=True)
        self._ask_older()  # already at the top of what is held: the page before it

    # -- the cursor -----------------------------------------------------------------------
    @property
    def selected(self) -> Entry | None:
        index = self._index(self.cursor)
        return self.entries[index] if index is not None else None

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

    def action_cursor(self, step: int) -> None:
        """The next or previous entry; the first move picks the entry at the edge of the view
        it moves towards. Past the newest, the pane follows again."""
        if not self.entries:
            return
        index = self._index(self.cursor)
        if index is None:
            edge = round(self.scroll_y) + (self.size.height - 1 if step < 0 else 0)
            index = self._entry_at(max(0, edge))
        else:
            index += step
        while 0 <= index < len(self.entries) and not self.shows(self.entries[index]):
            index += step  # a hidden entry is passed over
        if index >= len(self.entries):
            self.follow()
            return
        if index < self._from or index < 0:
            self._ask_older()
            index = next(
                (n for n in range(self._from, len(self.entries)) if self.shows(self.entries[n])),
                None,
            )
            if index is None:
                return
        self._select(index)

    def _select(self, index: int) -> None:
        self.cursor = self.entries[index].id
        newest = index == len(self.entries) - 1
        if newest and not self.following:
            self.follow()  # back on the newest: following again
        elif not newest and self.following:
            self.following, self.unseen = False, 0
            self._titles()
        if span := self._lines_of(index):
            top, end = span
            width = self.scrollable_content_region.width
            with self._by_itself():
                self.scroll_to_region(Region(0, top, width, min(end - top, self.size.height)),
                                      animate=False, immediate=True, force=True)  # fmt: skip
        self.refresh()

    def action_correct(self) -> None:
        self.post_message(self.Correct(self.selected))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _ask_older(self) -> None:
        if self.entries and not self._oldest and not self._asking and self._from == 0:
            self._asking = True
            self.post_message(self.Older(self.entries[0].id))

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
