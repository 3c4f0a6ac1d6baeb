"""A console's database thread: every database call of one console, in the order it was made, on
one thread and so on one connection, which also hears what other responders change.

On a SQLite file it notices other writers through `PRAGMA data_version` a few times a second and
tells an incident change (the revision moved) from a presence change (it did not). On a server
the same connection LISTENs: a NOTIFY names the incident and the newest entry, or presence. While
idle it sends an empty query every few seconds (no transaction, so the server counts nothing):
a server that stops answering is reported within seconds, and the connection is re-made, with
backoff, when it answers again.

Each call carries a deadline, from when it was asked for: a call that could not start by then
is refused without touching the database, and one that runs past it is cut off (see db.py), so
a change the console reported as not saved is never written later.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from warroom.core.ids import parse_incident_id
from warroom.storage.db import DEADLINE_S, PostgresDatabase, SqliteDatabase, StoreError, Unavailable

T = TypeVar("T")

PING_EVERY_S = 2.0  # idle: how often a server is asked whether it is still there
PING_TIMEOUT_S = 2.0  # no answer by then: "not answering" (so within 4-5 s of a hang)
POLL_S = 0.1  # SQLite: how often the file is asked whether another process wrote to it


# Over 300 lines on purpose: one thread owns the connection, its calls in key-press order,
# pings, reconnects and news; split, they would need locks between them.
class DatabaseThread:
    """Runs `submit()`ted calls in order on its own thread. `opener` runs first, on the thread,
    and returns the service every later call uses."""

    def __init__(
        self, opener: Callable[[], Any], incident_id: str | None = None, every: bool = False
    ) -> None:
        self.service: Any = None
        self.incident_id = incident_id
        # Changes to any incident are news (the board of open incidents), not one's alone.
        self.every = every and incident_id is None
        self._ident = parse_incident_id(incident_id)[0] if incident_id else None
        self.problem: str | None = None  # why the database cannot be used right now, briefly
        self.on_reconnect: Callable[[], None] | None = None  # runs on the thread after a reconnect
        # Runs on the thread when there is news to look at (changed(), presence_changed(), or
        # the problem); again after each round of work while it is not looked at.
        self.on_news: Callable[[], None] | None = None
        self._told_problem: str | None = None
        self._opener = opener
        self._jobs: deque[tuple[Future[Any], Callable[[], Any], float | None]] = deque()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._stop = threading.Event()
        self._change: int | None = None  # see changed()
        self._presence = threading.Event()
        self._listening_fd: int | None = None
        self._generation = 0
        self._backoff = 0.2
        self._next_try = 0.0
        self._last_seen = time.monotonic()
        self._running_since: float | None = None  # a call under way on a server, since when
        self._data_version: int | None = None
        self._revision: int | None = None
        self._thread = threading.Thread(target=self._run, name="warroom-db", daemon=True)
        self._thread.start()

    # -- asking -------------------------------------------------------------------------
    def submit(self, fn: Callable[..., T], *args: Any, deadline: float | None = None) -> Future[T]:
        """Run `fn(*args)` on the thread after everything submitted before it. With a deadline
        (time.monotonic()), the call is refused if it cannot start by then, and cut off if it
        runs past it."""
        future: Future[T] = Future()
        with self._lock:
            if self._stop.is_set():
                # The opener failed (its reason is the one that counts), or the console closes.
                future.set_exception(
                    self._open_error if self._failed else StoreError("the console is closing")
                )
                return future
            self._jobs.append((future, lambda: fn(*args), deadline))
        self._wake()
        return future

    def changed(self) -> int | None:
        """Whether the incident changed since the last time this was asked (told once): None
        if not; else the newest timeline entry a notification named, or 0 if that is not
        known (another process wrote to the file, or notifications were missed)."""
        with self._lock:
            change, self._change = self._change, None
        return change

    def news(self, shown: int) -> bool:
        """Whether a console showing entries up to `shown` should read again: something
        changed that it has not shown (a notification naming an entry it already has was
        its own change)."""
        change = self.changed()
        return change is not None and (change == 0 or change > shown)

    def _mark(self, entry: int = 0) -> None:
        with self._lock:
            if self._change is None or (self._change and entry):
                self._change = max(entry, self._change or 0)
            else:
                self._change = 0

    def stalled(self) -> str | None:
        """A server that has not answered a call for as long as an idle one is given (a ping
        every 2 s, 2 s to answer) is "not answering", said while the call still waits for
        its deadline: the thread is busy with it and cannot ping meanwhile."""
        since = self._running_since
        if since is not None and time.monotonic() - since >= PING_EVERY_S + PING_TIMEOUT_S:
            return "not answering"
        return None

    def presence_changed(self) -> bool:
        moved = self._presence.is_set()
        if moved:
            self._presence.clear()
        return moved

    def _tell(self) -> None:
        on_news, problem = self.on_news, self.problem
        if on_news is None:
            return
        with self._lock:
            changed = self._change is not None
        if changed or self._presence.is_set() or problem != self._told_problem:
            self._told_problem = problem
            on_news()

    def _tell_stalled(self) -> None:
        if (on_news := self.on_news) is not None:
            on_news()  # the console reads `stalled()` and says "not answering"

    def close(self) -> None:
        """Stop after the calls already submitted (quitting does not wait on a hung server)."""
        self._stop.set()
        self._wake()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closing
            self._wake_w.send(b"x")

    # -- the thread ---------------------------------------------------------------------
    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._wake_r, selectors.EVENT_READ)
        try:
            self._jobs_run()  # the opener first: nothing else can run without the service
            while not self._stop.is_set() or self._jobs:
                self._idle(selector)
                self._jobs_run()
                self._tell()
        finally:
            self._fail_remaining()
            if self.service is not None:
                self.service.store.close()
            selector.close()
            self._wake_r.close()
            self._wake_w.close()

    def _jobs_run(self) -> None:
        if self.service is None:
            self._open()
        while True:
            with self._lock:
                if not self._jobs:
                    return
                future, call, deadline = self._jobs.popleft()
            if not future.set_running_or_notify_cancel():
                continue
            if self.service is None:
                future.set_exception(self._open_error)
                continue
            store = self.service.store
            if deadline is not None and time.monotonic() >= deadline:
                future.set_exception(Unavailable(store.explain("not answering; nothing was saved")))
                continue
            stall: threading.Timer | None = None
            if isinstance(store.db, PostgresDatabase):
                self._running_since = time.monotonic()
                # Busy with this call, the thread cannot ping: a timer tells the console when
                # the call has waited as long as an unanswered ping would (see `stalled`).
                stall = threading.Timer(PING_EVERY_S + PING_TIMEOUT_S, self._tell_stalled)
                stall.daemon = True
                stall.start()
            try:
                with store.until(
                    deadline if deadline is not None else time.monotonic() + DEADLINE_S
                ):
                    result = call()
            except BaseException as exc:  # noqa: BLE001 - handed to whoever asked
                future.set_exception(exc)
                if isinstance(exc, Unavailable):
                    self._down(str(exc))
            else:
                future.set_result(result)
                self._last_seen = time.monotonic()
            finally:
                self._running_since = None
                if stall is not None:
                    stall.cancel()
                if self.problem is not None and not isinstance(store.db, PostgresDatabase):
                    self.problem = _file_problem(store.db)

    _open_error: BaseException = StoreError("not opened")
    _failed = False

    def _open(self) -> None:
        try:
            self.service = self._opener()
        except BaseException as exc:  # noqa: BLE001 - every later call is told the same
            self._open_error = exc
            self._failed = True
            self._stop.set()
            return
        db = self.service.store.db
        db.on_commit = self._committed
        if isinstance(db, SqliteDatabase) and (self.every or self._ident):
            # The baseline, taken before the first read: a write between the read and the
            # first look at the file is news, not mistaken for the file as it was.
            with contextlib.suppress(Exception):
                self._data_version = db.data_version()
                if self._ident:
                    self._revision = self.service.revision(self._ident)

    def _committed(self, touched: dict[str, int]) -> None:
        """A change this thread wrote (a drill's events, a health change, a key's change) is
        news as much as another responder's: the file does not tell its own connection."""
        entry = touched.get(self._ident or "")
        if entry is None or threading.current_thread() is not self._thread:
            return  # another thread's connection: the file tells this one (data_version)
        self._mark(entry)
        if isinstance(self.service.store.db, SqliteDatabase):
            # The revision this write moved is not another's change, nor a presence one.
            with contextlib.suppress(Exception):
                self._revision = self.service.revision(self._ident)

    def _fail_remaining(self) -> None:
        with self._lock:
            jobs, self._jobs = list(self._jobs), deque()
        for future, _, _ in jobs:
            if future.set_running_or_notify_cancel():
                future.set_exception(StoreError("the console is closing"))

    def _idle(self, selector: selectors.BaseSelector) -> None:
        db = self.service.store.db if self.service is not None else None
        if isinstance(db, PostgresDatabase):
            self._keep_listening(selector, db)
        timeout = self._idle_timeout(db)
        for key, _ in selector.select(timeout):
            if key.fileobj is self._wake_r:
                try:
                    while self._wake_r.recv(4096):
                        pass
                except (BlockingIOError, OSError):
                    pass
            elif isinstance(db, PostgresDatabase):
                try:
                    db.heard()
                    self._last_seen = time.monotonic()
                except StoreError as exc:
                    self._down(_brief(exc))
        if self._stop.is_set() or self._jobs:
            return
        if isinstance(db, PostgresDatabase):
            if (
                self._listening_fd is not None
                and time.monotonic() - self._last_seen >= PING_EVERY_S
            ):
                if db.ping(PING_TIMEOUT_S):
                    self._last_seen = time.monotonic()
                else:
                    self._down("not answering")
        elif isinstance(db, SqliteDatabase):
            self._poll_file(db)

    def _idle_timeout(self, db: object) -> float:
        if isinstance(db, SqliteDatabase):
            return POLL_S
        if isinstance(db, PostgresDatabase):
            if self._listening_fd is None:
                return max(0.0, self._next_try - time.monotonic())
            return max(0.0, self._last_seen + PING_EVERY_S - time.monotonic())
        return 1.0

    # -- a server: listening, and coming back -------------------------------------------
    def _keep_listening(self, selector: selectors.BaseSelector, db: PostgresDatabase) -> None:
        if self.incident_id is None and not self.every:
            return
        if db.on_notify is None:
            db.on_notify = self._heard
        if self._listening_fd is not None:
            if db.connected() and db.generation() == self._generation:
                return  # still on the connection that listens
            self._forget_fd(selector)
        if time.monotonic() < self._next_try:
            return
        try:
            fd = db.listen(time.monotonic() + DEADLINE_S)
        except StoreError as exc:
            self._down(_brief(exc))
            self._next_try = time.monotonic() + self._backoff
            self._backoff = min(self._backoff * 2, 2.0)
            return
        first = self._generation == 0
        self._generation = db.generation()
        self._listening_fd = fd
        selector.register(fd, selectors.EVENT_READ)
        self._backoff = 0.2
        self._last_seen = time.monotonic()
        if not first:
            # Notifications sent while this connection was away were missed: read once more.
            self._mark()
            self._presence.set()
            if self.on_reconnect is not None:
                with contextlib.suppress(StoreError):
                    self.on_reconnect()
        self.problem = None

    def _forget_fd(self, selector: selectors.BaseSelector) -> None:
        if self._listening_fd is not None:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(self._listening_fd)
        self._listening_fd = None

    def _heard(self, payload: str) -> None:
        ident, _, what = payload.partition(" ")
        if self.every:
            if what != "presence":
                self._mark()
            return
        if ident != self.incident_id:
            return
        if what == "presence":
            self._presence.set()
        else:
            self._mark(int(what) if what.isdigit() else 0)

    def _down(self, problem: str) -> None:
        """Say why; a dropped connection is re-made by _keep_listening, with backoff."""
        self.problem = problem
        self._next_try = max(self._next_try, time.monotonic() + self._backoff)

    # -- a file: has another process written to it? -------------------------------------
    def _poll_file(self, db: SqliteDatabase) -> None:
        gone = _file_problem(db)
        if gone is not None:
            self.problem = gone  # for good: the console reads on, from the file it holds
            return
        try:
            version = db.data_version()
            if version == self._data_version:
                return
            first = self._data_version is None
            if self.incident_id is None:
                self._data_version = version
                if self.every and not first:
                    self._mark()
                return
            revision = self.service.revision(self._ident)
            # Taken only once the revision is read: a read that fails (a busy file in a
            # burst of writes) leaves the change to be seen at the next look, not lost.
            self._data_version = version
            if not first:
                # A write that did not move the incident's revision changed who is watching.
                if revision != self._revision:
                    self._mark()
                else:
                    self._presence.set()
            self._revision = revision
            self.problem = None
        except StoreError as exc:
            self.problem = _brief(exc)
        except Exception as exc:  # noqa: BLE001 - the file vanished, or worse: say so
            self.problem = f"cannot read the database: {exc}"


def _file_problem(db: object) -> str | None:
    """A SQLite file removed, replaced or moved under the console, in the top line's words."""
    if not isinstance(db, SqliteDatabase):
        return None
    gone = db.file_gone()
    return gone.removeprefix("the database ") if gone else None


def _brief(exc: BaseException) -> str:
    """The reason without the location (the console's top line has little room)."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text
