"""The core runs against SQLite and PostgreSQL alike: every test that opens the store runs
once on a SQLite file and once on a fresh database on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    if request.param == "sqlite":
        return str(db_path)
    if "store" in request.fixturenames:  # a copy of a new database, schema and all
        template = request.getfixturevalue("new_database_template")
        return request.getfixturevalue("pg_server").create_database(template=template)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def is_sqlite(db_url: str) -> bool:
    return "://" not in db_url
