"""Where incidents are kept: an SQLAlchemy engine on a database URL.

A SQLite file by default, or a team's PostgreSQL server. Everything that differs between
the two (pragmas, write locking, change notification, schema checks) lives here, so the
service and the TUI work unchanged on either.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError
from sqlmodel import Session, SQLModel, create_engine, select

from warroom import models
from warroom.errors import WarroomError
from warroom.location import database_url, libpq_url, public_url

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
NOTIFY_CHANNEL = "warroom"
# Alembic's bookkeeping table: revision "000N" is schema N (see warroom/migrations).
ALEMBIC_TABLE = "alembic_version"
# Errors that mean "the database cannot be reached or used right now", not a bad request.
UNAVAILABLE = (OperationalError, InterfaceError)


class StoreError(WarroomError):
    exit_code = 2


class Store:
    """Opens (and if new, creates) the database. `write()` and `read()` give sessions."""

    def __init__(self, db: str | Path | None = None, *, migrating: bool = False) -> None:
        """`migrating` is for `warroom db upgrade`: an older schema is let through, untouched."""
        self.url = database_url(db)
        url = make_url(self.url)
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.path: Path | None = None
        if self.is_sqlite and url.database not in (None, "", ":memory:"):
            self.path = Path(url.database)
            _check_sqlite_file(self.path, self.where, migrating)
        self.engine = self._make_engine()
        # Reads are one snapshot: on PostgreSQL every statement would otherwise see the
        # commits made since the one before (SQLite's read transaction is a snapshot already).
        self._reader = (
            self.engine
            if self.is_sqlite
            else self.engine.execution_options(isolation_level="REPEATABLE READ")
        )
        self.schema_version = self._prepare_schema(migrating)

    # -- engine ------------------------------------------------------------------------
    def _make_engine(self) -> Engine:
        if not self.is_sqlite:
            return create_engine(
                self.url,
                pool_pre_ping=True,  # a server restarted mid-incident leaves dead connections
                connect_args=server_connect_args(),
            )
        engine = create_engine(
            self.url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            # Let SQLAlchemy's begin event decide how each transaction starts (see below).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: object) -> None:
            # Writers take the write lock up front: a deferred transaction that upgrades
            # from read to write fails with "database is locked" instead of waiting.
            immediate = conn.get_execution_options().get("warroom_write")  # type: ignore[attr-defined]
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

        return engine

    def _prepare_schema(self, migrating: bool) -> int:
        """The schema version found; a new, empty database gets the current schema."""
        try:
            with self.engine.execution_options(warroom_write=True).begin() as conn:
                tables = set(inspect(conn).get_table_names())
                if not tables and not migrating:
                    create_schema(conn)
                    return models.SCHEMA_VERSION
                return _check_version(self.where, tables, _stored_version(conn, tables), migrating)
        except (OperationalError, DatabaseError) as exc:
            raise StoreError(f"{self.where}: {_reason(exc)}") from None

    @property
    def where(self) -> str:
        """The database for messages: the file, or the URL without its password."""
        return str(self.path) if self.path else public_url(self.url)

    # -- sessions ----------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error.

        On PostgreSQL the commit also notifies every console listening on the incidents it
        changed (NOTIFY is delivered at commit, and never for a rolled-back transaction).
        """
        with Session(
            self.engine.execution_options(warroom_write=True), expire_on_commit=False
        ) as s:
            try:
                with s.begin():
                    yield s
                    if not self.is_sqlite:
                        s.flush()
                        for ident in sorted(s.info.pop("changed", ())):
                            s.execute(
                                text("SELECT pg_notify(:channel, :ident)"),
                                {"channel": NOTIFY_CHANNEL, "ident": ident},
                            )
            except UNAVAILABLE as exc:
                raise StoreError(f"{self.where}: {_reason(exc)}") from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self._reader, expire_on_commit=False) as s:
            try:
                yield s
            except UNAVAILABLE as exc:
                raise StoreError(f"{self.where}: {_reason(exc)}") from None

    def watcher(self, incident_id: str | None = None) -> ChangeWatcher | NotifyWatcher:
        """Something to ask cheaply whether anyone committed a change (to one incident)."""
        if self.is_sqlite:
            return ChangeWatcher(self)
        return NotifyWatcher(self, incident_id)

    def close(self) -> None:
        self.engine.dispose()


class ChangeWatcher:
    """Tells cheaply whether anyone committed to a SQLite file since the last look.

    SQLite bumps `PRAGMA data_version` when another connection commits, so one dedicated
    connection polled a few times a second notices every writer, in any process.
    """

    problem: str | None = None  # a local file does not go away the way a server does

    def __init__(self, store: Store) -> None:
        self._lock = threading.Lock()
        self._conn = store.engine.raw_connection()
        self._last = self._version()

    def _version(self) -> int:
        cur = self._conn.cursor()
        try:
            cur.execute("PRAGMA data_version")
            return int(cur.fetchone()[0])
        finally:
            cur.close()

    def changed(self) -> bool:
        with self._lock:
            now = self._version()
            moved, self._last = now != self._last, now
            return moved

    def close(self) -> None:
        self._conn.close()


class NotifyWatcher:
    """Listens on the server for committed changes (LISTEN/NOTIFY), on its own thread.

    Nothing is re-read on a timer: `changed()` only reads a flag the listener sets. When the
    server goes away, `problem` says why and the listener reconnects by itself; on its return
    `changed()` answers yes once, since notifications sent meanwhile were missed.
    """

    def __init__(self, store: Store, incident_id: str | None = None) -> None:
        self._conninfo = libpq_url(store.url)
        self._incident = incident_id
        self._changed = threading.Event()
        self._listening = threading.Event()
        self._stop = threading.Event()
        self.problem: str | None = None  # why the server cannot be reached, briefly
        thread = threading.Thread(target=self._listen, name="warroom-listen", daemon=True)
        thread.start()
        # Changes committed after this returns are never missed (unless the server is down).
        self._listening.wait(timeout=10)

    def _listen(self) -> None:
        import psycopg

        backoff = 0.2
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self._conninfo, autocommit=True, **server_connect_args()
                ) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    if self.problem is not None:
                        self.problem = None
                        self._changed.set()
                    self._listening.set()
                    backoff = 0.2
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            if self._incident is None or note.payload == self._incident:
                                self._changed.set()
                        # Idle: prove the connection is alive (a vanished network is silent).
                        conn.execute("SELECT 1")
            except psycopg.Error as exc:
                # libpq's "connection to server at …, port … failed: Connection refused"
                # ends in the part that matters; the console's top line has little room.
                self.problem = _reason(exc).rpartition("failed: ")[2] or "connection lost"
                self._listening.set()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 2.0)

    def changed(self) -> bool:
        moved = self._changed.is_set()
        if moved:
            self._changed.clear()
        return moved

    def close(self) -> None:
        # Not joined: the listener notices within a second, and quitting should not wait.
        self._stop.set()


def server_connect_args() -> dict[str, object]:
    """libpq settings for a team server: fail fast and notice a dead peer within seconds."""
    return {
        "connect_timeout": 5,
        "application_name": "warroom",
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        # Another console holding the incident's row lock longer than this is stuck: give up.
        "options": "-c lock_timeout=10s -c idle_in_transaction_session_timeout=60s",
    }


@event.listens_for(Session, "after_flush")
def _note_changed_incidents(session: Session, _context: object) -> None:
    """Remember which incidents a write touched, for the NOTIFY sent at commit."""
    changed = session.info.setdefault("changed", set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if ident := getattr(obj, "incident_id", None) or (
            obj.id if isinstance(obj, models.Incident) else None
        ):
            changed.add(ident)


def create_schema(conn: Connection) -> None:
    """The current schema in an empty database, stamped so Alembic knows where it stands."""
    SQLModel.metadata.create_all(conn)
    conn.execute(
        models.Meta.__table__.insert().values(
            key="schema_version", value=str(models.SCHEMA_VERSION)
        )
    )
    conn.execute(
        text(
            f"CREATE TABLE {ALEMBIC_TABLE} (version_num VARCHAR(32) NOT NULL, "
            f"CONSTRAINT {ALEMBIC_TABLE}_pkc PRIMARY KEY (version_num))"
        )
    )
    conn.execute(
        text(f"INSERT INTO {ALEMBIC_TABLE} (version_num) VALUES (:v)"),
        {"v": revision(models.SCHEMA_VERSION)},
    )


def revision(schema_version: int) -> str:
    return f"{schema_version:04d}"


def _stored_version(conn: Connection, tables: set[str]) -> int | None:
    if models.Meta.__tablename__ not in tables:
        return None
    value = conn.execute(
        select(models.Meta.value).where(models.Meta.key == "schema_version")
    ).scalar()
    return int(value or 0)


def _check_sqlite_file(path: Path, where: str, migrating: bool) -> None:
    """Refuse, without touching it, a path that cannot hold a warroom SQLite database."""
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
        if head and head != SQLITE_MAGIC:
            raise StoreError(f"{path}: is not a SQLite database; left untouched")
        if not os.access(path, os.W_OK):
            raise StoreError(f"{path}: is not writable")
        if head:
            # Look read-only first: opening for writing would switch the file to WAL.
            try:
                with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as raw:
                    tables = {
                        r[0]
                        for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
                    }
                    version = None
                    if models.Meta.__tablename__ in tables:
                        row = raw.execute(
                            "SELECT value FROM warroom_meta WHERE key = 'schema_version'"
                        ).fetchone()
                        version = int(row[0]) if row else 0
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{path}: {exc}; left untouched") from None
            if tables:
                _check_version(where, tables, version, migrating)
        return
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"{path}: {parent} is not a directory")
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create its directory: {exc.strerror}") from None
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path}: directory {path.parent} is not writable")


def _check_version(where: str, tables: set[str], version: int | None, migrating: bool) -> int:
    """The schema version; refuses a foreign database, a newer one, and (unless migrating)
    an older one, which `warroom db upgrade` brings up to date."""
    if version is None:
        if migrating and not tables:
            return 0
        raise StoreError(f"{where}: is a database, but not a warroom one; left untouched")
    if version > models.SCHEMA_VERSION:
        raise StoreError(
            f"{where}: written by a newer warroom (schema {version}, this one knows "
            f"{models.SCHEMA_VERSION}); left untouched, upgrade warroom"
        )
    if version < models.SCHEMA_VERSION and not migrating:
        raise StoreError(
            f"{where}: schema {version} is older than this warroom's {models.SCHEMA_VERSION}; "
            f"run: warroom db upgrade --db {shlex.quote(where)}"
        )
    return version


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).splitlines()[0]
