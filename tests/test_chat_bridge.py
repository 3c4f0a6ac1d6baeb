"""The README's Matrix bridge, run as the README says against a real homeserver: what is
written in the incident reaches the room, what people say in the room becomes notes, and
neither comes back as an echo."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.helpers import PYTHON
from tests.helpers.matrix_server import MatrixRoom
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService

ROOT = Path(__file__).resolve().parent.parent
BRIDGE = ROOT / "examples" / "matrix_bridge.py"


def until(condition: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the bridge did not get there in time"
        time.sleep(0.1)


def pipeline(command: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A shell pipeline as the README writes it, `warroom` and `python` being this run's."""
    return subprocess.Popen(
        ["bash", "-c", f"set -o pipefail; {command}"],
        env=env,
        cwd=BRIDGE.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(10)


def test_the_readme_bridge_carries_the_incident_both_ways(
    service: IncidentService,
    clock: SimulatedClock,
    synapse,
    matrix_room: MatrixRoom,
    db_path: Path,
) -> None:
    readme = (ROOT / "README.md").read_text()
    assert BRIDGE.read_text().strip() in readme  # the README shows exactly this script
    to_room, from_room = re.findall(r"^  (.*matrix_bridge\.py.*)$", BRIDGE.read_text(), re.M)

    person = "person" + str(time.monotonic_ns())
    person_token = synapse.register(person, "another password")
    synapse.join(person_token, matrix_room.room, matrix_room.token, f"@{person}:warroom.test")
    service.declare("Checkout returns 500s", "SEV-1")
    clock.advance(minutes=3)

    bindir = Path(PYTHON).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    env |= {
        "PATH": f"{bindir}:{env['PATH']}",
        "WARROOM_DB": str(db_path),
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_ROOM": matrix_room.room,
        "MATRIX_TOKEN": matrix_room.token,
    }
    outbound = pipeline(to_room.replace("INC-42", "INC-1"), env)
    inbound = pipeline(from_room.replace("INC-42", "INC-1"), env)
    try:
        assert inbound.stderr is not None
        ready, _, _ = select.select([inbound.stderr], [], [], 30)
        assert ready and inbound.stderr.readline() == b"listening\n"
        time.sleep(1.5)  # the outbound bridge has started before this note

        def texts(token: str = matrix_room.token) -> list[str]:
            return [m["content"]["body"] for m in synapse.messages(token, matrix_room.room)]

        service.add_note("INC-1", "rolled back web to v1.4.2")
        until(lambda: texts())
        assert texts() == ["T+00:03:00 alice note: rolled back web to v1.4.2"]

        synapse.send(person_token, matrix_room.room, "eu-west\nstill erroring")
        notes = lambda: [e for e in service.state("INC-1").timeline if e.actor == "matrix"]  # noqa: E731
        until(notes)
        [note] = notes()
        assert (
            note.kind == "note" and note.text == f"@{person}:warroom.test: eu-west still erroring"
        )
        # The bridge carries the timeline in order: an echo of that note would reach the
        # room before a note written after it.
        service.add_note("INC-1", "no echo before this")
        until(lambda: len(texts()) >= 3)
        assert texts() == [
            "T+00:03:00 alice note: rolled back web to v1.4.2",
            "eu-west\nstill erroring",
            "T+00:03:00 alice note: no echo before this",
        ]
        assert outbound.poll() is None and inbound.poll() is None
    finally:
        stop(outbound)
        stop(inbound)
