"""Many people opening the first incident of a new team database at the same moment."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.helpers import PYTHON
from tests.helpers.pgserver import PostgresServer
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


@pytest.mark.slow(3)
def test_eight_first_uses_of_an_empty_database_all_succeed(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("empty")
    # Each process imports warroom, says so, and waits for a line: once all eight are ready,
    # they are let go together and race.
    ready = "import sys\nfrom warroom.cli.launch import main\nprint('ready', flush=True)\n"
    declare = ready + "sys.stdin.readline()\nmain()\n"
    env = {**os.environ, "WARROOM_DB": url, "WARROOM_RESPONDER": "first"}
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", declare, "declare", f"outage seen by {n}", "--no-open"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    assert [p.stdout.readline() for p in procs if p.stdout] == ["ready\n"] * 8
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 8, [err for _, _, err in results]
    ids = sorted(out.strip() for _, out, _ in results)
    assert ids == sorted(f"INC-{n}" for n in range(1, 9))
    assert len(IncidentService(Store(url)).list_incidents()) == 8
