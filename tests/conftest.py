"""Shared fixtures: a real SQLite file in a temp dir, a simulated clock, a fixed responder."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from warroom.clock import SimulatedClock
from warroom.service import IncidentService
from warroom.store import Store

# Wall-clock times in snapshots and assertions read the same on every machine.
os.environ["TZ"] = "UTC"
time.tzset()

PYTHON = sys.executable


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warroom.db"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock()


@pytest.fixture
def store(db_path: Path):
    store = Store(db_path)
    yield store
    store.close()


@pytest.fixture
def service(store: Store, clock: SimulatedClock) -> IncidentService:
    return IncidentService(store, clock=clock, actor="alice")


@pytest.fixture
def cli_env(db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    env["WARROOM_DB"] = str(db_path)
    env["WARROOM_RESPONDER"] = "tester"
    return env


@pytest.fixture(autouse=True)
def config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings (the remembered theme) go to a temp dir, never to the user's real config."""
    path = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("WARROOM_CONFIG_DIR", str(path))
    return path
