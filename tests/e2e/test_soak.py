"""A console's memory stays flat while an incident goes on: benchmarks/soak.py, shortened.

A real `warroom open` in tmux, 50 endpoints on a local server, a note a second from outside,
a dialog opened and closed every 2 s and an action every 15 s, for 75 s; its resident memory
every 5 s. After the first 20 s (imports, caches and the held timeline filling up), the
slope of memory over time must stay small: each dialog used to keep ~1 MB and each action
several, +20 MB a minute at this pace.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import PYTHON
from tests.helpers.tmux import needs_tmux

pytestmark = needs_tmux

SOAK = Path(__file__).parents[2] / "benchmarks" / "soak.py"
MAX_SLOPE_MB_PER_MIN = 3.0
ARGS = "--json --minutes 1.25 --sample-every 5 --dialog-every 2 --action-every 15 --warmup 0.33"


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return num / sum((x - mean_x) ** 2 for x, _ in points)


@pytest.mark.slow(80)
def test_memory_is_flat_under_notes_dialogs_and_actions() -> None:
    run = subprocess.run(
        [PYTHON, str(SOAK), *ARGS.split()],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    counts = result["counts"]
    assert result["alive"], "the console exited during the soak"
    # It did what a soak is: notes, dialogs and actions all went through the console.
    assert counts["notes"] >= 60 and counts["dialogs"] >= 15 and counts["actions"] >= 2, counts
    after = [(s["minute"], s["rss_mb"]) for s in result["samples"] if s["minute"] >= 0.33]
    assert len(after) >= 8
    rate = slope(after)
    assert rate <= MAX_SLOPE_MB_PER_MIN, (
        f"memory grows {rate:+.1f} MB a minute: {[rss for _, rss in after]}"
    )
