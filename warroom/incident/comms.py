"""Status updates: templates filled in from the incident, the placeholders left in them,
actions told in words, and delivery to webhooks (one outcome per webhook, in a word)."""

from __future__ import annotations

import asyncio
import errno
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from warroom.core.clock import to_local
from warroom.core.config import Webhook
from warroom.core.delivery import DELIVERED, FAILED
from warroom.core.events import Action, Kind
from warroom.core.ids import UNTITLED
from warroom.core.state import Entry, IncidentState
from warroom.core.timefmt import format_duration, t_plus
from warroom.incident.chat import Message, request
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    import httpx

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# A gap for a person to fill: "[what's happening next]". Not "[{severity}]", which the
# template fills in itself ("[SEV-1]").
GAP = re.compile(r"\[[^\[\]{}\n]+\]")

# What the status means, said to people outside the response.
STATUS_SENTENCES = {
    "investigating": "The team is investigating.",
    "identified": "The cause has been identified and the team is working on a fix.",
    "mitigating": "The team is applying a fix.",
    "monitoring": "A fix has been applied and the team is monitoring the results.",
    "resolved": "The incident is resolved.",
}


def fill(template: str, values: dict[str, str]) -> str:
    """Known {placeholders} filled in; unknown ones left for the person to edit."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


DRILL_MARK = "DRILL, not a real incident"


def drafted(template: str, state: IncidentState, now: datetime) -> str:
    """A template filled in for this incident; a drill's says so even when its template
    does not (a playbook's own template may say "Production incident")."""
    text = fill(template, values(state, now))
    if state.incident.drill and text.strip() and DRILL_MARK not in text:
        text = f"[{DRILL_MARK}]\n{text.lstrip()}"
    return text


def clock_time(when: datetime) -> str:
    """A time of day as the responder reads it elsewhere in the console, with its zone:
    "03:12 UTC"."""
    return to_local(when).strftime("%H:%M %Z").strip()


def values(state: IncidentState, now: datetime) -> dict[str, str]:
    incident = state.incident
    roles = state.roles

    def holder(key: str) -> str:
        held = roles.get(key)
        return held.holder if held else "[unassigned]"

    try:
        cadence = state.playbook.severity(incident.severity).update_every
    except KeyError:
        cadence = None
    actions = actions_in_words(state.milestones)[-3:]
    return {
        "incident": incident.id,
        "severity": incident.severity,
        "title": "[title]" if incident.title == UNTITLED else incident.title,
        # What the update is about: a drill never reads as a production incident.
        "kind": DRILL_MARK if incident.drill else "Production incident",
        "status": incident.status,
        "status_sentence": STATUS_SENTENCES.get(incident.status, f"Status: {incident.status}."),
        # An untitled incident has no impact to quote: a gap to fill, not "Untitled incident".
        "impact": "[the impact]" if incident.title == UNTITLED else incident.title,
        "started": to_local(incident.declared_at).strftime("%Y-%m-%d %H:%M %Z"),
        "tplus": t_plus(state.elapsed(now)),
        "time": clock_time(now),
        "commander": holder("ic"),
        "tech_lead": holder("tech"),
        "comms_lead": holder("comms"),
        "scribe": holder("scribe"),
        # The number this update will have in the timeline ("Update 3 delivered to chat").
        "update_number": str(len(state.deliveries) + 1),
        "last_actions": "; ".join(actions) or "[none yet]",
        "cadence": format_duration(cadence) if cadence else "[as needed]",
        "next_update": clock_time(now + timedelta(seconds=cadence))
        if cadence
        else "[time of the next update]",
    }


def gaps(template: str, filled: dict[str, str]) -> list[str]:
    """What a filled template may still hold for a person to replace: the template's own
    "[what's happening next]", the gaps filled in where the incident has nothing to say yet
    ("[unassigned]"), and {fields} nobody knows."""
    found = GAP.findall(template)
    found += [v for v in filled.values() if GAP.fullmatch(v)]
    found += [m.group(0) for m in PLACEHOLDER.finditer(template) if m.group(1) not in filled]
    return list(dict.fromkeys(found))


def left_over(text: str, placeholders: Iterable[str]) -> list[str]:
    """The placeholders still in the text, in their order there."""
    return sorted((p for p in set(placeholders) if p in text), key=text.index)


# -- actions in words ---------------------------------------------------------------------
# Verbs an action's label may start with ("Restart auth", "Roll back web"), and their past
# tense where it is not the regular one. A label that starts otherwise ("Web rollback") is
# quoted as it is.
_IRREGULAR = {
    "break": "broke",
    "bring": "brought",
    "build": "built",
    "cut": "cut",
    "failover": "failed over",
    "freeze": "froze",
    "hold": "held",
    "make": "made",
    "put": "put",
    "rebuild": "rebuilt",
    "rerun": "reran",
    "rollback": "rolled back",
    "run": "ran",
    "send": "sent",
    "set": "set",
    "shed": "shed",
    "shut": "shut",
    "split": "split",
    "spin": "spun",
    "take": "took",
    "undo": "undid",
    "unfreeze": "unfroze",
}
_DOUBLED = {"drop", "flip", "pin", "plug", "ship", "stop", "swap", "tap", "trip", "cap", "strip"}
_VERBS = set(_IRREGULAR) | _DOUBLED | {
    "add", "apply", "archive", "block", "bounce", "bump", "capture", "change", "clear", "close",
    "cordon", "deploy", "disable", "downgrade", "drain", "enable", "evict", "fail", "fix",
    "flush", "increase", "decrease", "isolate", "kill", "limit", "lock", "lower", "move",
    "open", "patch", "pause", "preserve", "promote", "purge", "quarantine", "raise", "reboot",
    "recycle", "redeploy", "redirect", "reload", "remove", "replace", "reroute", "reset",
    "restart", "restore", "resume", "revert", "revoke", "roll", "rotate", "route", "scale",
    "shift", "snapshot", "start", "suspend", "switch", "throttle", "toggle", "turn", "unblock",
    "unlock", "update", "upgrade",
}  # fmt: skip
_URL = re.compile(r"\S+://\S*")


def _past(verb: str) -> str:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb in _DOUBLED:
        return verb + verb[-1] + "ed"
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _gerund(verb: str) -> str:
    base = {"rollback": "roll", "failover": "fail"}.get(verb, verb)
    rest = {"rollback": " back", "failover": " over"}.get(verb, "")
    if base in _DOUBLED or base in ("run", "set", "shut", "cut", "put", "spin", "rerun"):
        return base + base[-1] + "ing" + rest
    if base.endswith("e") and not base.endswith("ee"):
        return base[:-1] + "ing" + rest
    return base + "ing" + rest


@dataclass
class _Run:
    label: str
    answers: dict[str, str] = field(default_factory=dict)
    state: str = "running"  # running, done, failed, stopped
    checks_pass: bool = False


def actions_in_words(timeline: Iterable[Entry]) -> list[str]:
    """Each action run, oldest first, as stakeholders should read it: "restarted auth",
    "rolled back web to v1.4.2", "tried to restart auth (it did not succeed)".

    Read from the entries' data (label, prompted answers, exit status, the check after it),
    never their text: no command line, no URL, no guess about health still being confirmed.
    """
    runs: list[_Run] = []
    running: dict[str, _Run] = {}
    for entry in timeline:
        if entry.kind != Kind.ACTION or not entry.data:
            continue
        act = Action.from_data(entry.data)
        label = str(act.action or "").strip()
        answers = dict(act.answers) if isinstance(act.answers, dict) else {}
        if act.simulated:  # a drill's action: done, as far as the story goes
            runs.append(_Run(label, answers, "done"))
        elif act.phase == "started":
            running[label] = _Run(label, answers)
            runs.append(running[label])
        elif act.phase == "finished":
            run = running.pop(label, None)
            if run is None:
                runs.append(run := _Run(label))
            run.state = _finished(act)
        elif act.phase == "verified" or act.recovered is not None:
            done = [r for r in runs if r.label == label and r.state == "done"]
            if done and _checks_pass(act):
                done[-1].checks_pass = True
    return [_describe(run) for run in runs if run.label]


def _finished(act: Action) -> str:
    """How a finished action ended: done, stopped (cancelled) or failed."""
    ok = act.ok if act.ok is not None else act.exit_code == 0
    if ok:
        return "done"
    return "stopped" if str(act.reason or "") == "cancelled" else "failed"


def _checks_pass(act: Action) -> bool:
    """Whether the check after an action found its endpoints recovered."""
    return (
        act.recovered is True
        or act.outcome == "recovered"
        or (act.failing == [] and not act.confirming)
    )


def _describe(run: _Run) -> str:
    label = _URL.sub("", safe_line(run.label)).strip()
    for name, value in run.answers.items():
        value = safe_line(str(value)).strip()
        if not value or "://" in value:
            continue
        name = str(name).replace("_", " ")
        if name in ("version", "release", "tag", "target"):
            label += f" to {value}"
        elif name in ("replicas", "count", "instances", "nodes", "size"):
            label += f" to {value} {name}"
        elif name.lower() in label.lower():
            label += f" {value}"
        else:
            label += f" ({name} {value})"
    first, _, rest = label.partition(" ")
    verb = first.lower()
    tail = f" {rest}" if rest else ""
    checks = " (checks pass again)" if run.checks_pass else ""
    if verb not in _VERBS:
        said = {"done": "done", "failed": "did not succeed", "stopped": "stopped"}
        return f"{label}: {said.get(run.state, 'under way')}{checks}"
    base = verb + tail
    if run.state == "done":
        return _past(verb) + tail + checks
    if run.state == "failed":
        return f"tried to {base} (it did not succeed)"
    if run.state == "stopped":
        return f"started to {base}, then stopped it"
    return _gerund(verb) + tail + " (under way)"


# -- delivery -----------------------------------------------------------------------------
Sleep = Callable[[float], Awaitable[None]]
OnTry = Callable[[Webhook, int, int, str], None]  # hook, try, of tries, why the last failed


@dataclass(frozen=True)
class Sent:
    ok: bool
    reason: str  # "HTTP 200"; or why not: "connection refused", "HTTP 500", "no answer in 5s"
    tries: int


def _seconds(value: float) -> str:
    return f"{value:g}s" if value < 60 else format_duration(value)


def failure(exc: BaseException, timeout: float) -> str:
    """Why a request got no answer, in a few words (never the URL, which may hold a secret)."""
    import httpx

    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return f"no answer in {_seconds(timeout)}"
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 10:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(c, ConnectionRefusedError) for c in chain):
        return "connection refused"
    if any(isinstance(c, socket.gaierror) for c in chain):
        return "host not found"
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in chain):
        return "TLS certificate not trusted"
    if any(isinstance(c, ssl.SSLError) for c in chain):
        return "TLS handshake failed"
    unreachable = (errno.ENETUNREACH, errno.EHOSTUNREACH)
    if any(isinstance(c, OSError) and c.errno in unreachable for c in chain):
        return "network unreachable"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection closed without an answer"
    if isinstance(exc, httpx.ReadError | httpx.WriteError | ConnectionResetError):
        return "connection reset"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    return type(exc).__name__


def _refusal(response: httpx.Response) -> str:
    """A refusal in a few words: the status, and the Matrix error code when the server gave
    one ("HTTP 403 M_FORBIDDEN"); never the body's free text, which may echo the request."""
    reason = f"HTTP {response.status_code}"
    if response.headers.get("content-type", "").startswith("application/json"):
        try:
            code = response.json().get("errcode")
        except (ValueError, AttributeError):
            code = None
        if isinstance(code, str) and code.isidentifier() and len(code) <= 40:
            reason += f" {code}"
    return reason


async def post_webhook(
    client: httpx.AsyncClient,
    hook: Webhook,
    message: Message,
    sleep: Sleep = asyncio.sleep,
    on_try: OnTry | None = None,
) -> Sent:
    """Send the update in the hook's format; a failure that may pass (no answer, 5xx, 429)
    is tried again with backoff (the same request: Matrix's transaction id makes a repeat
    land once). Each try is bounded by the hook's timeout, whatever the server does."""
    import httpx

    reason = ""
    tries = hook.retries + 1
    for attempt in range(1, tries + 1):
        if attempt > 1:
            await sleep(min(30.0, 2.0 ** (attempt - 2)))
        if on_try is not None:
            on_try(hook, attempt, tries, reason)
        try:
            sent = request(hook, message)
        except KeyError as exc:
            return Sent(False, f"${{{exc.args[0]}}} is not set", attempt)
        try:
            async with asyncio.timeout(hook.timeout):
                response = await client.request(
                    sent.method,
                    sent.url,
                    json=sent.json,
                    headers=sent.headers,
                    timeout=hook.timeout,
                )
        except (httpx.HTTPError, TimeoutError, OSError) as exc:
            reason = failure(exc, hook.timeout)
            continue
        if response.status_code < 300:
            return Sent(True, f"HTTP {response.status_code}", attempt)
        reason = _refusal(response)
        if response.status_code < 500 and response.status_code != 429:
            return Sent(False, reason, attempt)  # the hook refuses this: again will not help
    return Sent(False, reason, tries)


Record = Callable[[Webhook, str, str, int], Awaitable[object]]  # hook, outcome, reason, tries


async def deliver(
    hooks: Sequence[Webhook],
    message: Message,
    record: Record,
    sleep: Sleep = asyncio.sleep,
    on_try: OnTry | None = None,
) -> list[Sent]:
    """Send one update to each webhook at once (a hanging one delays no other), and record
    each outcome as soon as it is known."""
    import httpx

    async with httpx.AsyncClient() as client:

        async def one(hook: Webhook) -> Sent:
            sent = await post_webhook(client, hook, message, sleep, on_try)
            await record(hook, DELIVERED if sent.ok else FAILED, sent.reason, sent.tries)
            return sent

        return list(await asyncio.gather(*(one(hook) for hook in hooks)))
