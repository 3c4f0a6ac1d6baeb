"""One line about an incident for a tmux status bar, read straight from the database.

Run every few seconds by tmux, so it imports neither Textual, pydantic nor SQLAlchemy: the
store's plain reads (sqlite3 for a file, psycopg for a team server).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from warroom.db import utc
from warroom.errors import NotFound, WarroomError
from warroom.limits import NAME, TITLE, cut
from warroom.safe import safe_line
from warroom.store import Store
from warroom.timefmt import mm_ss, t_plus

DEFAULT_FORMAT = "{id}{drill} {severity} {tplus} {status} IC:{ic} {done}/{total}{update}{health}"
FIELDS = (
    "id",
    "drill",
    "severity",
    "tplus",
    "status",
    "ic",
    "done",
    "total",
    "update",
    "health",
    "title",
)


def status_fields(
    db: str | Path | None, incident_id: str, now: datetime | None = None
) -> dict[str, str]:
    """The values a --format string can use, by name (see FIELDS). Read-only: it works on a
    database it may not write, and never creates one."""
    now = now or datetime.now(UTC)
    store = Store(db, readonly=True)
    try:
        if store.empty:
            raise NotFound(f"no incident {incident_id}")
        with store.read() as tx:
            row = tx.one(
                "SELECT id, title, severity, status, declared_at, resolved_at, drill, playbook "
                "FROM incident WHERE id = ?",
                incident_id,
            )
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            ident = row["id"]
            ic = tx.value(
                "SELECT holder FROM role_assignment WHERE incident_id = ? AND role = 'ic' "
                "AND ended_at IS NULL ORDER BY id DESC",
                ident,
            )
            counts = tx.one(
                "SELECT COALESCE(SUM(CASE WHEN done THEN 1 ELSE 0 END), 0) AS done, "
                "COUNT(*) AS total FROM checklist_item WHERE incident_id = ?",
                ident,
            )
            last_update = tx.value(
                "SELECT MAX(at) FROM timeline_entry WHERE incident_id = ? AND kind = 'update'",
                ident,
            )
    finally:
        store.close()
    assert counts is not None
    declared_at = utc(row["declared_at"])
    resolved = row["resolved_at"]
    end = utc(resolved) if resolved else now
    playbook = row["playbook"]
    if isinstance(playbook, str):
        playbook = json.loads(playbook)
    return {
        "id": ident,
        "drill": " DRILL" if row["drill"] else "",
        "title": safe_line(cut(row["title"], TITLE)),
        "severity": safe_line(row["severity"]),
        "tplus": t_plus(end - declared_at),
        "status": row["status"],
        "ic": safe_line(cut(ic, NAME)) if ic else "-",
        "done": str(counts["done"]),
        "total": str(counts["total"]),
        "update": _update_due(playbook, row["severity"], last_update or declared_at, now, resolved),
        "health": "",
    }


def status_line(db: str | Path | None, incident_id: str, fmt: str = DEFAULT_FORMAT) -> str:
    values = status_fields(db, incident_id)
    try:
        return fmt.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise WarroomError(
            f"bad --format {fmt!r}: {exc}; fields are {', '.join('{' + f + '}' for f in FIELDS)}"
        ) from None


def _update_due(
    playbook: dict, severity: str, since: str | datetime, now: datetime, resolved: object
) -> str:
    if resolved:
        return ""
    cadence = next(
        (
            s.get("update_every")
            for s in playbook.get("severities", [])
            if s.get("name") == severity
        ),
        None,
    )
    if not cadence:
        return ""
    left = cadence - (now - utc(since)).total_seconds()
    return f" update due {mm_ss(left)}" if left >= 0 else f" UPDATE OVERDUE {mm_ss(-left)}"
