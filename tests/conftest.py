"""Shared fixtures: a real SQLite file in a temp dir (or a database on a throwaway PostgreSQL
server, see tests/core/conftest.py), a simulated clock, a fixed responder."""

from __future__ import annotations

import compileall
import contextlib
import itertools
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
import textual._wait as textual_wait

import warroom
from tests.helpers import in_memory
from tests.helpers.matrix_server import MatrixRoom, SynapseServer
from tests.helpers.monitoring_servers import launch_early, stop_early
from tests.helpers.pgserver import PostgresServer
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

# Wall-clock times in snapshots and assertions read the same on every machine.
os.environ["TZ"] = "UTC"
time.tzset()

# Temp files in memory where the machine has it: every test's own dir (tmp_path), the servers'
# and those of the processes a test starts. A new SQLite database syncs its file a few times,
# each sync milliseconds on a disk and nothing in memory; nothing in them outlives the run.
if _memory := in_memory():
    os.environ["TMPDIR"] = tempfile.tempdir = _memory


def pytest_configure(config: pytest.Config) -> None:
    """Each module is compiled once, not once a process: the test modules with their asserts
    rewritten (each worker collects them all) and warroom, as a wheel install has it (every
    `warroom` process and console a test starts imports it). PYTHONDONTWRITEBYTECODE would
    otherwise have every one of them compile it all again: seconds a worker."""
    sys.dont_write_bytecode = False
    compileall.compile_dir(os.path.dirname(warroom.__file__), quiet=1)
    # Prometheus and Alertmanager, for the monitoring tests, start now in a process that runs
    # tests, before collection: see tests/helpers/monitoring_servers.py.
    runs_tests = hasattr(config, "workerinput") or not config.getoption("numprocesses", None)
    if runs_tests and not config.option.collectonly and _may_run(config, MONITORING_TESTS):
        launch_early()
    # A worker of `pytest -n 2` (the whole suite, where every worker needs it) starts its
    # PostgreSQL server in the background as it starts: initdb's second and a half passes
    # while the tests are collected.
    if hasattr(config, "workerinput") and not os.environ.get("WARROOM_SKIP_POSTGRES"):
        _pg_early.append(ThreadPoolExecutor(1).submit(_started_postgres))


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_early()
    while _pg_early:  # started early, and no test asked for it
        with contextlib.suppress(Exception):
            _pg_early.pop().result().destroy()


_pg_early: list[Future[PostgresServer]] = []


def _started_postgres() -> PostgresServer:
    server = PostgresServer()
    try:
        server.start()
    except BaseException:
        server.destroy()
        raise
    return server


MONITORING_TESTS = Path(__file__).parent / "e2e" / "test_monitoring.py"


def _may_run(config: pytest.Config, tests: Path) -> bool:
    """Whether the paths pytest was given hold these tests (-k and -m may still leave them)."""
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == tests or path in tests.parents:
            return True
    return False


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first, longest of all at the head: the two workers (pytest -n 2) start
    on them together and share out the many short ones after, instead of one worker starting a
    minute-long test when the other has nothing left to do. Order is otherwise unchanged."""

    def seconds(item: pytest.Item) -> float:
        marker = item.get_closest_marker("slow")
        return float(marker.args[0]) if marker else 0.0

    items.sort(key=seconds, reverse=True)  # stable: the rest keep their collected order
    # Synapse takes seconds to start, once a worker: its tests all run on one (pytest's
    # addopts has --dist loadgroup).
    for item in items:
        if "synapse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("synapse"))


@pytest.fixture(autouse=True)
def idle_slice(request: pytest.FixtureRequest) -> None:
    """Pilot waits after each key (and each pause()) until the process looks idle: Textual
    sleeps in slices of 20 ms until one passes with under 5% of it spent working. Slices of
    2 ms, with the same 5% rule, still wait out the work of the app and its threads (the
    process's CPU time is measured) but not 40 ms of nothing per key: a key costs about 18 ms
    instead of 65 (28 ms in 5 ms slices). Snapshots keep Textual's 20 ms: a slice shorter than
    a frame (1/60 s) can end between a layout and the frame that draws it, and a snapshot is
    of that frame."""
    slice_s = 0.02 if "snap_compare" in request.fixturenames else 0.002
    textual_wait.SLEEP_GRANULARITY = slice_s
    textual_wait.SLEEP_IDLE = slice_s / 20


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warroom.db"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock()


@pytest.fixture
def db_url(db_path: Path) -> str:
    """The database the `store` fixture opens: a SQLite file unless a test module says so."""
    return str(db_path)


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the run (per worker, when the suite runs on several: each
    worker is a process of its own). If it cannot start, its tests fail: a team-mode
    regression must not pass as a skip. WARROOM_SKIP_POSTGRES=1 opts out on purpose."""
    if os.environ.get("WARROOM_SKIP_POSTGRES"):
        pytest.skip("WARROOM_SKIP_POSTGRES is set")
    server = _pg_early.pop().result() if _pg_early else _started_postgres()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def synapse():
    """One real Matrix homeserver (Synapse) for the run, started once: it takes seconds. If it
    cannot start, its tests fail, never skip quietly; WARROOM_SKIP_SYNAPSE=1 opts out."""
    if os.environ.get("WARROOM_SKIP_SYNAPSE"):
        pytest.skip("WARROOM_SKIP_SYNAPSE is set")
    server = SynapseServer()
    try:
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture
def matrix_room(synapse: SynapseServer) -> MatrixRoom:
    """A new user, logged in, in a new room of their own."""
    user = f"responder{next(_matrix_users)}"
    synapse.register(user, "correct horse battery")
    token = synapse.login(user, "correct horse battery")
    return MatrixRoom(synapse, user, token, synapse.create_room(token, "incident room"))


_matrix_users = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A new, empty database on the test server."""
    return pg_server.create_database()


@pytest.fixture(scope="session")
def new_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database as Store makes it (schema and all), made once for the run."""
    path = tmp_path_factory.mktemp("new-database") / "warroom.db"
    Store(path).close()
    return path


@pytest.fixture(scope="session")
def new_database_template(pg_server: PostgresServer) -> str:
    """The same on the PostgreSQL server: a database to copy (CREATE DATABASE … TEMPLATE)."""
    url = pg_server.create_database("new")
    Store(url).close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def store(db_url: str, request: pytest.FixtureRequest):
    """The store on a new database. Making the schema costs about 60 ms a test (the SQLite
    file's syncs, PostgreSQL's DDL), so the database is a copy of one Store made once for the
    run: the SQLite file here, the PostgreSQL one in tests/core/conftest.py's db_url. Tests of
    making a database open Store on a path or URL of their own."""
    if "://" not in db_url and not Path(db_url).exists():
        shutil.copyfile(request.getfixturevalue("new_database_file"), db_url)
    store = Store(db_url)
    yield store
    store.close()


@pytest.fixture
def service(store: Store, clock: SimulatedClock) -> IncidentService:
    return IncidentService(store, clock=clock, actor="alice")


@pytest.fixture
def cli_env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    env["WARROOM_DB"] = db_url
    env["WARROOM_RESPONDER"] = "tester"
    return env


@pytest.fixture(autouse=True)
def config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings (the remembered theme) go to a temp dir, never to the user's real config."""
    path = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("WARROOM_CONFIG_DIR", str(path))
    return path
