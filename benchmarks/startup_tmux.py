"""Time to interactive as a user meets it: `warroom open` in a real tmux pane, `n` pressed every
50 ms, until the note prompt shows; beside a bare 5-pane Textual app's first frame in the same
tmux, run interleaved so that machine noise hits both alike.

    python benchmarks/startup_tmux.py [--runs 7]

Unlike startup.py (a pseudo-terminal of its own), this goes through tmux as the console does in
a side pane: tmux's own parsing and redraw are part of the figure.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import compile_warroom  # noqa: E402
from startup import prepare  # noqa: E402

POLL_S = 0.005
PRESS_EVERY_S = 0.05


class Tmux:
    def __init__(self) -> None:
        self.socket = f"warroom-bench-{uuid.uuid4().hex[:8]}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "COLUMNS", "LINES")}

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env
        )
        return done.stdout

    def start(self) -> None:
        self("new-session", "-d", "-s", "bench", "-x", "160", "-y", "45", "sleep 100000")

    def run(self, argv: list[str], marker: str, press: str | None = None) -> float:
        """Seconds from starting argv in the pane until marker shows on it."""
        self("respawn-pane", "-k", "-t", "bench", "sleep 100000")
        self("clear-history", "-t", "bench")
        started = time.perf_counter()
        self("respawn-pane", "-k", "-t", "bench", shlex.join(argv))
        next_press = started
        while True:
            now = time.perf_counter()
            if now - started > 30:
                raise SystemExit(f"{marker!r} never showed:\n{self('capture-pane', '-p')}")
            if press and now >= next_press:
                self("send-keys", "-t", "bench", press)
                next_press += PRESS_EVERY_S
            if marker in self("capture-pane", "-p", "-t", "bench"):
                return time.perf_counter() - started
            time.sleep(POLL_S)

    def kill(self) -> None:
        self("kill-server")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_warroom()
    here = Path(__file__).parent
    tmux = Tmux()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        prepare(db)
        tmux.env["WARROOM_CONFIG_DIR"] = tmp  # no warroom.toml, no remembered theme
        console = [sys.executable, "-m", "warroom", "open", "INC-1", "--db", str(db)]
        bare, ready = [], []
        tmux.start()
        try:
            for _ in range(args.runs):
                bare.append(tmux.run([sys.executable, str(here / "bare_app.py")], "Severity"))
                ready.append(tmux.run(console, "Add a note to", press="n"))
        finally:
            tmux.kill()
    b, r = statistics.median(bare), statistics.median(ready)
    print(f"in tmux 160x45, medians of {args.runs} runs, interleaved")
    print(f"bare 5-pane Textual app, first frame       {b * 1000:6.0f} ms")
    print(
        f"warroom open, n every 50 ms: note prompt   {r * 1000:6.0f} ms   {r / b:.2f}x  (target <= 1.8x)"
    )


if __name__ == "__main__":
    main()
