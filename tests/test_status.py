"""`warroom status`: one line for a tmux status bar, from a real process and a prepared file."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

from tests.conftest import PYTHON
from warroom.clock import RealClock, SimulatedClock
from warroom.service import IncidentService
from warroom.store import Store


def prepare(db: Path) -> None:
    clock = SimulatedClock(RealClock().now() - timedelta(minutes=23, seconds=10))
    service = IncidentService(Store(db), clock=clock, actor="alice")
    service.open_or_declare("INC-42", title="Checkout returns 500s")
    service.set_severity("INC-42", "SEV-1")
    service.set_status("INC-42", "mitigating")
    service.assign_role("INC-42", "ic", "alice")
    for item in service.state("INC-42").items[:7]:
        service.tick("INC-42", item.id)


def status(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "warroom", "status", "INC-42", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_status_line(db_path: Path) -> None:
    prepare(db_path)
    result = status(db_path)
    assert result.returncode == 0, result.stderr
    # SEV-1 updates every 15 minutes and none was sent in 23 minutes: overdue by about 8.
    assert re.fullmatch(
        r"INC-42 SEV-1 T\+00:23:1\d mitigating IC:alice 7/33 UPDATE OVERDUE 08:1\d\n", result.stdout
    ), result.stdout


def test_status_format_and_its_errors(db_path: Path) -> None:
    prepare(db_path)
    assert status(db_path, "--format", "{id}|{severity}|{ic}").stdout == "INC-42|SEV-1|alice\n"
    bad = status(db_path, "--format", "{nope}")
    assert bad.returncode == 1
    assert bad.stderr.startswith("warroom: bad --format '{nope}'")
    missing = subprocess.run(
        [PYTHON, "-m", "warroom", "status", "INC-9", "--db", str(db_path)],
        capture_output=True,
        text=True,
    )
    assert (missing.returncode, missing.stderr) == (2, "warroom: no incident INC-9\n")
