"""The war-room console: a view over the incident service.

Start-up matters (it is opened in the first minute of an outage): this module imports only
Textual and light parts of warroom. The data layer (SQLModel, ~0.5 s to import) is imported
in the database thread after the first frame is on screen. Every database call runs on that
one thread, in the order the keys were pressed, never on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer

from warroom.clock import Clock, RealClock
from warroom.errors import WarroomError
from warroom.ids import STATUSES
from warroom.responder import WATCHER_HEARTBEAT_S, default_actor
from warroom.tui.respond import Respond
from warroom.tui.themes import (
    DEFAULT_THEME,
    configured_theme,
    load_themes,
    remember_theme,
    remembered_theme,
)
from warroom.tui.widgets.checklist import ChecklistList, ChecklistPane
from warroom.tui.widgets.health import HealthPane
from warroom.tui.widgets.incident_bar import IncidentBar
from warroom.tui.widgets.key_hints import KeyHints
from warroom.tui.widgets.roles import RolesPane
from warroom.tui.widgets.severity import SeverityPane
from warroom.tui.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from warroom.config import Config
    from warroom.drill import Engine
    from warroom.health import Monitor, Sample
    from warroom.playbook import PlaybookLibrary
    from warroom.service import IncidentService
    from warroom.state import IncidentState
    from warroom.store import ChangeWatcher, NotifyWatcher

T = TypeVar("T")


class ConsoleScreen(Screen):
    # The base Screen hides tab; the console shows it, since panes are what tab moves between.
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]


CLOSURE = (
    "service is restored",
    "monitoring is back to normal",
    "the status page is updated",
    "stakeholders are notified",
    "a postmortem is scheduled",
)


class WarroomApp(Respond, App[int]):
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
        Binding("e", "escalate", "Escalate"),
        Binding("p", "postmortem", "Postmortem"),
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
        poll_interval: float = 0.25,
        theme: str | None = None,
        config: str | Path | None = None,
        drill: Engine | None = None,
        speed: float = 1.0,
    ) -> None:
        super().__init__()
        self.theme_choice = theme
        self.config_path = config
        self._theme_problems = self._choose_theme()
        self.monitor: Monitor | None = None
        self.drill = drill
        self.speed = speed
        self._drill_version = -1
        self._drill_done = False
        self.config: Config | None = None
        self._health_loop: asyncio.AbstractEventLoop | None = None
        self.playbooks: PlaybookLibrary | None = None
        self._stop_threads = threading.Event()
        self._health_version = -1
        self._grid_rows = ""
        self.incident_id = incident_id
        self.db = db
        self.playbook_name = playbook
        self.new_title = title
        self.clock = clock or (service.clock if service else RealClock())
        self.service = service
        self.poll_interval = poll_interval
        self.state: IncidentState | None = None
        self.error: WarroomError | None = None
        self._watcher: ChangeWatcher | NotifyWatcher | None = None
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warroom-db")
        self._reloading = False
        self._db_problem: str | None = None
        self._watch_key = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    # -- layout --------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return ConsoleScreen(id="_default")

    @property
    def console_screen(self) -> Screen:
        """The console's screen, also while a picker or prompt is open over it (the app's own
        query_one looks only at the top screen, so updates would be lost meanwhile)."""
        if not self.screen_stack:
            raise NoMatches("the console is closing")
        return self.screen_stack[0]

    def compose(self) -> ComposeResult:
        yield IncidentBar(self.incident_id, id="incident-bar")
        yield SeverityPane(id="severity")
        yield RolesPane(id="roles")
        yield ChecklistPane(id="checklist")
        yield HealthPane(id="health")
        yield TimelinePane(id="timeline")
        yield KeyHints()
        yield Footer()

    def on_mount(self) -> None:
        self.console_screen.query_one(ChecklistList).focus()
        for problem in self._theme_problems:
            self.notify(problem, title="Theme", severity="warning")
        # From now on a theme picked in the command palette is remembered for next time.
        self.watch(self, "theme", remember_theme, init=False)

    def _choose_theme(self) -> list[str]:
        """Register the theme files and pick one, before the first style pass: switching
        themes after mounting would restyle every widget before the first frame."""
        themes, problems = load_themes()
        for theme in themes:
            self.register_theme(theme)
        wanted = (
            self.theme_choice
            or configured_theme(self.config_path)
            or remembered_theme()
            or DEFAULT_THEME
        )
        if wanted not in self.available_themes:
            problems.append(f"unknown theme {wanted!r}; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        self.theme = wanted
        if self.theme_choice == wanted:
            remember_theme(wanted)
        return problems

    def on_ready(self) -> None:
        # The first frame is on screen: only now load data, which competes with it for the GIL.
        self.run_worker(self._open(), name="open", exclusive=True)

    # -- the database thread -------------------------------------------------------------
    async def db_call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._db, partial(fn, *args))

    def _open_sync(self) -> IncidentState:
        from warroom.service import IncidentService
        from warroom.store import Store

        if self.service is None:
            self.service = IncidentService(Store(self.db), clock=self.clock)
        from warroom.playbook import PlaybookLibrary

        self.playbooks = PlaybookLibrary()
        playbook = self.playbooks.get(self.playbook_name) if self.playbook_name else None
        incident, _ = self.service.open_or_declare(self.incident_id, playbook, self.new_title)
        self.incident_id = incident.id
        self._watcher = self.service.store.watcher(incident.id)
        return self.service.state(incident.id)

    def _peek(self) -> IncidentState | None:
        """The incident read straight from its SQLite file, while the data layer loads."""
        from warroom.ids import parse_incident_id
        from warroom.location import database_url, sqlite_file
        from warroom.snapshot import read_state

        path = sqlite_file(database_url(self.db))
        return read_state(path, parse_incident_id(self.incident_id)[0]) if path else None

    async def _open(self) -> None:
        if self.service is None and (first := await self.db_call(self._peek)):
            self.show(first)
            # Let that frame reach the screen before the data layer's import takes the GIL.
            painted = asyncio.get_running_loop().create_future()
            self.call_after_refresh(painted.set_result, None)
            await painted
        try:
            state = await self.db_call(self._open_sync)
        except WarroomError as exc:
            self.error = exc
            self.exit(return_code=exc.exit_code)
            return
        self.show(state)
        self.set_interval(1.0, self._tick_clock, name="clock")
        # On a server, a poll only reads the flag the NOTIFY listener sets: it can be brisk.
        remote = self.service is not None and not self.service.store.is_sqlite
        interval = min(self.poll_interval, 0.1) if remote else self.poll_interval
        self.set_interval(interval, self._poll, name="watch")
        if self.drill is not None:
            self._start_drill(self.drill)
            return  # a drill makes no network connection and reads no actions from the config
        await self._heartbeat()
        self.set_interval(WATCHER_HEARTBEAT_S, self._heartbeat, name="heartbeat")
        self._watch_playbooks()
        await self._start_health()

    async def _poll(self) -> None:
        watcher = self._watcher
        if watcher is None or self._reloading:
            return
        try:
            changed = await self.db_call(watcher.changed)
        except Exception as exc:  # the file vanished: say so, keep going
            self._database_problem(f"cannot read the database: {exc}")
            return
        if watcher.problem != self._db_problem:
            self._database_problem(watcher.problem)
        if changed:
            await self.reload()

    def _database_problem(self, problem: str | None) -> None:
        """The team server went away (or came back): one line, and the last state stays up."""
        self._db_problem = problem
        with contextlib.suppress(NoMatches):  # the console is closing
            self.console_screen.query_one(IncidentBar).warn(
                f"database unreachable ({problem}): last state shown, changes not saved"
                if problem
                else "",
                source="database",
            )
        if problem is None:
            self.notify("The database is back; the console is live again.", title="Reconnected")

    async def _heartbeat(self) -> None:
        """Tell the other consoles this one is watching (shown in their roles pane)."""
        if self.service is not None:
            with contextlib.suppress(WarroomError):  # an outage is reported by the watcher
                await self.db_call(self.service.watching, self.incident_id, self._watch_key)

    async def reload(self) -> None:
        if self.service is None:
            return
        self._reloading = True
        try:
            state = await self.db_call(self.service.state, self.incident_id, self.state)
        except WarroomError as exc:
            with contextlib.suppress(NoMatches):  # the console is closing
                self.console_screen.query_one(IncidentBar).warn(str(exc), source="database")
            return
        finally:
            self._reloading = False
        self.show(state)

    async def change(self, verb: str, *args: Any) -> bool:
        """Run one service verb on the database thread, then show the result.

        Looked up on the thread: a key pressed while the data layer is still loading
        queues behind the opening and runs, in order, once it is done.
        """
        try:
            await self.db_call(lambda: getattr(self.service, verb)(*args))
        except WarroomError as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return False
        await self.reload()
        return True

    # -- drills: the scenario plays on the simulated clock --------------------------------
    def _start_drill(self, engine: Engine) -> None:
        from warroom.config import Config

        self.config = Config(action=[a.model_dump() for a in engine.scenario.actions])
        self.bind_actions(self.config)
        self.bind("z", "drill_pause", description="Pause drill")
        self.bind("plus", "drill_speed(2)", description="Faster")
        self.bind("minus", "drill_speed(0.5)", description="Slower")
        self.console_screen.query_one(HealthPane).display = True
        self.screen.add_class("-health")
        self.set_interval(0.1, self._drill_step, name="drill")

    async def _drill_step(self) -> None:
        engine = self.drill
        if engine is None or self._drill_done:
            return
        await self.db_call(engine.advance, 0.1 * self.speed)
        if engine.version != self._drill_version:
            self._drill_version = engine.version
            self.console_screen.query_one(HealthPane).show(engine.snapshot, self.clock.now())
            self._arrange()
        if await self.db_call(lambda: engine.finished):
            self._drill_done = True
            await self._drill_results(engine)

    async def _drill_results(self, engine: Engine) -> None:
        from warroom.tui.screens.drill_results import DrillResultsScreen

        score = await self.db_call(engine.score)
        await self.change("record_drill", self.incident_id, score)
        self.push_screen(DrillResultsScreen(engine.scenario.title, score))

    def action_drill_pause(self) -> None:
        if self.drill is not None:
            self.drill.paused = not self.drill.paused
            self.notify("Drill paused" if self.drill.paused else "Drill resumed", title="Drill")

    def action_drill_speed(self, factor: float) -> None:
        self.speed = min(60.0, max(0.5, self.speed * factor))
        self.notify(f"Drill speed {self.speed:g}x", title="Drill")

    # -- playbook files: edits are picked up for incidents declared afterwards -------------
    def _watch_playbooks(self) -> None:
        library = self.playbooks
        folders = [f for f in library.folders if f is not None and f.is_dir()] if library else []
        if library is None or not folders:
            return

        def watch() -> None:
            from watchfiles import watch

            for _ in watch(*folders, stop_event=self._stop_threads):
                library.reload()
                problems = list(library.problems.values())
                message = f"{problems[0]} (the last good version stays in use)" if problems else ""
                self.call_from_thread(self._playbook_problem, message)

        threading.Thread(target=watch, name="warroom-playbook-watch", daemon=True).start()

    def _playbook_problem(self, problem: str) -> None:
        self.console_screen.query_one(IncidentBar).warn(problem, source="playbooks")
        if problem:
            self.notify(problem, title="Playbook not reloaded", severity="error", timeout=10)

    # -- health checks: their own thread and event loop, so no check can stall a key ---
    async def _start_health(self) -> None:
        from warroom.config import find_config, load_config

        try:
            path = await self.db_call(find_config, self.config_path)
            config = await self.db_call(load_config, path) if path else None
        except WarroomError as exc:
            self.console_screen.query_one(IncidentBar).warn(str(exc), source="config")
            self.notify(str(exc), title="Config not loaded", severity="error", timeout=10)
            return
        if path is None or config is None:
            return
        self.config = config
        self.bind_actions(config)
        if not config.endpoints:
            return
        self.console_screen.query_one(HealthPane).display = True
        self.screen.add_class("-health")
        self.run_worker(partial(self._health_thread, path, config), thread=True, name="health")
        self.set_interval(0.1, self._show_health, name="health-view")

    def _health_thread(self, path: Path, config: Config) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        asyncio.run(self._health_main(path, config, lambda: worker.is_cancelled))

    async def _health_main(self, path: Path, config: Config, cancelled: Callable[[], bool]) -> None:
        from warroom.health import Monitor

        service = self.service
        assert service is not None

        async def record(event):  # type: ignore[no-untyped-def]
            try:
                await asyncio.to_thread(
                    service.record_health,
                    self.incident_id,
                    event.endpoint,
                    event.state,
                    event.text,
                    event.data,
                )
            except WarroomError as exc:
                self.call_from_thread(self.notify, str(exc), title="Not saved", severity="error")

        monitor = Monitor(config, on_event=record)
        self.monitor = monitor
        self._health_loop = asyncio.get_running_loop()
        monitor.start()
        publisher = asyncio.create_task(monitor.publish())
        stop_watching = threading.Event()
        loop = asyncio.get_running_loop()
        threading.Thread(
            target=self._watch_config,
            args=(path, lambda new: loop.call_soon_threadsafe(monitor.reload, new), stop_watching),
            name="warroom-config-watch",
            daemon=True,
        ).start()
        while not (self._stop_threads.is_set() or cancelled()):
            await asyncio.sleep(0.05)
        stop_watching.set()
        publisher.cancel()
        await asyncio.gather(publisher, return_exceptions=True)
        await monitor.close()

    def _watch_config(
        self, path: Path, reload: Callable[[Config], object], stop: threading.Event
    ) -> None:
        """An edited warroom.toml takes effect at once; a broken edit keeps the last good one."""
        from watchfiles import watch

        from warroom.config import load_config

        # Watch the folder: editors often replace the file rather than write into it.
        for _ in watch(
            path.parent, watch_filter=lambda _c, p: Path(p).name == path.name, stop_event=stop
        ):
            try:
                config = load_config(path)
            except WarroomError as exc:
                self.call_from_thread(
                    self._config_problem, f"{exc} (still using the last good config)"
                )
                continue
            reload(config)
            self.call_from_thread(self._config_problem, "")

    def _config_problem(self, problem: str) -> None:
        self.console_screen.query_one(IncidentBar).warn(problem, source="config")
        if problem:
            self.notify(problem, title="Config not reloaded", severity="error", timeout=10)
        else:
            self.notify("warroom.toml reloaded", title="Config")

    def _show_health(self) -> None:
        monitor = self.monitor
        if monitor is not None and monitor.version != self._health_version:
            self._health_version = monitor.version
            pane = self.console_screen.query_one(HealthPane)
            pane.show(monitor.snapshot, self.clock.now())
            self._arrange()

    def on_resize(self) -> None:
        self.call_after_refresh(self._arrange)

    def _arrange(self) -> None:
        """Place the health pane: above the checklist when stacked, above the timeline in the grid."""
        screen = self.screen
        if not isinstance(screen, ConsoleScreen) or not screen.has_class("-health"):
            return
        pane, checklist = screen.query_one(HealthPane), screen.query_one(ChecklistPane)
        narrow = screen.has_class("-narrow")
        stacked_first = screen.children.index(pane) < screen.children.index(checklist)
        if narrow and not stacked_first:
            screen.move_child(pane, before=checklist)
        elif not narrow and stacked_first:
            screen.move_child(pane, after=checklist)
        if not narrow:
            # A grid row of "auto" height does not follow its pane, so size the row here.
            height = min(
                16,
                pane.get_content_height(self.size, self.size, max(1, pane.content_size.width)) + 2,
            )
            rows = f"1 8 {height} 1fr"
            if rows != self._grid_rows:
                self._grid_rows = screen.styles.grid_rows = rows

    async def recheck_health(self) -> list[Sample]:
        """Check every endpoint now (after an action), on the health thread; their new states."""
        if self.monitor is None or self._health_loop is None:
            return []
        future = asyncio.run_coroutine_threadsafe(self.monitor.run_round(), self._health_loop)
        return await asyncio.wrap_future(future)

    @property
    def health(self) -> list[Sample]:
        return self.monitor.snapshot if self.monitor else []

    # -- showing -------------------------------------------------------------------------
    def show(self, state: IncidentState) -> None:
        self.state = state
        now = self.clock.now()
        incident = state.incident
        try:
            self.console_screen.query_one(IncidentBar).show(
                incident.id, incident.title, incident.drill
            )
            self.console_screen.query_one(SeverityPane).show(state, now)
            self.console_screen.query_one(RolesPane).show(state, now)
            self.console_screen.query_one(ChecklistPane).show(state, now)
            self.console_screen.query_one(TimelinePane).show(state)
        except NoMatches:
            pass  # a save finished while the console was closing: it is stored, nothing to show

    def _tick_clock(self) -> None:
        if self.state is not None:
            now = self.clock.now()
            self.console_screen.query_one(SeverityPane).show(self.state, now)
            self.console_screen.query_one(RolesPane).show(self.state, now)
            self.console_screen.query_one(ChecklistPane).show(self.state, now)

    # -- keys ----------------------------------------------------------------------------
    def _shown(self) -> IncidentState | None:
        if self.state is None:
            self.notify("Still opening the incident…", severity="warning")
        return self.state

    def on_checklist_list_toggle(self, message: ChecklistList.Toggle) -> None:
        if state := self._shown():
            # Say what the responder saw: if someone ticked it meanwhile, a second tick is
            # recorded as such rather than silently undoing theirs.
            shown = next((i for i in state.items if i.id == message.item_id), None)
            verb = "untick" if shown and shown.done else "tick"
            self.run_worker(self.change(verb, self.incident_id, message.item_id))

    def action_note(self) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        if self._shown():

            def save(text: str | None) -> None:
                if text:
                    self.run_worker(self.change("add_note", self.incident_id, text))

            self.push_screen(PromptScreen("Add a note to the timeline", "what happened?"), save)

    def action_severity(self) -> None:
        from warroom.tui.screens.prompts import PickScreen

        if self._shown() and self.state:
            choices = []
            for sev in self.state.playbook.severities:
                label = Text(f" {sev.name} ", style=f"bold #000000 on {sev.colour}")
                label.append(f" {sev.title}  {sev.meaning}")
                choices.append((sev.name, label))

            def save(name: str | None) -> None:
                if name:
                    self.run_worker(self.change("set_severity", self.incident_id, name))

            self.push_screen(PickScreen("Severity", choices, self.state.incident.severity), save)

    def action_status(self) -> None:
        from warroom.tui.screens.prompts import PickScreen

        if self._shown() and self.state:

            def save(status: str | None) -> None:
                if status == "resolved" and self.state and self.state.incident.status != "resolved":
                    self._confirm_resolved()
                elif status:
                    self.run_worker(self.change("set_status", self.incident_id, status))

            choices: list[tuple[str, Text | str]] = [(s, s) for s in STATUSES]
            self.push_screen(PickScreen("Status", choices, self.state.incident.status), save)

    def _confirm_resolved(self) -> None:
        """Resolving is asked twice, with the closure checklist in front of the person."""
        from warroom.tui.screens.confirm import ConfirmScreen

        closure = Text("Before closing, check that:\n", style="bold")
        for line in CLOSURE:
            closure.append(f"  ☐ {line}\n", style="")
        closure.append("\nThe resolution time is recorded now.", style="dim")

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.change("set_status", self.incident_id, "resolved"))

        self.push_screen(ConfirmScreen("Resolve the incident?", closure), decided)

    def action_assign(self) -> None:
        from warroom.tui.screens.prompts import PickScreen, PromptScreen

        state = self._shown()
        if state is None:
            return
        choices: list[tuple[str, Text | str]] = []
        for role in state.playbook.roles:
            held = state.roles.get(role.key)
            label = Text(f"{role.name}  ", style="bold")
            label.append(held.holder if held else "— unassigned", style="" if held else "italic")
            choices.append((role.key, label))

        def ask_holder(role_key: str | None) -> None:
            if not role_key:
                return
            role = state.playbook.role(role_key)
            held = state.roles.get(role_key)

            def save(holder: str | None) -> None:
                if holder:
                    self.run_worker(self.change("assign_role", self.incident_id, role_key, holder))

            default = "" if held else (self.service.actor if self.service else default_actor())
            self.push_screen(PromptScreen(f"Who is {role.name}?", "name", default), save)

        self.push_screen(PickScreen("Assign a role", choices), ask_holder)

    def action_postmortem(self) -> None:
        from warroom.postmortem import markdown
        from warroom.tui.screens.postmortem import PostmortemScreen

        if state := self._shown():
            self.push_screen(PostmortemScreen(state.incident.id, markdown(state, self.clock.now())))

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every key of the console is also a command, generated from the bindings.
        seen = {"quit", "help", "focus_next", "focus_previous"}
        for binding in [*self.BINDINGS, *ChecklistList.BINDINGS]:
            if isinstance(binding, Binding) and binding.show and binding.action not in seen:
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description,
                    f"key: {binding.key}",
                    partial(self._run_binding, binding.action),
                )

    async def _run_binding(self, action: str) -> None:
        if action == "toggle":
            self.console_screen.query_one(ChecklistList).action_toggle()
        else:
            await self.run_action(action)

    def _leave(self) -> None:
        if self.service is not None:
            with contextlib.suppress(WarroomError):
                self.service.stop_watching(self._watch_key)

    async def action_quit(self) -> None:
        self.exit(return_code=0)

    def on_unmount(self) -> None:
        self._stop_threads.set()
        if self._watcher is not None:
            self._db.submit(self._watcher.close)
        if self.service is not None and self.drill is None:
            self._db.submit(self._leave)
        self._db.shutdown(wait=True, cancel_futures=False)
