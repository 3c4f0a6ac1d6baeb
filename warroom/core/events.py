"""What a timeline entry records: its kind, and the payload of that kind.

Readers compare kinds (`Kind`), never strings, and read a payload (`Status.from_data(e.data)`),
never the keys of `Entry.data`: the stored JSON is the payload's `to_data()`. Payloads are small
and frozen; a key the payload does not name is kept in `extra` where a kind's data is open
(health checks, actions and alerts carry what their source reported). Every field has a default:
an entry written by an older version, or imported, still reads.

The kinds themselves live in kinds.py: the console's first frame compares kinds and reads no
payload, and building the payload classes costs it some twenty milliseconds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from warroom.core.kinds import Kind


@dataclass(frozen=True, kw_only=True)
class Payload:
    """What every kind may carry: `already` on a change asked for again (recorded, nothing
    changed), `corrects` on an entry that corrects an earlier one (its id)."""

    already: bool = False
    corrects: int | None = None

    KEYS: ClassVar[Mapping[str, str]] = {}  # attribute → stored key, where they differ
    KEEP: ClassVar[frozenset[str]] = frozenset()  # stored even when at their default

    def to_data(self) -> dict[str, Any]:
        """The stored JSON: fields at their default are left out unless kept (`KEEP`)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "extra":
                continue
            if f.name not in self.KEEP and _is_default(f, value):
                continue
            out[self.KEYS.get(f.name, f.name)] = value
        out.update(getattr(self, "extra", {}))
        return out

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Self:
        """The payload of stored data (None for an entry that has none). A key this payload
        does not name goes to `extra` if it has one, else it is ignored."""
        rest = dict(data or {})
        values: dict[str, Any] = {}
        names = [f.name for f in dataclasses.fields(cls)]
        for name in names:
            key = cls.KEYS.get(name, name)
            if name != "extra" and key in rest:
                values[name] = rest.pop(key)
        if "extra" in names:
            values["extra"] = rest
        return cls(**values)


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default and type(value) is type(f.default))
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


@dataclass(frozen=True, kw_only=True)
class Declared(Payload):
    severity: str = ""
    playbook: str = ""
    KEEP: ClassVar[frozenset[str]] = frozenset({"severity", "playbook"})


@dataclass(frozen=True, kw_only=True)
class Severity(Payload):
    to: str = ""
    from_: str | None = None  # absent on a severity asked for again
    KEYS: ClassVar[Mapping[str, str]] = {"from_": "from"}
    KEEP: ClassVar[frozenset[str]] = frozenset({"to"})


@dataclass(frozen=True, kw_only=True)
class Status(Payload):
    to: str = ""
    from_: str | None = None  # absent on a status asked for again
    KEYS: ClassVar[Mapping[str, str]] = {"from_": "from"}
    KEEP: ClassVar[frozenset[str]] = frozenset({"to"})


@dataclass(frozen=True, kw_only=True)
class Title(Payload):
    """`corrects` names the entry that set the title this one replaces (None if unknown)."""

    from_: str = ""
    to: str = ""
    KEYS: ClassVar[Mapping[str, str]] = {"from_": "from"}
    KEEP: ClassVar[frozenset[str]] = frozenset({"from_", "to", "corrects"})


@dataclass(frozen=True, kw_only=True)
class Role(Payload):
    role: str = ""
    holder: str = ""
    previous: str | None = None  # the holder handed over from
    KEEP: ClassVar[frozenset[str]] = frozenset({"role", "holder", "previous"})


@dataclass(frozen=True, kw_only=True)
class Checklist(Payload):
    item: int | None = None  # the checklist item's id
    done: bool = False
    phase: str = ""
    because: str = ""  # why it was ticked automatically ("" when by hand)
    KEEP: ClassVar[frozenset[str]] = frozenset({"item", "done", "phase"})


@dataclass(frozen=True, kw_only=True)
class Note(Payload):
    """A note; `corrects` on a correction."""


@dataclass(frozen=True, kw_only=True)
class Health(Payload):
    endpoint: str = ""
    state: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # reason, status, latency, alerts …
    KEEP: ClassVar[frozenset[str]] = frozenset({"endpoint", "state"})


@dataclass(frozen=True, kw_only=True)
class Action(Payload):
    """An action started, finished or verified, or simulated in a drill."""

    action: str = ""  # its label
    phase: str | None = None  # "started", "finished", "verified", …
    kind: str | None = None  # rollback, feature-flag, …
    simulated: bool = False
    answers: dict[str, Any] | None = None  # a drill's answers to the action's questions
    ok: bool | None = None
    exit_code: int | None = None
    reason: str | None = None
    recovered: bool | None = None
    outcome: str | None = None
    failing: list[str] | None = None
    confirming: list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Alert(Payload):
    """An alert attached, firing or resolved; or a silence (`silence` set)."""

    fingerprint: str | None = None
    starts_at: str | None = None  # ISO time the alert began
    silence: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    KEYS: ClassVar[Mapping[str, str]] = {"starts_at": "startsAt"}


@dataclass(frozen=True, kw_only=True)
class Update(Payload):
    """`webhooks` is None on an update recorded before deliveries were tracked."""

    number: int | None = None
    template: str | None = None
    webhooks: list[str] | None = None
    KEEP: ClassVar[frozenset[str]] = frozenset({"number", "template", "webhooks"})


@dataclass(frozen=True, kw_only=True)
class Delivery(Payload):
    update: int | None = None  # the update's number
    webhook: str = ""
    outcome: str = ""  # delivered, failed, sending
    reason: str = ""
    tries: int = 1
    KEEP: ClassVar[frozenset[str]] = frozenset({"update", "webhook", "outcome", "reason"})


@dataclass(frozen=True, kw_only=True)
class Escalation(Payload):
    level: int = 0
    who: str = ""
    paged: str = ""
    KEEP: ClassVar[frozenset[str]] = frozenset({"level", "who", "paged"})


@dataclass(frozen=True, kw_only=True)
class Drill(Payload):
    """A drill's score, as drill_score computes it (parts, points, advice)."""

    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Chain(Payload):
    """An import that linked its entries anew: the file had no chain ("none") or a broken
    one ("broken", where and what)."""

    chain: str = ""
    at: int | None = None
    what: str = ""
    entries: int = 0
    KEEP: ClassVar[frozenset[str]] = frozenset({"chain", "entries"})


@dataclass(frozen=True, kw_only=True)
class Task(Payload):
    """A step of task `task` (its number in the incident): given (to whom, what, within how
    many seconds), done or dropped (what came of it, or why)."""

    task: int = 0
    step: str = ""
    to: str = ""
    text: str = ""
    within: float = 0.0
    outcome: str = ""


@dataclass(frozen=True, kw_only=True)
class Decision(Payload):
    """A step of decision `decision`: asked (what, the options weighed, the objection window
    in seconds), an objection (its reason), closed (stands or contested, how many objected)."""

    decision: int = 0
    step: str = ""
    text: str = ""
    options: list[str] = field(default_factory=list)
    window: float = 0.0
    reason: str = ""
    outcome: str = ""
    objections: int = 0


@dataclass(frozen=True, kw_only=True)
class Briefing(Payload):
    """The briefing written at a hand-over: for which role, to whom, from whom."""

    role: str = ""
    to: str = ""
    from_: str = ""

    KEYS: ClassVar[Mapping[str, str]] = {"from_": "from"}


PAYLOADS: dict[Kind, type[Payload]] = {
    Kind.DECLARED: Declared,
    Kind.SEVERITY: Severity,
    Kind.STATUS: Status,
    Kind.ROLE: Role,
    Kind.CHECKLIST: Checklist,
    Kind.NOTE: Note,
    Kind.HEALTH: Health,
    Kind.ACTION: Action,
    Kind.UPDATE: Update,
    Kind.DELIVERY: Delivery,
    Kind.ESCALATION: Escalation,
    Kind.ALERT: Alert,
    Kind.DRILL: Drill,
    Kind.TITLE: Title,
    Kind.CHAIN: Chain,
    Kind.TASK: Task,
    Kind.DECISION: Decision,
    Kind.BRIEFING: Briefing,
}
