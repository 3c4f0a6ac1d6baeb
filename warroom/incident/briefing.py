"""The briefing a role's new holder gets at a hand-over, written from the live state: the
severity and for how long, the status, what has been tried and how it went, the open tasks
and decisions, what is down, and when the next update is due. Written in the same
transaction as the hand-over (so it says what was true at that moment) and kept in the
timeline; `warroom brief` writes one from the state of now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.core import events
from warroom.core.command import CONTESTED
from warroom.core.events import Kind
from warroom.core.limits import ITEM, cut
from warroom.core.state import IncidentState
from warroom.core.timefmt import mm_ss, short_span, t_plus
from warroom.core.words import plural
from warroom.incident.queries import Queries
from warroom.incident.verbs import Verbs
from warroom.storage.db import Row, Tx, utc

# What "tried" lists: an action's end, its verification, a drill's simulated run.
_TRIED = ("finished", "verified", "drill")
TRIED_SHOWN = 6  # the most recent actions in a briefing; the timeline has them all


def briefing(
    state: IncidentState,
    endpoints: list[dict[str, Any]],
    now: datetime,
    heading: str,
) -> list[str]:
    """The briefing's lines, the first being `heading`."""
    now = state.until(now)  # a resolved incident's durations stop at its resolution
    return [
        heading,
        *_standing(state, now),
        *_tried(state),
        *_open_tasks(state, now),
        *_open_decisions(state, now),
        _down(endpoints, now),
        _next_update(state, now),
        *undelivered(state),
    ]


def _standing(state: IncidentState, now: datetime) -> list[str]:
    """Which incident, how long, and its severity and status with how long each has held."""
    incident = state.incident
    severity_for = short_span((now - state.severity_since).total_seconds())
    status_for = short_span((now - state.status_since).total_seconds())
    return [
        f"{incident.id} at {t_plus(state.elapsed(now))}: {cut(incident.title, ITEM)}",
        f"Severity {incident.severity} for {severity_for}; "
        f"status {incident.status} for {status_for}",
    ]


def _tried(state: IncidentState) -> list[str]:
    start = state.incident.declared_at
    tried = [
        e for e in state.milestones
        if e.kind == Kind.ACTION and (e.data or {}).get("phase") in _TRIED
    ]  # fmt: skip
    lines = ["Tried:" if tried else "Tried: nothing yet"]
    for e in tried[-TRIED_SHOWN:]:
        lines.append(f"  {t_plus(e.at - start)} {cut(e.text, ITEM)}")
    if len(tried) > TRIED_SHOWN:
        lines.append(f"  (and {len(tried) - TRIED_SHOWN} earlier: see the timeline)")
    return lines


def _open_tasks(state: IncidentState, now: datetime) -> list[str]:
    open_tasks = state.open_tasks
    lines = ["Open tasks:" if open_tasks else "Open tasks: none"]
    for t in open_tasks:
        left = t.left(now)
        said = f"{mm_ss(left)} left" if left >= 0 else f"OVERDUE by {mm_ss(-left)}"
        said = "open at resolution" if state.resolved else said
        lines.append(f"  {t.number} {t.to}: {t.text} — {said}")
    return lines


def _open_decisions(state: IncidentState, now: datetime) -> list[str]:
    decisions = [d for d in state.decisions if d.outcome is None or d.outcome == CONTESTED]
    lines = ["Decisions open or contested:" if decisions else "Decisions open: none"]
    for d in decisions:
        if d.outcome is None and state.resolved:
            where = "open at resolution"
        elif d.outcome is None and d.open(now):
            where = f"open to objections, {mm_ss(d.left(now))} left"
        elif d.outcome is None:
            where = f"window closed: {d.verdict}"
        else:
            where = "contested"
        count = len(d.objections)
        objections = f", {plural(count, 'objection')}" if count else ""
        lines.append(f"  {d.number} {d.text} — {where}{objections}")
    return lines


def _down(endpoints: list[dict[str, Any]], now: datetime) -> str:
    down = [ep for ep in endpoints if ep["state"] != "UP"]
    if not endpoints:
        return "Down: nothing watched"
    if not down:
        return "Down: nothing (every watched check is up)"
    parts = []
    for ep in down:
        since = short_span((now - utc(ep["since"])).total_seconds())
        reason = f", {ep['reason']}" if ep.get("reason") else ""
        parts.append(f"{ep['name']} {ep['state']} for {since}{reason}")
    return "Down: " + "; ".join(parts)


def _next_update(state: IncidentState, now: datetime) -> str:
    due = state.update_due_in(now)
    if due is None:
        return "Next update: none due"
    if due >= 0:
        return f"Next update: due in {mm_ss(due)}"
    return f"Next update: OVERDUE by {mm_ss(-due)}"


def undelivered(state: IncidentState) -> list[str]:
    """The status updates that reached nobody (yet): failed, or still sending."""
    lines = []
    for d in state.deliveries:
        if d.posted_at is None and d.tracked:
            word = "NOT DELIVERED" if d.failed else "sending"
            lines.append(f"Update {d.number} {word}: {d.summary()}")
    return lines


class BriefingCommands(Verbs):
    def brief(self, incident_id: str) -> str:
        """A briefing from the state of now (what `warroom brief` prints)."""
        from warroom.core.ids import parse_incident_id

        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            state = self._whole(tx, ident, window=1)
            endpoints = _endpoints(tx, ident)
        now = self.clock.now()
        heading = f"Briefing at {now:%H:%M:%S} UTC, from the live state"
        return "\n".join(briefing(state, endpoints, now, heading))


def write_briefing(
    service: Queries, tx: Tx, incident: Row, role: str, role_name: str, holder: str, previous: str
) -> None:
    """At a hand-over, in its transaction: the briefing for the new holder, kept."""
    state = service._whole(tx, incident["id"], window=1)  # the milestones are what it needs
    now = service.clock.now()
    heading = f"Briefing for {holder}, {role_name} (handed over from {previous})"
    lines = briefing(state, _endpoints(tx, incident["id"]), now, heading)
    service._record(
        tx,
        incident["id"],
        Kind.BRIEFING,
        "\n".join(lines),
        events.Briefing(role=role, to=holder, from_=previous).to_data(),
    )


def _endpoints(tx: Tx, ident: str) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in tx.all(
            "SELECT name, state, since, reason FROM endpoint_state WHERE incident_id = ? "
            "ORDER BY name",
            ident,
        )
    ]
