"""One line about an incident for a tmux status bar, read straight from the database.

Run every few seconds by tmux, so it imports neither Textual nor the data layer: the
standard library's sqlite3 and json for a file, psycopg alone for a team server.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from warroom.clock import from_sqlite
from warroom.errors import NotFound, WarroomError
from warroom.location import public_url
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
    where: Path | str, incident_id: str, now: datetime | None = None
) -> dict[str, str]:
    """The values a --format string can use, by name (see FIELDS).

    `where` is a SQLite file, or a postgresql:// URL as libpq takes it.
    """
    now = now or datetime.now(UTC)
    if isinstance(where, Path):
        if not where.is_file():
            raise WarroomError(f"{where}: no such database")
        connect, mark, errors = (
            lambda: closing(sqlite3.connect(f"{where.as_uri()}?mode=ro", uri=True)),
            "?",
            sqlite3.Error,
        )
    else:
        import psycopg

        connect, mark, errors = (
            lambda: psycopg.connect(where, connect_timeout=5, autocommit=True),
            "%s",
            psycopg.Error,
        )
    try:
        with connect() as conn:
            row = conn.execute(
                "SELECT id, title, severity, status, declared_at, resolved_at, drill, playbook "
                f"FROM incident WHERE id = {mark}",
                (incident_id,),
            ).fetchone()
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            ident, title, severity, status, declared, resolved, drill, playbook = row
            ic = conn.execute(
                f"SELECT holder FROM role_assignment WHERE incident_id = {mark} AND role = 'ic' "
                "AND ended_at IS NULL ORDER BY id DESC",
                (ident,),
            ).fetchone()
            done, total = conn.execute(
                "SELECT COALESCE(SUM(CASE WHEN done THEN 1 ELSE 0 END), 0), COUNT(*) "
                f"FROM checklist_item WHERE incident_id = {mark}",
                (ident,),
            ).fetchone()
            last_update = conn.execute(
                f"SELECT MAX(at) FROM timeline_entry WHERE incident_id = {mark} AND kind = 'update'",
                (ident,),
            ).fetchone()[0]
    except errors as exc:
        shown = str(where) if isinstance(where, Path) else public_url(where)
        raise WarroomError(f"{shown}: {str(exc).splitlines()[0]}") from None
    declared_at = _when(declared)
    end = _when(resolved) if resolved else now
    if isinstance(playbook, str):
        playbook = json.loads(playbook)
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
        "update": _update_due(playbook, severity, last_update or declared, now, resolved),
        "health": "",
    }


def status_line(where: Path | str, incident_id: str, fmt: str = DEFAULT_FORMAT) -> str:
    values = status_fields(where, incident_id)
    try:
        return fmt.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise WarroomError(
            f"bad --format {fmt!r}: {exc}; fields are {', '.join('{' + f + '}' for f in FIELDS)}"
        ) from None


def _when(value: str | datetime) -> datetime:
    """SQLite keeps UTC text; PostgreSQL hands back an aware datetime."""
    return from_sqlite(value) if isinstance(value, str) else value.astimezone(UTC)


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
    left = cadence - (now - _when(since)).total_seconds()
    return f" update due {mm_ss(left)}" if left >= 0 else f" UPDATE OVERDUE {mm_ss(-left)}"
