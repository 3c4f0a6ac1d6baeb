"""What the tests share: servers to test against (PostgreSQL, HTTP, webhooks, Prometheus and
Alertmanager, slow ones), drivers for the console (Pilot) and for tmux, the `warroom` command
as a process. Test modules import from here and never from one another."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

PYTHON = sys.executable  # the interpreter the tests run under, for real `warroom` processes


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now, for a server the tests start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def in_memory() -> str | None:
    """A RAM-backed temp dir (Linux's /dev/shm) when there is one we can write with room for
    the run (a container's is often 64 MB: less than one PostgreSQL cluster); else None."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK | os.X_OK)):
        return None
    return str(shm) if shutil.disk_usage(shm).free >= 2 * 1024**3 else None
