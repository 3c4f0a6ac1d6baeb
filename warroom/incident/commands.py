"""The incident's own verbs: declare, severity, title, status, roles, notes, escalation.
Each is one transaction that writes the change and its entry."""

from __future__ import annotations

import dataclasses

from warroom.core import events as payload
from warroom.core.errors import NotFound, UsageError
from warroom.core.events import Kind
from warroom.core.fields import to_data
from warroom.core.ids import (
    DEFAULT_PREFIX,
    MAX_NUMBER,
    STATUSES,
    UNTITLED,
    parse_incident_id,
)
from warroom.core.ids import (
    incident_id as make_id,
)
from warroom.core.limits import NAME, NOTE, TITLE, check
from warroom.core.playbook import Playbook, load_builtin
from warroom.core.state import Entry, IncidentInfo
from warroom.incident.base import _playbook
from warroom.incident.completion import CompletionRules
from warroom.incident.queries import Queries
from warroom.storage.db import Conflict, utc, view


# Just over 300 lines: the incident's own verbs, each a few lines, kept side by side.
class Commands(CompletionRules, Queries):
    # -- declaring -----------------------------------------------------------------------
    def declare(
        self,
        title: str,
        severity: str | None = None,
        playbook: Playbook | None = None,
        incident_id: str | None = None,
        drill: bool = False,
        prefix: str = DEFAULT_PREFIX,
    ) -> IncidentInfo:
        """A new incident with the playbook's checklist copied in; the next free id if none given."""
        playbook = playbook or load_builtin()
        sev = self._severity_name(playbook, severity or playbook.initial_severity)
        title = check(title.strip(), TITLE, "a title") or UNTITLED
        for _attempt in range(20):
            if incident_id:
                ident, pfx, number = parse_incident_id(incident_id)
            else:
                pfx, number = prefix, self._next_number(prefix)
                ident = make_id(pfx, number)
            try:
                return self._insert(ident, pfx, number, title, sev, playbook, drill)
            except Conflict:
                if incident_id:
                    raise UsageError(f"{ident} already exists") from None
                # Another process took this number between our read and our write.
        raise UsageError("could not find a free incident id")

    def open_or_declare(
        self, incident_id: str, playbook: Playbook | None = None, title: str | None = None
    ) -> tuple[IncidentInfo, bool]:
        """The incident, declared now if it does not exist yet (and whether it was)."""
        ident, _, _ = parse_incident_id(incident_id)
        existing = self.find(ident)
        if existing:
            if title and title.strip() and title.strip() != existing.title:
                self.retitle(ident, title)
                existing = dataclasses.replace(existing, title=title.strip())
            return existing, False
        try:
            return self.declare(title or UNTITLED, playbook=playbook, incident_id=ident), True
        except UsageError:
            found = self.find(ident)
            if found is None:
                raise
            return found, False

    def _next_number(self, prefix: str) -> int:
        with self.store.read() as tx:
            top = int(tx.value("SELECT max(number) FROM incident WHERE prefix = ?", prefix) or 0)
            if top < MAX_NUMBER:
                return top + 1
            # The largest id is taken (a mistyped `open INC-999999999`): the first free number
            # after one in use instead, so that declaring never stops working.
            gap = tx.value(
                "SELECT min(i.number) + 1 FROM incident i WHERE i.prefix = ? AND i.number < ? "
                "AND NOT EXISTS (SELECT 1 FROM incident j WHERE j.prefix = i.prefix "
                "AND j.number = i.number + 1)",
                prefix,
                MAX_NUMBER,
            )
        return int(gap or 1)

    def _insert(
        self,
        ident: str,
        pfx: str,
        number: int,
        title: str,
        sev: str,
        playbook: Playbook,
        drill: bool,
    ) -> IncidentInfo:
        now = self.clock.now()
        with self.store.write() as tx:
            tx.run(
                "INSERT INTO incident (id, prefix, number, title, severity, status, declared_at, "
                "drill, playbook_name, playbook, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                ident, pfx, number, title, sev, STATUSES[0], now, drill, playbook.name,
                to_data(playbook),
            )  # fmt: skip
            for phase in playbook.phases:
                for pos, item in enumerate(phase.items):
                    tx.run(
                        "INSERT INTO checklist_item (incident_id, phase, position, text, detail, "
                        "role, due_s, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        ident, phase.key, pos, item.text, item.detail, item.role, item.due, False,
                    )  # fmt: skip
            drill_note = " (drill)" if drill else ""
            self._record(
                tx,
                ident,
                Kind.DECLARED,
                f"Declared {sev}{drill_note}: {title} (playbook {playbook.name})",
                payload.Declared(severity=sev, playbook=playbook.name).to_data(),
                bump=False,
            )
        return IncidentInfo(ident, title, sev, STATUSES[0], now, None, drill, playbook.name)

    # -- changing ------------------------------------------------------------------------
    def set_severity(self, incident_id: str, severity: str) -> bool:
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            new = self._severity_name(_playbook(incident), severity)
            old = incident["severity"]
            if new == old:
                return self._again(
                    tx,
                    incident,
                    Kind.SEVERITY,
                    f"Severity {new} (already {new})",
                    payload.Severity(to=new).to_data(),
                )
            tx.run("UPDATE incident SET severity = ? WHERE id = ?", new, incident["id"])
            self._record(
                tx,
                incident["id"],
                Kind.SEVERITY,
                f"Severity {old} → {new}",
                payload.Severity(from_=old, to=new).to_data(),
            )
            return True

    def retitle(self, incident_id: str, title: str) -> bool:
        """A new title, and an entry saying what it was: the old one stays on record. The
        entry names (`corrects`) the entry that set the title it replaces. False if the
        title is that already (nothing is written)."""
        title = title.strip()
        if not title:
            raise UsageError("a title needs some text")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            old = incident["title"]
            if title == old:
                return False
            setter = tx.value(
                "SELECT MAX(id) FROM timeline_entry WHERE incident_id = ? AND kind IN (?, ?)",
                incident["id"], Kind.DECLARED, Kind.TITLE,
            )  # fmt: skip
            tx.run("UPDATE incident SET title = ? WHERE id = ?", title, incident["id"])
            self._record(
                tx,
                incident["id"],
                Kind.TITLE,
                f"Title: {old} → {title}",
                payload.Title(
                    from_=old, to=title, corrects=int(setter) if setter else None
                ).to_data(),
            )
            return True

    def set_status(self, incident_id: str, status: str) -> bool:
        status = status.strip().lower()
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            old = incident["status"]
            if status == old:
                return self._again(
                    tx,
                    incident,
                    Kind.STATUS,
                    f"Status {status} (already {status})",
                    payload.Status(to=status).to_data(),
                )
            resolved = self.clock.now() if status == "resolved" else None
            tx.run(
                "UPDATE incident SET status = ?, resolved_at = ? WHERE id = ?",
                status,
                resolved,
                incident["id"],
            )
            self._record(
                tx,
                incident["id"],
                Kind.STATUS,
                f"Status {old} → {status}",
                payload.Status(from_=old, to=status).to_data(),
            )
            reached = STATUSES[: STATUSES.index(status) + 1]
            self._complete(tx, incident, [f"status:{s}" for s in reached], f"status {status}")
            return True

    def assign_role(self, incident_id: str, role: str, holder: str) -> bool:
        holder = check(holder.strip(), NAME, "a name")
        if not holder:
            raise UsageError("a role needs a holder's name")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            playbook = _playbook(incident)
            try:
                role_def = playbook.role(role)
            except KeyError:
                keys = ", ".join(r.key for r in playbook.roles)
                raise UsageError(f"unknown role {role!r}: one of {keys}") from None
            current = tx.one(
                "SELECT id, holder FROM role_assignment "
                "WHERE incident_id = ? AND role = ? AND ended_at IS NULL",
                incident["id"],
                role_def.key,
            )
            if current and current["holder"] == holder:
                return self._again(
                    tx,
                    incident,
                    Kind.ROLE,
                    f"{role_def.name}: {holder} (already held)",
                    {"role": role_def.key, "holder": holder},  # no hand-over: no `previous`
                )
            now = self.clock.now()
            text = f"{role_def.name}: {holder}"
            if current:
                tx.run("UPDATE role_assignment SET ended_at = ? WHERE id = ?", now, current["id"])
                text += f" (handed over from {current['holder']})"
            tx.run(
                "INSERT INTO role_assignment (incident_id, role, holder, assigned_at, assigned_by) "
                "VALUES (?, ?, ?, ?, ?)",
                incident["id"], role_def.key, holder, now, self.actor,
            )  # fmt: skip
            self._record(
                tx,
                incident["id"],
                Kind.ROLE,
                text,
                payload.Role(
                    role=role_def.key,
                    holder=holder,
                    previous=current["holder"] if current else None,
                ).to_data(),
            )
            held = {
                r["role"]
                for r in tx.all(
                    "SELECT role FROM role_assignment WHERE incident_id = ? AND ended_at IS NULL",
                    incident["id"],
                )
            }
            if current:
                from warroom.incident.briefing import write_briefing

                write_briefing(
                    self, tx, incident, role_def.key, role_def.name, holder, current["holder"]
                )
            events = [f"role:{role_def.key}"]
            if {r.key for r in playbook.roles} <= held:
                events.append("roles:all")
            self._complete(tx, incident, events, f"{role_def.name} is {holder}")
            return True

    def escalate(self, incident_id: str, level: int, who: str, paged: str) -> Entry:
        paged = check(paged, NAME, "a name")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            text = f"Escalated to level {level + 1}: {who}" + (f" (paged {paged})" if paged else "")
            return self._record(
                tx,
                incident["id"],
                Kind.ESCALATION,
                text,
                payload.Escalation(level=level, who=who, paged=paged).to_data(),
            )

    def add_note(
        self, incident_id: str, text: str, kind: str = Kind.NOTE, by: str | None = None
    ) -> Entry:
        """A note (or an alert's text) in the timeline; `by`: who said it, when not this
        service's responder (a drill's simulated teammate)."""
        text = check(text.strip(), NOTE, "a note")
        if not text:
            raise UsageError("a note needs some text")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            return self._record(tx, incident["id"], kind, text, actor=by)

    def correct_note(self, incident_id: str, entry_id: int, text: str) -> Entry:
        """A note said wrongly, corrected by a new note that names it (`corrects`): the old
        one stays as written."""
        from warroom.core.timefmt import t_plus

        text = text.strip()
        if not text:
            raise UsageError("a correction needs some text")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            row = tx.one(
                "SELECT * FROM timeline_entry WHERE id = ? AND incident_id = ?",
                entry_id, incident["id"],
            )  # fmt: skip
            if row is None:
                raise NotFound(f"{incident['id']} has no timeline entry {entry_id}")
            old = view(Entry, row)
            if old.kind != Kind.NOTE:
                raise UsageError(f"only notes are corrected this way, not a {old.kind} entry")
            if text == old.said:
                raise UsageError("the correction reads the same as the note")
            when = t_plus(old.at - utc(incident["declared_at"]))
            return self._record(
                tx,
                incident["id"],
                Kind.NOTE,
                f"Correction of {when} note: {text}",
                payload.Note(corrects=old.id).to_data(),
            )
