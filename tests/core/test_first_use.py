"""Many people opening the first incident of a new team database at the same moment."""

from __future__ import annotations

import os
import select
import subprocess

import pytest

from tests.helpers import PYTHON
from tests.helpers.pgserver import PostgresServer
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


@pytest.mark.slow(3)
def test_eight_first_uses_of_an_empty_database_all_succeed(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("empty")
    # Each process says it has started, then waits until the test closes `go`: the eight then
    # import warroom and declare at the same moment.
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    waiting = f"import os\nos.write({ready_w}, b'.')\nos.read({go_r}, 1)\n"
    declare = waiting + "from warroom.cli.launch import main\nmain()\n"
    env = {**os.environ, "WARROOM_DB": url, "WARROOM_RESPONDER": "first"}
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", declare, "declare", f"outage seen by {n}", "--no-open"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            pass_fds=(ready_w, go_r),
        )
        for n in range(8)
    ]
    os.close(ready_w)
    os.close(go_r)
    started = b""
    while len(started) < 8 and select.select([ready_r], [], [], 60)[0]:
        if not (byte := os.read(ready_r, 8)):
            break  # every process ended before it said so: their errors are told below
        started += byte
    os.close(ready_r)
    os.close(go_w)  # go, all at once
    results = [(p.wait(timeout=60), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 8, [err for _, _, err in results]
    ids = sorted(out.strip() for _, out, _ in results)
    assert ids == sorted(f"INC-{n}" for n in range(1, 9))
    assert len(IncidentService(Store(url)).list_incidents()) == 8
