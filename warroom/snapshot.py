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
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from warroom.clock import from_sqlite
from warroom.playbook import Playbook
from warroom.state import Entry, IncidentInfo, IncidentState, Item, RoleHolder

V = TypeVar("V")


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
            incident = _view(IncidentInfo, row)
            roles = [_view(RoleHolder, r) for r in _rows(conn, "role_assignment", incident_id)]
            items = [_view(Item, r) for r in _rows(conn, "checklist_item", incident_id)]
            timeline = [_view(Entry, r) for r in _rows(conn, "timeline_entry", incident_id)]
    except (sqlite3.Error, ValueError, KeyError, IndexError):
        return None  # not readable this way: the service will open it properly and say why
    return IncidentState.build(incident, playbook, roles, items, timeline)


def _rows(conn: sqlite3.Connection, table: str, incident_id: str) -> list[sqlite3.Row]:
    return conn.execute(f"SELECT * FROM {table} WHERE incident_id = ?", (incident_id,)).fetchall()


def _view(view: type[V], row: sqlite3.Row) -> V:
    """A state view from a row, each value turned into its field's type: SQLite keeps times
    as UTC text, flags as 0 and 1, and JSON as text."""
    values: dict[str, Any] = {}
    for f in fields(view):  # type: ignore[arg-type]
        value, kind = row[f.name], str(f.type)
        if value is not None:
            if kind.startswith("datetime"):
                value = from_sqlite(value)
            elif kind == "bool":
                value = bool(value)
            elif kind.startswith("dict"):
                value = json.loads(value)
        values[f.name] = value
    return view(**values)
