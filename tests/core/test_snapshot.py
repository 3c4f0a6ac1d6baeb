"""The first-paint reader sees exactly what the service sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.test_snapshots import busy_incident
from warroom.service import IncidentService
from warroom.snapshot import read_state


@pytest.fixture
def db_url(db_path: Path) -> str:
    return str(db_path)  # the first-paint reader reads SQLite files only


def test_the_snapshot_reader_matches_the_service(
    service: IncidentService, clock, db_path: Path
) -> None:
    busy_incident(service, clock)
    service.assign_role("INC-42", "ic", "carol")  # a hand-over: history with an ended row
    service.set_status("INC-42", "resolved")
    assert read_state(db_path, "INC-42") == service.state("INC-42")


def test_the_snapshot_reader_reads_nothing_it_cannot(tmp_path: Path, service, db_path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite")
    assert read_state(junk, "INC-1") is None
    assert read_state(tmp_path / "missing.db", "INC-1") is None
    assert not (tmp_path / "missing.db").exists()
    assert read_state(db_path, "INC-1") is None  # no such incident
