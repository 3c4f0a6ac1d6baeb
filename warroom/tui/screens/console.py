"""The console's screen: the incident as shown, and its panes in a grid (wide) or one stacked
column (a tmux side pane), placed again after every layout."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen

from warroom.tui.widgets.actions_bar import ActionsBar
from warroom.tui.widgets.checklist import ChecklistList, ChecklistPane
from warroom.tui.widgets.footer import ConsoleFooter
from warroom.tui.widgets.health import HealthPane, HealthRows
from warroom.tui.widgets.incident_bar import IncidentBar
from warroom.tui.widgets.key_hints import KeyHints
from warroom.tui.widgets.roles import RolesPane
from warroom.tui.widgets.severity import SeverityPane
from warroom.tui.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from warroom.checks.view import HealthView
    from warroom.core.state import IncidentState


class ConsoleScreen(Screen[None]):
    # The base Screen hides tab; the console shows it, since panes are what tab moves between.
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    # The incident as last read, and the time it is shown at (the drill's time in a drill):
    # the panes follow both. Each is shown again when set, even unchanged (a pane may have
    # been redrawn meanwhile), and `now` alone moves every second (T+, overdue steps).
    state: var[IncidentState | None] = var(None, always_update=True, init=False)
    now: var[datetime | None] = var(None, always_update=True, init=False)

    # The action keys in their bar ((key, label): warroom.toml's or the drill's, and Alerts),
    # and what the top line says of a drill (its speed and keys, or that it is over).
    action_keys: var[list[tuple[str, str]]] = var(list, always_update=True, init=False)
    drill_note: var[str] = var("", always_update=True, init=False)
    held = var(0, always_update=True, init=False)  # keys pressed while opening, to replay

    # Standing one-line problems in the top line, (source, problem) in the order raised: the
    # database went away, warroom.toml or a playbook does not load (see `warn`).
    warnings: var[tuple[tuple[str, str], ...]] = var((), init=False)

    # The health pane: whether it is shown (checks configured, a drill's endpoints), the rows
    # it shows (each set shows them, even unchanged: the time in state moves on), why they
    # are not written to the timeline if they are not, and where they come from when not from
    # this console's checks (with what it says before the first row).
    health_on = var(False, init=False)
    health: var[HealthRows | None] = var(None, always_update=True, init=False)
    unrecorded = var("", init=False)
    health_source: var[tuple[str, str] | None] = var(None, init=False)

    def __init__(self, incident_id: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.incident_id = incident_id
        self._grid_rows = ""

    def compose(self) -> ComposeResult:
        yield IncidentBar(self.incident_id, id="incident-bar")
        yield SeverityPane(id="severity")
        yield RolesPane(id="roles")
        yield ChecklistPane(id="checklist")
        yield HealthPane(id="health")
        yield TimelinePane(id="timeline")
        yield ActionsBar(id="actions-bar")
        yield KeyHints()
        yield ConsoleFooter()

    def on_mount(self) -> None:
        # Composed in the screen's own turn, which may come after the app set what it holds
        # (the action keys in its on_mount, a key held at once): shown now.
        self.query_one(ChecklistList).focus()
        self.watch_action_keys(self.action_keys)
        self.watch_drill_note(self.drill_note)
        if self.held:
            self.watch_held(self.held)
        if self.warnings:
            self.watch_warnings(self.warnings)
        if self.state is not None:
            self.watch_state()
        if self.health_source is not None:
            self.watch_health_source(self.health_source)
        if self.unrecorded:
            self.watch_unrecorded(self.unrecorded)
        if self.health_on:
            self.watch_health_on(self.health_on)
        if self.health is not None:
            self.watch_health(self.health)
        self.place_panes()

    def show(self, state: IncidentState, now: datetime) -> None:
        """A new state: the panes show it once, at this time."""
        self.set_reactive(ConsoleScreen.now, now)
        self.state = state

    def watch_state(self) -> None:
        state = self.state
        if state is None:
            return
        incident = state.incident
        with contextlib.suppress(NoMatches):  # a save finished while the console was closing
            self.query_one(IncidentBar).show(incident.id, incident.title, incident.drill)
            self._show_timed()
            self.query_one(TimelinePane).show(state)

    def watch_now(self) -> None:
        self._show_timed()

    def _show_timed(self) -> None:
        """The panes whose lines depend on the time."""
        state, now = self.state, self.now
        if state is None or now is None:
            return
        with contextlib.suppress(NoMatches):  # a save finished while the console was closing
            self.query_one(SeverityPane).show(state, now)
            self.query_one(RolesPane).show(state, now)
            self.query_one(ChecklistPane).show(state, now)

    def watch_action_keys(self, keys: list[tuple[str, str]]) -> None:
        with contextlib.suppress(NoMatches):  # not composed yet: the app's on_mount shows them
            self.query_one(ActionsBar).show(keys)

    def watch_drill_note(self, note: str) -> None:
        with contextlib.suppress(NoMatches):
            top = self.query_one(IncidentBar)
            top.drill_note = note
            top.refresh(layout=True)

    def watch_held(self, count: int) -> None:
        with contextlib.suppress(NoMatches):
            self.query_one(IncidentBar).held = count

    def warn(self, problem: str, source: str) -> None:
        """A standing one-line problem from `source` in the top line (empty: cleared); one
        raised again keeps its place."""
        warnings = dict(self.warnings)
        if problem:
            warnings[source] = problem
        else:
            warnings.pop(source, None)
        self.warnings = tuple(warnings.items())

    def watch_warnings(self, warnings: tuple[tuple[str, str], ...]) -> None:
        with contextlib.suppress(NoMatches):
            self.query_one(IncidentBar).problems = dict(warnings)

    def watch_health_on(self, on: bool) -> None:
        with contextlib.suppress(NoMatches):
            self.query_one(HealthPane).display = on
        self.place_panes()

    def watch_health(self, rows: HealthRows | None) -> None:
        if rows is None:
            return
        with contextlib.suppress(NoMatches):  # the console is closing
            if self.query_one(HealthPane).show(rows.view, rows.now, rows.wall):
                self.place_panes()  # more or fewer rows: the grid row follows

    @property
    def health_view(self) -> HealthView | None:
        """The checks' view the health pane shows (None before the first)."""
        return self.health.view if self.health is not None else None

    def watch_unrecorded(self, why: str) -> None:
        with contextlib.suppress(NoMatches):
            self.query_one(HealthPane).not_recorded(why)

    def watch_health_source(self, source: tuple[str, str] | None) -> None:
        with contextlib.suppress(NoMatches):
            pane = self.query_one(HealthPane)
            pane.source, pane.empty = source or ("", HealthPane.EMPTY)

    def place_panes(self) -> None:
        """Place the health pane: above the checklist when stacked, above the timeline in the
        grid; the same whether the console opened at this size or was resized to it."""
        try:
            pane, checklist = self.query_one(HealthPane), self.query_one(ChecklistPane)
            actions = bool(self.query_one(ActionsBar).display)
        except NoMatches:
            return
        self.set_class(bool(pane.display), "-health")
        narrow = self.has_class("-narrow")
        health_first = self.children.index(pane) < self.children.index(checklist)
        if narrow and not health_first:
            self.move_child(pane, before=checklist)
        elif not narrow and health_first:
            self.move_child(pane, after=checklist)
        if narrow:  # one column: the rows below are for the grid
            return
        # A grid row of "auto" height does not follow its pane, so size the rows here.
        health = [str(pane.row_height())]
        # The roles row grows with the open tasks and decisions (8 lines at least, 16 at most).
        roles = f"{max(8, min(16, self.query_one(RolesPane).lines() + 2))}"
        rows = " ".join(["1", roles, *(health if pane.display else []), "1fr",
                         *(["1"] if actions else [])])  # fmt: skip
        if rows != self._grid_rows:
            self._grid_rows = rows
            self.styles.grid_size_rows = len(rows.split())
            self.styles.grid_rows = rows
