"""Live health checks for the console. The checks run in a process of their own
(warroom/checks/process.py), so no check can stall a key; this side shows their samples,
writes confirmed changes to the timeline through the database thread, and follows edits of
warroom.toml.

What the process says is read in a thread worker, which tells the console with messages
(handled on the screen's thread); a burst of views is shown once, the newest.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches
from textual.message import Message

from warroom.core.errors import WarroomError

if TYPE_CHECKING:
    from warroom.checks.health import HealthView, Sample
    from warroom.core.config import Config
    from warroom.core.state import IncidentState
    from warroom.tui.controllers.console import Console


RECHECK_WAIT_S = 60.0


# Over 300 lines on purpose: the checking process, its rows and the after-action rechecks
# share one lifecycle (start, reload, pause on resolve, stop).
class HealthController:
    class Checked(Message):
        """The checks sent a new view (read it with `newest_view`)."""

    class ConfigProblem(Message):
        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    class Stopped(Message):
        """The checking process ended while the console runs."""

    def __init__(self, console: Console, on_config: Callable[[Config], None] | None = None) -> None:
        self.console = console
        self.on_config = on_config  # told of every good reload of warroom.toml
        self.view: HealthView | None = None
        self.states = 0  # grows when an endpoint's state changed
        self._newest: tuple[HealthView, int] | None = None  # from the listener, not yet shown
        self._told = False  # a Checked is on its way and has not been read yet
        self._process: subprocess.Popen[str] | None = None
        self._write = threading.Lock()
        self._rechecks: dict[
            int, tuple[asyncio.AbstractEventLoop, asyncio.Future[list[Sample]]]
        ] = {}
        self._ids = itertools.count(1)
        self._stop = False
        self._path: Path | None = None
        self._status: str | None = None  # the incident's status last shown
        self._asking: Any = None  # the question about an emptied config, while it is asked
        self._beside_drill = False  # rows read from what a drill's own console recorded
        self._reading = False

    @property
    def process(self) -> subprocess.Popen[str] | None:
        """The checking process, while it runs."""
        return self._process

    @property
    def samples(self) -> list[Sample]:
        """The endpoints shown (the worst ones, when there are more than fit)."""
        return self.view.rows if self.view else []

    def start(self, path: Path, config: Config, stored: list[dict[str, Any]] | None = None) -> None:
        """Check the config's endpoints and metrics (if any), starting from the states
        `stored` for the incident, and follow edits of the file."""
        from warroom.tui.controllers.file_watch import FOLLOWING, follow_file

        self._path = path
        if config.checks:
            self._spawn(stored or [])
        self.console.run_worker(
            follow_file(path, self._reload),
            name="config-watch",
            group=FOLLOWING,
            exit_on_error=False,
        )
        # Redrawn once a second, for times in state and for rows whose last answer grows old
        # (the checks may be the ones that stopped).
        self.console.set_interval(1.0, self._draw, name="health-age")

    def beside_drill(self) -> None:
        """This console is beside a drill's own: the drill's simulated checks run in that
        console's process, so this pane shows the states it recorded, read every second."""
        screen = self.console.console_screen
        screen.health_source = (
            "as the drill's console recorded them",
            "the drill's checks run in its own console (warroom drill): none recorded yet",
        )
        screen.unrecorded = ""  # nothing is checked here, live or not
        screen.health_on = True
        self._beside_drill = True
        self.console.set_interval(1.0, self._read_recorded, name="drill-health")
        self._read_recorded()

    def _read_recorded(self) -> None:
        if not self._reading:
            self._reading = True
            self.console.run_worker(self._show_recorded(), name="drill-health", group="health")

    async def _show_recorded(self) -> None:
        from warroom.checks.view import HealthView, Sample, State
        from warroom.tui.widgets.health import HealthRows

        sync = self.console.sync
        try:
            if sync.service is None:
                return
            stored = await sync.call(sync.service.endpoint_states, self.console.incident_id)
            rows = [
                Sample(
                    name=r["name"],
                    group="",
                    state=State(r["state"]),
                    since=datetime.fromisoformat(r["since"]),
                    reason=r["reason"] or "",
                    status=None,
                    latency=None,
                    latencies=[],
                    flapping=False,
                )  # fmt: skip
                for r in stored
            ]
            if rows:
                self.console.console_screen.health = HealthRows(
                    HealthView.of(rows), self.console.clock.now()
                )
        except (WarroomError, NoMatches):
            return  # the database watcher says an outage; a closing console shows nothing
        finally:
            self._reading = False

    def _spawn(self, stored: list[dict[str, Any]] | None = None) -> None:
        from warroom.tui.controllers.file_watch import FOLLOWING

        assert self._path is not None
        self._process = subprocess.Popen(
            [sys.executable, "-m", "warroom.checks.process", str(self._path), "--seeded"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=os.environ.copy(),  # ${VAR} in URLs and headers are read there
        )
        self._tell({"seed": stored or []})  # the first line: read before the first check
        process = self._process
        self.console.run_worker(
            partial(self._listen, process),
            name="health-listen",
            group=FOLLOWING,
            thread=True,
            exit_on_error=False,
        )
        self.console.console_screen.health_on = True

    def stop(self) -> None:
        self._stop = True
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                assert process.stdin is not None
                process.stdin.close()  # the checks end with their input
                process.wait(timeout=1)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()

    def _tell(self, message: dict[str, Any]) -> bool:
        process = self._process
        if process is None or process.stdin is None:
            return False
        try:
            with self._write:
                process.stdin.write(json.dumps(message) + "\n")
                process.stdin.flush()
            return True
        except OSError:
            return False

    # -- what the checks say (on the listening thread) ---------------------------------
    def _listen(self, process: subprocess.Popen[str]) -> None:
        from warroom.checks.process import sample_from, view_from

        assert process.stdout is not None
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if "view" in message:
                self._newest = (view_from(message["view"]), message["states"])
                if not self._told:
                    self._told = True
                    self.console.post_message(self.Checked())
            elif "event" in message:
                self._record(message["event"])
            elif "rechecked" in message:
                waiting = self._rechecks.pop(message["rechecked"], None)
                if waiting is not None:
                    loop, future = waiting
                    samples = [sample_from(d) for d in message["samples"]]
                    loop.call_soon_threadsafe(_answer, future, samples)
            elif "problem" in message:
                self.console.post_message(self.ConfigProblem(message["problem"]))
        if not self._stop:
            self.console.post_message(self.Stopped())

    def _record(self, event: dict[str, Any]) -> None:
        sync = self.console.sync
        if sync.thread is None or sync.service is None:
            return
        state = self.console.state
        if state is not None and state.incident.status == "resolved":
            # Shown live, not recorded (the service refuses it too, whatever this console
            # last read): a resolved incident's timeline ends with its resolution.
            return
        future = sync.thread.submit(
            sync.service.record_health,
            self.console.incident_id,
            event["endpoint"],
            event["state"],
            event["text"],
            event["data"],
        )

        def done(f: Any) -> None:
            error = f.exception()
            if isinstance(error, WarroomError):  # notify posts a message: from any thread
                self.console.notify(str(error), title="Not saved", severity="error")
            elif error is None and f.result():
                sync.read_again()  # written on this console's behalf: show it

        future.add_done_callback(done)

    def incident_shown(self, state: IncidentState) -> None:
        """The incident as now read: a resolved one's pane says its states are not recorded;
        reopened, the states confirmed meanwhile are recorded (only those that differ from
        what the incident last stored are written)."""
        status = state.incident.status
        was, self._status = self._status, status
        if self._beside_drill:
            return  # nothing is checked or recorded here
        self.console.console_screen.unrecorded = "resolved" if status == "resolved" else ""
        if was == "resolved" and status != "resolved":
            self._tell({"renote": True})
            for sample in self.samples:
                if sample.group == "alerts" or sample.state not in ("UP", "DEGRADED", "DOWN"):
                    continue  # alerts are recorded as they fire and resolve; SUSPECT is unconfirmed
                reason = f": {sample.reason}" if sample.reason else ""
                text = f"{sample.name} {sample.state}{reason} (as found on reopening)"
                self._record({"endpoint": sample.name, "state": sample.state.value, "text": text,
                              "data": {"reason": sample.reason, "reopened": True}})  # fmt: skip

    # -- warroom.toml edits ---------------------------------------------------------------
    async def _reload(self) -> None:
        """An edited warroom.toml takes effect at once; a broken edit keeps the last good one."""
        from warroom.core.config import load_config

        assert self._path is not None
        try:
            config = await asyncio.to_thread(load_config, self._path)
        except WarroomError as exc:
            self.config_problem(f"{exc} (still using the last good config)")
            return
        self._take(config)

    def _take(self, config: Config) -> None:
        """A good config read from the file (on the screen's thread): taken at once, unless it
        drops every endpoint and action, which a file emptied by mistake (or half-way through
        an editor's save) would: that is asked first."""
        if self._asking is not None:  # the file changed again while asking: that answers it
            asking, self._asking = self._asking, None
            if self.console.screen is asking:
                asking.dismiss(None)
        current = self.console.config
        if _drops_everything(current, config):
            self._ask_to_drop(current, config)  # type: ignore[arg-type]
            return
        if not self._tell({"reload": True}) and config.checks:
            self._spawn()
        self._config_reloaded(config)

    def _ask_to_drop(self, current: Config, config: Config) -> None:
        from rich.text import Text

        from warroom.tui.screens.confirm import ConfirmScreen

        what = (
            _counted(len(current.checks), "check")
            + " and "
            + _counted(len(current.actions), "action")
        )
        console = self.console.console_screen
        console.warn(f"warroom.toml now has no checks or actions: still using {what}", "config")
        details = Text(f"The file now configures nothing. Stop the {what} it had?")
        screen = ConfirmScreen("warroom.toml is empty", details, "n keeps the last good config")

        def answered(yes: bool | None) -> None:
            if self._asking is not screen:
                return  # dismissed by a newer edit of the file
            self._asking = None
            if yes:
                if not self._tell({"reload": True}) and config.checks:
                    self._spawn()
                self._config_reloaded(config)
            elif yes is False:
                console.warn(f"warroom.toml has no checks or actions: kept {what} "
                             "(edit the file to change them)", source="config")  # fmt: skip

        self._asking = screen
        self.console.push_screen(screen, answered)

    def _config_reloaded(self, config: Config) -> None:
        self.config_problem("")
        if self.on_config is not None:
            self.on_config(config)

    def config_problem(self, problem: str) -> None:
        self.console.console_screen.warn(problem, source="config")
        if problem:
            self.console.notify(problem, title="Config not reloaded", severity="error", timeout=10)
        else:
            self.console.notify("warroom.toml reloaded", title="Config")

    # -- on the screen ------------------------------------------------------------------
    def checked(self) -> None:
        """The newest view the checks sent: shown now."""
        self._told = False  # a view sent from now on is told again
        if self._newest is not None:
            self.view, self.states = self._newest
            self._draw()

    def _draw(self) -> None:
        from warroom.tui.widgets.health import HealthRows

        try:
            screen = self.console.console_screen
        except NoMatches:
            return  # the console is closing
        view = self.view
        if view is None:
            return  # "waiting for the first checks…"
        screen.health_on = view.total > 0  # an edit may have removed them all
        # Answers are timed by the checks' real clock, whatever clock the console runs on.
        screen.health = HealthRows(view, self.console.clock.now(), wall=datetime.now(UTC))

    async def recheck(self, names: list[str] | None = None) -> list[Sample]:
        """Check every endpoint and metric (or those named) now, as after an action; their
        new samples."""
        if self._process is None:
            return []
        loop = asyncio.get_running_loop()
        ident = next(self._ids)
        future: asyncio.Future[list[Sample]] = loop.create_future()
        self._rechecks[ident] = (loop, future)
        message: dict[str, Any] = {"recheck": ident}
        if names is not None:
            message["names"] = names
        if not self._tell(message):
            self._rechecks.pop(ident, None)
            return []
        try:
            # A round takes at most the longest timeout; a minute means the checks are gone.
            return await asyncio.wait_for(future, timeout=RECHECK_WAIT_S)
        except TimeoutError:
            return []
        finally:
            self._rechecks.pop(ident, None)

    def settings(self, name: str) -> tuple[float, int] | None:
        """A check's retry interval and rise, as configured now (None: no such check)."""
        config = self.console.config
        check = next((c for c in config.checks if c.name == name), None) if config else None
        if config is None or check is None:
            return None
        settings = config.settings(check)
        return settings.retry_interval, settings.rise


def _answer(future: asyncio.Future[list[Sample]], samples: list[Sample]) -> None:
    if not future.done():  # a recheck given up on is answered no more
        future.set_result(samples)


def _drops_everything(current: Config | None, new: Config) -> bool:
    """Whether taking `new` would leave no endpoint, metric or action of the several there."""
    if current is None or new.checks or new.actions:
        return False
    return bool(current.checks or current.actions)


def _counted(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")
