"""What the incident-command mixins of IncidentService (tasks, decisions, briefings, the
board) build on: the service's queries and helpers, and reading one kind of entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.incident.base import _playbook as playbook_of
from warroom.incident.queries import Queries

if TYPE_CHECKING:
    from warroom.core.state import Entry
    from warroom.storage.db import Tx

__all__ = ["Verbs", "entries_of", "playbook_of"]


class Verbs(Queries):
    """The base of the incident-command mixins (see service.py)."""


def entries_of(tx: Tx, ident: str, kind: str) -> list[Entry]:
    """The incident's entries of one kind, oldest first."""
    from warroom.core.state import Entry
    from warroom.storage.db import view

    rows = tx.all(
        "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind = ? ORDER BY id", ident, kind
    )
    return [view(Entry, r) for r in rows]
