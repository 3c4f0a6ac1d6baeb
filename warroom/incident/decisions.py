"""Decisions put to the room: "We roll back 4512. Any strong objections?" A decision is
recorded with the options that were weighed and an objection window; anyone may object,
with a reason, while it runs. When it has run out the decision stands, or is contested if
anyone objected: decided from the clock by whichever console or command sees it first,
once (the incident is locked while the closing is checked and written)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from warroom.core import events
from warroom.core.command import ASKED, CLOSED, CONTESTED, OBJECTION, Decision, decisions_of
from warroom.core.errors import NotFound, UsageError
from warroom.core.events import Kind
from warroom.core.limits import ITEM, NOTE, check
from warroom.core.timefmt import format_duration
from warroom.core.words import plural
from warroom.incident.verbs import Verbs, entries_of, playbook_of
from warroom.storage.db import Row, Tx

LONGEST_WINDOW_S = 3600.0


class DecisionCommands(Verbs):
    def ask_decision(
        self,
        incident_id: str,
        text: str,
        options: Sequence[str] = (),
        window: float | None = None,
    ) -> Decision:
        """A decision, open to objections for `window` seconds (the playbook's if None)."""
        text = check(text.strip(), ITEM, "a decision")
        if not text:
            raise UsageError("a decision needs some text: what is decided")
        weighed = [check(o.strip(), ITEM, "an option") for o in options if o.strip()]
        if window is not None and not 0 < window <= LONGEST_WINDOW_S:
            raise UsageError(
                "an objection window is more than 0s and at most "
                f"{format_duration(LONGEST_WINDOW_S)}"
            )
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            if window is None:
                window = playbook_of(incident).command.objection_window
            number = len(decisions_of(entries_of(tx, incident["id"], Kind.DECISION))) + 1
            said = f"Decision {number}: {text}"
            if weighed:
                said += f" (options weighed: {' | '.join(weighed)})"
            said += f" — objections within {format_duration(window)}"
            entry = self._record(
                tx,
                incident["id"],
                Kind.DECISION,
                said,
                events.Decision(
                    decision=number, step=ASKED, text=text, options=weighed, window=window
                ).to_data(),
            )
        return Decision(number, text, tuple(weighed), entry.actor, entry.at, window)

    def object_to(self, incident_id: str, number: int, reason: str) -> None:
        """An objection to decision `number` while its window runs; refused once it has
        closed (and its closing is then recorded, if nobody had yet)."""
        reason = check(reason.strip(), NOTE, "an objection")
        if not reason:
            raise UsageError("an objection needs a reason")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            decisions = decisions_of(entries_of(tx, incident["id"], Kind.DECISION))
            decision = next((d for d in decisions if d.number == number), None)
            if decision is None:
                raise NotFound(f"{incident['id']} has no decision {number}")
            if incident["status"] == "resolved" and decision.outcome is None:
                raise UsageError(
                    f"{incident['id']} is resolved: decision {number} was left open at resolution"
                )
            now = self.clock.now()
            closed = self._close_due(tx, incident, decisions, now)
            if decision.open(now):
                self._record(
                    tx,
                    incident["id"],
                    Kind.DECISION,
                    f"Objection to decision {number} ({decision.text}): {reason}",
                    events.Decision(decision=number, step=OBJECTION, reason=reason).to_data(),
                )
                return
        ended = next((d for d in closed if d.number == number), decision)
        raise UsageError(
            f"decision {number}'s objection window has closed: it "
            f"{'is contested' if (ended.outcome or ended.verdict) == CONTESTED else 'stands'}"
        )

    def close_decisions(self, incident_id: str) -> list[Decision]:
        """Every decision whose objection window has run out, closed (stands or contested);
        those closed now. Closing twice writes nothing: safe to call from every console."""
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            decisions = decisions_of(entries_of(tx, incident["id"], Kind.DECISION))
            return self._close_due(tx, incident, decisions, self.clock.now())

    def _close_due(
        self, tx: Tx, incident: Row, decisions: list[Decision], now: datetime
    ) -> list[Decision]:
        closed: list[Decision] = []
        if incident["status"] == "resolved":
            return closed  # the windows stopped with the incident: left open at resolution
        for d in decisions:
            if not d.due_to_close(now):
                continue
            verdict = d.verdict
            text = f"Decision {d.number} {verdict}: {d.text}"
            if verdict == CONTESTED:
                count = len(d.objections)
                text += f" ({plural(count, 'objection')})"
            self._record(
                tx,
                incident["id"],
                Kind.DECISION,
                text,
                events.Decision(
                    decision=d.number, step=CLOSED, outcome=verdict, objections=len(d.objections)
                ).to_data(),
            )
            closed.append(d)
        return closed
