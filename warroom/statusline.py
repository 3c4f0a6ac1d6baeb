"""One line about an incident for a tmux status bar, read straight from the SQLite file.

Run every few seconds by tmux, so it imports neither Textual nor the data layer: the
standard library's sqlite3 and json only.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from warroom.clock import from_sqlite
from warroom.errors import NotFound, WarroomError
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


def status_fields(path: Path, incident_id: str, now: datetime | None = None) -> dict[str, str]:
    """The values a --format string can use, by name (see FIELDS)."""
    now = now or datetime.now(UTC)
    if not path.is_file():
        raise WarroomError(f"{path}: no such database")
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute(
                "SELECT id, title, severity, status, declared_at, resolved_at, drill, playbook "
                "FROM incident WHERE id = ?",
                (incident_id,),
            ).fetchone()
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            ident, title, severity, status, declared, resolved, drill, playbook = row
            ic = conn.execute(
                "SELECT holder FROM role_assignment WHERE incident_id = ? AND role = 'ic' "
                "AND ended_at IS NULL ORDER BY id DESC",
                (ident,),
            ).fetchone()
            done, total = conn.execute(
                "SELECT COALESCE(SUM(done), 0), COUNT(*) FROM checklist_item WHERE incident_id = ?",
                (ident,),
            ).fetchone()
            last_update = conn.execute(
                "SELECT MAX(at) FROM timeline_entry WHERE incident_id = ? AND kind = 'update'",
                (ident,),
            ).fetchone()[0]
    except sqlite3.Error as exc:
        raise WarroomError(f"{path}: {exc}") from None
    declared_at = from_sqlite(declared)
    end = from_sqlite(resolved) if resolved else now
    return {
        "id": ident,
        "drill": " DRILL" if drill else "",
        "title": title,
        "severity": severity,
        "tplus": t_plus(end - declared_at),
        "status": status,
        "ic": ic[0] if ic else "-",
        "done": str(done),
        "total": str(total),
        "update": _update_due(
            json.loads(playbook), severity, last_update or declared, now, resolved
        ),
        "health": "",
    }


def status_line(path: Path, incident_id: str, fmt: str = DEFAULT_FORMAT) -> str:
    values = status_fields(path, incident_id)
    try:
        return fmt.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise WarroomError(
            f"bad --format {fmt!r}: {exc}; fields are {', '.join('{' + f + '}' for f in FIELDS)}"
        ) from None


def _update_due(
    playbook: dict, severity: str, since: str, now: datetime, resolved: str | None
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
    left = cadence - (now - from_sqlite(since)).total_seconds()
    return f" update due {mm_ss(left)}" if left >= 0 else f" UPDATE OVERDUE {mm_ss(-left)}"
