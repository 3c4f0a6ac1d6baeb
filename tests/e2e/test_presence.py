"""Real console processes on one database: who is watching, and what watching costs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.helpers import PYTHON
from tests.helpers.pgserver import PostgresServer
from warroom.core.responder import WATCHER_HEARTBEAT_S
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

CONSOLE = """
import sys
from warroom.tui.app import WarroomApp
WarroomApp("INC-1", sys.argv[1]).run(headless=True, size=(160, 45))
"""


def console(db: str, name: str, workdir: Path) -> subprocess.Popen[bytes]:
    """A real console, headless, in its own process (run from a folder with no warroom.toml)."""
    env = {**os.environ, "WARROOM_RESPONDER": name, "WARROOM_CONFIG_DIR": str(workdir)}
    return subprocess.Popen(
        [PYTHON, "-c", CONSOLE, db], env=env, cwd=workdir,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(condition, timeout: float) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "not in time"
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_console_killed_with_9_stops_being_listed_within_a_heartbeat(
    backend: str, db_path: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = str(db_path) if backend == "sqlite" else request.getfixturevalue("pg_url")
    service = IncidentService(Store(db), actor="alice")
    service.declare("x", incident_id="INC-1")
    victim = console(db, "victim", tmp_path)
    try:
        wait_for(lambda: "victim" in service.watchers("INC-1"), timeout=30)
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    gone_after = wait_for(lambda: "victim" not in service.watchers("INC-1"), timeout=30)
    assert gone_after <= WATCHER_HEARTBEAT_S


def transactions(server: PostgresServer, database: str) -> int:
    with psycopg.connect(server.url(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            (database,),
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.skipif(sys.platform != "linux", reason="reads the server's statistics")
@pytest.mark.slow(45)
def test_idle_consoles_cost_the_server_almost_nothing(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    service = IncidentService(Store(pg_url), actor="alice")
    service.declare("x", incident_id="INC-1")
    names = [f"c{n}" for n in range(5)]
    consoles = [console(pg_url, name, tmp_path) for name in names]
    try:
        wait_for(lambda: set(service.watchers("INC-1")) == set(names), timeout=60)
        service.store.close()  # this test's own reads must not count
        # A backend reports a burst of transactions up to ten seconds late: let the start-up
        # burst land, then count an idle half minute.
        time.sleep(11)
        database = pg_url.rsplit("/", 1)[1]
        before = transactions(pg_server, database)
        time.sleep(30)
        spent = transactions(pg_server, database) - before
        with psycopg.connect(pg_url, autocommit=True) as conn:
            connections = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = 'warroom'",
                (database,),
            ).fetchone()[0]
    finally:
        for proc in consoles:
            proc.kill()
            proc.wait()
    assert spent <= 5 * 30 * 0.1, f"{spent} transactions in 30 s from 5 idle consoles"
    assert connections == 5  # one connection per console
