"""Endpoints by group, worst first: state, code, latency, sparkline, time in state, reason."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.console import Group
from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from warroom.checks.view import HealthView
from warroom.core.limits import cut
from warroom.core.timefmt import short_span
from warroom.text.safe import safe_line
from warroom.tui.widgets.hanging import Hanging
from warroom.tui.widgets.looks import look, looks_classes, looks_css

if TYPE_CHECKING:
    from warroom.checks.view import Sample

# Word and symbol both: a state must read the same without colour (colours: see looks).
SYMBOLS = {
    "DOWN": "✖",
    "SUSPECT": "◌",
    "DEGRADED": "◐",
    "UNKNOWN": "·",
    "UP": "●",
    # Confirmed failing, passing again: not UP until `rise` passing checks, not DOWN either.
    "RECOVERING": "▲",
}
STATES = [word.lower() for word in SYMBOLS]
BARS = "▁▂▃▄▅▆▇█"
NAME_WIDTH = 28  # a longer name is cut with "…", so that the columns stay aligned


def sparkline(latencies: list[float | None], width: int = 10) -> str:
    recent = latencies[-width:]
    seen = [v for v in recent if v is not None]
    top = max(seen, default=0) or 1
    return "".join("×" if v is None else BARS[min(7, int(v / top * 7))] for v in recent)


class HealthRows(NamedTuple):
    """What the health pane shows: the checks' view, at what time (a drill's clock in a
    drill), and the real time the age of the checks' answers is measured against (None: not
    measured)."""

    view: HealthView
    now: datetime
    wall: datetime | None = None


class HealthPane(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes(*STATES, "stale", "flapping") | {
        "health--spark"
    }
    DEFAULT_CSS = (
        looks_css("HealthPane", *STATES, "stale", "flapping")
        + """
    HealthPane > .health--spark { color: $secondary; }
    """
    )
    COMPACT_BELOW = 70
    ROWS = 14  # lines the pane holds in the grid (see warroom.tcss: max-height 16, less borders)
    ROWS_NARROW = 7
    EMPTY = "waiting for the first checks…"  # what it says before the first row

    class Resized(Message):
        """Its width changed: the rows it needs may have too (the console sizes its row)."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Health"
        self.view: HealthView | None = None
        self.now: datetime | None = None
        self.wall: datetime | None = None
        self._lines: tuple[object, int] = (None, 0)
        self.unrecorded = ""  # why what it shows is not written to the timeline, if it is not
        self.source = ""  # where the rows come from, when not from checks of this console
        self.empty = self.EMPTY

    @property
    def samples(self) -> list[Sample]:
        return self.view.rows if self.view else []

    def show(
        self, view: HealthView | list[Sample], now: datetime, wall: datetime | None = None
    ) -> bool:
        """Show these (a view, or every sample, for the few endpoints of a drill); whether the
        pane may need another height (more or fewer rows). `wall`: the real time now, which
        the age of the checks' answers is measured against (`now` may be a drill's clock)."""
        self.wall = wall
        if not isinstance(view, HealthView):
            view = HealthView.of(view)
        old = self.view
        resize = old is None or (old.total, old.groups, len(old.rows)) != (
            view.total, view.groups, len(view.rows)
        )  # fmt: skip
        self.view, self.now = view, now
        self._title()
        self.set_class(bool(view.states.get("DOWN", 0)), "-down")
        self.refresh(layout=resize)
        return resize

    def not_recorded(self, why: str) -> None:
        """Say (or stop saying) that the states shown are live but not recorded: once the
        incident is resolved, its timeline takes no more health changes."""
        if why != self.unrecorded:
            self.unrecorded = why
            self._title()

    def _title(self) -> None:
        view = self.view
        if view is None:
            title = "Health"
        else:
            down = view.states.get("DOWN", 0)
            # Checks, not endpoints: metrics and alerts are rows here too.
            count = f"{view.total} check" + ("" if view.total == 1 else "s")
            title = f"Health · {down} DOWN" if down else f"Health · {count}"
            recovering = sum(1 for s in view.rows if s.state == "DOWN" and s.recovering)
            title += f" ({recovering} recovering)" if recovering else ""
        self.border_title = (
            title
            + (f" · {self.source}" if self.source else "")
            + (f" · live · not recorded: {self.unrecorded}" if self.unrecorded else "")
        )

    def lines(self, width: int) -> int:
        """How many lines the content takes at this width (remembered until the next show:
        the console asks after every layout, which is often)."""
        key = (id(self.view), width, self.screen.has_class("-narrow"))
        if self._lines[0] != key:
            self._lines = (key, self.get_content_height(self.app.size, self.app.size, width))
        return self._lines[1]

    def row_height(self) -> int:
        """The grid row it needs at its width: its lines and borders, 16 at most (its
        max-height in warroom.tcss). A row of "auto" height does not follow its pane."""
        return min(16, self.lines(max(1, self.content_size.width)) + 2)

    def render(self) -> Group:
        view, now = self.view, self.now
        if view is None or not view.rows or now is None:
            return Group(Text(self.empty, style="dim"))
        columns = Columns(
            compact=self.content_size.width < self.COMPACT_BELOW,
            name=min(NAME_WIDTH, max(len(s.name) for s in view.rows)),
            # wide enough for RECOVERING at all times: a row that starts recovering must not
            # shift every name to the right in the middle of an outage
            word=len("RECOVERING"),
        )
        drawn = {id(s): self._drawn(s, now, columns) for s in view.rows}
        shown, headed = self._fitted(view, drawn)
        lines: list[Text | Hanging] = []
        group = None
        for s in shown:
            if headed and s.group != group:  # a header only above its rows
                group = s.group
                lines.append(Text(safe_line(group), style="bold underline"))
            lines.append(drawn[id(s)])
        if more := self._more(view, shown):
            lines.append(more)
        return Group(*lines)

    def _fitted(self, view: HealthView, drawn: dict[int, Hanging]) -> tuple[list[Sample], bool]:
        """The rows that fit, and whether group headers are shown: short of room, a row takes
        one line (its reason cut with …); then headers give way to DOWN rows, each row naming
        its group instead."""
        shown = self._shown(view, {key: self._height(r) for key, r in drawn.items()})
        if len(shown) < len(view.rows):
            for row in drawn.values():
                row.body.no_wrap, row.body.overflow = True, "ellipsis"
            shown = self._shown(view, {key: 1 for key in drawn})
        headed = view.groups > 1
        if headed and view.states.get("DOWN", 0) > sum(s.state == "DOWN" for s in shown):
            headed = False
            for s in view.rows:
                drawn[id(s)].body.append_text(Text(f" · {safe_line(s.group)}", style="dim"))
            shown = self._shown(view, {key: 1 for key in drawn}, headed=False)
        return shown, headed

    def _drawn(self, s: Sample, now: datetime, columns: Columns) -> Hanging:
        age = s.stale(self.wall) if self.wall is not None else None
        return self._row(s, now, columns) if age is None else self._stale(s, age, columns)

    def _height(self, row: Hanging) -> int:
        """Lines a row takes at the pane's width (a long reason wraps)."""
        width = self.content_size.width or self.app.size.width
        console = self.app.console
        return len(console.render_lines(row, console.options.update_width(max(1, width))))

    def _shown(
        self, view: HealthView, heights: dict[int, int], headed: bool = True
    ) -> list[Sample]:
        """What the pane's lines can hold: DOWN rows first (the others give way), a group's
        header only with a row under it, one line kept for counting the rest."""
        room = self.ROWS_NARROW if self.screen.has_class("-narrow") else self.ROWS
        headed = headed and view.groups > 1

        def need(rows: list[Sample]) -> int:
            return sum(heights[id(s)] for s in rows) + (
                len({s.group for s in rows}) if headed else 0
            )

        if need(view.rows) <= room and view.total == len(view.rows):
            return view.rows
        ranked = sorted(view.rows, key=lambda s: s.state != "DOWN")  # stable: worst first
        chosen: list[Sample] = []
        for s in ranked:
            if need([*chosen, s]) + 1 <= room:  # + the "more" line
                chosen.append(s)
        keep = {id(s) for s in chosen}
        return [s for s in view.rows if id(s) in keep]

    def _row(self, s: Sample, now: datetime, columns: Columns) -> Hanging:
        word = "RECOVERING" if s.recovering else s.state
        style = look(self, word.lower())
        mark = Text(f"{SYMBOLS[word]} {word:<{columns.word}}", style=style)
        body = Text(f"{cut(safe_line(s.name), columns.name):<{columns.name}} ", style="bold")
        body.append(f"{s.status or '-':>3} ")
        spark = 6 if columns.compact else 10
        if not columns.compact:
            latency = f"{s.latency * 1000:.0f}ms" if s.latency is not None else "-"
            body.append(f"{latency:>7} ")
        body.append(
            f"{sparkline(s.latencies, spark):<{spark}} ",
            style=self.get_component_rich_style("health--spark", partial=True),
        )
        if not columns.compact:
            body.append(f"{short_span((now - s.since).total_seconds()):>6} ", style="dim")
        if s.flapping:
            body.append("flapping ", style=look(self, "flapping"))
        if s.recovering:  # its last checks passed: how far to confirmed
            of = f"/{s.rise}" if s.rise else ""
            body.append(f"{s.successes}{of}" + ("" if columns.compact else " healthy checks"),
                        style=style)  # fmt: skip
        else:
            body.append(safe_line(s.reason), style=style if s.state != "UP" else "dim")
        return Hanging(mark, body, indent=columns.word + 3)

    def _more(self, view: HealthView, shown: list[Sample]) -> Text | None:
        """ "… 12 more: 3 DOWN, 9 UP" for the rows the pane has no room for."""
        more = view.total - len(shown)
        if not more:
            return None
        hidden = Counter(view.states)
        hidden.subtract(s.state for s in shown)
        states = ", ".join(f"{hidden[state]} {state}" for state in SYMBOLS if hidden[state] > 0)
        return Text(f"+{more} more: {states}", style="bold" if hidden["DOWN"] else "dim")

    def _stale(self, s: Sample, age: float, columns: Columns) -> Hanging:
        """A row whose last answer is older than a check can take: its age and what it last
        said, never a value that looks live."""
        style = look(self, "stale")
        mark = Text(f"? {'STALE':<{columns.word}}", style=style)
        body = Text(f"{cut(safe_line(s.name), columns.name):<{columns.name}} ", style="bold")
        body.append(f"stale {short_span(age)}", style=style)
        body.append(f" (last known {s.state.value}, no answer since)", style="dim")
        return Hanging(mark, body, indent=columns.word + 3)


class Columns(NamedTuple):
    compact: bool  # a narrow pane: no latency, no time in state
    name: int  # width of the name column
    word: int  # width of the state's word
