"""Connections under the store: the standard library's sqlite3 for a file, psycopg for a team's
PostgreSQL server.

Why not the ORM at run time: importing SQLAlchemy and SQLModel costs about 350 ms, and a change
through the ORM about 5 ms; the console is opened in the first minute of an outage and
`warroom log` is called from scripts, so neither pays that. The schema is still defined once,
by the SQLModel models in models.py, which create new databases and drive the Alembic
migrations; a test checks that every statement here runs against that schema on both backends.

Statements are written once, with `?` placeholders. Values cross in one place each way:
`_param` going in (times as UTC, JSON as text and flags as 0/1 on SQLite) and `view` coming out.

Every call has a deadline. A server that stops answering (stopped, or behind a half-open
connection) is cut off by a watchdog when the deadline passes, so no caller waits forever, and
a write carries a server-side check before its COMMIT, so a change reported as not saved is
never committed later when the server wakes up.
"""

# Over 500 lines on purpose: both backends side by side, so each difference is seen at once.
from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from warroom.core.errors import WarroomError

DEADLINE_S = 5.0  # a database that has not answered by then is "not answering"
NOTIFY_CHANNEL = "warroom"
CONNECT_TIMEOUT_S = 3  # libpq takes whole seconds, 2 at the least
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # as SQLAlchemy keeps times in SQLite: UTC, no offset

Row = Mapping[str, Any]
V = TypeVar("V")


class StoreError(WarroomError):
    """The database cannot be used for this (unreadable, foreign, too new, unreachable)."""

    exit_code = 2


class Unavailable(StoreError):
    """The database could not be reached, or did not answer in time: nothing was changed."""


class Conflict(StoreError):
    """A row with that key exists already."""


class FileGone(StoreError):
    """The SQLite file the console opened was removed, replaced or moved: nothing is written
    to it any more (it would be lost, or land in another file); reopening follows the path."""


def deadline_after(seconds: float = DEADLINE_S) -> float:
    return time.monotonic() + seconds


# -- values in and out -----------------------------------------------------------------------
def _param(value: Any, sqlite: bool) -> Any:
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value.strftime(SQLITE_TIME) if sqlite else value
    if isinstance(value, dict | list):
        if sqlite:
            return json.dumps(value)
        from psycopg.types.json import Json

        return Json(value)
    if isinstance(value, bool) and sqlite:
        return int(value)
    return value


def utc(value: str | datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite keeps text, PostgreSQL a datetime)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def view(cls: type[V], row: Row) -> V:
    """A plain view (a dataclass of state.py) from a row, each value turned into its field's
    type: the console never holds rows or connections."""
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        value, kind = row[f.name], str(f.type)
        if value is not None:
            if kind.startswith("datetime"):
                value = utc(value)
            elif kind == "bool":
                value = bool(value)
            elif kind.startswith("dict") and isinstance(value, str | bytes):
                value = json.loads(value)
        values[f.name] = value
    return cls(**values)


# -- one transaction ---------------------------------------------------------------------------
@dataclass
class Tx:
    """Statements inside one transaction, on one connection."""

    cursor: Any
    sqlite: bool
    touched: dict[str, int] = field(default_factory=dict)  # incident → newest entry written
    presence: set[str] = field(default_factory=set)  # incidents whose watchers changed
    # incident → (the id its hash chain names, its newest entry's hash), read with its row lock
    heads: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def lock(self) -> str:
        """Appended to a SELECT that must hold its rows until commit (SQLite: the write lock
        taken by BEGIN IMMEDIATE holds everything already)."""
        return "" if self.sqlite else " FOR UPDATE"

    def run(self, sql: str, *args: Any) -> int:
        params = [_param(a, self.sqlite) for a in args]
        if self.sqlite:
            self.cursor.execute(sql, params)
        else:
            self.cursor.execute(sql.replace("?", "%s"), params or None)
        return int(self.cursor.rowcount)

    def all(self, sql: str, *args: Any) -> list[Row]:
        self.run(sql, *args)
        return list(self.cursor.fetchall())

    def one(self, sql: str, *args: Any) -> Row | None:
        rows = self.all(sql, *args)  # read to the end: a statement left open blocks COMMIT
        return rows[0] if rows else None

    def value(self, sql: str, *args: Any) -> Any:
        row = self.one(sql, *args)
        return None if row is None else next(iter(row.values() if isinstance(row, dict) else row))

    def note(self, incident_id: str, entry_id: int) -> None:
        """The incident changed: consoles on a server are told at commit (LISTEN/NOTIFY)."""
        self.touched[incident_id] = max(entry_id, self.touched.get(incident_id, 0))


# -- the watchdog ---------------------------------------------------------------------------
class _Watchdog:
    """Cuts the connection of a call that runs past its deadline.

    A server that stopped answering holds its caller forever (TCP keepalives do not help: a
    stopped process's kernel still answers them). Shutting the socket down makes the caller's
    pending read fail at once, and the server drops the unfinished transaction when it wakes.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Guard]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def guard(self, fd: int, deadline: float) -> _Guard:
        guard = _Guard(fd)
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._order), guard))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="warroom-deadline", daemon=True
                )
                self._thread.start()
            self._cond.notify()
        return guard

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and not self._heap[0][2].armed:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                _, _, guard = heapq.heappop(self._heap)
                guard.fire()


@dataclass(eq=False)
class _Guard:
    fd: int
    armed: bool = True
    fired: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fire(self) -> None:
        with self._lock:
            if not self.armed:
                return
            self.armed, self.fired = False, True
            try:
                with socket.socket(fileno=os.dup(self.fd)) as sock:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed: nothing left to cut

    def disarm(self) -> None:
        with self._lock:
            self.armed = False


WATCHDOG = _Watchdog()


# -- the backends -----------------------------------------------------------------------------
class Database:
    """One connection per thread (the console uses one thread, so one connection); reads and
    writes are transactions with a deadline."""

    sqlite: bool

    def __init__(self, explain: Callable[[str], str]) -> None:
        self._explain = explain  # "LOCATION: reason", with no secret of the location in it
        # Told, after a commit on this process's connection, of the incidents it changed (and
        # their newest entry): a file tells other connections (PRAGMA data_version), not this one.
        self.on_commit: Callable[[dict[str, int]], None] | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Any] = []

    def _connection(self, deadline: float) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(deadline)
            self._local.conn = conn
            self._local.generation = getattr(self._local, "generation", 0) + 1
            with self._lock:
                self._open.append(conn)
        return conn

    def connected(self) -> bool:
        """Whether this thread holds a connection (one that broke has been dropped)."""
        return getattr(self._local, "conn", None) is not None

    def generation(self) -> int:
        """How many connections this thread has opened: a new one missed notifications."""
        return int(getattr(self._local, "generation", 0))

    def drop(self) -> None:
        """Forget this thread's connection (it broke); the next call opens a new one."""
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._lock:
                if conn in self._open:
                    self._open.remove(conn)
            with contextlib.suppress(Exception):  # a broken connection may refuse even this
                conn.close()

    def close(self) -> None:
        with self._lock:
            conns, self._open = self._open, []
        for conn in conns:
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    def fail(self, reason: str, kind: type[StoreError] = StoreError) -> StoreError:
        return kind(self._explain(reason))

    def _connect(self, deadline: float) -> Any:
        raise NotImplementedError

    @contextmanager
    def write(self, deadline: float | None = None) -> Iterator[Tx]:
        raise NotImplementedError
        yield

    @contextmanager
    def read(self, deadline: float | None = None) -> Iterator[Tx]:
        raise NotImplementedError
        yield


class SqliteDatabase(Database):
    """A local file in WAL mode: readers never wait for the writer, and writers take the write
    lock up front (BEGIN IMMEDIATE), waiting for another writer no longer than the deadline."""

    sqlite = True

    def __init__(self, path: Path, explain: Callable[[str], str], readonly: bool = False) -> None:
        super().__init__(explain)
        self.path = path
        self.readonly = readonly
        # The file first opened (st_dev, st_ino): a connection stays on it whatever happens
        # to the path, so a file removed, replaced or moved away would take writes unseen.
        self._identity: tuple[int, int] | None = None
        self.gone: str | None = None  # said once found; only reopening follows the path

    def _connect(self, deadline: float) -> sqlite3.Connection:
        if self.readonly:
            conn = self._open_readonly()
        else:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.row_factory = sqlite3.Row
        if self._identity is None:
            with contextlib.suppress(OSError):
                found = os.stat(self.path)
                self._identity = (found.st_dev, found.st_ino)
        return conn

    def file_gone(self) -> str | None:
        """Whether the file this database opened is no longer at its path: "the database
        file was removed" (or replaced, or moved); None while it is there (a stat: cheap)."""
        if self.gone is not None or self._identity is None:
            return self.gone
        try:
            found: os.stat_result | None = os.stat(self.path)
        except FileNotFoundError:
            found = None
        except OSError:
            return None  # unreadable for a moment (permissions): not a verdict
        if found is not None and (found.st_dev, found.st_ino) == self._identity:
            return None
        if _still_linked(self._identity):
            how = "moved"
        else:
            how = "removed" if found is None else "replaced"
        self.gone = f"the database file was {how}"
        return self.gone

    def _refuse_if_gone(self, conn: sqlite3.Connection) -> None:
        gone = self.file_gone()
        if gone is not None:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise self.fail(f"{gone}; nothing was saved (reopen the console)", FileGone)

    def _open_readonly(self) -> sqlite3.Connection:
        """Read-only, also where the file or its folder cannot be written: a WAL database
        needs its -shm file, which a read-only folder cannot hold, so then the file is read
        as it stands (immutable)."""
        last: sqlite3.Error | None = None
        for mode in ("mode=ro", "immutable=1"):
            conn = sqlite3.connect(
                f"{self.path.as_uri()}?{mode}",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.Error as exc:
                conn.close()
                last = exc
        raise self.fail(f"cannot read: {last}")

    @contextmanager
    def write(self, deadline: float | None = None) -> Iterator[Tx]:
        deadline = deadline if deadline is not None else deadline_after()
        conn = self._begin(deadline)
        remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
        try:
            conn.execute(f"PRAGMA busy_timeout = {remaining_ms}")
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from None
        self._refuse_if_gone(conn)
        yield from self._transaction(conn, writing=True)

    @contextmanager
    def read(self, deadline: float | None = None) -> Iterator[Tx]:
        conn = self._begin(deadline if deadline is not None else deadline_after())
        try:
            conn.execute("BEGIN")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from None
        yield from self._transaction(conn)

    def _begin(self, deadline: float) -> sqlite3.Connection:
        if time.monotonic() >= deadline:
            raise self.fail("not saved: the database did not answer in time", Unavailable)
        try:
            return self._connection(deadline)
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _transaction(self, conn: sqlite3.Connection, writing: bool = False) -> Iterator[Tx]:
        tx = Tx(conn.cursor(), sqlite=True)
        try:
            yield tx
            if writing:
                self._refuse_if_gone(conn)  # gone while the change was being written
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError):
                raise self.fail(f"already there: {exc}", Conflict) from None
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc) from None
            raise
        if tx.touched and self.on_commit is not None:
            self.on_commit(tx.touched)

    def _error(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "locked" in text or "busy" in text:
            return self.fail(
                "not saved: another process has held the database's write lock too long",
                Unavailable,
            )
        return self.fail(text)

    def data_version(self) -> int:
        """Moves when another connection commits to the file (this thread's connection)."""
        conn = self._connection(deadline_after())
        return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _still_linked(identity: tuple[int, int]) -> bool:
    """Whether the file with this identity, open in this process, still has a name somewhere
    (moved, not removed). Linux tells it through /proc; elsewhere: not known, so False."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return False
    for fd in fds:
        with contextlib.suppress(OSError, ValueError):
            found = os.fstat(int(fd))
            if (found.st_dev, found.st_ino) == identity:
                return found.st_nlink > 0
    return False


class PostgresDatabase(Database):
    """A team's server. Autocommit connections with explicit BEGIN/COMMIT, so the commit can go
    out in one message with its deadline check and its notifications."""

    sqlite = False

    def __init__(
        self, conninfo: str, explain: Callable[[str], str], readonly: bool = False
    ) -> None:
        super().__init__(explain)
        self.conninfo = conninfo
        self.readonly = readonly
        self.on_notify: Callable[[str], None] | None = None  # payloads heard on this connection

    def _connect(self, deadline: float) -> Any:
        import psycopg
        from psycopg.rows import dict_row

        if deadline - time.monotonic() < 2:  # libpq's connect timeout is 2 s at the least
            raise self.fail("not answering (no time left to connect)", Unavailable)
        guard_until = min(deadline, time.monotonic() + CONNECT_TIMEOUT_S + 1)
        try:
            conn = psycopg.connect(
                self.conninfo,
                autocommit=True,
                row_factory=dict_row,
                **server_connect_args(
                    int(min(CONNECT_TIMEOUT_S, max(2, deadline - time.monotonic())))
                ),
            )
        except psycopg.Error as exc:
            raise self.fail(_pg_reason(exc), Unavailable) from None
        if time.monotonic() > guard_until:
            conn.close()
            raise self.fail("not answering", Unavailable)
        conn.add_notify_handler(lambda n: self._heard(n.channel, n.payload))
        return conn

    def _heard(self, channel: str, payload: str) -> None:
        if channel == NOTIFY_CHANNEL and self.on_notify is not None:
            self.on_notify(payload)

    @contextmanager
    def write(self, deadline: float | None = None) -> Iterator[Tx]:
        deadline = deadline if deadline is not None else deadline_after()
        begin = "BEGIN; SET LOCAL statement_timeout = {ms}; SET LOCAL lock_timeout = {ms}"
        with self._guarded(deadline, begin) as cur:
            # The server's own bound for the COMMIT: now() (when BEGIN ran) came before the
            # reply arrived here, so committing by now() + what is left keeps the commit
            # inside this deadline in real time, whatever the two clocks say.
            left = max(1, _ms(deadline) - 100)
            tx = Tx(cur, sqlite=False)
            yield tx
            payloads = [f"{ident} {entry}" for ident, entry in sorted(tx.touched.items())]
            payloads += [f"{ident} presence" for ident in sorted(tx.presence)]
            notes = "".join(
                f"SELECT pg_notify('{NOTIFY_CHANNEL}', '{payload}'); "
                for payload in payloads
                if re.fullmatch(r"[A-Z]+-[0-9]+ [a-z0-9]+", payload)  # checked ids, no quoting
            )
            cur.execute(
                "DO $$BEGIN IF clock_timestamp() > now() + interval "
                f"'{left} milliseconds' THEN RAISE EXCEPTION 'warroom: deadline passed'; "
                f"END IF; END$$; {notes}COMMIT"
            )

    @contextmanager
    def read(self, deadline: float | None = None) -> Iterator[Tx]:
        deadline = deadline if deadline is not None else deadline_after()
        # One snapshot for the whole read: otherwise each statement sees later commits.
        begin = (
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = {ms}"
        )
        with self._guarded(deadline, begin) as cur:
            yield Tx(cur, sqlite=False)
            cur.execute("COMMIT")

    @contextmanager
    def _guarded(self, deadline: float, begin: str | None = None) -> Iterator[Any]:
        """A cursor on this thread's connection, cut off at the deadline; `begin` run first.

        A connection that died while idle (the server restarted) fails on its first
        statement: that one is dropped and the call made once more on a new connection,
        since nothing of it reached the server.
        """
        import psycopg

        for attempt in (1, 2):
            if time.monotonic() >= deadline:
                raise self.fail("not answering (no time left)", Unavailable)
            conn = self._connection(deadline)
            guard = WATCHDOG.guard(conn.pgconn.socket, deadline + 0.2)
            cur = conn.cursor()
            if begin is None:
                break
            try:
                cur.execute(begin.format(ms=_ms(deadline)))
                break
            except psycopg.OperationalError as exc:
                guard.disarm()
                if attempt == 2 or guard.fired:
                    raise self._error(conn, exc, guard.fired) from None
                self.drop()
        try:
            yield cur
        except psycopg.Error as exc:
            raise self._error(conn, exc, guard.fired) from None
        except BaseException:
            self._rollback(conn)
            raise
        finally:
            guard.disarm()

    def _rollback(self, conn: Any) -> None:
        import psycopg

        if conn.closed:
            self.drop()
            return
        try:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.execute("ROLLBACK")
        except psycopg.Error:
            self.drop()

    def _error(self, conn: Any, exc: Exception, cut: bool) -> StoreError:
        import psycopg
        from psycopg import errors

        if cut or conn.closed or isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
            self.drop()
            if cut or isinstance(exc, errors.QueryCanceled | errors.LockNotAvailable):
                return self.fail("not answering (no reply in time); nothing was saved", Unavailable)
            return self.fail(_pg_reason(exc), Unavailable)
        self._rollback(conn)
        if isinstance(exc, errors.UniqueViolation):
            return self.fail(f"already there: {_pg_reason(exc)}", Conflict)
        if isinstance(exc, errors.QueryCanceled | errors.LockNotAvailable):
            return self.fail("not answering (no reply in time); nothing was saved", Unavailable)
        if isinstance(exc, errors.RaiseException) and "deadline passed" in str(exc):
            return self.fail("not answering (no reply in time); nothing was saved", Unavailable)
        return self.fail(_pg_reason(exc))

    # -- for the console's database thread: listening and pinging on its one connection --
    def listen(self, deadline: float) -> int:
        """LISTEN on this thread's connection; its socket, for select()."""
        with self._guarded(deadline, f"LISTEN {NOTIFY_CHANNEL}") as cur:
            return int(cur.connection.pgconn.socket)

    def heard(self) -> None:
        """Take in what arrived on the idle connection (notifications); raises if it broke."""
        import psycopg

        conn = self._connection(deadline_after())
        try:
            conn.pgconn.consume_input()
        except psycopg.Error as exc:
            self.drop()
            raise self.fail(_pg_reason(exc), Unavailable) from None
        self._drain(conn)

    def _drain(self, conn: Any) -> None:
        while (n := conn.pgconn.notifies()) is not None:
            self._heard(n.relname.decode(), n.extra.decode())

    def ping(self, timeout: float) -> bool:
        """A Sync message on the idle connection: the server answers it without starting a
        transaction (an empty query would be one), so liveness costs the server nothing it
        counts. False, and the connection dropped, if there is no answer in time."""
        import select

        import psycopg

        conn = getattr(self._local, "conn", None)
        if conn is None:
            return False
        pg = conn.pgconn
        until = time.monotonic() + timeout
        try:
            pg.enter_pipeline_mode()
            pg.pipeline_sync()
            while pg.flush():
                pass
            while True:
                left = until - time.monotonic()
                if left <= 0 or not select.select([pg.socket], [], [], left)[0]:
                    self.drop()
                    return False
                pg.consume_input()
                self._drain(conn)
                while not pg.is_busy():
                    result = pg.get_result()
                    if result is None:
                        break
                    if result.status == psycopg.pq.ExecStatus.PIPELINE_SYNC:
                        pg.exit_pipeline_mode()
                        return True
        except psycopg.Error:
            self.drop()
            return False


def _ms(deadline: float) -> int:
    return max(1, int((deadline - time.monotonic()) * 1000))


def _pg_reason(exc: Exception) -> str:
    # libpq's "connection to server at …, port … failed: Connection refused" ends in the part
    # that matters; the console's top line has little room.
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return first.rpartition("failed: ")[2] or first


def server_connect_args(connect_timeout: int = CONNECT_TIMEOUT_S) -> dict[str, Any]:
    """libpq settings for a team server: fail fast, notice a dead peer, times in UTC."""
    return {
        "connect_timeout": connect_timeout,
        "application_name": "warroom",
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        "tcp_user_timeout": int(DEADLINE_S * 1000),
        "options": "-c TimeZone=UTC -c idle_in_transaction_session_timeout=60s",
    }
