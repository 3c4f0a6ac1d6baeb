"""Read an incident straight from a SQLite file with the standard library, for the first paint.

The console opens in the first minute of an outage, and importing the data layer
(SQLModel, SQLAlchemy) takes about half a second. This reader needs neither, so the incident
is on screen while they load; from then on everything goes through the service. Read-only:
it never creates, migrates or writes. Tests check that it reads exactly what the service does.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from warroom.clock import from_sqlite
from warroom.playbook import Playbook
from warroom.state import Entry, IncidentInfo, IncidentState, Item, RoleHolder


def read_state(path: Path, incident_id: str) -> IncidentState | None:
    """The incident's state, or None when the file, the schema or the incident is not there."""
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM incident WHERE id = ?", (incident_id,)).fetchone()
            if row is None:
                return None
            playbook = Playbook.model_validate(json.loads(row["playbook"]))
            incident = IncidentInfo(
                id=row["id"],
                title=row["title"],
                severity=row["severity"],
                status=row["status"],
                declared_at=from_sqlite(row["declared_at"]),
                resolved_at=_maybe_time(row["resolved_at"]),
                drill=bool(row["drill"]),
                playbook_name=row["playbook_name"],
            )
            roles = [
                RoleHolder(
                    id=r["id"],
                    role=r["role"],
                    holder=r["holder"],
                    assigned_at=from_sqlite(r["assigned_at"]),
                    assigned_by=r["assigned_by"],
                    ended_at=_maybe_time(r["ended_at"]),
                )
                for r in _rows(conn, "role_assignment", incident_id)
            ]
            items = [
                Item(
                    id=r["id"],
                    phase=r["phase"],
                    position=r["position"],
                    text=r["text"],
                    detail=r["detail"],
                    role=r["role"],
                    due_s=r["due_s"],
                    done=bool(r["done"]),
                    done_at=_maybe_time(r["done_at"]),
                    done_by=r["done_by"],
                )
                for r in _rows(conn, "checklist_item", incident_id)
            ]
            timeline = [
                Entry(
                    id=r["id"],
                    at=from_sqlite(r["at"]),
                    kind=r["kind"],
                    actor=r["actor"],
                    text=r["text"],
                    data=json.loads(r["data"]) if r["data"] is not None else None,
                )
                for r in _rows(conn, "timeline_entry", incident_id)
            ]
    except (sqlite3.Error, ValueError, KeyError, IndexError):
        return None  # not readable this way: the service will open it properly and say why
    return IncidentState.build(incident, playbook, roles, items, timeline)


def _rows(conn: sqlite3.Connection, table: str, incident_id: str) -> list[sqlite3.Row]:
    return conn.execute(f"SELECT * FROM {table} WHERE incident_id = ?", (incident_id,)).fetchall()


def _maybe_time(text: str | None) -> datetime | None:
    return from_sqlite(text) if text else None
