"""Schema migrations (`warroom db upgrade`) and moving incidents between databases
(`warroom db copy`). Alembic is imported here only, never on the way to the first frame.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect

from warroom.storage.store import ALEMBIC_TABLE, SCHEMA_VERSION, Store, StoreError, revision
from warroom.storage.url import sqlalchemy_url


@dataclass(frozen=True)
class Upgrade:
    where: str
    before: int  # 0: the database was empty
    after: int
    backup: Path | None  # a copy of a SQLite file as it was before
    chained: tuple[int, int] | None = None  # entries and incidents linked into hash chains


def upgrade(db: str | Path | None, target: int = SCHEMA_VERSION) -> Upgrade:
    """Bring the database to schema `target` in one transaction; a newer one is refused."""
    from alembic import command
    from alembic.config import Config

    store = Store(db, migrating=True)
    try:
        before = store.schema_version
        if before >= target:
            return Upgrade(store.where, before, before, None)
        backup = _backup(store.path, before) if store.path and before else None
        config = Config()
        config.set_main_option("script_location", "warroom.storage:migrations")
        engine = _engine(store)
        try:
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                if before and ALEMBIC_TABLE not in inspect(conn).get_table_names():
                    # Files from before migrations existed carry only their schema number.
                    command.stamp(config, revision(before))
                command.upgrade(config, revision(target))
        finally:
            engine.dispose()
        return Upgrade(store.where, before, target, backup, config.attributes.get("chained"))
    finally:
        store.close()


def _engine(store: Store) -> Engine:
    """SQLAlchemy, for Alembic: on SQLite, the whole upgrade under the write lock."""
    if not store.is_sqlite:
        return create_engine(sqlalchemy_url(store.url))
    engine = create_engine(store.url)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver

    @event.listens_for(engine, "begin")
    def _begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    return engine


def _backup(path: Path, version: int) -> Path:
    """A consistent copy of the file before it is changed, kept beside it."""
    target = path.with_name(f"{path.name}.schema{version}.bak")
    try:
        with (
            closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"{path}: cannot back it up before upgrading: {exc}") from None
    return target
