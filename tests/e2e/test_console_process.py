"""The real console in a pseudo-terminal: a key press is committed, and kill -9 loses nothing."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import sqlite3
import struct
import termios
import time
from pathlib import Path

from tests.helpers import PYTHON


def spawn_console(db: Path, incident: str, env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: become `warroom open` on a 160x45 terminal
        os.execve(PYTHON, [PYTHON, "-m", "warroom", "open", incident, "--db", str(db)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    return pid, fd


def drain(fd: int, screen: bytearray | None = None) -> None:
    """Read what the app drew, so its output never blocks on a full terminal buffer."""
    import select

    while select.select([fd], [], [], 0)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if screen is not None:
            screen.extend(chunk)


def wait_for_screen(fd: int, text: bytes, timeout: float = 20) -> None:
    screen = bytearray()
    deadline = time.monotonic() + timeout
    while text not in screen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared on the screen")
        drain(fd, screen)
        time.sleep(0.02)


def wait_for(db: Path, query: str, fd: int, timeout: float = 20) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        drain(fd)  # keep the terminal's buffer from filling and blocking the app
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    row = conn.execute(query).fetchone()
                if row:
                    return row
            except sqlite3.OperationalError:
                pass  # the schema is still being created
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {query}")


def test_kill_9_of_the_console_right_after_a_tick(tmp_path: Path) -> None:
    db = tmp_path / "warroom.db"
    env = {**os.environ, "TERM": "xterm-256color", "WARROOM_RESPONDER": "pty"}
    pid, fd = spawn_console(db, "INC-42", env)
    try:
        wait_for_screen(fd, b"Confirm")  # the first checklist item is on screen
        os.write(fd, b" ")
        (item_id,) = wait_for(db, "SELECT id FROM checklist_item WHERE done = 1", fd)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        done = conn.execute("SELECT done, done_by FROM checklist_item WHERE id = ?", (item_id,))
        assert done.fetchone() == (1, "pty")
        kinds = [k for (k,) in conn.execute("SELECT kind FROM timeline_entry ORDER BY id")]
    assert kinds == ["declared", "checklist"]
