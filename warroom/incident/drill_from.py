"""A drill written from a real incident (`warroom drill --from INC-42`): its timeline becomes
a scenario (see drill.py) to review, then play like any other.

- Health changes for the worse and attached alerts become events at their offsets from the
  declaration; a return to UP is left to the drill's own checks, which confirm the mending.
- Notes written before the mending action become messages from their authors; later ones
  would give the answer away, so they are listed in the file's header for the reviewer.
- The action taken last before the incident's endpoints were all UP again is the right
  action (its prompt answers are what fixes it); every other action tried does nothing.
- The severity declared and the playbook are kept; the target for mitigating is how long the
  team took, never less than the built-in scenarios' fifteen minutes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from warroom.core.config import ACTION_PLACEHOLDERS
from warroom.core.keys import RESERVED_KEYS
from warroom.core.limits import TITLE, cut
from warroom.core.state import Entry, IncidentState
from warroom.core.timefmt import t_plus

KINDS = ("rollback", "feature-flag", "scale", "restart", "circuit-breaker", "route-away", "custom")
# Action keys for the scenario, none of them the console's own: the built-in scenarios' key
# for a kind first, then the next free one.
KEYS = [k for k in "rfocxvwyhlm123456789" if k not in RESERVED_KEYS]
KIND_KEYS = {"rollback": "r", "feature-flag": "f", "route-away": "o", "scale": "c",
             "restart": "x", "circuit-breaker": "v"}  # fmt: skip
WORSE = ("DOWN", "DEGRADED")
MIN_TARGET = 900.0  # seconds: the built-in scenarios' mitigate_within


@dataclass
class Drafted:
    """The scenario's data, and what the reviewer should know about how it was made."""

    data: dict[str, Any]
    right: str | None  # the right action's label
    notes: list[str] = field(default_factory=list)


def scenario_from(state: IncidentState) -> Drafted:
    inc = state.incident
    start = inc.declared_at
    timeline = state.timeline
    offset = _offsets(start)
    notes: list[str] = []

    actions = [e for e in timeline if e.kind == "action" and _tried(e)]
    right = _right_action(timeline, actions, offset, notes)
    fixed_at = offset(right) if right is not None else None
    endpoints, events, broken = _breakage(timeline, offset)
    events += _messages(timeline, offset, fixed_at, notes)
    events.sort(key=lambda ev: ev["at"])

    scenario_actions, rules = _actions(actions, right, list(dict.fromkeys(broken)), notes)
    last = max((offset(e) for e in timeline), default=0.0)
    duration = max(1800.0, math.ceil((last + 600) / 300) * 300)
    target = max(MIN_TARGET, math.ceil((fixed_at or 0) / 60) * 60)
    scenario: dict[str, Any] = {
        "name": _name(inc.id, inc.title),
        "title": cut(inc.title, TITLE),
        "severity": _declared_severity(timeline, inc.severity),
        "playbook": inc.playbook_name,
        "description": f"Written from {inc.id} ({inc.status}, declared "
        f"{start:%Y-%m-%d %H:%M} UTC): review before playing.",
        "duration": f"{int(duration)}s",
        "mitigate_within": f"{int(target)}s",
        "endpoints": list(endpoints.values()),
        "events": [{**ev, "at": f"{int(ev['at'])}s"} for ev in events],
        "actions": scenario_actions,
        "rules": rules,
    }
    return Drafted(scenario, right_label(right), notes)


Offset = Callable[[Entry], float]


def _offsets(start: datetime) -> Offset:
    """Seconds from the declaration to an entry (never before it)."""
    return lambda e: max(0.0, (e.at - start).total_seconds())


def _right_action(
    timeline: list[Entry], actions: list[Entry], offset: Offset, notes: list[str]
) -> Entry | None:
    """The action taken last before the recovery, or None (and a note saying why)."""
    recovered = _recovery(timeline)
    before = [e for e in actions if recovered is None or e.id < recovered.id]
    right = before[-1] if before and recovered is not None else None
    if recovered is None:
        notes.append("no recovery is recorded (every endpoint UP again): no action mends it yet")
    elif right is None:
        notes.append(
            f"the endpoints were UP again at {t_plus(offset(recovered))} with no action "
            "before: no action mends it yet"
        )
    return right


def _breakage(
    timeline: list[Entry], offset: Offset
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], list[str]]:
    """The endpoints, the events that hurt them, and the names of those hurt (in order)."""
    endpoints: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    broken: list[str] = []
    for e in timeline:
        data = e.data or {}
        if e.kind == "health" and data.get("endpoint") and not data.get("already"):
            name, now = str(data["endpoint"]), str(data.get("state", "")).upper()
            if name.startswith("("):
                continue  # the checks' own probe, not an endpoint
            endpoints.setdefault(name, _endpoint(name))
            if now in WORSE:
                reason = str(data.get("reason") or "")
                events.append(_event(offset(e), "monitoring", e.text, name, now, reason))
                broken.append(name)
        elif e.kind == "alert" and data.get("name") and "silence" not in data:
            name = f"alert {data['name']}"
            endpoints.setdefault(name, _endpoint(name, alert=True))
            summary = str(data.get("summary") or "firing")
            events.append(_event(offset(e), "alertmanager", e.text, name, "DOWN", summary))
            broken.append(name)
    return endpoints, events, broken


def _messages(
    timeline: list[Entry], offset: Offset, fixed_at: float | None, notes: list[str]
) -> list[dict[str, Any]]:
    """Notes written before the fix, as messages; later ones are noted for the reviewer."""
    events = []
    for e, text in _notes(timeline):
        if fixed_at is None or offset(e) < fixed_at:
            events.append(_event(offset(e), e.actor or "note", text))
        else:
            notes.append(f"left out, written after the fix: {t_plus(offset(e))} {text}")
    return events


def right_label(entry: Entry | None) -> str | None:
    return str((entry.data or {}).get("action") or "") or None if entry else None


def _tried(e: Entry) -> bool:
    """An action someone took: started, or simulated in a drill (not its later phases)."""
    data = e.data or {}
    return data.get("phase") in ("started", None) and bool(data.get("action"))


def _recovery(timeline: list[Entry]) -> Entry | None:
    """The entry after which every endpoint recorded was UP again, having not been."""
    states: dict[str, str] = {}
    hurt = False
    for e in timeline:
        data = e.data or {}
        if e.kind != "health" or not data.get("endpoint") or str(data["endpoint"]).startswith("("):
            continue
        states[str(data["endpoint"])] = str(data.get("state", "")).upper()
        if any(s in WORSE for s in states.values()):
            hurt = True
        elif hurt and all(s == "UP" for s in states.values()):
            return e
    return None


def _notes(timeline: list[Entry]) -> list[tuple[Entry, str]]:
    """The notes as finally said: a corrected note reads as its correction, said when the
    note was."""
    fixes = {
        e.data["corrects"]: e.said
        for e in timeline
        if e.kind == "note" and e.data and e.data.get("corrects") is not None
    }
    return [
        (e, fixes.get(e.id, e.text))
        for e in timeline
        if e.kind == "note" and not (e.data or {}).get("corrects")
    ]


def _declared_severity(timeline: list[Entry], final: str) -> str:
    first = next((e for e in timeline if e.kind == "declared"), None)
    return str((first.data or {}).get("severity") or final) if first else final


def _name(ident: str, title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", f"{ident} {title}".lower()).strip("-")
    return words[:60].rstrip("-") or "from-incident"


def _endpoint(name: str, alert: bool = False) -> dict[str, Any]:
    if alert:
        return {"name": name, "group": "alerts", "kind": "alert", "reason": "not firing"}
    return {"name": name, "group": "recorded", "state": "UP"}


def _event(
    at: float, source: str, text: str, endpoint: str | None = None, state: str | None = None,
    reason: str = "",
) -> dict[str, Any]:  # fmt: skip
    event: dict[str, Any] = {"at": at, "source": source or "note", "text": text or "(empty)"}
    if endpoint is not None:
        event |= {"endpoint": endpoint, "state": state, "reason": reason}
    return event


def _actions(
    tried: list[Entry], right: Entry | None, broken: list[str], notes: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One action per label tried; the right one's answers mend every endpoint that broke."""
    actions: dict[str, dict[str, Any]] = {}
    answers_of: dict[str, dict[str, str]] = {}
    for e in tried:
        data = e.data or {}
        label = str(data["action"])
        if label in actions or len(actions) >= len(KEYS):
            continue
        answers_of[label] = {str(k): str(v) for k, v in (data.get("answers") or {}).items()}
        actions[label] = _action(
            data, label, answers_of[label], {a["key"] for a in actions.values()}
        )
    rules = _rules(actions, answers_of, right, broken, notes)
    return list(actions.values()), rules


def _action(
    data: dict[str, Any], label: str, answers: dict[str, str], taken: set[str]
) -> dict[str, Any]:
    """The scenario's action for one label tried, on its kind's key when that is free."""
    kind = str(data.get("kind") or "custom")
    kind = kind if kind in KINDS else "custom"
    argv = [str(a) for a in data.get("argv") or []] or ["true"]
    key = KIND_KEYS.get(kind, "")
    action: dict[str, Any] = {
        "key": key if key and key not in taken else next(k for k in KEYS if k not in taken),
        "label": label,
        "kind": kind,
        "command": _command(argv, answers),
    }
    if answers:
        # No default: which answer mends it is for the player to work out.
        action["prompts"] = [{"name": k, "label": k} for k in answers]
    return action


def _rules(
    actions: dict[str, dict[str, Any]],
    answers_of: dict[str, dict[str, str]],
    right: Entry | None,
    broken: list[str],
    notes: list[str],
) -> list[dict[str, Any]]:
    """The right action mends; every other kind tried does nothing."""
    rules: list[dict[str, Any]] = []
    if right is not None:
        label = str((right.data or {})["action"])
        rule: dict[str, Any] = {"kind": actions[label]["kind"], "effect": "fix"}
        if answers_of[label]:
            rule["answers"] = answers_of[label]
        rules.append({**rule, "endpoints": broken, "text": f"{label}: the endpoints recover"})
    kinds_with_rule = {r["kind"] for r in rules if "answers" not in r}
    for label, action in actions.items():
        if right is not None and label == right_label(right):
            if answers_of[label]:  # the same action with other answers did nothing
                rules.append({"kind": action["kind"], "effect": "none",
                              "text": f"{label}: no change (not with those answers)"})  # fmt: skip
            continue
        if action["kind"] in kinds_with_rule:
            notes.append(f"{label} is a {action['kind']} like the right action: it mends too")
            continue
        kinds_with_rule.add(action["kind"])
        rules.append({"kind": action["kind"], "effect": "none",
                      "text": f"{label}: no change (it did not help in the incident either)"})  # fmt: skip
    return rules


def _command(argv: list[str], answers: dict[str, str]) -> list[str]:
    """The command as run, with each answer given back as its prompt's {placeholder}."""
    out = []
    for arg in argv:
        # Braces that are not a prompt would read as one: shown in parentheses instead (a
        # drill shows its commands, never runs them).
        arg = re.sub(r"\{([a-z_][a-z0-9_]*)\}", r"(\1)", arg)
        for name, value in answers.items():
            if value and name not in ACTION_PLACEHOLDERS:
                arg = arg.replace(value, "{" + name + "}")
        out.append(arg)
    return out


def scenario_toml(drafted: Drafted, source: str) -> str:
    import tomli_w

    header = [
        f"# A drill written from {source} by `warroom drill --from`: review it, then play it",
        "# with `warroom drill FILE`. Health changes and alerts are events at their offsets,",
        "# notes are messages, the action taken last before recovery is the right one (rules),",
        "# and the other actions tried do nothing.",
    ]
    if drafted.right:
        header.append(f"# The right action: {drafted.right}.")
    header += [f"# Note: {note}" for note in drafted.notes]
    body = tomli_w.dumps(drafted.data, multiline_strings=False)
    return "\n".join(_comment_safe(h) for h in header) + "\n\n" + body


def _comment_safe(line: str) -> str:
    """A header line stays one comment line whatever a note said."""
    return " ".join(line.split())
