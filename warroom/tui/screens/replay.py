"""Replay: the board as it stood at any moment of the incident, read-only.

← and → step from entry to entry, a time can be typed (T+00:12), and the panes show the
severity, roles, checklist, health and timeline as they were then (see core/replay.py).
Nothing here writes: the screen is modal, so none of the console's keys reach the app, and
what a pane would ask the console to change stops here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer

from warroom.checks.view import Sample, State
from warroom.core.clock import to_local
from warroom.core.limits import TITLE, cut
from warroom.core.replay import Moment, Replay, parse_moment
from warroom.core.timefmt import t_plus
from warroom.text.safe import safe_line
from warroom.tui.widgets.checklist import ChecklistList, ChecklistPane
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.roles import RolesPane
from warroom.tui.widgets.severity import SeverityPane
from warroom.tui.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from textual.app import ComposeResult


class ReplayBar(Widget):
    """The top line: which incident, which entry of how many, and when that was."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.moment: Moment | None = None
        self.total = 0

    def show(self, moment: Moment, total: int) -> None:
        self.moment, self.total = moment, total
        self.refresh(layout=True)

    def render(self) -> Text:
        text = Text(" REPLAY ", style="bold reverse")
        moment = self.moment
        if moment is None:
            return text
        incident = moment.state.incident
        text.append(f" {incident.id} ", style="bold")
        if incident.drill:
            text.append(" DRILL ", style="bold #000000 on #ffc53d")
        since = t_plus(moment.at - incident.declared_at)
        text.append(f" entry {moment.index + 1}/{self.total} at {since} ", style="bold")
        text.append(f"({to_local(moment.at):%Y-%m-%d %H:%M:%S}) ", style="dim")
        text.append(safe_line(cut(incident.title, TITLE)))
        text.append("   read-only", style="italic dim")
        return text


class ReplayScreen(ModalScreen[None]):
    # Styled in warroom.tcss (the app's CSS wins over a screen's own).
    BINDINGS = [
        Binding("left", "step(-1)", "Earlier"),
        Binding("right", "step(1)", "Later"),
        Binding("pageup", "step(-10)", "10 earlier", show=False),
        Binding("pagedown", "step(10)", "10 later", show=False),
        Binding("home", "first", "Declared", show=False),
        Binding("end", "last", "Newest", show=False),
        Binding("t,colon", "goto", "Go to T+"),
        Binding("escape,q,R", "close", "Close replay"),
    ]

    def __init__(self, replay: Replay, index: int | None = None) -> None:
        super().__init__()
        self.replay = replay
        self.index = len(replay) - 1 if index is None else index
        self.moment: Moment | None = None

    def compose(self) -> ComposeResult:
        yield ReplayBar(id="replay-bar")
        severity = SeverityPane(id="severity")
        severity.read_only = True  # its keys (u, U) are the console's, not the replay's
        yield severity
        yield RolesPane(id="roles")
        yield ChecklistPane(id="checklist")
        yield HealthPane(id="health")
        yield TimelinePane(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        # Nothing to tick, nothing to correct: the panes are for reading.
        self.query_one(ChecklistList).can_focus = False
        self.query_one(TimelinePane).can_focus = False
        health = self.query_one(HealthPane)
        health.empty = "no health change recorded yet"
        health.display = any(e.kind == "health" for e in self.replay.entries)
        self.set_class(not health.display, "-no-health")
        self.set_focus(None)
        self.show(self.index)

    def show(self, index: int) -> None:
        moment = self.replay.at(index)
        back = self.moment is not None and moment.index < self.moment.index
        self.index, self.moment = moment.index, moment
        state, now = moment.state, moment.at
        self.query_one(ReplayBar).show(moment, len(self.replay))
        self.query_one(SeverityPane).show(state, now)
        self.query_one(RolesPane).show(state, now)
        self.query_one(ChecklistPane).show(state, now)
        timeline = self.query_one(TimelinePane)
        if back:
            timeline.clear()  # corrections written later are not known yet at this moment
        timeline.show(state)
        health = self.query_one(HealthPane)
        if health.display:
            samples = [
                Sample(h.name, "recorded", _state(h.state), h.since, h.reason, None, None, [],
                       False)
                for h in moment.health
            ]  # fmt: skip
            health.show(samples, now)
            health.border_title = (
                f"Health · as recorded at {t_plus(now - state.incident.declared_at)}"
            )
        self.call_after_refresh(self._fit_health)

    def _fit_health(self) -> None:
        """The health row as tall as its rows need (the console's grid does the same)."""
        health = self.query_one(HealthPane)
        if self.has_class("-narrow"):
            return
        rows = ["1", "8", "1fr"]
        if health.display:
            rows.insert(2, str(health.row_height()))
        self.styles.grid_size_rows = len(rows)
        self.styles.grid_rows = " ".join(rows)

    # -- keys ------------------------------------------------------------------------------
    def action_step(self, step: int) -> None:
        self.show(self.index + step)

    def action_first(self) -> None:
        self.show(0)

    def action_last(self) -> None:
        self.show(len(self.replay) - 1)

    def action_goto(self) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        def go(typed: str | None) -> None:
            if not typed:
                return
            try:
                seconds = parse_moment(typed)
            except ValueError as exc:
                self.notify(str(exc), title="Replay", severity="warning", markup=False)
                return
            from datetime import timedelta

            self.show(self.replay.index_at(self.replay.start + timedelta(seconds=seconds)))

        self.app.push_screen(
            PromptScreen("Go to a moment", "T+00:12, T+01:05:30 or 12m", enter="go"), go
        )

    def action_close(self) -> None:
        self.dismiss(None)

    # What a pane asks the console to change stops here: a replay writes nothing.
    def on_checklist_list_toggle(self, message: ChecklistList.Toggle) -> None:
        message.stop()

    def on_timeline_pane_correct(self, message: TimelinePane.Correct) -> None:
        message.stop()

    def on_timeline_pane_older(self, message: TimelinePane.Older) -> None:
        message.stop()  # a moment holds every entry up to it


def _state(recorded: str) -> State:
    try:
        return State(recorded.upper())
    except ValueError:
        return State.UNKNOWN
