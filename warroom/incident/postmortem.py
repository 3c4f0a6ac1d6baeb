"""From the timeline to a blameless postmortem draft, and the incident as portable JSON."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from warroom.core.chain import GENESIS
from warroom.core.clock import to_local
from warroom.core.corrections import CORRECTED
from warroom.core.delivery import DELIVERED, FAILED, UpdateDelivery
from warroom.core.events import Alert, Drill, Health, Kind, Payload, Status
from warroom.core.fields import to_data
from warroom.core.limits import ENTRY, TITLE, cut, shown
from warroom.core.state import IncidentState
from warroom.core.timefmt import format_duration, t_plus
from warroom.text.safe import safe_line

EXPORT_FORMAT = "warroom-incident"
EXPORT_VERSION = 1


def metrics(state: IncidentState) -> dict[str, float | None]:
    """Seconds from declaration to acknowledge (first IC), mitigate, resolve; detect if known.

    Mitigated is when the fix was in and being watched: the first status past "mitigating"
    (monitoring, or resolved straight away). "mitigating" itself only says a fix is being
    applied: that is when mitigation began."""
    start = state.incident.declared_at
    since = lambda when: (when - start).total_seconds() if when else None  # noqa: E731

    def first(*statuses: str) -> datetime | None:
        return next(
            (
                e.at
                for e in state.timeline
                if e.kind == Kind.STATUS and Status.from_data(e.data).to in statuses
            ),
            None,
        )

    # Time to detect: from when the first attached alert says the problem began (its
    # startsAt) until the incident was declared.
    alerts = [Alert.from_data(e.data) for e in state.timeline if e.kind == Kind.ALERT]
    began = [datetime.fromisoformat(str(a.starts_at)) for a in alerts if a.starts_at]
    return {
        "time_to_detect": max(0.0, (start - min(began)).total_seconds()) if began else None,
        "time_to_acknowledge": since(state.commander_since),
        # Only the status itself: a later status's time is not when mitigating began.
        "time_to_start_mitigating": since(first("mitigating")),
        "time_to_mitigate": since(first("monitoring", "resolved")),
        "time_to_resolve": since(state.incident.resolved_at),
    }


def _when(at: datetime) -> str:
    return to_local(at).strftime("%Y-%m-%d %H:%M:%S %Z")


# What markdown would read as markup inside a line of text: emphasis, code, links, HTML,
# entities, table cells; and, at its start, a heading, list or quote marker.
_MARKUP = re.compile(r"([\\`*_\[\]<>~|&])")
_LINE_START = re.compile(r"^(\d*)([#>+=.)-])")


def _cell(text: str) -> str:
    """Untrusted text for one line of the draft (a table cell or a list item), shown literally
    where the draft is read as markdown: `[bold]` or `*x*` in a note is text, not markup."""
    line = _MARKUP.sub(r"\\\1", safe_line(shown(text, ENTRY)))
    return _LINE_START.sub(r"\1\\\2", line)


def _update_line(update: UpdateDelivery, start: datetime) -> str:
    """An update and where it got to: delivered (when), failed (why), or copied."""
    line = f"- {t_plus(update.entry.at - start)} {_cell(update.entry.text)}"
    if not update.tracked:
        return line  # recorded before deliveries were
    if update.copied:
        return f"{line} (saved for manual posting (no webhook))"
    where = []
    for hook in update.hooks:
        if hook.state == DELIVERED:
            where.append(f"delivered to {_cell(hook.webhook)} at {t_plus(hook.at - start)}")
        elif hook.state == FAILED:
            where.append(f"{_cell(hook.webhook)}: FAILED {_cell(hook.reason)}".rstrip())
        else:
            where.append(f"{_cell(hook.webhook)}: no outcome recorded")
    verdict = "" if update.posted_at else "NOT DELIVERED: "
    return f"{line} ({verdict}{'; '.join(where)})"


def markdown(state: IncidentState, now: datetime) -> str:
    """A blameless postmortem draft: the facts filled in, the judgement left to people."""
    start = state.incident.declared_at
    lines = _summary(state, now)
    lines += _impact(state)
    lines += _metrics(state, now)
    lines += _severity_history(state, start)
    lines += _roles(state, start)
    lines += _timeline(state, start)
    lines += _sections(state, start)
    lines += _command_lines(state, now)
    lines += _drill_score(state)
    lines += _undone(state)
    lines += _TO_FILL_IN
    return "\n".join(lines)


def _summary(state: IncidentState, now: datetime) -> list[str]:
    inc = state.incident
    lines = [f"# Post-mortem: {_cell(cut(inc.title, TITLE))} ({inc.id})", ""]
    if inc.drill:
        lines += ["> This was a **drill**, not a real incident.", ""]
    lines += [
        "## Summary",
        "",
        f"- Severity: {_cell(inc.severity)} (final); status: {inc.status}",
        f"- Declared: {_when(inc.declared_at)}",
        f"- Resolved: {_when(inc.resolved_at) if inc.resolved_at else 'not yet'}",
        f"- Duration: {format_duration(state.elapsed(now).total_seconds())}",
        f"- Playbook: {_cell(inc.playbook_name)}",
        "",
        "Brief description of what happened: _to fill in_",
        "",
    ]
    return lines


def _impact(state: IncidentState) -> list[str]:
    down = {
        _cell(str(h.endpoint))
        for h in (Health.from_data(e.data) for e in state.timeline if e.kind == Kind.HEALTH)
        if h.state == "DOWN"
    }
    return [
        "## Impact",
        "",
        "- Users affected: _to fill in_",
        "- Services impacted: " + (", ".join(sorted(down)) or "_to fill in_"),
        "- Data loss: _to fill in_",
        "",
    ]


def _skipped(state: IncidentState, status: str) -> str | None:
    """Why a status has no time: it was passed over ("from investigating to resolved")."""
    order = ("investigating", "identified", "mitigating", "monitoring", "resolved")
    moves = [Status.from_data(e.data) for e in state.timeline if e.kind == Kind.STATUS]
    for move in moves:
        if move.to in order and order.index(move.to) > order.index(status):
            return f"not recorded: the status went from {move.from_ or 'before'} to {move.to}"
    return None


def _since_undone(state: IncidentState, mitigated: float | None) -> str:
    """A mitigation the incident has since gone back from (reopened, or back to work on it):
    its time stays, with what is true now beside it."""
    status = state.incident.status
    if mitigated is None or status in ("monitoring", "resolved"):
        return ""
    return f", since back to {status}"


def _metrics(state: IncidentState, now: datetime) -> list[str]:
    m = metrics(state)
    fmt = lambda s: format_duration(s) if s is not None else "n/a"  # noqa: E731
    yet = lambda s: format_duration(s) if s is not None else "not yet"  # noqa: E731
    began = m["time_to_start_mitigating"]
    began_said = yet(began) if began is not None else _skipped(state, "mitigating") or "not yet"
    lines = [
        "## Metrics",
        "",
        f"- Time to detect: {fmt(m['time_to_detect'])}",
        f"- Time to acknowledge (first Incident Commander): {fmt(m['time_to_acknowledge'])}",
        f"- Time to start mitigating (status mitigating): {began_said}",
        f"- Time to mitigate (status monitoring or resolved): {yet(m['time_to_mitigate'])}"
        + _since_undone(state, m["time_to_mitigate"]),
        f"- Time to resolve: {yet(m['time_to_resolve'])}",
        "",
        "## Response targets",
        "",
    ]
    targets = state.response_targets(now)
    never = {"IC": "never named", "update": "never delivered" if state.deliveries else "none sent"}
    for what, met, seconds in targets:
        if state.incident.resolved_at is not None and (
            what == "IC" and state.commander_since is None or what == "update" and not state.updates
        ):
            # Resolved without it: not "open" and no time of its own; it never happened.
            missed = "missed, " if met is False else ""
            lines.append(f"- First {what}: {missed}{never[what]} before resolution")
            continue
        verdict = "met" if met else ("missed" if met is False else "open")
        lines.append(f"- First {what}: {verdict} ({format_duration(seconds)})")
    if not targets:
        lines.append("- No response target for this severity")
    return lines


def _severity_history(state: IncidentState, start: datetime) -> list[str]:
    changes = [e for e in state.timeline if e.kind in (Kind.DECLARED, Kind.SEVERITY)]
    lines = ["", "## Severity history", ""]
    lines += [f"- {t_plus(e.at - start)} {_cell(e.text)} ({_cell(e.actor)})" for e in changes]
    return lines


def _roles(state: IncidentState, start: datetime) -> list[str]:
    lines = ["", "## Roles and hand-overs", ""]
    names = {r.key: r.name for r in state.playbook.roles}
    for a in state.role_history:
        until = f" until {t_plus(a.ended_at - start)}" if a.ended_at else ""
        lines.append(
            f"- {_cell(names.get(a.role, a.role))}: {_cell(a.holder)} "
            f"from {t_plus(a.assigned_at - start)}{until}"
        )
    if not state.role_history:
        lines.append("- No roles were assigned")
    return lines


def _timeline(state: IncidentState, start: datetime) -> list[str]:
    lines = ["", "## Timeline", "", "| T+ | Time | Who | What | Event |", "|---|---|---|---|---|"]
    later = {
        fixes: e
        for e in state.timeline
        if e.kind in CORRECTED and (fixes := Payload.from_data(e.data).corrects) is not None
    }
    for e in state.timeline:
        at = to_local(e.at).strftime("%H:%M:%S")
        text = _cell(e.text)
        if fix := later.get(e.id):  # said wrongly, and said again later: both stay
            text += f" ({CORRECTED[fix.kind]} at {t_plus(fix.at - start)})"
        lines.append(f"| {t_plus(e.at - start)} | {at} | {_cell(e.actor)} | {e.kind} | {text} |")
    return lines


def _sections(state: IncidentState, start: datetime) -> list[str]:
    """Actions, health transitions, status updates (with where each got to), escalations."""
    sections = [
        ("Actions run", Kind.ACTION),
        ("Health transitions", Kind.HEALTH),
        ("Status updates", Kind.UPDATE),
        ("Escalations", Kind.ESCALATION),
    ]
    lines: list[str] = []
    for title, kind in sections:
        lines += ["", f"## {title}", ""]
        if kind == Kind.UPDATE:
            lines += [_update_line(d, start) for d in state.deliveries] or ["- None"]
            continue
        entries = [e for e in state.timeline if e.kind == kind]
        lines += [f"- {t_plus(e.at - start)} {_cell(e.text)}" for e in entries] or ["- None"]
    return lines


def _command_lines(state: IncidentState, now: datetime) -> list[str]:
    """The tasks given with what became of each, and the decisions with their objections."""
    start = state.incident.declared_at
    lines = ["", "## Tasks", ""]
    if state.tasks:
        lines += [
            "| # | To | Task | Given | Time box | Outcome | Said |",
            "|---|---|---|---|---|---|---|",
        ]
    for t in state.tasks:
        if t.state == "open" and state.resolved:
            outcome = "open at resolution"
        elif t.state == "open":
            left = t.left(now)
            outcome = f"OPEN, overdue by {format_duration(-left)}" if left < 0 else "open"
        elif t.state == "done" and t.closed_at is not None:
            took = format_duration((t.closed_at - t.given_at).total_seconds())
            outcome = f"done in time ({took})" if t.in_time else f"done late ({took})"
        else:
            outcome = "dropped"
        lines.append(
            f"| {t.number} | {_cell(t.to)} | {_cell(t.text)} | {t_plus(t.given_at - start)} | "
            f"{format_duration(t.within)} | {outcome} | {_cell(t.outcome)} |"
        )
    if not state.tasks:
        lines.append("- None")
    lines += ["", "## Decisions", ""]
    for d in state.decisions:
        if d.outcome is not None:
            verdict = d.outcome
        elif state.resolved:
            verdict = "open at resolution"
        elif d.open(now):
            verdict = "open to objections"
        else:
            verdict = f"{d.verdict} (window closed, not yet recorded)"
        lines.append(
            f"- {t_plus(d.asked_at - start)} **{_cell(d.text)}** ({_cell(d.asked_by)}): {verdict}"
        )
        if d.options:
            lines.append(f"  - options weighed: {'; '.join(_cell(o) for o in d.options)}")
        for o in d.objections:
            lines.append(
                f"  - objection ({_cell(o.by)}, {t_plus(o.at - start)}): {_cell(o.reason)}"
            )
    if not state.decisions:
        lines.append("- None")
    return lines


def _drill_score(state: IncidentState) -> list[str]:
    scores = [e for e in state.timeline if e.kind == Kind.DRILL]
    if not scores:
        return []
    from warroom.incident.drill_score import next_lines, part_lines

    result = Drill.from_data(scores[-1].data).extra
    lines = ["", "## Drill score", "", f"- Score: {result.get('score')}/100"]
    lines += [
        f"- {_cell(label)}: {points}, {_cell(said)}" for label, points, said in part_lines(result)
    ]
    advice = next_lines(result)
    if advice:
        lines += ["", *(f"- {_cell(line)}" for line in advice)]
    return lines


def _undone(state: IncidentState) -> list[str]:
    undone = [i for i in state.items if not i.done]
    phase_titles = {p.key: p.title for p in state.playbook.phases}
    lines = ["", "## Checklist items left undone", ""]
    lines += [
        f"- [ ] {_cell(i.text)} ({_cell(phase_titles.get(i.phase, i.phase))})" for i in undone
    ] or ["- None"]
    return lines


# What only people can say: left for them to write.
_TO_FILL_IN = [
    "",
    "## Root cause",
    "",
    "_Detailed explanation of what caused the incident._",
    "",
    "## What went well",
    "",
    "- ",
    "",
    "## What could be better",
    "",
    "- ",
    "",
    "## Action items",
    "",
    "| Action | Owner | Due date |",
    "|---|---|---|",
    "|  |  |  |",
    "",
]


def to_json(
    state: IncidentState,
    endpoints: list[dict[str, Any]] | None = None,
    chained_as: str | None = None,
) -> dict[str, Any]:
    """Everything about the incident, without database row ids (so it can move databases),
    and its hash chain (`chained_as`: the id the chain names, when not the incident's)."""
    inc = state.incident
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    item_index = {item.id: n for n, item in enumerate(state.items)}
    entry_index = {entry.id: n for n, entry in enumerate(state.timeline)}

    def entry_data(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data and "item" in data:  # checklist entries point at items by position
            data = {**data, "item": item_index.get(data["item"])}
        if data and data.get("corrects") is not None:  # corrections, at entries by position
            data = {**data, "corrects": entry_index.get(data["corrects"])}
        return data

    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "incident": {
            "id": inc.id,
            "title": inc.title,
            "severity": inc.severity,
            "status": inc.status,
            "declared_at": iso(inc.declared_at),
            "resolved_at": iso(inc.resolved_at),
            "drill": inc.drill,
            "playbook_name": inc.playbook_name,
            "playbook": to_data(state.playbook),
        },
        "roles": [
            {
                "role": a.role,
                "holder": a.holder,
                "assigned_at": iso(a.assigned_at),
                "assigned_by": a.assigned_by,
                "ended_at": iso(a.ended_at),
            }
            for a in state.role_history
        ],
        "checklist": [
            {
                "phase": i.phase,
                "position": i.position,
                "text": i.text,
                "detail": i.detail,
                "role": i.role,
                "due_s": i.due_s,
                "done": i.done,
                "done_at": iso(i.done_at),
                "done_by": i.done_by,
            }
            for i in state.items
        ],
        "timeline": [
            {
                "at": iso(e.at),
                "kind": e.kind,
                "actor": e.actor,
                "text": e.text,
                "data": entry_data(e.data),
                "prev": e.prev_hash,
                "hash": e.hash,
            }
            for e in state.timeline
        ],
        "endpoints": endpoints or [],
        # The hash chain's name for the incident and its head: `warroom verify FILE` checks
        # every entry against them (an entry cut from the end too).
        "chain": {
            "incident": chained_as or inc.id,
            "entries": len(state.timeline),
            "head": state.timeline[-1].hash if state.timeline else GENESIS,
        },
    }
