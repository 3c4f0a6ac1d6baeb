"""Who has a console open on an incident, as each backend can tell.

On a server a console is there while its connection is: its row keeps the connection's process
id, and a console that dies leaves with its connection. On a SQLite file the row is a lease
renewed by a heartbeat, and a console on this machine whose process is gone no longer counts.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from warroom.core.responder import WATCHER_TIMEOUT_S
from warroom.storage.db import Tx

HOST = socket.gethostname()


def watch(tx: Tx, key: str, incident_id: str, name: str, now: datetime) -> None:
    """Console `key` is open on the incident now; on a server, rows of consoles whose
    connection is gone are cleared."""
    pid = os.getpid() if tx.sqlite else tx.value("SELECT pg_backend_pid()")
    tx.run(
        "INSERT INTO watcher (key, incident_id, name, seen_at, host, pid) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
        "incident_id = excluded.incident_id, name = excluded.name, "
        "seen_at = excluded.seen_at, host = excluded.host, pid = excluded.pid",
        key, incident_id, name, now, HOST if tx.sqlite else None, pid,
    )  # fmt: skip
    if not tx.sqlite:
        # Rows of consoles whose connection is gone. A row another transaction holds is
        # that console writing its own row now, so alive: skipped, not waited for (two
        # consoles reconnecting at once would each wait for the other's row).
        tx.run(
            "DELETE FROM watcher WHERE key IN (SELECT key FROM watcher "
            "WHERE incident_id = ? AND host IS NULL AND pid NOT IN "
            "(SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL) "
            "ORDER BY key FOR UPDATE SKIP LOCKED)",
            incident_id,
        )


def leave(tx: Tx, key: str) -> str | None:
    """Console `key` closed; the incident it was watching, if any."""
    row = tx.one("SELECT incident_id FROM watcher WHERE key = ?", key)
    if row is None:
        return None
    tx.run("DELETE FROM watcher WHERE key = ?", key)
    return str(row["incident_id"])


def watchers(tx: Tx, incident_id: str, now: datetime) -> list[str]:
    """The names of those with a console open on the incident now."""
    if not tx.sqlite:
        rows = tx.all(
            "SELECT name FROM watcher WHERE incident_id = ? AND pid IN "
            "(SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)",
            incident_id,
        )
        return sorted({r["name"] for r in rows})
    fresh = now - timedelta(seconds=WATCHER_TIMEOUT_S)
    rows = tx.all(
        "SELECT name, host, pid FROM watcher WHERE incident_id = ? AND seen_at >= ?",
        incident_id,
        fresh,
    )
    return sorted({r["name"] for r in rows if r["host"] != HOST or _alive(r["pid"])})


def keep_drill_clock(
    tx: Tx, incident_id: str, simulated: datetime, real: datetime, speed: float, state: str
) -> None:
    tx.run(
        "INSERT INTO drill_clock (incident_id, simulated_at, real_at, speed, state) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id) DO UPDATE SET "
        "simulated_at = excluded.simulated_at, real_at = excluded.real_at, "
        "speed = excluded.speed, state = excluded.state",
        incident_id, simulated, real, speed, state,
    )  # fmt: skip


def _alive(pid: int | None) -> bool:
    """Whether a process of this machine is still running."""
    if not pid:
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True
