"""No key lost or reordered, in a real `warroom` process under a real tmux: keys sent one by
one into a drill at 20× speed, a whole note sent in one call (one read), keys sent before the
first frame and just after it, and bracketed pastes; the database says what was saved."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers.tmux import Tmux, console_command, needs_tmux, polls, start

LETTERS = "abcdefghijklmnopqrstuvwxyzabcd"  # 30 letters, then 15 backspaces, then XYZ
EXPECTED = "abcdefghijklmnoXYZ"

pytestmark = needs_tmux


def saved(db: Path, kind: str = "note") -> list[str]:
    if not db.exists():
        return []
    try:
        with closing(sqlite3.connect(db)) as conn:
            rows = conn.execute(
                "SELECT text FROM timeline_entry WHERE kind = ? ORDER BY id", (kind,)
            ).fetchall()
    except sqlite3.OperationalError:
        return []  # the schema is still being created
    return [text for (text,) in rows]


def wait_saved(db: Path, count: int, kind: str = "note", timeout: float = 20) -> list[str]:
    for _ in polls(timeout, most=0.05):
        if len(rows := saved(db, kind)) >= count:
            return rows
    raise AssertionError(f"saved so far: {saved(db, kind)}")


def wait_screen(tmux: Tmux, text: str, timeout: float = 20) -> None:
    tmux.wait_for(text, timeout=timeout)


def test_typing_into_the_note_prompt_of_a_drill_at_20x(tmux: Tmux, tmp_path: Path) -> None:
    db = tmp_path / "drill.db"
    start(tmux, 160, 45, "exec " + console_command(db, "drill", "db-outage", "--speed", "20"))
    wait_screen(tmux, "DRILL")
    for trial in range(6):
        tmux("send-keys", "-t", "w", "n")
        wait_screen(tmux, "Add a note to the timeline")
        for letter in LETTERS:  # one call per key, as a typist's keys arrive
            tmux("send-keys", "-t", "w", "-l", letter)
        for _ in range(15):
            tmux("send-keys", "-t", "w", "BSpace")
        for letter in "XYZ":
            tmux("send-keys", "-t", "w", "-l", letter)
        tmux("send-keys", "-t", "w", "Enter")
        wait_saved(db, trial + 1)
    assert saved(db) == [EXPECTED] * 6


def test_the_same_keys_in_one_read_in_a_drill_at_20x(tmux: Tmux, tmp_path: Path) -> None:
    db = tmp_path / "drill.db"
    start(tmux, 160, 45, "exec " + console_command(db, "drill", "db-outage", "--speed", "20"))
    wait_screen(tmux, "DRILL")
    for trial in range(4):
        # n, the letters, the backspaces, XYZ and Enter: one send-keys, one read.
        tmux("send-keys", "-t", "w", "n", *LETTERS, *["BSpace"] * 15, "X", "Y", "Z", "Enter")
        wait_saved(db, trial + 1)
    assert saved(db) == [EXPECTED] * 4


def test_a_note_and_its_enter_in_one_call(tmux: Tmux, db_path: Path) -> None:
    start(tmux, 160, 45, "exec " + console_command(db_path, "open", "INC-42"))
    wait_screen(tmux, "☐ Confirm the alert source")
    for n in range(5):
        tmux("send-keys", "-t", "w", "-l", f"nsame read {n}\r")
        wait_saved(db_path, n + 1)
    assert saved(db_path) == [f"same read {n}" for n in range(5)]


@pytest.mark.parametrize("trial", range(3))
def test_a_note_typed_before_the_first_frame(tmux: Tmux, db_path: Path, trial: int) -> None:
    """The keys are in the terminal before warroom has even started (still in line mode,
    where Enter becomes a line feed)."""
    tmux("new", "-d", "-s", "w", "-x", "160", "-y", "45", "sh")
    command = "exec " + console_command(db_path, "open", "INC-42")
    tmux("send-keys", "-t", "w", "-l", f"{command}\rnbefore the frame {trial}\r")
    assert wait_saved(db_path, 1) == [f"before the frame {trial}"]
    wait_screen(tmux, f"before the frame {trial}")  # and the prompt has closed
    assert "Add a note to the timeline" not in tmux.screen()


@pytest.mark.parametrize("delay", [0.15, 0.25, 0.35])
def test_a_note_typed_just_after_the_first_frame(tmux: Tmux, db_path: Path, delay: float) -> None:
    start(tmux, 160, 45, "exec " + console_command(db_path, "open", "INC-42"))
    wait_screen(tmux, "INC-42", timeout=30)
    time.sleep(delay)
    for key in "nadd-note":
        tmux("send-keys", "-t", "w", "-l", key)
    tmux("send-keys", "-t", "w", "Enter")
    assert wait_saved(db_path, 1) == ["add-note"]


def test_bracketed_paste_into_a_prompt_and_the_composer(tmux: Tmux, db_path: Path) -> None:
    start(tmux, 160, 45, "exec " + console_command(db_path, "open", "INC-42"))
    wait_screen(tmux, "☐ Confirm the alert source")
    tmux("set-buffer", "pasted [bold]note[/bold] with $(no) `shell`")
    # n, the paste and Enter in one go (one tmux command line): the paste and the Enter
    # wait for the prompt they belong to.
    tmux("send-keys", "-t", "w", "n", ";", "paste-buffer", "-p", "-t", "w", ";",
         "send-keys", "-t", "w", "Enter")  # fmt: skip
    assert wait_saved(db_path, 1) == ["pasted [bold]note[/bold] with $(no) `shell`"]
    # The composer: picked, opened, pasted into and sent, all in one go.
    tmux("set-buffer", "Checkout is failing for EU customers.\nNext update at 10:30.\n")
    tmux("send-keys", "-t", "w", "u", "Enter", "C-a", ";", "paste-buffer", "-p", "-t", "w",
         ";", "send-keys", "-t", "w", "C-s")  # fmt: skip
    # The template's own gaps ([the impact], an untitled incident's) are asked about first.
    wait_screen(tmux, "placeholder")
    tmux("send-keys", "-t", "w", "y")
    [update] = wait_saved(db_path, 1, kind="update")
    assert update.startswith("Checkout is failing for EU customers.\nNext update at 10:30.\n")
