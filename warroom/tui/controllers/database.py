"""The console and its database: every call on one thread, in key-press order, never on the
event loop; other responders' changes shown as they land; an outage said in the top line.

Each change has a deadline from the moment the key was pressed: a database that does not
answer by then gets "Not saved: …", and the change is never written later (see db.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.css.query import NoMatches
from textual.message import Message

from warroom.core.errors import WarroomError
from warroom.core.responder import WATCHER_HEARTBEAT_S

if TYPE_CHECKING:
    from warroom.core.state import Entry, IncidentState
    from warroom.incident.service import IncidentService
    from warroom.storage.thread import DatabaseThread
    from warroom.tui.controllers.console import Console

T = TypeVar("T")

CHANGE_DEADLINE_S = 5.0  # a change not committed this long after the key press is refused
# The newest entries the console holds of a timeline, and the page read when scrolling back:
# a key costs the same on an incident of ten entries or of two hundred thousand.
TIMELINE_WINDOW = 500
TIMELINE_PAGE = 500


class Sync:
    def __init__(
        self,
        console: Console,
        db: str | Path | None,
        service: IncidentService | None,
        playbook: str | None,
        title: str | None,
    ) -> None:
        self.console = console
        self.db = db
        self.given = service
        self.playbook_name = playbook
        self.title = title
        self.thread: DatabaseThread | None = None
        self.problem: str | None = None
        self.present = False  # this console is listed as watching
        self.stale = False  # something wrote on this console's behalf (health): read again
        self._reloading = False
        self._told = False  # a News is on its way and has not been read yet
        self._key = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._started = asyncio.Event()  # a change asked for before the first frame waits

    @property
    def service(self) -> IncidentService | None:
        return self.thread.service if self.thread is not None else self.given

    # -- opening ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the database thread; the data layer is imported and opened on it."""
        from warroom.storage.thread import DatabaseThread

        self.thread = DatabaseThread(self._open, self.console.incident_id)
        self._started.set()

    def _open(self) -> IncidentService:
        service = self.given
        if service is None:
            from warroom.incident.service import IncidentService
            from warroom.storage.store import Store

            service = IncidentService(Store(self.db), clock=self.console.clock)
        if service.find(self.console.incident_id) is None:
            # Declared now: with --playbook, else warroom.toml's `playbook`, else the default.
            from warroom.core.playbook import find_playbook

            playbook = find_playbook(self.playbook_name)
            service.open_or_declare(self.console.incident_id, playbook, self.title)
        elif self.title:
            service.open_or_declare(self.console.incident_id, title=self.title)  # retitles it
        self._read_drill_clock(service)
        return service

    # -- a drill played by another console ---------------------------------------------------
    def _read_drill_clock(self, service: IncidentService) -> None:
        """On the database thread: a drill's clock as the console playing it keeps it, for
        this console's clock to follow (its T+, and the times of the entries it writes)."""
        from warroom.core.clock import FollowingClock

        clock = self.console.clock
        if isinstance(clock, FollowingClock) and self.console.drill is None:
            kept = service.kept_drill_clock(self.console.incident_id)
            if kept is not None:
                clock.follow(*kept)

    def follow_drill_clock(self) -> None:
        """Each second: read the drill's kept clock again (its speed, a pause, its end)."""
        from warroom.core.clock import FollowingClock

        clock = self.console.clock
        if (
            isinstance(clock, FollowingClock)
            and clock.following
            and self.thread is not None
            and self.service is not None
        ):
            self.thread.submit(self._read_drill_clock, self.service)

    async def call(self, fn: Callable[..., T], *args: Any, deadline: float | None = None) -> T:
        """`fn(*args)` on the database thread, after everything asked before it (a call
        made before the thread has started, by a key typed before the first frame, waits)."""
        if self.thread is None:
            await self._started.wait()
        assert self.thread is not None
        return await asyncio.wrap_future(self.thread.submit(fn, *args, deadline=deadline))

    async def read_state(self) -> IncidentState:
        return await self.call(
            lambda: self.service.state(self.console.incident_id, window=TIMELINE_WINDOW)  # type: ignore[union-attr]
        )

    async def read_whole(self) -> IncidentState:
        """Every entry (a postmortem): the state shown holds only the newest."""
        state = self.console.state
        if state is not None and state.complete:
            return state
        return await self.call(lambda: self.service.state(self.console.incident_id))  # type: ignore[union-attr]

    async def older(self, before: int) -> tuple[list[Entry], bool]:
        """The page of entries before entry `before`, and whether it reaches the first."""
        service = self.service
        if service is None:
            return [], True
        page = await self.call(
            service.timeline_page, self.console.incident_id, before, TIMELINE_PAGE
        )
        return page, len(page) < TIMELINE_PAGE

    # -- changing --------------------------------------------------------------------------
    def save(self, verb: Callable[[IncidentService], object]) -> None:
        """`change` in a worker: the key that asked for it returns at once."""
        self.console.run_worker(self.change(verb), exit_on_error=False)

    async def change(self, verb: Callable[[IncidentService], object]) -> bool:
        """One service verb, `sync.change(lambda s: s.tick(incident, item))`, then the result
        shown; "Not saved: …" if it could not be."""
        return (await self.saved(verb))[0]

    async def saved(self, verb: Callable[[IncidentService], T]) -> tuple[bool, T | None]:
        """`change`, and what the verb returned (None when it was not saved)."""
        from warroom.storage.db import deadline_after

        def run() -> T:
            if self.service is None:
                raise WarroomError("the database is not open yet")
            return verb(self.service)

        deadline = deadline_after(CHANGE_DEADLINE_S)
        try:
            result = await asyncio.wait_for(
                self.call(run, deadline=deadline), timeout=CHANGE_DEADLINE_S + 0.5
            )
        except TimeoutError:
            self.console.notify(
                "database not answering; nothing was saved", title="Not saved", severity="error"
            )
            return False, None
        except WarroomError as exc:
            self.console.notify(str(exc), title="Not saved", severity="error")
            return False, None
        except Exception as exc:  # noqa: BLE001 - the console stays up, and says what happened
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.console.notify(f"unexpected error: {reason}", title="Not saved", severity="error")
            return False, None
        await self.reload()
        return True, result

    async def reload(self) -> None:
        self._reloading = True
        try:
            if self.service is None or self.thread is None:
                return
            base = self.console.state
            state = await self.call(
                self.service.state, self.console.incident_id, base, TIMELINE_WINDOW
            )
        except WarroomError as exc:
            self._outage(_brief(str(exc)))
            state = None
        finally:
            self._reloading = False
        shown = self.console.state
        if (
            state is not None
            and base is not None
            and shown is not None
            and base.incident.id == state.incident.id == shown.incident.id
        ):
            # A read since `base` carries its watchers over; who is watching may have been read
            # on its own meanwhile (refresh_presence): that newer list stays.
            state = dataclasses.replace(state, watchers=shown.watchers)
        if state is not None:
            self.console.show(state)
        self.catch_up()  # what came in while reading

    # -- watching others -------------------------------------------------------------------
    class News(Message):
        """The database thread has news: a change, presence, or an outage (or its end)."""

    def follow(self) -> None:
        """From now on: others' changes, presence, and outages are shown as they happen. The
        database thread tells the console with a message (one at a time)."""
        if self.thread is not None:
            self.thread.on_news = self._news
            self._news()  # what happened before now

    def read_again(self) -> None:
        """Read the incident again soon (from any thread): something was written on this
        console's behalf, or a dialog shows the present."""
        self.stale = True
        self._news()

    def _news(self) -> None:
        if not self._told:
            self._told = True
            self.console.post_message(self.News())

    def catch_up(self) -> None:
        """Reads only what the database thread noted: no database call while nothing happens.
        What it asks for runs in a worker: the app's queue (keys) never waits on the thread."""
        self._told = False  # news from now on is told again
        thread = self.thread
        if thread is None:
            return
        problem = thread.problem or thread.stalled()
        if problem != self.problem:
            self._outage(problem)
        if thread.presence_changed():
            self.console.run_worker(self.refresh_presence(), name="presence", group="sync")
        if self._reloading:
            return  # looked at again once the read in progress has been shown
        state = self.console.state
        shown = state.timeline[-1].id if state and state.timeline else 0
        if thread.news(shown) or self.stale:
            self.stale = False
            self._reloading = True  # until the worker's read has been shown
            self.console.run_worker(self.reload(), name="reload", group="sync")

    def _outage(self, problem: str | None) -> None:
        """The database went away (or came back): one line, and the last state stays up."""
        was, self.problem = self.problem, problem
        until = "until the console is reopened" if problem and problem.startswith("file ") else ""
        with contextlib.suppress(NoMatches):  # the console is closing
            self.console.console_screen.warn(
                f"database {problem}: last state shown, changes not saved {until}".rstrip()
                if problem
                else "",
                source="database",
            )
        if problem is None and was is not None:
            self.console.notify(
                "The database is back; the console is live again.", title="Reconnected"
            )

    # -- presence --------------------------------------------------------------------------
    async def be_present(self) -> None:
        """List this console as watching, now and (on a file) by a heartbeat; on a server it
        is listed while its connection lasts, and again after a reconnect."""
        assert self.thread is not None and self.service is not None
        service = self.service
        self.thread.on_reconnect = lambda: service.watching(self.console.incident_id, self._key)
        await self._heartbeat()
        self.console.set_interval(WATCHER_HEARTBEAT_S, self._heartbeat, name="heartbeat")

    async def _heartbeat(self) -> None:
        service = self.service
        if service is None:
            return
        with contextlib.suppress(WarroomError):  # an outage is reported by the watcher
            if service.store.is_sqlite or not self.present:
                await self.call(service.watching, self.console.incident_id, self._key)
                self.present = True
            await self.refresh_presence()

    async def refresh_presence(self) -> None:
        service, state = self.service, self.console.state
        if service is None or state is None:
            return
        with contextlib.suppress(WarroomError):
            watchers = await self.call(service.watchers, self.console.incident_id)
            state = self.console.state
            if state is not None and watchers != state.watchers:
                self.console.show(dataclasses.replace(state, watchers=watchers))

    # -- closing -----------------------------------------------------------------------------
    def close(self) -> None:
        """Leave the watchers list and stop the thread; quitting never waits on a hung server."""
        thread, service = self.thread, self.service
        if thread is None:
            return
        if self.present and service is not None:
            thread.submit(service.stop_watching, self._key)
        thread.close()
        thread.join(timeout=2.0)


def _brief(text: str) -> str:
    """The reason without the location, for the console's short top line."""
    return text.split(": ", 1)[1] if ": " in text else text
