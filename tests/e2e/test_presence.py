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
from warroom.tui.controllers import database
assert hasattr(database, "WATCHER_HEARTBEAT_S")  # where the console reads it: moved, update here
database.WATCHER_HEARTBEAT_S = float(sys.argv[2])
WarroomApp("INC-1", sys.argv[1]).run(headless=True, size=(160, 45))
"""


def console(
    db: str, name: str, workdir: Path, heartbeat: float = WATCHER_HEARTBEAT_S
) -> subprocess.Popen[bytes]:
    """A real console, headless, in its own process (run from a folder with no warroom.toml),
    its heartbeat every `heartbeat` seconds."""
    env = {**os.environ, "WARROOM_RESPONDER": name, "WARROOM_CONFIG_DIR": str(workdir)}
    return subprocess.Popen(
        [PYTHON, "-c", CONSOLE, db, str(heartbeat)], env=env, cwd=workdir,
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


# The idle cost is counted over WINDOW_S with heartbeats every HEARTBEAT_S: a sixth of the real
# period, so the count takes seconds, and the heartbeat is still counted (two or three rounds).
HEARTBEAT_S = 2.5
WINDOW_S = 5.0
SETTLE_S = 2.4  # under a heartbeat: once settled, each console's round counts at most once in it


@pytest.mark.skipif(sys.platform != "linux", reason="reads the server's statistics")
@pytest.mark.slow(12)
def test_idle_consoles_cost_the_server_almost_nothing(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    """Five idle consoles on a server: a read each per heartbeat, and nothing else (their
    liveness pings are not transactions). Production's heartbeat is every 15 s; here every
    2.5 s, so any other periodic query (every 5 s or more often) shows within 5 s."""
    service = IncidentService(Store(pg_url), actor="alice")
    service.declare("x", incident_id="INC-1")
    names = [f"c{n}" for n in range(5)]
    consoles = [console(pg_url, name, tmp_path, heartbeat=HEARTBEAT_S) for name in names]
    database = pg_url.rsplit("/", 1)[1]
    try:
        wait_for(lambda: set(service.watchers("INC-1")) == set(names), timeout=60)
        service.store.close()  # this test's own reads must not count
        # A backend reports its transactions when it next goes idle a second or more after
        # its last report (a ping does it), else up to ten seconds late: the start-up burst
        # has landed once the count rose by at most a heartbeat's round over the last SETTLE_S.
        # (If it never does, the window below says how many it counted.)
        looks = [(time.monotonic(), transactions(pg_server, database))]
        while time.monotonic() - looks[0][0] < 15:
            time.sleep(0.25)
            now, seen = time.monotonic(), transactions(pg_server, database)
            looks.append((now, seen))
            earlier = [count for at, count in looks if now - at >= SETTLE_S]
            if earlier and seen - earlier[-1] <= len(names):
                break
        before = seen
        time.sleep(WINDOW_S)
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
    # A window holds two heartbeats of each console, three at its edges; a report late by
    # up to a ping's period moves one round, never adds one.
    rounds = int(WINDOW_S // HEARTBEAT_S) + 1
    assert spent <= len(names) * rounds, (
        f"{spent} transactions in {WINDOW_S} s from 5 idle consoles"
    )
    assert connections == 5  # one connection per console
