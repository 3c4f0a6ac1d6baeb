"""How far a copy to the clipboard gets, said truthfully.

The console copies with OSC 52, an escape sequence asking the terminal to set its clipboard:
most terminals take it, some ignore it, and nothing comes back to say which. Inside tmux it
goes nowhere unless tmux's `set-clipboard` option is `on` (the default, `external`, drops a
program's request). warroom does not turn that on itself: it is an option of the whole tmux
server, letting every program in every session write the clipboard.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping

OFFERED = "a copy goes to the terminal's clipboard, if it takes OSC 52 (most do)"
IN_TMUX = "a copy goes to a tmux paste buffer and the terminal's clipboard (if it takes OSC 52)"
DROPPED = (
    "no clipboard copy: tmux drops it unless set-clipboard is on (tmux set -s set-clipboard on)"
)


def tmux_clipboard(env: Mapping[str, str]) -> str | None:
    """The set-clipboard option (on, external, off) of the tmux server that `env`'s $TMUX
    names; None when it does not answer."""
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-sv", "set-clipboard"],
            capture_output=True, text=True, timeout=1, check=False, env=dict(env),
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def copy_reach(env: Mapping[str, str] | None = None) -> str:
    """Where a copy made now gets to, as a phrase for the composer and its toast."""
    env = os.environ if env is None else env
    if not env.get("TMUX"):
        return OFFERED
    return IN_TMUX if tmux_clipboard(env) == "on" else DROPPED
