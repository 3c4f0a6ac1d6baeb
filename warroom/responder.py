"""Who is making changes: recorded with every timeline entry."""

from __future__ import annotations

import getpass
import os


def default_actor() -> str:
    """$WARROOM_RESPONDER, else the login name."""
    name = os.environ.get("WARROOM_RESPONDER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
