"""Live health checks for the console: the poller on its own thread and event loop, so no check
can stall a key; confirmed changes to the timeline (through the database thread); the pane
redrawn at most ten times a second; warroom.toml edits taken live."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from warroom.errors import WarroomError

if TYPE_CHECKING:
    from warroom.config import Config
    from warroom.health import Event, Monitor, Sample
    from warroom.tui.console import Console


class HealthController:
    def __init__(self, console: Console, on_config: Callable[[Config], None] | None = None) -> None:
        self.console = console
        self.monitor: Monitor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._version = -1
        self.on_config = on_config  # told of every good reload of warroom.toml

    @property
    def samples(self) -> list[Sample]:
        return self.monitor.snapshot if self.monitor else []

    def start(self, path: Path, config: Config) -> None:
        """Poll the config's endpoints (if any) and follow edits of the file."""
        from warroom.tui.widgets.health import HealthPane

        threading.Thread(
            target=self._thread, args=(path, config), name="warroom-health", daemon=True
        ).start()
        if config.endpoints:
            self.console.pane(HealthPane).display = True
            self.console.arrange()
        self.console.set_interval(0.1, self._show, name="health-view")

    def stop(self) -> None:
        self._stop.set()

    def _thread(self, path: Path, config: Config) -> None:
        try:
            asyncio.run(self._main(path, config))
        except Exception as exc:  # noqa: BLE001 - the checks stop; the console keeps going
            self.console.call_from_thread(
                self.console.notify, f"health checks stopped: {exc}", severity="error"
            )

    async def _main(self, path: Path, config: Config) -> None:
        from warroom.health import Monitor
        from warroom.tui.file_watch import watch_file

        monitor = Monitor(config, on_event=self._record)
        self.monitor = monitor
        self._loop = loop = asyncio.get_running_loop()
        monitor.start()
        publisher = asyncio.create_task(monitor.publish())
        watching = threading.Event()
        threading.Thread(
            target=watch_file,
            args=(path, lambda: self._reload(path, loop), watching),
            name="warroom-config-watch",
            daemon=True,
        ).start()
        while not self._stop.is_set():
            await asyncio.sleep(0.05)
        watching.set()
        publisher.cancel()
        await asyncio.gather(publisher, return_exceptions=True)
        await monitor.close()

    async def _record(self, event: Event) -> None:
        sync = self.console.sync
        if sync.thread is None or sync.service is None:
            return
        try:
            sync.stale = await asyncio.wrap_future(
                sync.thread.submit(
                    sync.service.record_health,
                    self.console.incident_id,
                    event.endpoint,
                    event.state,
                    event.text,
                    event.data,
                )
            )
        except WarroomError as exc:
            self.console.call_from_thread(
                self.console.notify, str(exc), title="Not saved", severity="error"
            )

    def _reload(self, path: Path, loop: asyncio.AbstractEventLoop) -> None:
        """An edited warroom.toml takes effect at once; a broken edit keeps the last good one."""
        from warroom.config import load_config

        try:
            config = load_config(path)
        except WarroomError as exc:
            self.console.call_from_thread(
                self._config_problem, f"{exc} (still using the last good config)"
            )
            return
        if self.monitor is not None:
            loop.call_soon_threadsafe(self.monitor.reload, config)
        self.console.call_from_thread(self._config_reloaded, config)

    def _config_reloaded(self, config: Config) -> None:
        self._config_problem("")
        if self.on_config is not None:
            self.on_config(config)

    def _config_problem(self, problem: str) -> None:
        self.console.warn(problem, source="config")
        if problem:
            self.console.notify(problem, title="Config not reloaded", severity="error", timeout=10)
        else:
            self.console.notify("warroom.toml reloaded", title="Config")

    def _show(self) -> None:
        from warroom.tui.widgets.health import HealthPane

        monitor = self.monitor
        if monitor is not None and monitor.version != self._version:
            self._version = monitor.version
            pane = self.console.pane(HealthPane)
            pane.display = bool(monitor.config.endpoints)
            pane.show(monitor.snapshot, self.console.clock.now())
            self.console.arrange()

    async def recheck(self) -> list[Sample]:
        """Check every endpoint now (after an action), on the health thread; their new states."""
        if self.monitor is None or self._loop is None:
            return []
        future = asyncio.run_coroutine_threadsafe(self.monitor.run_round(), self._loop)
        return await asyncio.wrap_future(future)
