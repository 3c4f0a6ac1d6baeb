"""The incident verbs. Every change is one transaction that also appends its timeline entry.

The CLI, the TUI and the tests all go through `IncidentService`; nothing else writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from warroom.clock import Clock, RealClock
from warroom.errors import NotFound, UsageError
from warroom.ids import DEFAULT_PREFIX, STATUSES, parse_incident_id
from warroom.models import (
    ChecklistItem,
    EndpointState,
    Incident,
    Kind,
    RoleAssignment,
    TimelineEntry,
    Watcher,
)
from warroom.playbook import Playbook, load_builtin
from warroom.responder import WATCHER_TIMEOUT_S, default_actor
from warroom.state import Entry, IncidentInfo, IncidentState, Item, RoleHolder
from warroom.store import Store


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    severity: str
    status: str
    title: str
    declared_at: datetime
    commander: str | None
    drill: bool


class IncidentService:
    def __init__(self, store: Store, clock: Clock | None = None, actor: str | None = None) -> None:
        self.store = store
        self.clock = clock or RealClock()
        self.actor = actor or default_actor()

    # -- declaring -----------------------------------------------------------------------
    def declare(
        self,
        title: str,
        severity: str | None = None,
        playbook: Playbook | None = None,
        incident_id: str | None = None,
        drill: bool = False,
        prefix: str = DEFAULT_PREFIX,
    ) -> Incident:
        """A new incident with the playbook's checklist copied in; the next free id if none given."""
        playbook = playbook or load_builtin()
        sev = self._severity_name(playbook, severity or playbook.initial_severity)
        title = title.strip() or "Untitled incident"
        for _attempt in range(20):
            if incident_id:
                ident, pfx, number = parse_incident_id(incident_id)
            else:
                pfx, number = prefix, self._next_number(prefix)
                ident = f"{pfx}-{number}"
            try:
                return self._insert(ident, pfx, number, title, sev, playbook, drill)
            except IntegrityError:
                if incident_id:
                    raise UsageError(f"{ident} already exists") from None
                # Another process took this number between our read and our write.
        raise UsageError("could not find a free incident id")

    def open_or_declare(
        self, incident_id: str, playbook: Playbook | None = None, title: str | None = None
    ) -> tuple[Incident, bool]:
        """The incident, declared now if it does not exist yet (and whether it was)."""
        ident, _, _ = parse_incident_id(incident_id)
        existing = self.find(ident)
        if existing:
            return existing, False
        try:
            return self.declare(
                title or "Untitled incident", playbook=playbook, incident_id=ident
            ), True
        except UsageError:
            found = self.find(ident)
            if found is None:
                raise
            return found, False

    def _next_number(self, prefix: str) -> int:
        with self.store.read() as s:
            top = s.exec(select(func.max(Incident.number)).where(Incident.prefix == prefix)).one()
        return (top or 0) + 1

    def _insert(
        self,
        ident: str,
        pfx: str,
        number: int,
        title: str,
        sev: str,
        playbook: Playbook,
        drill: bool,
    ) -> Incident:
        now = self.clock.now()
        with self.store.write() as s:
            incident = Incident(
                id=ident,
                prefix=pfx,
                number=number,
                title=title,
                severity=sev,
                status=STATUSES[0],
                declared_at=now,
                drill=drill,
                playbook_name=playbook.name,
                playbook=playbook.model_dump(mode="json"),
            )
            s.add(incident)
            s.flush()
            for phase in playbook.phases:
                for pos, item in enumerate(phase.items):
                    s.add(
                        ChecklistItem(
                            incident_id=ident,
                            phase=phase.key,
                            position=pos,
                            text=item.text,
                            detail=item.detail,
                            role=item.role,
                            due_s=item.due,
                        )
                    )
            drill_note = " (drill)" if drill else ""
            self._record(
                s,
                incident,
                Kind.DECLARED,
                f"Declared {sev}{drill_note}: {title} (playbook {playbook.name})",
                {"severity": sev, "playbook": playbook.name},
                bump=False,
            )
            return incident

    # -- changing ------------------------------------------------------------------------
    def set_severity(self, incident_id: str, severity: str) -> bool:
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            new = self._severity_name(Playbook.model_validate(incident.playbook), severity)
            old = incident.severity
            if new == old:
                return self._again(
                    s, incident, Kind.SEVERITY, f"Severity {new} (already {new})", {"to": new}
                )
            incident.severity = new
            self._record(
                s, incident, Kind.SEVERITY, f"Severity {old} → {new}", {"from": old, "to": new}
            )
            return True

    def set_status(self, incident_id: str, status: str) -> bool:
        status = status.strip().lower()
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            old = incident.status
            if status == old:
                return self._again(
                    s, incident, Kind.STATUS, f"Status {status} (already {status})", {"to": status}
                )
            incident.status = status
            now = self.clock.now()
            if status == "resolved":
                incident.resolved_at = now
            elif old == "resolved":
                incident.resolved_at = None
            self._record(
                s, incident, Kind.STATUS, f"Status {old} → {status}", {"from": old, "to": status}
            )
            return True

    def assign_role(self, incident_id: str, role: str, holder: str) -> bool:
        holder = holder.strip()
        if not holder:
            raise UsageError("a role needs a holder's name")
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            playbook = Playbook.model_validate(incident.playbook)
            try:
                role_def = playbook.role(role)
            except KeyError:
                keys = ", ".join(r.key for r in playbook.roles)
                raise UsageError(f"unknown role {role!r}: one of {keys}") from None
            current = s.exec(
                select(RoleAssignment).where(
                    RoleAssignment.incident_id == incident.id,
                    RoleAssignment.role == role_def.key,
                    col(RoleAssignment.ended_at).is_(None),
                )
            ).first()
            if current and current.holder == holder:
                return self._again(
                    s,
                    incident,
                    Kind.ROLE,
                    f"{role_def.name}: {holder} (already held)",
                    {"role": role_def.key, "holder": holder},
                )
            now = self.clock.now()
            text = f"{role_def.name}: {holder}"
            if current:
                current.ended_at = now
                s.add(current)
                text += f" (handed over from {current.holder})"
            s.add(
                RoleAssignment(
                    incident_id=incident.id,
                    role=role_def.key,
                    holder=holder,
                    assigned_at=now,
                    assigned_by=self.actor,
                )
            )
            self._record(
                s,
                incident,
                Kind.ROLE,
                text,
                {
                    "role": role_def.key,
                    "holder": holder,
                    "previous": current.holder if current else None,
                },
            )
            return True

    def tick(self, incident_id: str, item_id: int) -> bool:
        return self._set_done(incident_id, item_id, True)

    def untick(self, incident_id: str, item_id: int) -> bool:
        return self._set_done(incident_id, item_id, False)

    def toggle(self, incident_id: str, item_id: int) -> bool:
        """Tick an open item or untick a done one, decided inside the transaction; the new state."""
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            item = self._item(s, incident, item_id)
            self._apply_done(s, incident, item, not item.done)
            return item.done

    def _set_done(self, incident_id: str, item_id: int, done: bool) -> bool:
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            item = self._item(s, incident, item_id)
            if item.done == done:
                already = f"already done by {item.done_by}" if done else "already open"
                return self._again(
                    s,
                    incident,
                    Kind.CHECKLIST,
                    f"{'Ticked' if done else 'Unticked'} [{item.phase}] {item.text} ({already})",
                    {"item": item.id, "done": done, "phase": item.phase},
                )
            self._apply_done(s, incident, item, done)
            return True

    def _apply_done(self, s: Session, incident: Incident, item: ChecklistItem, done: bool) -> None:
        item.done = done
        item.done_at = self.clock.now() if done else None
        item.done_by = self.actor if done else None
        s.add(item)
        verb = "Ticked" if done else "Unticked"
        self._record(
            s,
            incident,
            Kind.CHECKLIST,
            f"{verb} [{item.phase}] {item.text}",
            {"item": item.id, "done": done, "phase": item.phase},
        )

    def record_health(
        self,
        incident_id: str,
        endpoint: str,
        state: str,
        text: str,
        data: dict[str, Any] | None = None,
    ) -> bool:
        """A confirmed health change, written once even when several consoles see it.

        The endpoint's stored state is compared and set in the same transaction as the
        timeline entry, so a second console seeing the same change writes nothing.
        """
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            row = s.get(EndpointState, (incident.id, endpoint))
            if row is not None and row.state == state:
                return False
            now = self.clock.now()
            if row is None:
                row = EndpointState(incident_id=incident.id, name=endpoint, state=state, since=now)
            row.state, row.since, row.reason = state, now, (data or {}).get("reason", "")
            s.add(row)
            self._record(
                s,
                incident,
                Kind.HEALTH,
                text,
                {"endpoint": endpoint, "state": state, **(data or {})},
            )
            return True

    def record_action(
        self, incident_id: str, label: str, text: str, data: dict[str, Any]
    ) -> TimelineEntry:
        """An action started, finished, or was simulated (drills never run commands)."""
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            return self._record(s, incident, Kind.ACTION, text, {"action": label, **data})

    def post_update(
        self, incident_id: str, text: str, template: str | None = None
    ) -> TimelineEntry:
        """A status update as sent: the text is kept whatever happens to the webhooks."""
        text = text.strip()
        if not text:
            raise UsageError("an update needs some text")
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            return self._record(s, incident, Kind.UPDATE, text, {"template": template})

    def escalate(self, incident_id: str, level: int, who: str, paged: str) -> TimelineEntry:
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            text = f"Escalated to level {level + 1}: {who}" + (f" (paged {paged})" if paged else "")
            return self._record(
                s, incident, Kind.ESCALATION, text, {"level": level, "who": who, "paged": paged}
            )

    def record_drill(self, incident_id: str, score: dict[str, Any]) -> TimelineEntry:
        """A drill's result, kept with the incident (and so in its exports)."""
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            return self._record(
                s, incident, "drill", f"Drill finished: score {score['score']}/100", score
            )

    def add_note(self, incident_id: str, text: str, kind: str = Kind.NOTE) -> TimelineEntry:
        text = text.strip()
        if not text:
            raise UsageError("a note needs some text")
        with self.store.write() as s:
            incident = self._lock(s, incident_id)
            return self._record(s, incident, kind, text)

    def import_incident(self, data: dict[str, Any]) -> tuple[str, bool]:
        """An exported incident, whole, in one transaction; renumbered if its id is taken.

        The id and whether it was renumbered. Nothing is added to the timeline, so that an
        export of the imported incident equals the file it came from.
        """
        from datetime import datetime

        from warroom.postmortem import EXPORT_FORMAT, EXPORT_VERSION

        if data.get("format") != EXPORT_FORMAT or data.get("version") != EXPORT_VERSION:
            raise UsageError(
                f"not a warroom incident export (format {EXPORT_FORMAT} version {EXPORT_VERSION})"
            )
        try:
            inc = data["incident"]
            ident, prefix, number = parse_incident_id(inc["id"])
            playbook = Playbook.model_validate(inc["playbook"])
            when = lambda text: datetime.fromisoformat(text) if text else None  # noqa: E731
            renumbered = self.find(ident) is not None
            if renumbered:
                number = self._next_number(prefix)
                ident = f"{prefix}-{number}"
            with self.store.write() as s:
                s.add(
                    Incident(
                        id=ident,
                        prefix=prefix,
                        number=number,
                        title=inc["title"],
                        severity=inc["severity"],
                        status=inc["status"],
                        declared_at=when(inc["declared_at"]),
                        resolved_at=when(inc["resolved_at"]),
                        drill=bool(inc["drill"]),
                        playbook_name=inc["playbook_name"],
                        playbook=playbook.model_dump(mode="json"),
                        revision=len(data["timeline"]),
                    )
                )
                s.flush()
                for r in data["roles"]:
                    s.add(
                        RoleAssignment(
                            incident_id=ident,
                            **{
                                **r,
                                "assigned_at": when(r["assigned_at"]),
                                "ended_at": when(r["ended_at"]),
                            },
                        )
                    )
                items = []
                for i in data["checklist"]:
                    item = ChecklistItem(incident_id=ident, **{**i, "done_at": when(i["done_at"])})
                    s.add(item)
                    items.append(item)
                s.flush()
                for e in data["timeline"]:
                    entry_data = e["data"]
                    if entry_data and entry_data.get("item") is not None:
                        entry_data = {**entry_data, "item": items[entry_data["item"]].id}
                    s.add(
                        TimelineEntry(
                            incident_id=ident,
                            at=when(e["at"]),
                            kind=e["kind"],
                            actor=e["actor"],
                            text=e["text"],
                            data=entry_data,
                        )
                    )
                for ep in data.get("endpoints", []):
                    s.add(EndpointState(incident_id=ident, **{**ep, "since": when(ep["since"])}))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise UsageError(
                f"the export is damaged or incomplete: {type(exc).__name__}: {exc}"
            ) from None
        return ident, renumbered

    def endpoint_states(self, incident_id: str) -> list[dict[str, Any]]:
        with self.store.read() as s:
            rows = s.exec(
                select(EndpointState).where(EndpointState.incident_id == incident_id.upper())
            ).all()
        return [
            {"name": r.name, "state": r.state, "since": r.since.isoformat(), "reason": r.reason}
            for r in rows
        ]

    # -- who is watching: presence, not incident state, so no timeline entries -------------
    def watching(self, incident_id: str, key: str) -> None:
        """This console (`key`) is open on the incident now; called again as a heartbeat."""
        now = self.clock.now()
        with self.store.write() as s:
            incident = self._get(s, incident_id)
            row = s.get(Watcher, key)
            if row is None:
                row = Watcher(key=key, incident_id=incident.id, name=self.actor, seen_at=now)
            row.incident_id, row.name, row.seen_at = incident.id, self.actor, now
            s.add(row)

    def stop_watching(self, key: str) -> None:
        with self.store.write() as s:
            row = s.get(Watcher, key)
            if row is not None:
                s.delete(row)

    # -- reading -------------------------------------------------------------------------
    def find(self, incident_id: str) -> Incident | None:
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as s:
            return s.get(Incident, ident)

    def state(self, incident_id: str, previous: IncidentState | None = None) -> IncidentState:
        """The incident as one consistent read.

        Given the state read last time, only timeline entries newer than its last are read:
        entries are never changed once written, and per incident their ids grow in commit
        order (writes to one incident are serial), so a console re-reading after every
        change of a long incident does not re-read thousands of entries each time.
        """
        with self.store.read() as s:
            incident = self._get(s, incident_id)
            assignments = s.exec(
                select(RoleAssignment).where(RoleAssignment.incident_id == incident.id)
            ).all()
            items = s.exec(
                select(ChecklistItem).where(ChecklistItem.incident_id == incident.id)
            ).all()
            # The state read last time, if it is of this same incident.
            base = (
                previous
                if previous is not None
                and (previous.incident.id, previous.incident.declared_at)
                == (incident.id, incident.declared_at)
                else None
            )
            query = select(TimelineEntry).where(TimelineEntry.incident_id == incident.id)
            if base and base.timeline:
                query = query.where(TimelineEntry.id > base.timeline[-1].id)
            timeline = s.exec(query).all()
            fresh = self.clock.now() - timedelta(seconds=WATCHER_TIMEOUT_S)
            watchers = s.exec(
                select(Watcher.name).where(
                    Watcher.incident_id == incident.id, Watcher.seen_at >= fresh
                )
            ).all()
        entries = [_plain(Entry, e) for e in timeline]
        return IncidentState.build(
            _plain(IncidentInfo, incident),
            # The playbook is copied in when declared and never changes afterwards.
            base.playbook if base else Playbook.model_validate(incident.playbook),
            [_plain(RoleHolder, a) for a in assignments],
            [_plain(Item, i) for i in items],
            base.timeline + entries if base else entries,
            watchers=sorted(set(watchers)),
        )

    def list_incidents(self) -> list[IncidentSummary]:
        with self.store.read() as s:
            incidents = s.exec(select(Incident).order_by(col(Incident.declared_at).desc())).all()
            commanders = {
                a.incident_id: a.holder
                for a in s.exec(
                    select(RoleAssignment).where(
                        RoleAssignment.role == "ic", col(RoleAssignment.ended_at).is_(None)
                    )
                ).all()
            }
        return [
            IncidentSummary(
                id=i.id,
                severity=i.severity,
                status=i.status,
                title=i.title,
                declared_at=i.declared_at,
                commander=commanders.get(i.id),
                drill=i.drill,
            )
            for i in incidents
        ]

    # -- helpers -------------------------------------------------------------------------
    def _record(
        self,
        s: Session,
        incident: Incident,
        kind: str,
        text: str,
        data: dict[str, Any] | None = None,
        bump: bool = True,
    ) -> TimelineEntry:
        if bump:
            incident.revision += 1
            s.add(incident)
        entry = TimelineEntry(
            incident_id=incident.id,
            at=self.clock.now(),
            kind=kind,
            actor=self.actor,
            text=text,
            data=data,
        )
        s.add(entry)
        s.flush()
        return entry

    def _again(
        self, s: Session, incident: Incident, kind: str, text: str, data: dict[str, Any]
    ) -> bool:
        """A change to what already is (someone got there first) changes nothing, but stays
        on record: two responders acting at once are both in the timeline. Always False."""
        self._record(s, incident, kind, text, {**data, "already": True})
        return False

    @staticmethod
    def _get(s: Session, incident_id: str, lock: bool = False) -> Incident:
        ident, _, _ = parse_incident_id(incident_id)
        incident = s.get(Incident, ident, with_for_update=lock)
        if incident is None:
            raise NotFound(f"no incident {ident}")
        return incident

    @classmethod
    def _lock(cls, s: Session, incident_id: str) -> Incident:
        """The incident, its row locked until commit: changes to one incident are serial.

        SQLite's write lock already serialises every writer; on PostgreSQL two responders'
        read-then-write would otherwise interleave and lose one of the two.
        """
        return cls._get(s, incident_id, lock=True)

    @staticmethod
    def _item(s: Session, incident: Incident, item_id: int) -> ChecklistItem:
        item = s.get(ChecklistItem, item_id)
        if item is None or item.incident_id != incident.id:
            raise NotFound(f"{incident.id} has no checklist item {item_id}")
        return item

    @staticmethod
    def _severity_name(playbook: Playbook, name: str) -> str:
        try:
            return playbook.severity(name.strip()).name
        except KeyError:
            names: Sequence[str] = [s.name for s in playbook.severities]
            raise UsageError(f"unknown severity {name!r}: one of {', '.join(names)}") from None


V = TypeVar("V")


def _plain(view: type[V], row: object) -> V:
    """A plain, session-free copy of a table row: the console never holds ORM objects."""
    return view(**{f.name: getattr(row, f.name) for f in fields(view)})  # type: ignore[arg-type]
