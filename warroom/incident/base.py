"""What every part of the incident service shares: the store, the clock, who signs the
changes, and the helpers a verb writes with: `_lock` the incident, `_record` its entry (in the
same transaction), `_again` for a change to what already is, `_get`, `_item`.

The service is assembled from mixins by concern (see service.py); each builds on this class.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from warroom.core.chain import GENESIS
from warroom.core.clock import Clock, RealClock
from warroom.core.delivery import UpdateDelivery, deliveries
from warroom.core.errors import NotFound, UsageError
from warroom.core.events import Kind
from warroom.core.fields import build
from warroom.core.ids import parse_incident_id
from warroom.core.limits import NAME, check
from warroom.core.playbook import Playbook
from warroom.core.responder import default_actor
from warroom.core.state import Entry
from warroom.incident.chaining import link
from warroom.storage.db import Row, Tx, view
from warroom.storage.store import Store
from warroom.text.redact import redact, redact_data


class ServiceBase:
    def __init__(self, store: Store, clock: Clock | None = None, actor: str | None = None) -> None:
        self.store = store
        self.clock = clock or RealClock()
        self._actor = check(actor, NAME, "the responder's name") if actor else None

    @property
    def actor(self) -> str:
        """Who the changes are signed with; read when first needed, so that a command that
        only reads works whatever the responder setting says."""
        if self._actor is None:
            self._actor = default_actor()
        return self._actor

    @actor.setter
    def actor(self, name: str) -> None:
        self._actor = check(name, NAME, "the responder's name")

    def _record(
        self,
        tx: Tx,
        incident_id: str,
        kind: str,
        text: str,
        data: dict[str, Any] | None = None,
        bump: bool = True,
        actor: str | None = None,  # who said it, when not this service's responder
    ) -> Entry:
        actor = actor or self.actor
        # A secret warroom expanded for an action or a webhook never reaches the record.
        text, data = redact(text), redact_data(data)
        at = self.clock.now()
        # Linked to the entry before it, in this transaction (see chaining.py).
        linked = link(tx, incident_id, kind, actor, at, text, data)
        entry_id = tx.value(
            "INSERT INTO timeline_entry (incident_id, at, kind, actor, text, data, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            incident_id, at, kind, actor, text, data, linked.prev, linked.hash,
        )  # fmt: skip
        tx.run(
            "UPDATE incident SET revision = revision + ?, chain_head = ? WHERE id = ?",
            1 if bump else 0, linked.hash, incident_id,
        )  # fmt: skip
        tx.heads[incident_id] = (linked.incident, linked.hash)
        tx.note(incident_id, int(entry_id))
        return Entry(int(entry_id), at, kind, actor, text, data, linked.prev, linked.hash)

    def _again(self, tx: Tx, incident: Row, kind: str, text: str, data: dict[str, Any]) -> bool:
        """A change to what already is (someone got there first) changes nothing, but stays
        on record: two responders acting at once are both in the timeline. Always False."""
        self._record(tx, incident["id"], kind, text, {**data, "already": True})
        return False

    @staticmethod
    def _get(tx: Tx, incident_id: str, lock: bool = False) -> Row:
        ident, _, _ = parse_incident_id(incident_id)
        row = tx.one(f"SELECT * FROM incident WHERE id = ?{tx.lock if lock else ''}", ident)
        if row is None:
            raise NotFound(f"no incident {ident}")
        if lock:  # held until commit: the chain's head read here stays the head (chaining.py)
            tx.heads[row["id"]] = (row["chained_as"] or row["id"], row["chain_head"] or GENESIS)
        return row

    @classmethod
    def _lock(cls, tx: Tx, incident_id: str) -> Row:
        """The incident, its row locked until commit: changes to one incident are serial.

        SQLite's write lock already serialises every writer; on PostgreSQL two responders'
        read-then-write would otherwise interleave and lose one of the two.
        """
        return cls._get(tx, incident_id, lock=True)

    @staticmethod
    def _item(tx: Tx, incident: Row, item_id: int) -> Row:
        item = tx.one("SELECT * FROM checklist_item WHERE id = ?", item_id)
        if item is None or item["incident_id"] != incident["id"]:
            raise NotFound(f"{incident['id']} has no checklist item {item_id}")
        return item

    @staticmethod
    def _severity_name(playbook: Playbook, name: str) -> str:
        try:
            return playbook.severity(name.strip()).name
        except KeyError:
            names: Sequence[str] = [s.name for s in playbook.severities]
            raise UsageError(f"unknown severity {name!r}: one of {', '.join(names)}") from None


def _playbook(row: Row) -> Playbook:
    """The incident's own copy of its playbook (copied in when declared, never changed)."""
    data = row["playbook"]
    return build(Playbook, json.loads(data) if isinstance(data, str | bytes) else data)


def update_deliveries(tx: Tx, ident: str) -> list[UpdateDelivery]:
    """Every status update of the incident with where it got to (see delivery.py)."""
    rows = tx.all(
        "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind IN (?, ?) ORDER BY id",
        ident, Kind.UPDATE, Kind.DELIVERY,
    )  # fmt: skip
    return deliveries(view(Entry, row) for row in rows)
