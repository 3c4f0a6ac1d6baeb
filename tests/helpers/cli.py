"""The `warroom` command run as a real process, and a database for it to read."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

from tests.helpers import PYTHON
from warroom.core.clock import RealClock, SimulatedClock
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def warroom(
    env: dict[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "warroom", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def prepare(db: Path) -> None:
    """INC-42 declared 23 minutes ago: SEV-1, mitigating, alice IC, 7 items done."""
    clock = SimulatedClock(RealClock().now() - timedelta(minutes=23, seconds=10))
    service = IncidentService(Store(db), clock=clock, actor="alice")
    service.open_or_declare("INC-42", title="Checkout returns 500s")
    service.set_severity("INC-42", "SEV-1")
    service.set_status("INC-42", "mitigating")
    service.assign_role("INC-42", "ic", "alice")
    for item in service.state("INC-42").items[:7]:
        service.tick("INC-42", item.id)
