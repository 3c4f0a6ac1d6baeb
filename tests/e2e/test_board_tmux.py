"""`warroom board` in a real process under tmux: the open incidents, Enter opens one in the
console, q there comes back to the board, I switches incidents, q on the board ends it."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.tmux import Tmux, console_command, needs_tmux, start
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

pytestmark = needs_tmux


def test_the_board_opens_a_console_and_comes_back(tmux: Tmux, db_path: Path) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Search latency above 2s", "SEV-3", incident_id="INC-41")
    service.declare("Checkout returns 500s", "SEV-1", incident_id="INC-42")
    service.store.close()
    start(tmux, 160, 30, console_command(db_path, "board") + "; echo board-ended")
    tmux.wait_for("2 open incidents")
    tmux("send-keys", "-t", "w", "Enter")  # the worst first: INC-42
    tmux.wait_for("☐ Confirm the alert source")
    tmux.wait_for("q back")
    assert "INC-42  Checkout returns 500s" in tmux.screen()
    tmux("send-keys", "-t", "w", "I")
    tmux.wait_for("Switch to an open incident")
    tmux("send-keys", "-t", "w", "Enter")
    tmux.wait_for("INC-41  Search latency above 2s")
    tmux("send-keys", "-t", "w", "q")
    tmux.wait_for("2 open incidents")
    tmux("send-keys", "-t", "w", "q")
    tmux.wait_for("board-ended")
