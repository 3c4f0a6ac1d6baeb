"""Where incidents are kept: an SQLAlchemy engine on a database URL.

A SQLite file by default. Everything that is SQLite-specific (pragmas, write locking,
change detection) lives here, so the service and the TUI work unchanged on another engine.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import event, func, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session, SQLModel, create_engine, select

from warroom import models
from warroom.errors import WarroomError
from warroom.location import database_url

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class StoreError(WarroomError):
    exit_code = 2


class Store:
    """Opens (and if new, creates) the database. `write()` and `read()` give sessions."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.url = database_url(db)
        url = make_url(self.url)
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.path: Path | None = None
        if self.is_sqlite and url.database not in (None, "", ":memory:"):
            self.path = Path(url.database)
            _check_sqlite_file(self.path)
        self.engine = self._make_engine()
        self._prepare_schema()

    # -- engine ------------------------------------------------------------------------
    def _make_engine(self) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, pool_pre_ping=True)
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

    def _prepare_schema(self) -> None:
        try:
            with self.engine.execution_options(warroom_write=True).begin() as conn:
                tables = set(inspect(conn).get_table_names())
                if not tables:
                    SQLModel.metadata.create_all(conn)
                    conn.execute(
                        models.Meta.__table__.insert().values(
                            key="schema_version", value=str(models.SCHEMA_VERSION)
                        )
                    )
                    return
                version = None
                if models.Meta.__tablename__ in tables:
                    version = conn.execute(
                        select(models.Meta.value).where(models.Meta.key == "schema_version")
                    ).scalar()
                _refuse_foreign(self.where, tables, version)
        except (OperationalError, DatabaseError) as exc:
            raise StoreError(f"{self.where}: {_reason(exc)}") from None

    @property
    def where(self) -> str:
        return (
            str(self.path) if self.path else make_url(self.url).render_as_string(hide_password=True)
        )

    # -- sessions ----------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        with Session(
            self.engine.execution_options(warroom_write=True), expire_on_commit=False
        ) as s:
            try:
                with s.begin():
                    yield s
            except OperationalError as exc:
                raise StoreError(f"{self.where}: {_reason(exc)}") from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
            except OperationalError as exc:
                raise StoreError(f"{self.where}: {_reason(exc)}") from None

    def watcher(self) -> ChangeWatcher:
        return ChangeWatcher(self)

    def close(self) -> None:
        self.engine.dispose()


class ChangeWatcher:
    """Tells cheaply whether anyone committed since the last look.

    SQLite bumps `PRAGMA data_version` when another connection commits, so one dedicated
    connection polled a few times a second notices every writer, in any process.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._conn = store.engine.raw_connection() if store.is_sqlite else None
        self._last = self._version()

    def _version(self) -> int:
        if self._conn is None:
            # Every change writes a timeline entry, so the newest entry id moves with it.
            with self._store.read() as s:
                return int(s.exec(select(func.max(models.TimelineEntry.id))).one() or 0)
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
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _check_sqlite_file(path: Path) -> None:
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
                        version = row[0] if row else None
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{path}: {exc}; left untouched") from None
            if tables:
                _refuse_foreign(str(path), tables, version)
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


def _refuse_foreign(where: str, tables: set[str], version: str | None) -> None:
    """Refuse a database that is not warroom's, or is from a newer warroom."""
    if models.Meta.__tablename__ not in tables:
        raise StoreError(f"{where}: is a database, but not a warroom one; left untouched")
    found = int(version or 0)
    if found > models.SCHEMA_VERSION:
        raise StoreError(
            f"{where}: written by a newer warroom (schema {found}, this one knows "
            f"{models.SCHEMA_VERSION}); left untouched, upgrade warroom"
        )


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).splitlines()[0]
