"""Process trees that resist being stopped, and how to tell whether a process still runs."""

from __future__ import annotations

import time
from typing import Any

STUBBORN = (
    "trap 'echo got TERM' TERM; "
    "sh -c 'trap \"\" TERM; echo grandchild $$; while :; do sleep 0.05; done' & "
    "echo shell $$; while :; do sleep 0.05; done"
)
# The shell exits at TERM; its grandchild, ignoring TERM, would be left running.
LEAVES_ONE = (
    "sh -c 'trap \"\" TERM; echo grandchild $$; while :; do sleep 0.05; done' & echo shell $$; wait"
)


def running_pid(pid: int) -> bool:
    """Alive and not a zombie (an orphan that exited may wait long to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except FileNotFoundError:
        return False
    return stat[stat.rfind(b")") + 2 :].split()[0] not in (b"Z", b"X")


def stopped(*pids: int, within: float = 2.0) -> bool:
    """Every process gone within `within` seconds: a SIGKILL sent to a group is delivered
    asynchronously, so a loaded machine may still show a killed process for a moment; one
    that was spared runs on and fails this."""
    deadline = time.monotonic() + within
    while any(running_pid(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def pids(outcome_or_run: Any) -> list[int]:
    """The shell's and grandchild's process ids, from what they printed."""
    lines = getattr(outcome_or_run, "tail", None) or outcome_or_run.output.kept
    return [int(line.split()[1]) for line in lines if line.startswith(("shell ", "grandchild "))]
