"""The war-room console: keys routed, the incident shown (its screen composes the panes).

Each concern is its own part, found by name: `startup` (from the first frame to live),
`held_keys` (no key lost while loading), `sync` (the database thread, others' changes,
outages), `health_control`, `drill_control`, `mitigation` (action keys), `updates` (status
updates and escalation). This module imports only Textual and light parts of warroom: the
frame is on screen before the incident is read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen

from warroom.core.clock import Clock, FollowingClock
from warroom.core.errors import WarroomError
from warroom.tui.bindings import listed
from warroom.tui.controllers.actions import Mitigation
from warroom.tui.controllers.alerts import AlertsControl
from warroom.tui.controllers.checklist import Checklist
from warroom.tui.controllers.command import Leading
from warroom.tui.controllers.corrections import Corrections
from warroom.tui.controllers.database import Sync
from warroom.tui.controllers.finding import Finding
from warroom.tui.controllers.health import HealthController
from warroom.tui.controllers.held_keys import HeldKeys
from warroom.tui.controllers.pickers import Pickers
from warroom.tui.controllers.reading import Reading
from warroom.tui.controllers.startup import Startup, early_settings
from warroom.tui.controllers.switching import Switching
from warroom.tui.controllers.updates import Updates
from warroom.tui.palette import key_commands
from warroom.tui.safe_app import SafeApp
from warroom.tui.screens.console import ConsoleScreen
from warroom.tui.textual_fixes import apply as apply_textual_fixes
from warroom.tui.textual_fixes import rename_key
from warroom.tui.themes import choose_theme, remember_theme
from warroom.tui.widgets.checklist import ChecklistList
from warroom.tui.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from warroom.core.config import Config
    from warroom.core.state import IncidentState
    from warroom.incident.drill import Engine
    from warroom.incident.service import IncidentService
    from warroom.tui.controllers.drill import DrillController

apply_textual_fixes()


def size_classes(size: tuple[int, int], *breakpoints: list[tuple[int, str]] | None) -> list[str]:
    """The breakpoint classes Textual gives a screen of this size (width, then height)."""
    classes = []
    for dimension, points in zip(size, breakpoints, strict=True):
        reached = [(at, name) for at, name in points or [] if dimension >= at]
        if reached:
            classes.append(max(reached)[1])
    return classes


# Over 300 lines on purpose: the console's keys, and one action_ method per key that hands
# it to the controller doing the work (Textual looks actions up on the app).
class WarroomApp(SafeApp):
    CSS_PATH = "warroom.tcss"
    TITLE = "warroom"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (44, "-tall")]
    BINDINGS = [
        Binding("n", "note", "Note"),
        Binding("s", "severity", "Severity"),
        Binding("t", "status", "Status"),
        Binding("a", "assign", "Assign role"),
        Binding("u", "update", "Update"),
        # Offered (footer, keys) only while an update's delivery has failed: see check_action.
        Binding("U", "resend", "Resend update"),
        Binding("e", "escalate", "Escalate"),
        Binding("p", "postmortem", "Postmortem"),
        # Read-only: the board as it stood at any moment (← →, t for a time).
        Binding("R", "replay", "Replay", show=False),
        # Capitals: a configured action's key is a lowercase letter or digit (core/keys.py).
        # In ?, the palette and the README: the footer has no room for more keys.
        Binding("W", "task", "Task", show=False),
        Binding("D", "decide", "Decide", show=False),
        Binding("X", "close_task", "Task done or dropped", show=False),
        Binding("O", "object", "Object to a decision", show=False),
        Binding("B", "briefing", "Briefing", show=False),
        Binding("I", "switch", "Switch to another open incident", show=False),
        # The timeline's, from any pane (in ? with the timeline's keys).
        Binding("slash", "find", "Find in the timeline", show=False),
        Binding("F", "narrow", "Filter the timeline", show=False),
        Binding("G", "timeline_end", "", show=False),
        Binding("g", "timeline_home", "", show=False),
        # In ?, the palette and the README; the footer keeps the keys of the first minutes.
        Binding("T", "retitle", "Retitle the incident", show=False),
        # Shown in the actions bar when warroom.toml has [alertmanager]; always in the palette.
        Binding("A", "alerts", "Alerts: attach or silence", show=False),
        Binding("question_mark", "help", "Keys"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        incident_id: str,
        db: str | Path | None = None,
        *,
        playbook: str | None = None,
        title: str | None = None,
        clock: Clock | None = None,
        service: IncidentService | None = None,
        theme: str | None = None,
        config: str | Path | None = None,
        drill: Engine | None = None,
        speed: float = 1.0,
        from_board: bool = False,
    ) -> None:
        super().__init__()
        self._bound: dict[str, list[Binding]] = {}  # key → bound at run time, as bound now
        self._given: set[tuple[str, str]] = set()  # (key, action) bound in Textual
        self.incident_id = incident_id
        self.from_board = from_board  # opened from `warroom board`: q (Back) returns to it
        self.next_incident: str | None = None  # switched to (I): opened once this one closes
        # Real time; or, on a drill another console plays, that drill's time (sync.py).
        self.clock = clock or (service.clock if service else FollowingClock())
        self.state: IncidentState | None = None
        self.config: Config | None = None
        # warroom.toml is read once, cheaply, before the first frame: theme and action keys.
        early = early_settings(config)
        self._theme_problems = choose_theme(self, theme, early.theme)
        self._styled_theme: str | None = self.theme  # in the stylesheet already (refresh_css)
        self.sync = Sync(self, db, service, playbook, title)
        self.health = HealthController(self, on_config=self._config_reloaded)
        self.mitigation = Mitigation(self)
        self.alerts = AlertsControl(self)
        self.updates = Updates(self)
        self.corrections = Corrections(self)
        self.checklist = Checklist(self, self.corrections)
        self.pickers = Pickers(self)
        self.leading = Leading(self)
        self.switching = Switching(self)
        self.drill: DrillController | None = None
        if drill is not None:
            from warroom.tui.controllers.drill import DrillController

            self.drill = DrillController(self, drill, speed)
        if from_board:
            rename_key(self, "q", "Back")
        self.startup = Startup(self, config, self.mitigation, self.health, self.drill)
        self.held = HeldKeys(self, lambda: self.console_screen, self.startup.loaded, self._held)
        self.startup.on_loaded = self.held.release
        self.startup.keys_first = self.held.replayed
        self.finding = Finding(self)
        self.reading = Reading(self, self.held)
        self.mitigation.bind(self.drill.actions if self.drill else early.actions)
        if self.drill is not None:
            # Said in the top line (speed, +/-, z): the footer keeps the incident's keys.
            self.bind("z", "drill_pause", description="Pause drill", show=False)
            self.bind("plus", "drill_speed(2)", description="Drill faster", show=False)
            self.bind("minus", "drill_speed(0.5)", description="Drill slower", show=False)

    # -- layout --------------------------------------------------------------------------
    def refresh_css(self, animate: bool = True) -> None:
        # Choosing the theme in __init__ queues a refresh that would parse the stylesheet and
        # restyle every widget again before the first frame: its colours are in it already.
        styled, self._styled_theme = self._styled_theme, None
        if styled != self.theme:
            super().refresh_css(animate)

    def get_default_screen(self) -> Screen[Any]:
        # Born with the size classes of the terminal it opens in: given on the first resize,
        # they would restyle every pane again before the first frame.
        screen = ConsoleScreen(self.incident_id, id="_default")
        size = size_classes(self.size, self.HORIZONTAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS)
        screen.add_class(*size, update=False)
        return screen

    @property
    def console_screen(self) -> ConsoleScreen:
        """The console's screen, also while a picker or prompt is open over it (the app's own
        query_one looks only at the top screen, so updates would be lost meanwhile)."""
        if not self.screen_stack:
            raise NoMatches("the console is closing")
        screen = self.screen_stack[0]
        assert isinstance(screen, ConsoleScreen)
        return screen

    def pane(self, kind: type[Any]) -> Any:
        return self.console_screen.query_one(kind)

    def on_mount(self) -> None:
        # After every layout (a resize sets the breakpoint classes first): place the panes.
        self.console_screen.screen_layout_refresh_signal.subscribe(
            self, lambda _screen: self.call_later(self.arrange)
        )
        self.show_actions()
        for problem in self._theme_problems:
            self.notify(problem, title="Theme", severity="warning")
        # From now on a theme picked in the command palette is remembered for next time.
        self.watch(self, "theme", remember_theme, init=False)

    def on_ready(self) -> None:
        # The first frame is on screen: only now load data, which competes with it for the GIL.
        self.run_worker(self.startup.run(), name="open", exclusive=True, exit_on_error=False)

    def arrange(self) -> None:
        with contextlib.suppress(NoMatches):  # closing
            self.console_screen.place_panes()

    def show_actions(self) -> None:
        """The action keys in their bar, and the drill's speed in the top line."""
        try:
            screen = self.console_screen
        except NoMatches:
            return  # not running yet: on_mount shows them
        keys = list(self.mitigation.keys.items())
        if self.config is not None and self.config.alertmanager is not None:
            keys.append(("A", "Alerts"))
        screen.action_keys = keys
        if self.drill is not None and self.drill.done:
            screen.drill_note = "over · its clock has stopped"
        elif self.drill is not None:
            paused = self.drill.engine.paused
            speed = "paused" if paused else f"{self.drill.speed:g}× speed"
            screen.drill_note = (
                f"{speed} · + faster · - slower · z {'resume' if paused else 'pause'}"
            )
        self.arrange()

    def on_health_pane_resized(self) -> None:
        self.arrange()

    def on_sync_news(self) -> None:
        self.sync.catch_up()

    def on_health_controller_checked(self) -> None:
        self.health.checked()

    def on_health_controller_config_problem(self, message: HealthController.ConfigProblem) -> None:
        self.health.config_problem(message.problem)

    def on_health_controller_stopped(self) -> None:
        with contextlib.suppress(NoMatches):  # the console is closing
            self.console_screen.warn("health checks stopped unexpectedly", "health")

    def on_timeline_pane_older(self, message: TimelinePane.Older) -> None:
        async def read() -> None:
            with contextlib.suppress(WarroomError):
                page, first = await self.sync.older(message.before)
                self.pane(TimelinePane).prepend(page, first)

        self.run_worker(read(), name="older", group="timeline", exit_on_error=False)

    # -- showing -------------------------------------------------------------------------
    def show(self, state: IncidentState) -> None:
        self.state = state
        now = self.clock.now()
        with contextlib.suppress(NoMatches):  # a save finished while the console was closing
            self.console_screen.show(state, now)
            self.health.incident_shown(state)
        self.updates.shown(state)
        self.leading.shown(state, now)

    def tick_clock(self) -> None:
        self.sync.follow_drill_clock()
        if self.state is not None:
            now = self.clock.now()
            with contextlib.suppress(NoMatches):
                self.console_screen.now = now
            self.leading.shown(self.state, now)

    def _held(self, count: int) -> None:
        with contextlib.suppress(NoMatches):
            self.console_screen.held = count

    def _config_reloaded(self, config: Config) -> None:
        self.config = config
        self.mitigation.unavailable = ""
        self.mitigation.bind([(a.key, a.label) for a in config.actions])

    # -- keys ----------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        typed = isinstance(event, events.Key | events.Paste) and not event.is_forwarded
        if typed and self.held.hold(event):  # type: ignore[arg-type]
            return  # kept, and replayed in its turn (see held_keys)
        await super().on_event(event)

    def on_checklist_list_toggle(self, message: ChecklistList.Toggle) -> None:
        self.checklist.toggle(message.item_id)

    def on_checklist_list_detail(self, message: ChecklistList.Detail) -> None:
        self.checklist.detail(message.item_id)

    def on_timeline_pane_correct(self, message: TimelinePane.Correct) -> None:
        self.corrections.correct(message.entry)

    def action_retitle(self) -> None:
        self.corrections.retitle()

    def action_note(self) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        def save(text: str | None) -> None:
            if text:
                self.sync.save(lambda s: s.add_note(self.incident_id, text))

        self.push_screen(PromptScreen("Add a note to the timeline", "what happened?"), save)

    def action_severity(self) -> None:
        self.pickers.severity()

    def action_status(self) -> None:
        self.pickers.status()

    def action_assign(self) -> None:
        self.pickers.assign()

    def action_task(self) -> None:
        self.leading.give_task()

    def action_close_task(self) -> None:
        self.leading.close_task()

    def action_decide(self) -> None:
        self.leading.decide()

    def action_object(self) -> None:
        self.leading.object()

    def action_briefing(self) -> None:
        self.leading.show_briefing()

    def action_find(self) -> None:
        self.finding.find()

    def action_narrow(self) -> None:
        self.finding.narrow()

    def action_timeline_end(self) -> None:
        self.finding.newest()

    def action_timeline_home(self) -> None:
        self.finding.oldest()

    def action_switch(self) -> None:
        self.switching.switch()

    def action_update(self) -> None:
        self.updates.start()

    def action_resend(self) -> None:
        self.updates.resend()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resend":
            return self.updates.resendable
        if action == "mitigate":  # an action's key works while it is bound (see unbind)
            bound = {b.action for bs in self._bound.values() for b in bs}
            return f"mitigate({parameters[0]!r})" in bound if parameters else False
        return True

    def bind(
        self,
        keys: str,
        action: str,
        *,
        description: str = "",
        show: bool = True,
        key_display: str | None = None,
    ) -> None:
        """Bind keys at run time (warroom.toml's actions, the drill's): listed in ? and the
        palette with the declared ones. A key bound again after `unbind` is not added twice."""
        for key in (k.strip() for k in keys.split(",")):
            shown = bool(description and show)
            self._bound.setdefault(key, []).append(
                Binding(key, action, description, show=shown, key_display=key_display)
            )
            if (key, action) not in self._given:
                self._given.add((key, action))
                super().bind(
                    key, action, description=description, show=show, key_display=key_display
                )

    def unbind(self, key: str) -> None:
        """A key bound at run time stops working: a reloaded warroom.toml has dropped its
        action. Textual has no call to remove a binding: its action is refused instead."""
        self._bound.pop(key, None)

    def bound_keys(self) -> list[Binding]:
        """Every key of the console itself, in the order bound: those it declares (q says
        Back when opened from the board), then those bound at run time."""
        declared = [
            Binding("q", "quit", "Back") if self.from_board and b.key == "q" else b
            for b in listed(type(self))
        ]
        return declared + [b for bs in self._bound.values() for b in bs]

    def action_escalate(self) -> None:
        self.updates.escalate()

    def action_alerts(self) -> None:
        self.alerts.start()

    def action_mitigate(self, key: str) -> None:
        self.mitigation.start(key)

    def action_postmortem(self) -> None:
        self.reading.postmortem()

    def action_replay(self) -> None:
        self.reading.replay()

    def action_drill_pause(self) -> None:
        if self.drill is not None:
            self.drill.pause()

    def action_drill_speed(self, factor: float) -> None:
        if self.drill is not None:
            self.drill.faster(factor)

    def action_help(self) -> None:
        from warroom.tui.screens.keys import KeysScreen, console_groups

        panes: list[tuple[str, type[Any]]] = [
            ("Checklist", ChecklistList),
            ("Timeline", TimelinePane),
        ]
        groups = console_groups(
            self, self.BINDINGS, self.bound_keys(), ConsoleScreen.BINDINGS, panes
        )
        self.push_screen(KeysScreen(groups))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's panel of every widget's keys: ours instead
                command = SystemCommand(
                    "Keys", "key: ? · every key of the console, by pane", self.action_help
                )
            yield command
        yield from key_commands(
            [*self.bound_keys(), *ChecklistList.BINDINGS], self._run_binding, self.get_key_display
        )

    async def _run_binding(self, action: str) -> None:
        # Chosen from the palette before the incident is read: done as soon as it is.
        await self.startup.wait("incident")
        if action.startswith("mitigate"):
            await self.startup.wait("actions")
        if action == "tick":
            self.pane(ChecklistList).action_tick()
        else:
            await self.run_action(action)

    async def action_quit(self) -> None:
        self.exit(return_code=0)

    def on_unmount(self) -> None:
        if self.drill is not None:
            self.drill.stop()
        self.health.stop()
        self.sync.close()
