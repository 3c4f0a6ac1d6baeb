"""What the world reports into an incident: confirmed health changes, actions run, alerts
attached or silenced, status updates and where each got to. Nothing of health or alerts is
recorded in a resolved incident, and an alert only in the incident it is attached to. And a
drill's result, as its engine scored it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from warroom.core import events as payload
from warroom.core.clock import to_local
from warroom.core.errors import NotFound, UsageError
from warroom.core.events import Kind
from warroom.core.limits import NOTE, check
from warroom.core.state import Entry
from warroom.incident.base import update_deliveries
from warroom.incident.completion import CompletionRules
from warroom.storage.db import Row, Tx, view


class Recording(CompletionRules):
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
            # Verified healthy means recovered: the first checks confirming UP verify nothing
            # (the others may not even be confirmed yet), an endpoint back from a failure does.
            if state == "UP" and stored is not None:
                states = tx.all(
                    "SELECT state FROM endpoint_state WHERE incident_id = ?", incident["id"]
                )
                if all(row["state"] == "UP" for row in states):
                    self._complete(tx, incident, ["health:all-up"], "every endpoint is up again")
            return True

    def record_action(self, incident_id: str, label: str, text: str, data: dict[str, Any]) -> Entry:
        """An action started, finished, or was simulated (drills never run commands)."""
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            entry = self._record(tx, incident["id"], Kind.ACTION, text, {"action": label, **data})
            if data.get("phase") == "finished" or data.get("simulated"):
                kind = str(data.get("kind", ""))
                # A drill's action runs nothing: the tick says so rather than "ran".
                how = "was simulated: nothing ran" if data.get("simulated") else "ran"
                self._complete(tx, incident, [f"action:{kind}", "action:any"], f"{label} {how}")
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
            alert = payload.Alert.from_data(view(Entry, row).data)
            if alert.fingerprint == fingerprint and alert.silence is None:
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
        (`record_delivery`). With none, it is saved for manual posting (the caller offers a
        clipboard copy) and counts now, ticking what it completes.
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
            data = payload.Update(number=number, template=template, webhooks=hooks).to_data()
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
        from warroom.core.delivery import DELIVERED, FAILED, OUTCOMES, SENDING

        if outcome not in OUTCOMES:
            raise UsageError(f"unknown delivery outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            known = update_deliveries(tx, incident["id"])
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
            data = payload.Delivery(
                update=update, webhook=webhook, outcome=outcome, reason=reason, tries=tries
            ).to_data()
            entry = self._record(tx, incident["id"], Kind.DELIVERY, text, data)
            if outcome == DELIVERED and sent.posted_at is None:
                self._posted(tx, incident, sent.entry.id, sent.template)
            return entry

    def record_drill(self, incident_id: str, score: dict[str, Any]) -> Entry:
        """A drill's result, kept with the incident (and so in its exports)."""
        from warroom.incident.drill_score import summary

        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            text = summary(score)  # the points of each part, and what to do next time
            return self._record(tx, incident["id"], Kind.DRILL, text, score)
