"""Where incidents are kept: a SQLite file by default, or a team's PostgreSQL server.

Everything that differs between the two lives here and in db.py (connections, locking,
notification, schema checks), so the service and the faces work unchanged on either.
Opening a store checks the schema without changing anything; a new, empty database gets the
current schema, created once even when several consoles open it at the same moment.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from functools import cached_property
from pathlib import Path

from warroom.storage.db import (
    Database,
    PostgresDatabase,
    SqliteDatabase,
    StoreError,
    Tx,
    Unavailable,
)
from warroom.storage.url import database_url, public_url, scrub, sqlite_file, supported

__all__ = ["SCHEMA_VERSION", "OlderSchema", "Store", "StoreError", "Unavailable"]

# Bumped with every migration in warroom/migrations (revision "000N" is schema N).
SCHEMA_VERSION = 5
META_TABLE = "warroom_meta"
# Alembic's bookkeeping table: revision "000N" is schema N (see warroom/migrations).
ALEMBIC_TABLE = "alembic_version"
# Any constant both sides agree on: it serialises creating the schema on a new server database.
SCHEMA_LOCK = 0x7761_7272


class OlderSchema(StoreError):
    """The database has an older schema: `warroom db upgrade` brings it up to date."""


class Store:
    """Opens (and if new, creates) the database. `write()` and `read()` give transactions."""

    def __init__(
        self, db: str | Path | None = None, *, migrating: bool = False, readonly: bool = False
    ) -> None:
        """`migrating` is for `warroom db upgrade`: an older schema is let through, untouched.
        `readonly` is for commands that only read: nothing is created or written, and a
        database that cannot be written (a read-only file or folder) still opens."""
        self.url = supported(database_url(db))
        self.path = sqlite_file(self.url)
        self.is_sqlite = self.url.startswith("sqlite:")
        self.readonly = readonly
        self.empty = False  # read-only and nothing there yet: no incidents to show
        self._local = threading.local()
        self.db: Database
        if self.path is not None:
            if not _check_sqlite_file(self.path, migrating, readonly):
                self.empty = True
            self.db = SqliteDatabase(self.path, self.explain, readonly=readonly)
        else:
            self.db = PostgresDatabase(self.url, self.explain, readonly=readonly)
        self.schema_version = 0 if self.empty else self._prepare_schema(migrating)

    @cached_property
    def where(self) -> str:
        """The database for messages: the file, or the URL without its password."""
        return str(self.path) if self.path else public_url(self.url)

    def explain(self, reason: str) -> str:
        """A one-line message about this database, with none of the URL's secrets in it."""
        message = f"{self.where}: {reason}"
        return message if self.path else scrub(message, self.url)

    # -- transactions ------------------------------------------------------------------
    @contextmanager
    def until(self, deadline: float) -> Iterator[None]:
        """Calls on this thread inside the block must finish by `deadline` (monotonic)."""
        before = getattr(self._local, "deadline", None)
        self._local.deadline = deadline
        try:
            yield
        finally:
            self._local.deadline = before

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One write transaction: committed when the block ends, rolled back on error.

        On PostgreSQL the commit also notifies every console listening on the incidents it
        changed (NOTIFY is delivered at commit, and never for a rolled-back transaction).
        """
        if self.readonly:
            raise StoreError(f"{self.where}: opened read-only")
        with self.db.write(getattr(self._local, "deadline", None)) as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.read(getattr(self._local, "deadline", None)) as tx:
            yield tx

    def close(self) -> None:
        self.db.close()

    # -- the schema --------------------------------------------------------------------
    def _prepare_schema(self, migrating: bool) -> int:
        """The schema version found; a new, empty database gets the current schema."""
        with self.read() as tx:
            tables = _tables(tx, self.is_sqlite)
            version = _stored_version(tx, tables)
        if tables or migrating:
            return _check_version(self.where, tables, version, migrating)
        if self.readonly:
            self.empty = True
            return 0
        with self.write() as tx:
            if not self.is_sqlite:
                # Several first consoles at once: one creates, the others wait, then find it.
                tx.run(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            tables = _tables(tx, self.is_sqlite)
            if tables:
                return _check_version(self.where, tables, _stored_version(tx, tables), False)
            for statement in schema_ddl(self.is_sqlite):
                tx.run(statement)
            tx.run(
                f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', ?)",
                str(SCHEMA_VERSION),
            )
            tx.run(
                f"CREATE TABLE {ALEMBIC_TABLE} (version_num VARCHAR(32) NOT NULL, "
                f"CONSTRAINT {ALEMBIC_TABLE}_pkc PRIMARY KEY (version_num))"
            )
            tx.run(
                f"INSERT INTO {ALEMBIC_TABLE} (version_num) VALUES (?)", revision(SCHEMA_VERSION)
            )
        return SCHEMA_VERSION


def schema_ddl(sqlite: bool) -> list[str]:
    """CREATE statements for the current schema, from the SQLModel models (the one place the
    schema is defined). Only a new database needs them, so SQLAlchemy is imported here."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    import warroom.storage.models  # noqa: F401 (registers the tables)

    dialect = sqlite_dialect.dialect() if sqlite else postgresql.psycopg.dialect()
    out = []
    for table in SQLModel.metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        out += [
            str(CreateIndex(i).compile(dialect=dialect)) for i in sorted(table.indexes, key=str)
        ]
    return out


def revision(schema_version: int) -> str:
    return f"{schema_version:04d}"


def _tables(tx: Tx, sqlite: bool) -> set[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if sqlite
        else "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
    )
    return {row["name"] for row in tx.all(query)}


def _stored_version(tx: Tx, tables: set[str]) -> int | None:
    if META_TABLE not in tables:
        return None
    value = tx.value(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'")
    return int(value or 0)


def _check_sqlite_file(path: Path, migrating: bool, readonly: bool) -> bool:
    """Refuse, without touching it, a path that cannot hold a warroom SQLite database.
    False: read-only, and there is no file yet."""
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
        if head and head != b"SQLite format 3\x00":
            raise StoreError(f"{path}: is not a SQLite database; left untouched")
        if not readonly and not os.access(path, os.W_OK):
            raise StoreError(
                f"{path}: is not writable (commands that only read, such as list, work on it)"
            )
        if head:
            # Look read-only first: opening for writing would switch the file to WAL.
            tables, version = _peek_sqlite(path)
            if tables:
                _check_version(str(path), tables, version, migrating)
        return True
    if readonly:
        return False
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
    return True


def _peek_sqlite(path: Path) -> tuple[set[str], int | None]:
    last: sqlite3.Error | None = None
    for mode in ("mode=ro", "immutable=1"):  # immutable: a WAL file in a read-only folder
        try:
            with closing(sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True)) as raw:
                tables = {
                    r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                version = None
                if META_TABLE in tables:
                    row = raw.execute(
                        f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'"
                    ).fetchone()
                    version = int(row[0]) if row else 0
                return tables, version
        except sqlite3.DatabaseError as exc:
            last = exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
    raise StoreError(f"{path}: {last}; left untouched")


def _check_version(where: str, tables: set[str], version: int | None, migrating: bool) -> int:
    """The schema version; refuses a foreign database, a newer one, and (unless migrating)
    an older one, which `warroom db upgrade` brings up to date."""
    if version is None:
        if migrating and not tables:
            return 0
        raise StoreError(f"{where}: is a database, but not a warroom one; left untouched")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{where}: written by a newer warroom (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); left untouched, upgrade warroom"
        )
    if version < SCHEMA_VERSION and not migrating:
        raise OlderSchema(
            f"{where}: schema {version} is older than this warroom's {SCHEMA_VERSION}; "
            f"run: warroom db upgrade --db {shlex.quote(where)}"
        )
    return version
