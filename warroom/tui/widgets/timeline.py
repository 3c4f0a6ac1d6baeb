"""The timeline: every event with T+, wall-clock time, who and what kind; newest at the bottom.

A 24-hour incident has thousands of entries, so this is a line-based scroll view: entries are
wrapped once per width (with a hanging indent) and only the visible lines are drawn. j/k move
a cursor from entry to entry; `C` on a note corrects it (a new entry, the old one marked).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.clock import to_local
from warroom.corrections import CORRECTED
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
    "title": "bold magenta",
}
ACTOR_WIDTH = 12


class TimelinePane(ScrollView, can_focus=True):
    COMPACT_BELOW = 70  # columns: below this, no wall-clock time and no kind column

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("G,end", "cursor_end", "Newest", show=False),
        Binding("g,home", "cursor_home", "Oldest", show=False),
        Binding("C", "correct", "Correct note"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--cursor"}

    class Correct(Message):
        """Correct this entry (the one under the cursor)."""

        def __init__(self, entry: Entry | None) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Timeline"
        self.state: IncidentState | None = None
        self.cursor: int | None = None  # the selected entry's index in the timeline
        self._lines: list[Strip] = []
        self._owner: list[int] = []  # for each line, the index of its entry (ascending)
        self._wrapped: tuple[int, int] = (-1, 0)  # (width, entries) that _lines holds
        self._actor_width = 0
        self._delivery: dict[int, tuple[str, bool]] = {}  # update entry → (where it got, ok)
        self._corrected: dict[int, Entry] = {}  # entry id → the later entry correcting it

    def show(self, state: IncidentState) -> None:
        at_end = self.scroll_y >= self.max_scroll_y - 1
        previous = self.state
        self.state = state
        self.border_title = f"Timeline · {len(state.timeline)}"
        # An update's entry says where it got to, read from the entries after it: when that
        # changes, the entries are wrapped again (rare: a delivery outcome).
        delivery = {
            d.entry.id: (d.summary(), not d.failed or d.posted_at is not None)
            for d in state.deliveries
            if d.tracked
        }
        if (
            previous is None
            or previous.incident.declared_at != state.incident.declared_at
            or any(self._delivery.get(k) != v for k, v in delivery.items() if k in self._delivery)
        ):
            self._wrapped = (-1, 0)
            self._corrected = {}
        self._delivery = delivery
        new = state.timeline[self._wrapped[1] :] if self._wrapped[1] <= len(state.timeline) else []
        for entry in new:
            target = (entry.data or {}).get("corrects")
            if isinstance(target, int) and entry.kind in CORRECTED:
                self._corrected[target] = entry
                self._wrapped = (-1, 0)  # the corrected entry, drawn already, gets its mark
        if self.cursor is not None and self.cursor >= len(state.timeline):
            self.cursor = None
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
            owner: list[int] = []
            first = len(entries)
            while first > 0 and len(newest) < self.size.height * 2:
                first -= 1
                wrapped = self._wrap(entries[first], width)
                newest[:0] = wrapped
                owner[:0] = [first] * len(wrapped)
            self._lines, self._owner, done_count = newest, owner, len(entries)
            if first:
                self.call_after_refresh(self._wrap_older, width, first)
        for index in range(done_count, len(entries)):
            wrapped = self._wrap(entries[index], width)
            self._lines.extend(wrapped)
            self._owner.extend([index] * len(wrapped))
        self._wrapped = (width, len(entries))
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _wrap_older(self, width: int, count: int) -> None:
        if self.state is None or self._wrapped[0] != width:
            return  # resized meanwhile: the rewrap for the new width covers everything
        older: list[Strip] = []
        owner: list[int] = []
        for index, entry in enumerate(self.state.timeline[:count]):
            wrapped = self._wrap(entry, width)
            older += wrapped
            owner += [index] * len(wrapped)
        at_end = self.scroll_y >= self.max_scroll_y - 1
        keep = self.scroll_y + len(older)
        self._lines[:0] = older
        self._owner[:0] = owner
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

    def _strip(self, text: Text, width: int) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        if index >= len(self._lines):
            return Strip([Segment(" " * self.scrollable_content_region.width, Style())])
        line = self._lines[index].apply_style(self.rich_style)
        selected = self.cursor is not None and self.has_focus
        if selected and index < len(self._owner) and self._owner[index] == self.cursor:
            line = line.apply_style(self.get_component_rich_style("timeline--cursor"))
        return line

    # -- the cursor ----------------------------------------------------------------------
    @property
    def selected(self) -> Entry | None:
        if self.state is None or self.cursor is None:
            return None
        return self.state.timeline[self.cursor] if self.cursor < len(self.state.timeline) else None

    def _lines_of(self, index: int) -> tuple[int, int]:
        """The first line of entry `index` and the line after its last."""
        return bisect_left(self._owner, index), bisect_right(self._owner, index)

    def _select(self, index: int) -> None:
        if self.state is None or not self.state.timeline:
            return
        self.cursor = max(0, min(index, len(self.state.timeline) - 1))
        top, end = self._lines_of(self.cursor)
        if end > top:
            width = self.scrollable_content_region.width
            self.scroll_to_region(Region(0, top, width, min(end - top, self.size.height)),
                                  animate=False, immediate=True)  # fmt: skip
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """The next or previous entry; the first move picks the entry at the edge of the view
        it moves towards."""
        if self.state is None or not self._owner:
            return
        if self.cursor is None:
            edge = round(self.scroll_y) + (self.size.height - 1 if step < 0 else 0)
            self._select(self._owner[max(0, min(edge, len(self._owner) - 1))])
        else:
            self._select(self.cursor + step)

    def action_cursor_end(self) -> None:
        if self.state is not None:
            self._select(len(self.state.timeline) - 1)
            self.scroll_end(animate=False)

    def action_cursor_home(self) -> None:
        self._select(0)
        self.scroll_home(animate=False)

    def action_correct(self) -> None:
        self.post_message(self.Correct(self.selected))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
