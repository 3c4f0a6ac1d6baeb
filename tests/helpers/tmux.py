"""A tmux server of the test's own, driven with send-keys and read with capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import PYTHON

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)


class Tmux:
    """A tmux server of its own (socket and temp dir), so tests can run side by side."""

    def __init__(self) -> None:
        self.socket = f"warroom-test-{uuid.uuid4().hex[:8]}"
        # The server's programs (and their pane hand-over files) use this temp dir.
        self.tmpdir = Path(tempfile.mkdtemp(prefix="warroom-tmux-"))

    def env(self) -> dict[str, str]:
        # Textual believes COLUMNS and LINES over the terminal: keep the runner's out of tmux.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        env["TMPDIR"] = str(self.tmpdir)
        return env

    def __call__(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True, text=True, timeout=10, env=self.env(),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    def screen(self, target: str = "w") -> str:
        """What the pane shows ("" while it does not exist yet)."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", target],
            capture_output=True, text=True, timeout=10, env=self.env(),
        )  # fmt: skip
        return result.stdout if result.returncode == 0 else ""

    def wait_for(self, text: str, target: str = "w", timeout: float = 20) -> str:
        for _ in polls(timeout):
            screen = self.screen(target)
            if text in screen:
                return screen
        raise AssertionError(
            f"{text!r} never appeared:\n{self.screen(target)}\n(first pane:)\n{self.screen('w.0')}"
        )

    def kill(self) -> None:
        # A status line reading a password server leaves its pgpass file to the session.
        for session in self.quiet("list-sessions", "-F", "#{session_id}").split():
            passfile = self.quiet("show-options", "-qv", "-t", session, "@warroom-status-passfile")
            if passfile.strip():
                Path(passfile.strip()).unlink(missing_ok=True)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def quiet(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return result.stdout if result.returncode == 0 else ""


def polls(timeout: float, first: float = 0.01, most: float = 0.1) -> Iterator[None]:
    """Yield until the timeout, sleeping between checks: short at first, where most waits
    end, then backing off so a slow screen is not read a hundred times a second."""
    deadline = time.monotonic() + timeout
    pause = first
    while True:
        yield
        if time.monotonic() >= deadline:
            return
        time.sleep(pause)
        pause = min(pause * 1.5, most)


def wait_until(check: Callable[[], bool], what: str, timeout: float = 20) -> None:
    """Wait for `check` to hold; fail saying `what` never came."""
    for _ in polls(timeout):
        if check():
            return
    raise AssertionError(what)


def console_command(db: Path, *extra: str) -> str:
    env = f"WARROOM_RESPONDER=tmux WARROOM_CONFIG_DIR={shlex.quote(str(db.parent))}"
    return f"env {env} {shlex.join([PYTHON, '-m', 'warroom', *extra, '--db', str(db)])}"


def start(tmux: Tmux, width: int, height: int, command: str) -> None:
    # Start from a shell: a program started with the session can miss tmux's first resize.
    tmux("new", "-d", "-s", "w", "-x", str(width), "-y", str(height), "sh")
    tmux("send-keys", "-t", "w", command, "Enter")
