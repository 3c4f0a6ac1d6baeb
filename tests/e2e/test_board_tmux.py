"""`warroom board` in a real process under tmux: the open incidents, Enter opens one in the
console, q there comes back to the board, I switches incidents, q on the board ends it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_keys_tmux import wait_screen
from tests.e2e.test_tmux import Tmux, console_command, pytestmark, start  # noqa: F401
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


@pytest.fixture
def tmux():
    server = Tmux()
    yield server
    server.kill()


def test_the_board_opens_a_console_and_comes_back(tmux: Tmux, db_path: Path) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Search latency above 2s", "SEV-3", incident_id="INC-41")
    service.declare("Checkout returns 500s", "SEV-1", incident_id="INC-42")
    service.store.close()
    start(tmux, 160, 30, console_command(db_path, "board") + "; echo board-ended")
    wait_screen(tmux, "2 open incidents")
    tmux("send-keys", "-t", "w", "Enter")  # the worst first: INC-42
    wait_screen(tmux, "☐ Confirm the alert source")
    wait_screen(tmux, "q Back")
    assert "INC-42  Checkout returns 500s" in tmux.screen()
    tmux("send-keys", "-t", "w", "I")
    wait_screen(tmux, "Switch to an open incident")
    tmux("send-keys", "-t", "w", "Enter")
    wait_screen(tmux, "INC-41  Search latency above 2s")
    tmux("send-keys", "-t", "w", "q")
    wait_screen(tmux, "2 open incidents")
    tmux("send-keys", "-t", "w", "q")
    wait_screen(tmux, "board-ended")
