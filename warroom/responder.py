"""Who is making changes: recorded with every timeline entry."""

from __future__ import annotations

import getpass
import os
import socket


def default_actor() -> str:
    """$WARROOM_RESPONDER, else warroom.toml's `responder`, else login@host."""
    if name := os.environ.get("WARROOM_RESPONDER"):
        return name
    from warroom.location import configured

    if name := configured("responder"):
        return str(name)
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    # Several laptops share one team database: the host tells two "alice"s apart.
    return f"{login}@{socket.gethostname().split('.')[0] or 'localhost'}"
