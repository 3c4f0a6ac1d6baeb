"""Many people opening the first incident of a new team database at the same moment."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from tests.helpers import PYTHON
from tests.helpers.pgserver import PostgresServer
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


@pytest.mark.slow(5)
def test_eight_first_uses_of_an_empty_database_all_succeed(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("empty")
    start = time.time() + 2.0  # every process has imported warroom by then; then they race
    waiting = f"import time\nwhile time.time() < {start}: time.sleep(0.001)\n"
    declare = waiting + "from warroom.cli.launch import main\nmain()\n"
    env = {**os.environ, "WARROOM_DB": url, "WARROOM_RESPONDER": "first"}
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", declare, "declare", f"outage seen by {n}", "--no-open"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    results = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 8, [err for _, _, err in results]
    ids = sorted(out.strip() for _, out, _ in results)
    assert ids == sorted(f"INC-{n}" for n in range(1, 9))
    assert len(IncidentService(Store(url)).list_incidents()) == 8
