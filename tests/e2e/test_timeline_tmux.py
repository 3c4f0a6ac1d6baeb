"""The timeline in a real terminal: a console opens on the newest entries of a long incident,
follows what others write, and stays where the reader scrolled back to, counting what came in."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import PYTHON
from tests.helpers.tmux import Tmux, console_command, needs_tmux, polls, start
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

pytestmark = needs_tmux


def log(db: Path, text: str) -> None:
    subprocess.run(
        [PYTHON, "-m", "warroom", "log", "INC-42", text, "--db", str(db)],
        check=True, capture_output=True, env={"WARROOM_RESPONDER": "script", "PATH": ""},
    )  # fmt: skip


def wait_screen(tmux: Tmux, text: str, timeout: float = 20, gone: bool = False) -> str:
    for _ in polls(timeout, most=0.05):
        if (text in (screen := tmux.screen())) is not gone:
            return screen
    raise AssertionError(f"{text!r} {'stayed' if gone else 'never appeared'}:\n{screen}")


@pytest.fixture(scope="module")
def long_incident(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A long incident written once; each test opens its own copy of the closed file."""
    db = tmp_path_factory.mktemp("long") / "warroom.db"
    service = IncidentService(Store(db), actor="bob")
    service.declare("Checkout down", incident_id="INC-42")
    for n in range(700):  # more than the console holds, and many screens of it
        service.add_note("INC-42", f"note {n}: error rate {n % 40}%")
    service.store.close()
    assert [p.name for p in db.parent.iterdir()] == [db.name]  # no journal left beside it
    return db


@pytest.mark.parametrize("width", [160, 160, 60])  # twice wide, once a side pane
def test_a_console_opens_on_the_newest_and_follows(
    tmux: Tmux, db_path: Path, long_incident: Path, width: int
) -> None:
    shutil.copyfile(long_incident, db_path)
    start(tmux, width, 45, "exec " + console_command(db_path, "open", "INC-42"))
    screen = wait_screen(tmux, "Timeline · 701")
    screen = wait_screen(tmux, "note 699:")  # the newest, not the oldest held
    assert "note 203:" not in screen
    log(db_path, "from another shell")
    wait_screen(tmux, "from another shell")
    # Back in time, entry by entry, until the newest is out of view: it stays there, and
    # counts what came in.
    tmux("send-keys", "-t", "w", "Tab")
    for _ in range(60):
        tmux("send-keys", "-t", "w", "k")
        time.sleep(0.05)
        if "from another shell" not in (screen := tmux.screen()):
            break
    screen = wait_screen(tmux, "from another shell", gone=True)
    # A few entries back from the newest, not somewhere far back in the incident.
    assert "note 69" in screen and "note 60" not in screen
    log(db_path, "while reading back")
    screen = wait_screen(tmux, "Timeline · 703 · 1 new ↓")
    assert "while reading back" not in screen and "note 69" in screen
    tmux("send-keys", "-t", "w", "G")
    screen = wait_screen(tmux, "while reading back")
    assert "new ↓" not in screen
