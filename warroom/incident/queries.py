"""Reading an incident: one consistent read of its state (only what changed since the last
read, for a console), a page of older entries, the list of incidents."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warroom.core.clock import RealClock
from warroom.core.errors import NotFound
from warroom.core.events import Kind
from warroom.core.ids import parse_incident_id
from warroom.core.state import MILESTONE_KINDS, Entry, IncidentInfo, IncidentState, Item, RoleHolder
from warroom.incident.base import _playbook
from warroom.incident.drill_clock import drill_time, read_kept
from warroom.incident.presence import Presence
from warroom.storage.db import Row, Tx, utc, view


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    severity: str
    status: str
    title: str
    declared_at: datetime
    commander: str | None
    drill: bool
    # An open drill's clock: "stopped" when nobody plays it any more, "paused", "" running.
    drill_clock: str = ""


class Queries(Presence):
    def find(self, incident_id: str) -> IncidentInfo | None:
        ident, _, _ = parse_incident_id(incident_id)
        if self.store.empty:
            return None
        with self.store.read() as tx:
            row = tx.one(f"SELECT {_INFO} FROM incident WHERE id = ?", ident)
        return view(IncidentInfo, row) if row else None

    def state(
        self,
        incident_id: str,
        previous: IncidentState | None = None,
        window: int | None = None,
    ) -> IncidentState:
        """The incident as one consistent read.

        Given the state read last time, only what changed since is read: the timeline
        entries newer than its last (entries are never changed once written, and per incident
        their ids grow in commit order, as writes to one incident are serial), and of the
        incident, its checklist and its roles only those that the new entries say changed
        (every change writes its entry in the same transaction). A console re-reading after
        every note of a long incident reads one short query, not the whole incident. Who is
        watching is read with the whole incident, and otherwise on its own (`watchers`).

        With a `window` (the console), the timeline holds only the newest `window` entries,
        however long the incident, and what needs all of them is read by query: the count
        and the milestones (see IncidentState). `previous` is then a state read with the same
        window, and the entries past it are read at most `window` at a time.
        """
        ident, _, _ = parse_incident_id(incident_id)
        if self.store.empty:
            raise NotFound(f"no incident {ident}")
        base = previous if previous is not None and previous.incident.id == ident else None
        with self.store.read() as tx:
            if base is None:
                return self._whole(tx, ident, window)
            after = base.timeline[-1].id if base.timeline else 0
            entries, count, milestones, kinds = self._after(tx, ident, after, window)
            incident, items, roles = base.incident, base.items, base.role_history
            if kinds & _INCIDENT_KINDS:
                incident = self._incident(tx, ident)[0]
            if Kind.CHECKLIST in kinds:
                items = IncidentState.ordered_items(base.playbook, self._items(tx, ident))
            if Kind.ROLE in kinds:
                roles = IncidentState.ordered_roles(self._roles(tx, ident))
        if not entries:
            return base
        timeline = base.timeline + entries
        return dataclasses.replace(
            base,
            incident=incident,
            items=items,
            role_history=roles,
            timeline=timeline[-window:] if window else timeline,
            milestones=base.milestones + milestones,
            entry_count=base.entry_count + count,
        )

    def _after(
        self, tx: Tx, ident: str, after: int, window: int | None
    ) -> tuple[list[Entry], int, list[Entry], set[str]]:
        """The entries after `after` (the newest `window` of them, if more came), how many
        there are, the milestones among them, and their kinds."""
        if window is None:
            entries = [view(Entry, e) for e in tx.all(_ENTRIES, ident, after)]
        else:
            rows = tx.all(_NEWEST_AFTER, ident, after, window + 1)
            entries = [view(Entry, e) for e in reversed(rows[:window])]
            if len(rows) > window:  # a burst: what is not held is counted, not read
                count = int(tx.value(_COUNT_AFTER, ident, after))
                kinds = {r["kind"] for r in tx.all(_KINDS_AFTER, ident, after)}
                return entries, count, self._milestones(tx, ident, after), kinds
        return (entries, len(entries), IncidentState.milestones_of(entries),
                {e.kind for e in entries})  # fmt: skip

    @staticmethod
    def _milestones(tx: Tx, ident: str, after: int) -> list[Entry]:
        kinds = sorted(MILESTONE_KINDS)
        marks = ", ".join("?" for _ in kinds)
        rows = tx.all(
            "SELECT * FROM timeline_entry WHERE incident_id = ? AND id > ? "
            f"AND kind IN ({marks}) ORDER BY id",
            ident, after, *kinds,
        )  # fmt: skip
        return [view(Entry, e) for e in rows]

    def timeline_page(self, incident_id: str, before: int, limit: int) -> list[Entry]:
        """Up to `limit` entries older than entry `before`, oldest first (scrolling back)."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            rows = tx.all(
                "SELECT * FROM timeline_entry WHERE incident_id = ? AND id < ? "
                "ORDER BY id DESC LIMIT ?",
                ident, before, limit,
            )  # fmt: skip
        return [view(Entry, e) for e in reversed(rows)]

    def _whole(self, tx: Tx, ident: str, window: int | None = None) -> IncidentState:
        incident, row = self._incident(tx, ident)
        if window is None:
            timeline = [view(Entry, e) for e in tx.all(_ENTRIES, ident, 0)]
            milestones, count = None, None
        else:
            rows = tx.all(_NEWEST_AFTER, ident, 0, window)
            timeline = [view(Entry, e) for e in reversed(rows)]
            count = int(tx.value(_COUNT_AFTER, ident, 0))
            milestones = self._milestones(tx, ident, 0) if count > len(timeline) else None
        return IncidentState.build(
            incident,
            # The playbook is copied in when declared and never changes afterwards.
            _playbook(row),
            self._roles(tx, ident),
            self._items(tx, ident),
            timeline,
            watchers=self._watchers(tx, ident),
            milestones=milestones,
            entry_count=count,
        )

    @staticmethod
    def _incident(tx: Tx, ident: str) -> tuple[IncidentInfo, Row]:
        row = tx.one(f"SELECT {_INFO}, playbook FROM incident WHERE id = ?", ident)
        if row is None:
            raise NotFound(f"no incident {ident}")
        return view(IncidentInfo, row), row

    @staticmethod
    def _items(tx: Tx, ident: str) -> list[Item]:
        return [
            view(Item, i)
            for i in tx.all("SELECT * FROM checklist_item WHERE incident_id = ?", ident)
        ]

    @staticmethod
    def _roles(tx: Tx, ident: str) -> list[RoleHolder]:
        return [
            view(RoleHolder, a)
            for a in tx.all("SELECT * FROM role_assignment WHERE incident_id = ?", ident)
        ]

    def revision(self, incident_id: str) -> int | None:
        """The incident's change counter (None: no such incident), a cheap "did it move?"."""
        with self.store.read() as tx:
            value = tx.value("SELECT revision FROM incident WHERE id = ?", incident_id)
        return None if value is None else int(value)

    def list_incidents(self) -> list[IncidentSummary]:
        if self.store.empty:
            return []
        with self.store.read() as tx:
            rows = tx.all(
                "SELECT i.id, i.severity, i.status, i.title, i.declared_at, i.drill, "
                "(SELECT holder FROM role_assignment r WHERE r.incident_id = i.id "
                "AND r.role = 'ic' AND r.ended_at IS NULL ORDER BY r.id DESC LIMIT 1) AS commander "
                "FROM incident i ORDER BY i.declared_at DESC, i.number DESC"
            )
            real_now = RealClock().now()
            clocks = {
                r["id"]: drill_time(*read_kept(tx, r["id"]), real_now)[1]
                for r in rows
                if r["drill"] and r["status"] != "resolved"
            }
        return [
            IncidentSummary(
                id=r["id"],
                severity=r["severity"],
                status=r["status"],
                title=r["title"],
                declared_at=utc(r["declared_at"]),
                commander=r["commander"],
                drill=bool(r["drill"]),
                drill_clock=clocks.get(r["id"], ""),
            )
            for r in rows
        ]

    def endpoint_states(self, incident_id: str) -> list[dict[str, Any]]:
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            rows = tx.all(
                "SELECT name, state, since, reason FROM endpoint_state WHERE incident_id = ? "
                "ORDER BY name",
                ident,
            )
        return [
            {
                "name": r["name"],
                "state": r["state"],
                "since": utc(r["since"]).isoformat(),
                "reason": r["reason"],
            }
            for r in rows
        ]


_INFO = "id, title, severity, status, declared_at, resolved_at, drill, playbook_name"
_ENTRIES = "SELECT * FROM timeline_entry WHERE incident_id = ? AND id > ? ORDER BY id"
_NEWEST_AFTER = (
    "SELECT * FROM timeline_entry WHERE incident_id = ? AND id > ? ORDER BY id DESC LIMIT ?"
)
_COUNT_AFTER = "SELECT count(*) FROM timeline_entry WHERE incident_id = ? AND id > ?"
_KINDS_AFTER = "SELECT DISTINCT kind FROM timeline_entry WHERE incident_id = ? AND id > ?"
# Entries whose change touched the incident's own row (severity, status, resolution, title).
_INCIDENT_KINDS = frozenset({Kind.DECLARED, Kind.SEVERITY, Kind.STATUS, Kind.TITLE})
