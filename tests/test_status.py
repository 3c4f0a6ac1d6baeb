"""`warroom status`: one line for a tmux status bar, from a prepared file; through the command's
entry point in this process, and from a real process where what tmux reads of one is tested."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.helpers import PYTHON
from tests.helpers.cli import Ran, invoke, prepare
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def status(db: Path, *args: str) -> Ran:
    return invoke(None, "status", "INC-42", "--db", str(db), *args)


def test_status_line(db_path: Path) -> None:
    prepare(db_path)
    result = status(db_path)
    assert result.returncode == 0, result.stderr
    # SEV-1 updates every 15 minutes and none was sent in 23 minutes: overdue by about 8.
    assert re.fullmatch(
        r"INC-42 SEV-1 T\+00:23:1\d mitigating IC:alice 7/33 UPDATE OVERDUE 08:1\d\n", result.stdout
    ), result.stdout


def test_an_update_that_reached_nobody_does_not_reset_the_countdown(db_path: Path) -> None:
    """Was: an update every webhook failed to deliver restarted the status bar's countdown
    ("update due 14:5x") while the console and `brief` said UPDATE OVERDUE."""
    prepare(db_path)
    service = IncidentService(Store(db_path), actor="alice")
    service.post_update("INC-42", "Investigating checkout errors.", webhooks=["chat"])
    service.record_delivery("INC-42", 1, "chat", "failed", "HTTP 500", tries=4)
    line = status(db_path).stdout
    assert re.search(r" UPDATE OVERDUE 08:1\d\n$", line), line
    assert service.state("INC-42").update_due_in(service.clock.now()) < -480  # as the console
    # Delivered, it counts from then, as everywhere.
    service.record_delivery("INC-42", 1, "chat", "delivered")
    assert re.search(r" update due 1[45]:\d\d\n$", status(db_path).stdout), status(db_path).stdout


def test_status_format_and_its_errors(db_path: Path) -> None:
    prepare(db_path)
    assert status(db_path, "--format", "{id}|{severity}|{ic}").stdout == "INC-42|SEV-1|alice\n"
    bad = status(db_path, "--format", "{nope}")
    assert (bad.returncode, bad.stdout) == (2, "INC-42 ? bad format\n")
    assert bad.stderr.startswith("warroom: bad --format '{nope}'")
    missing = invoke(None, "status", "INC-9", "--db", str(db_path))
    assert (missing.returncode, missing.stdout) == (2, "INC-9 ? not found\n")
    assert missing.stderr == f"warroom: no incident INC-9 in {db_path}\n"


def test_a_status_line_that_cannot_be_made_says_so_on_stdout(tmp_path: Path) -> None:
    """tmux shows a status command's stdout and drops its stderr: a marker, never a blank."""
    nowhere = tmp_path / "nowhere.db"
    result = subprocess.run(
        [PYTHON, "-m", "warroom", "status", "INC-42", "--db", str(nowhere)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "INC-42 ? no database\n")
    assert not nowhere.exists()  # and none was made
    down = subprocess.run(
        [PYTHON, "-m", "warroom", "status", "INC-42", "--db", "postgresql://u@127.0.0.1:1/x"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert (down.returncode, down.stdout) == (2, "INC-42 ? database down\n")
    not_an_id = subprocess.run(
        [PYTHON, "-m", "warroom", "status", "42", "--db", str(nowhere)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert (not_an_id.returncode, not_an_id.stdout) == (2, "42 ? not an incident id\n")


def test_health_says_how_many_checks_are_down(db_path: Path) -> None:
    prepare(db_path)
    service = IncidentService(Store(db_path), actor="alice")
    assert status(db_path, "--format", "[{health}]").stdout == "[]\n"  # nothing checked yet
    for name in ("auth", "search", "checkout"):
        service.record_health("INC-42", name, "UP", f"{name} UP")
    assert status(db_path, "--format", "[{health}]").stdout == "[ all up]\n"
    service.record_health("INC-42", "auth", "DOWN", "auth DOWN", {"reason": "status 500"})
    service.record_health("INC-42", "search", "DOWN", "search DOWN", {"reason": "timeout"})
    service.record_health("INC-42", "checkout", "DEGRADED", "checkout DEGRADED")
    assert status(db_path, "--format", "[{health}]").stdout == "[ 2 down, 1 degraded]\n"
    assert status(db_path).stdout.endswith(" 2 down, 1 degraded\n")


def test_for_tmux_a_hash_in_a_title_stays_a_hash(db_path: Path) -> None:
    """tmux reads a status command's output as a format: "#H" would show the host name."""
    IncidentService(Store(db_path)).open_or_declare("INC-42", title="Fix #Hotfix ##2")
    assert status(db_path, "--format", "{title}").stdout == "Fix #Hotfix ##2\n"
    assert status(db_path, "--format", "{title}", "--tmux").stdout == "Fix ##Hotfix ####2\n"
