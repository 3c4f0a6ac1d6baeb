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

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message

from warroom.core.corrections import CORRECTED
from warroom.tui.widgets.timeline_lines import FILTERS, Line, TimelineLines

if TYPE_CHECKING:
    from warroom.core.state import Entry, IncidentState

HOLD = 1000  # entries held while following (then the newest 500); more only reading far back


class TimelinePane(TimelineLines, can_focus=True):
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
        super().__init__(**kwargs)
        self.border_title = "Timeline"
        self.total = 0  # entries the incident has
        self.unseen = 0  # entries that came in since the reader scrolled back
        self._behind = False  # more came in at once than the console reads: not all held
        self._oldest = False  # the incident's first entry is held
        self._asking = False  # a page of older entries has been asked for

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
        from warroom.core.events import Payload  # loaded with the incident, after the first frame

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
