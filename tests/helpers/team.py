"""Team-mode set-up shared by tests: threads racing on one database, an engine past the
store's checks, and the first release's database at schema 1."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from warroom.storage.migrate import upgrade
from warroom.storage.url import database_url, sqlalchemy_url

SCHEMA1 = (
    Path(__file__).parent.parent / "data" / "schema1.db"
)  # written by warroom 0.1's first release


def race(*calls: Callable[[], object]) -> None:
    """Run the calls on threads released together; each thread has its own connection."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors


def raw_engine(db_url: str) -> Engine:
    """An engine on the database itself, past the store's checks."""
    return create_engine(sqlalchemy_url(database_url(db_url)))


def first_release_database(db_url: str, tmp_path: Path) -> str:
    """A database at schema 1 holding the first release's sample incidents."""
    if "://" not in db_url:
        shutil.copy(SCHEMA1, db_url)
        return db_url
    upgrade(db_url, target=1)  # migration 0001 is the first release's schema
    engine = raw_engine(db_url)
    tables = ["incident", "role_assignment", "checklist_item", "timeline_entry", "endpoint_state"]
    with sqlite3.connect(SCHEMA1) as src, engine.begin() as dst:
        for table in tables:
            cursor = src.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cursor.description]
            for row in cursor:
                values = dict(zip(columns, row, strict=True))
                for flag in ("drill", "done"):
                    if flag in values:
                        values[flag] = bool(values[flag])
                names = ", ".join(columns)
                marks = ", ".join(f":{c}" for c in columns)
                dst.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)
        for table in ("role_assignment", "checklist_item", "timeline_entry"):
            dst.execute(text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
    engine.dispose()
    return db_url
