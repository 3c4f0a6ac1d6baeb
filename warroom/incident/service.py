"""The incident verbs. Every change is one transaction that also appends its timeline entry.

The CLI, the TUI and the tests all go through `IncidentService`; nothing else writes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from warroom.core.clock import Clock, RealClock, to_local
from warroom.core.errors import NotFound, UsageError
from warroom.core.events import Kind
from warroom.core.fields import build, to_data, validate
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
from warroom.core.limits import NAME, NOTE, TITLE, check, check_export
from warroom.core.playbook import Playbook, load_builtin
from warroom.core.responder import WATCHER_TIMEOUT_S, default_actor
from warroom.core.state import MILESTONE_KINDS, Entry, IncidentInfo, IncidentState, Item, RoleHolder
from warroom.incident.board import BoardReads
from warroom.incident.briefing import BriefingCommands
from warroom.incident.decisions import DecisionCommands
from warroom.incident.tasks import TaskCommands
from warroom.storage.db import Conflict, Row, Tx, utc, view
from warroom.storage.store import Store
from warroom.text.redact import redact, redact_data


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    severity: str
    status: str
    title: str
    declared_at: datetime
    commander: str | None
    drill: bool


class IncidentService(TaskCommands, DecisionCommands, BriefingCommands, BoardReads):
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
                {"severity": sev, "playbook": playbook.name},
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
                    tx, incident, Kind.SEVERITY, f"Severity {new} (already {new})", {"to": new}
                )
            tx.run("UPDATE incident SET severity = ? WHERE id = ?", new, incident["id"])
            self._record(
                tx,
                incident["id"],
                Kind.SEVERITY,
                f"Severity {old} → {new}",
                {"from": old, "to": new},
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
                {"from": old, "to": title, "corrects": int(setter) if setter else None},
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
                    tx, incident, Kind.STATUS, f"Status {status} (already {status})", {"to": status}
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
                {"from": old, "to": status},
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
                    {"role": role_def.key, "holder": holder},
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
                {
                    "role": role_def.key,
                    "holder": holder,
                    "previous": current["holder"] if current else None,
                },
            )
            held = {
                r["role"]
                for r in tx.all(
                    "SELECT role FROM role_assignment WHERE incident_id = ? AND ended_at IS NULL",
                    incident["id"],
                )
            }
            if current:
                self._write_briefing(
                    tx, incident, role_def.key, role_def.name, holder, current["holder"]
                )
            events = [f"role:{role_def.key}"]
            if {r.key for r in playbook.roles} <= held:
                events.append("roles:all")
            self._complete(tx, incident, events, f"{role_def.name} is {holder}")
            return True

    def tick(self, incident_id: str, item_id: int) -> bool:
        return self._set_done(incident_id, item_id, True)

    def untick(self, incident_id: str, item_id: int) -> bool:
        return self._set_done(incident_id, item_id, False)

    def toggle(self, incident_id: str, item_id: int) -> bool:
        """Tick an open item or untick a done one, decided inside the transaction; the new state."""
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            item = self._item(tx, incident, item_id)
            self._apply_done(tx, incident, item, not item["done"])
            return not item["done"]

    def _set_done(self, incident_id: str, item_id: int, done: bool) -> bool:
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            item = self._item(tx, incident, item_id)
            if bool(item["done"]) == done:
                already = f"already done by {item['done_by']}" if done else "already open"
                return self._again(
                    tx,
                    incident,
                    Kind.CHECKLIST,
                    f"{'Ticked' if done else 'Unticked'} [{item['phase']}] {item['text']} ({already})",
                    {"item": item["id"], "done": done, "phase": item["phase"]},
                )
            self._apply_done(tx, incident, item, done)
            return True

    def _complete(self, tx: Tx, incident: Row, events: list[str], because: str) -> None:
        """Tick the open items this change completes (their `done_when`), each with an entry
        that says why: the checklist follows what the console already knows."""
        wanted = {
            (phase.key, pos)
            for phase in _playbook(incident).phases
            for pos, item in enumerate(phase.items)
            if item.done_when in events
        }
        if not wanted:
            return
        for row in tx.all(
            "SELECT * FROM checklist_item WHERE incident_id = ? AND done = ? ORDER BY id",
            incident["id"],
            False,
        ):
            if (row["phase"], row["position"]) in wanted:
                self._apply_done(tx, incident, row, True, because)

    def _apply_done(self, tx: Tx, incident: Row, item: Row, done: bool, because: str = "") -> None:
        tx.run(
            "UPDATE checklist_item SET done = ?, done_at = ?, done_by = ? WHERE id = ?",
            done,
            self.clock.now() if done else None,
            self.actor if done else None,
            item["id"],
        )
        verb = "Ticked" if done else "Unticked"
        why = f" (automatically: {because})" if because else ""
        data = {"item": item["id"], "done": done, "phase": item["phase"]}
        self._record(
            tx,
            incident["id"],
            Kind.CHECKLIST,
            f"{verb} [{item['phase']}] {item['text']}{why}",
            {**data, "because": because} if because else data,
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
        timeline entry, so a second console seeing the same change writes nothing. Nothing
        is written while the incident is resolved, nor an alert that another incident owns
        (see `_records`): False, as for a change already recorded.
        """
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            if not self._records(tx, incident, data):
                return False
            stored = tx.value(
                "SELECT state FROM endpoint_state WHERE incident_id = ? AND name = ?",
                incident["id"],
                endpoint,
            )
            if stored == state:
                return False
            now = self.clock.now()
            reason = (data or {}).get("reason", "")
            tx.run(
                "INSERT INTO endpoint_state (incident_id, name, state, since, reason) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, name) DO UPDATE SET "
                "state = excluded.state, since = excluded.since, reason = excluded.reason",
                incident["id"], endpoint, state, now, reason,
            )  # fmt: skip
            self._record(
                tx,
                incident["id"],
                Kind.HEALTH,
                text,
                {"endpoint": endpoint, "state": state, **(data or {})},
            )
            states = tx.all(
                "SELECT state FROM endpoint_state WHERE incident_id = ?", incident["id"]
            )
            if all(row["state"] == "UP" for row in states):
                self._complete(tx, incident, ["health:all-up"], "every endpoint is up")
            return True

    def record_action(self, incident_id: str, label: str, text: str, data: dict[str, Any]) -> Entry:
        """An action started, finished, or was simulated (drills never run commands)."""
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            entry = self._record(tx, incident["id"], Kind.ACTION, text, {"action": label, **data})
            if data.get("phase") == "finished" or data.get("simulated"):
                kind = str(data.get("kind", ""))
                self._complete(tx, incident, [f"action:{kind}", "action:any"], f"{label} ran")
            return entry

    def attach_alert(self, incident_id: str, alert: dict[str, Any], move: bool = False) -> bool:
        """An Alertmanager alert attached to the incident (once per fingerprint): its start is
        when the problem began, for the postmortem's time to detect. From then on its firing
        and resolving are recorded in this incident only.

        An alert attached to another incident that is still open moves here only when asked
        (`move`, said in the entry); one attached to a resolved incident is free again.
        """
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            last = self._attached_to(tx, alert["fingerprint"])
            if last is not None and last["id"] == incident["id"]:
                return False
            began = datetime.fromisoformat(alert["startsAt"])
            text = f"Alert {alert['name']} attached, firing since {to_local(began):%H:%M:%S}"
            if alert.get("summary"):
                text += f": {alert['summary']}"
            if last is not None and last["status"] != "resolved":
                if not move:
                    raise UsageError(
                        f"alert {alert['name']} is attached to {last['id']} ({last['status']}): "
                        "move it here, or attach it there"
                    )
                text += f" (moved from {last['id']})"
            self._record(tx, incident["id"], Kind.ALERT, text, alert)
            return True

    def alert_owners(self, fingerprints: Sequence[str]) -> dict[str, str]:
        """The open incident each of these alerts is attached to, by fingerprint (an alert
        attached nowhere, or to a resolved incident, is not listed)."""
        out: dict[str, str] = {}
        with self.store.read() as tx:
            for fingerprint in fingerprints:
                last = self._attached_to(tx, fingerprint)
                if last is not None and last["status"] != "resolved":
                    out[fingerprint] = str(last["id"])
        return out

    def _records(self, tx: Tx, incident: Row, data: dict[str, Any] | None) -> bool:
        """Whether health and alerts are recorded in this incident now: not once it is
        resolved (until it is reopened), and an alert only in the incident it is attached
        to, if any. (Which alerts reach a console at all is its `[alerts] matchers`.)"""
        if incident["status"] == "resolved":
            return False
        fingerprint = (data or {}).get("fingerprint")
        if not fingerprint:
            return True
        owner = self._attached_to(tx, str(fingerprint))
        return owner is None or owner["status"] == "resolved" or owner["id"] == incident["id"]

    @staticmethod
    def _attached_to(tx: Tx, fingerprint: str) -> Row | None:
        """The incident (id, status) this alert was last attached to, in any incident."""
        escaped = fingerprint.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = tx.all(
            "SELECT e.*, i.status FROM timeline_entry e JOIN incident i ON i.id = e.incident_id "
            "WHERE e.kind = ? AND CAST(e.data AS TEXT) LIKE ? ESCAPE '\\' ORDER BY e.id DESC",
            Kind.ALERT,
            f"%{escaped}%",
        )
        for row in rows:
            data = view(Entry, row).data or {}
            if data.get("fingerprint") == fingerprint and "silence" not in data:
                return {"id": row["incident_id"], "status": row["status"]}
        return None

    def record_silence(self, incident_id: str, text: str, data: dict[str, Any]) -> Entry:
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            if incident["drill"]:
                raise UsageError(f"{incident['id']} is a drill: nothing is silenced in a drill")
            return self._record(tx, incident["id"], Kind.ALERT, text, data)

    def post_update(
        self,
        incident_id: str,
        text: str,
        template: str | None = None,
        webhooks: Sequence[str] = (),
    ) -> Entry:
        """A status update as written: the text is kept whatever happens to its delivery.

        Sent to `webhooks` (their names), it counts as posted once one of them delivers it
        (`record_delivery`). With none, it is copied for manual posting (the caller copies
        it) and counts now, ticking what it completes.
        """
        text = check(text.strip(), NOTE, "an update")
        if not text:
            raise UsageError("an update needs some text")
        hooks = list(dict.fromkeys(w.strip() for w in webhooks if w.strip()))
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            number = 1 + int(
                tx.value(
                    "SELECT COUNT(*) FROM timeline_entry WHERE incident_id = ? AND kind = ?",
                    incident["id"],
                    Kind.UPDATE,
                )
                or 0
            )
            data = {"template": template, "number": number, "webhooks": hooks}
            entry = self._record(tx, incident["id"], Kind.UPDATE, text, data)
            if not hooks:
                self._posted(tx, incident, entry.id, template)
            return entry

    def record_delivery(
        self,
        incident_id: str,
        update: int,
        webhook: str,
        outcome: str,
        reason: str = "",
        tries: int = 1,
    ) -> Entry:
        """What became of update number `update` at one webhook: "delivered", "failed" (with
        its reason), or "sending" again (a resend). The first delivery of an update makes it
        count as posted, and ticks what it completes, in the same transaction."""
        from warroom.core.delivery import DELIVERED, FAILED, OUTCOMES, SENDING, deliveries

        if outcome not in OUTCOMES:
            raise UsageError(f"unknown delivery outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            rows = tx.all(
                "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind IN (?, ?) ORDER BY id",
                incident["id"],
                Kind.UPDATE,
                Kind.DELIVERY,
            )
            known = deliveries(view(Entry, row) for row in rows)
            if not 0 < update <= len(known):
                raise NotFound(f"{incident['id']} has no update {update}")
            sent = known[update - 1]
            if webhook not in {h.webhook for h in sent.hooks}:
                raise UsageError(f"update {update} was not sent to {webhook}")
            tried = f" after {tries} tries" if tries > 1 else ""
            text = {
                SENDING: f"Update {update}: sending again to {webhook}",
                DELIVERED: f"Update {update} delivered to {webhook}"
                + (f" ({reason})" if reason else ""),
                FAILED: f"Update {update} to {webhook}: FAILED"
                + (f" {reason}" if reason else "")
                + tried,
            }[outcome]
            data: dict[str, Any] = {
                "update": update,
                "webhook": webhook,
                "outcome": outcome,
                "reason": reason,
            }
            if tries > 1:
                data["tries"] = tries
            entry = self._record(tx, incident["id"], Kind.DELIVERY, text, data)
            if outcome == DELIVERED and sent.posted_at is None:
                self._posted(tx, incident, sent.entry.id, sent.template)
            return entry

    def _posted(self, tx: Tx, incident: Row, entry_id: int, template: str | None) -> None:
        """An update reached someone: what it completes is ticked (the first one posted
        also completes `update:first`)."""
        from warroom.core.delivery import deliveries

        rows = tx.all(
            "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind IN (?, ?) ORDER BY id",
            incident["id"],
            Kind.UPDATE,
            Kind.DELIVERY,
        )
        earlier = [
            d
            for d in deliveries(view(Entry, row) for row in rows)
            if d.posted_at is not None and d.entry.id != entry_id
        ]
        events = ["update:any"] + ([] if earlier else ["update:first"])
        if template:
            events.append(f"update:{template}")
        self._complete(tx, incident, events, f"update {template or 'posted'}")

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
                {"level": level, "who": who, "paged": paged},
            )

    def record_drill(self, incident_id: str, score: dict[str, Any]) -> Entry:
        """A drill's result, kept with the incident (and so in its exports)."""
        from warroom.incident.drill_score import summary

        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            text = summary(score)  # the points of each part, and what to do next time
            return self._record(tx, incident["id"], Kind.DRILL, text, score)

    def add_note(self, incident_id: str, text: str, kind: str = Kind.NOTE) -> Entry:
        text = check(text.strip(), NOTE, "a note")
        if not text:
            raise UsageError("a note needs some text")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            return self._record(tx, incident["id"], kind, text)

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
                {"corrects": old.id},
            )

    def import_incident(self, data: dict[str, Any]) -> tuple[str, bool]:
        """An exported incident, whole, in one transaction; renumbered if its id is taken.

        The id and whether it was renumbered. Nothing is added to the timeline, so that an
        export of the imported incident equals the file it came from.
        """
        from warroom.incident.postmortem import EXPORT_FORMAT, EXPORT_VERSION

        if (
            not isinstance(data, dict)
            or data.get("format") != EXPORT_FORMAT
            or data.get("version") != EXPORT_VERSION
        ):
            raise UsageError(
                f"not a warroom incident export (format {EXPORT_FORMAT} version {EXPORT_VERSION})"
            )
        check_export(data, self.clock.now())
        try:
            inc = data["incident"]
            ident, prefix, number = parse_incident_id(inc["id"])
            playbook = validate(Playbook, inc["playbook"])
            when = lambda text: datetime.fromisoformat(text) if text else None  # noqa: E731
            renumbered = self.find(ident) is not None
            if renumbered:
                number = self._next_number(prefix)
                ident = make_id(prefix, number)
            with self.store.write() as tx:
                tx.run(
                    "INSERT INTO incident (id, prefix, number, title, severity, status, "
                    "declared_at, resolved_at, drill, playbook_name, playbook, revision) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ident, prefix, number, str(inc["title"]), str(inc["severity"]),
                    str(inc["status"]), when(inc["declared_at"]), when(inc["resolved_at"]),
                    bool(inc["drill"]), str(inc["playbook_name"]),
                    to_data(playbook), len(data["timeline"]),
                )  # fmt: skip
                for r in data["roles"]:
                    tx.run(
                        "INSERT INTO role_assignment (incident_id, role, holder, assigned_at, "
                        "assigned_by, ended_at) VALUES (?, ?, ?, ?, ?, ?)",
                        ident, str(r["role"]), str(r["holder"]), when(r["assigned_at"]),
                        str(r["assigned_by"]), when(r["ended_at"]),
                    )  # fmt: skip
                items = []
                for i in data["checklist"]:
                    items.append(
                        tx.value(
                            "INSERT INTO checklist_item (incident_id, phase, position, text, "
                            "detail, role, due_s, done, done_at, done_by) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            ident,
                            str(i["phase"]),
                            int(i["position"]),
                            str(i["text"]),
                            str(i["detail"]),
                            i["role"],
                            i["due_s"],
                            bool(i["done"]),
                            when(i["done_at"]),
                            i["done_by"],
                        )  # fmt: skip
                    )
                entries: list[int] = []
                for e in data["timeline"]:
                    entry_data = e["data"]
                    if entry_data is not None and not isinstance(entry_data, dict):
                        raise TypeError("a timeline entry's data is not an object")
                    if entry_data and entry_data.get("item") is not None:
                        entry_data = {**entry_data, "item": items[entry_data["item"]]}
                    if entry_data and entry_data.get("corrects") is not None:
                        # An earlier entry, by position (a correction follows what it corrects).
                        entry_data = {**entry_data, "corrects": entries[entry_data["corrects"]]}
                    entries.append(
                        tx.value(
                            "INSERT INTO timeline_entry (incident_id, at, kind, actor, text, "
                            "data) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            ident,
                            when(e["at"]),
                            str(e["kind"]),
                            str(e["actor"]),
                            str(e["text"]),
                            entry_data,
                        )  # fmt: skip
                    )
                for ep in data.get("endpoints", []):
                    tx.run(
                        "INSERT INTO endpoint_state (incident_id, name, state, since, reason) "
                        "VALUES (?, ?, ?, ?, ?)",
                        ident, str(ep["name"]), str(ep["state"]), when(ep["since"]),
                        str(ep.get("reason", "")),
                    )  # fmt: skip
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            # (pydantic's ValidationError, for a damaged playbook, is a ValueError)
            raise UsageError(
                f"the export is damaged or incomplete: {type(exc).__name__}: {exc}"
            ) from None
        return ident, renumbered

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

    # -- who is watching: presence, not incident state, so no timeline entries -------------
    def watching(self, incident_id: str, key: str) -> None:
        """This console (`key`) is open on the incident now.

        On a server a console is there while its connection is: the row keeps the
        connection's process id, and a console that dies leaves with its connection. On a
        SQLite file the row is a lease renewed by a heartbeat, and a console on this machine
        whose process is gone no longer counts.
        """
        now = self.clock.now()
        sqlite = self.store.is_sqlite
        with self.store.write() as tx:
            incident = self._get(tx, incident_id)
            pid = os.getpid() if sqlite else tx.value("SELECT pg_backend_pid()")
            tx.run(
                "INSERT INTO watcher (key, incident_id, name, seen_at, host, pid) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "incident_id = excluded.incident_id, name = excluded.name, "
                "seen_at = excluded.seen_at, host = excluded.host, pid = excluded.pid",
                key, incident["id"], self.actor, now, _HOST if sqlite else None, pid,
            )  # fmt: skip
            if not sqlite:
                # Rows of consoles whose connection is gone. A row another transaction holds is
                # that console writing its own row now, so alive: skipped, not waited for (two
                # consoles reconnecting at once would each wait for the other's row).
                tx.run(
                    "DELETE FROM watcher WHERE key IN (SELECT key FROM watcher "
                    "WHERE incident_id = ? AND host IS NULL AND pid NOT IN "
                    "(SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL) "
                    "ORDER BY key FOR UPDATE SKIP LOCKED)",
                    incident["id"],
                )
            tx.presence.add(incident["id"])

    def keep_drill_clock(self, incident_id: str, speed: float, state: str) -> None:
        """Where the drill's simulated clock (this service's) stands now, and how it moves
        on (`state`: running, paused, stopped), for other processes to read."""
        now, real = self.clock.now(), RealClock().now()
        with self.store.write() as tx:
            incident = self._get(tx, incident_id)
            tx.run(
                "INSERT INTO drill_clock (incident_id, simulated_at, real_at, speed, state) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id) DO UPDATE SET "
                "simulated_at = excluded.simulated_at, real_at = excluded.real_at, "
                "speed = excluded.speed, state = excluded.state",
                incident["id"], now, real, speed, state,
            )  # fmt: skip

    def stop_watching(self, key: str) -> None:
        with self.store.write() as tx:
            row = tx.one("SELECT incident_id FROM watcher WHERE key = ?", key)
            if row is not None:
                tx.run("DELETE FROM watcher WHERE key = ?", key)
                tx.presence.add(row["incident_id"])

    def watchers(self, incident_id: str) -> list[str]:
        """Who has a console open on the incident now, by name."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            return self._watchers(tx, ident)

    def _watchers(self, tx: Tx, ident: str) -> list[str]:
        if not self.store.is_sqlite:
            rows = tx.all(
                "SELECT name FROM watcher WHERE incident_id = ? AND pid IN "
                "(SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)",
                ident,
            )
            return sorted({r["name"] for r in rows})
        fresh = self.clock.now() - timedelta(seconds=WATCHER_TIMEOUT_S)
        rows = tx.all(
            "SELECT name, host, pid FROM watcher WHERE incident_id = ? AND seen_at >= ?",
            ident,
            fresh,
        )
        return sorted({r["name"] for r in rows if r["host"] != _HOST or _alive(r["pid"])})

    # -- reading -------------------------------------------------------------------------
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
        return [
            IncidentSummary(
                id=r["id"],
                severity=r["severity"],
                status=r["status"],
                title=r["title"],
                declared_at=utc(r["declared_at"]),
                commander=r["commander"],
                drill=bool(r["drill"]),
            )
            for r in rows
        ]

    # -- helpers -------------------------------------------------------------------------
    def _record(
        self,
        tx: Tx,
        incident_id: str,
        kind: str,
        text: str,
        data: dict[str, Any] | None = None,
        bump: bool = True,
    ) -> Entry:
        if bump:
            tx.run("UPDATE incident SET revision = revision + 1 WHERE id = ?", incident_id)
        # A secret warroom expanded for an action or a webhook never reaches the record.
        text, data = redact(text), redact_data(data)
        at = self.clock.now()
        entry_id = tx.value(
            "INSERT INTO timeline_entry (incident_id, at, kind, actor, text, data) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            incident_id, at, kind, self.actor, text, data,
        )  # fmt: skip
        tx.note(incident_id, int(entry_id))
        return Entry(int(entry_id), at, kind, self.actor, text, data)

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


_INFO = "id, title, severity, status, declared_at, resolved_at, drill, playbook_name"
_ENTRIES = "SELECT * FROM timeline_entry WHERE incident_id = ? AND id > ? ORDER BY id"
_NEWEST_AFTER = (
    "SELECT * FROM timeline_entry WHERE incident_id = ? AND id > ? ORDER BY id DESC LIMIT ?"
)
_COUNT_AFTER = "SELECT count(*) FROM timeline_entry WHERE incident_id = ? AND id > ?"
_KINDS_AFTER = "SELECT DISTINCT kind FROM timeline_entry WHERE incident_id = ? AND id > ?"
# Entries whose change touched the incident's own row (severity, status, resolution, title).
_INCIDENT_KINDS = frozenset({Kind.DECLARED, Kind.SEVERITY, Kind.STATUS, Kind.TITLE})
_HOST = socket.gethostname()


def _playbook(row: Row) -> Playbook:
    data = row["playbook"]
    return build(Playbook, json.loads(data) if isinstance(data, str | bytes) else data)


def _alive(pid: int | None) -> bool:
    """Whether a process of this machine is still running."""
    if not pid:
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True
