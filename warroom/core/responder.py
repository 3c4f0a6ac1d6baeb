"""Who is making changes (recorded with every timeline entry), and who is watching."""

from __future__ import annotations

import getpass
import os
import socket

# A console on a SQLite file heartbeats every WATCHER_HEARTBEAT_S; one silent for longer than
# WATCHER_TIMEOUT_S has gone (one on this machine whose process ended has gone at once). On a
# server a console is there while its connection is; others look every WATCHER_HEARTBEAT_S.
WATCHER_HEARTBEAT_S = 15
WATCHER_TIMEOUT_S = WATCHER_HEARTBEAT_S + 5


def default_actor() -> str:
    """$WARROOM_RESPONDER, else warroom.toml's `responder`, else login@host."""
    from warroom.core.limits import NAME, check

    if name := os.environ.get("WARROOM_RESPONDER"):
        return check(name, NAME, "WARROOM_RESPONDER")
    from warroom.core.paths import configured

    if name := configured("responder", strict=False):
        return check(str(name), NAME, "warroom.toml's responder")
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    # Several laptops share one team database: the host tells two "alice"s apart.
    return f"{login}@{socket.gethostname().split('.')[0] or 'localhost'}"
