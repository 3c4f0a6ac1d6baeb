"""The incident as it stood at any moment, folded from its timeline.

Every change writes its entry in the same transaction (see the service), so the entries up
to a moment say everything the board showed then: the severity, status and title, who held
each role, what was ticked, and the health each endpoint was last recorded in. The state is
built with the same `IncidentState` the console shows, so a moment reads as it did live.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from warroom.core.ids import STATUSES
from warroom.core.state import Entry, IncidentInfo, IncidentState, Item, RoleHolder
from warroom.core.timefmt import parse_duration


@dataclass(frozen=True)
class Health:
    """An endpoint as last recorded in the timeline."""

    name: str
    state: str
    since: datetime
    reason: str


@dataclass(frozen=True)
class Moment:
    index: int  # the entry the board stands at (0: declared)
    state: IncidentState
    health: list[Health]

    @property
    def at(self) -> datetime:
        return self.state.timeline[-1].at


class Replay:
    """Moments of one incident, given its whole state (every entry, its items and roles)."""

    def __init__(self, whole: IncidentState) -> None:
        if not whole.complete:
            raise ValueError("a replay needs every entry of the incident")
        self.whole = whole
        self.entries = whole.timeline
        self._times = [e.at for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def start(self) -> datetime:
        return self.whole.incident.declared_at

    def index_at(self, when: datetime) -> int:
        """The last entry written at or before `when` (the first, if it is before them all)."""
        return max(0, bisect_right(self._times, when) - 1)

    def at(self, index: int) -> Moment:
        """The board after entry `index` (counted from 0) was written."""
        index = max(0, min(index, len(self.entries) - 1))
        upto = self.entries[: index + 1]
        whole = self.whole
        later = next((e for e in self.entries[index + 1 :] if e.kind == "title"), None)
        incident = _incident(whole.incident, upto, later)
        state = IncidentState.build(
            incident,
            whole.playbook,
            _roles(whole.role_history, upto),
            _items(whole.items, upto),
            list(upto),
        )
        return Moment(index, state, _health(upto))


def parse_moment(text: str) -> float:
    """Seconds after declaring, as typed: "T+00:12" (hh:mm), "T+00:12:30", "12m", "90s"."""
    body = text.strip().upper().removeprefix("T+").strip()
    if re.fullmatch(r"\d+:\d{1,2}(:\d{1,2})?", body):
        parts = [int(p) for p in body.split(":")] + [0]
        hours, minutes, seconds = parts[0], parts[1], parts[2]
        if minutes > 59 or seconds > 59:
            raise ValueError(
                f"cannot read {text.strip()!r} as a time: minutes and seconds go to 59 "
                "(write T+00:12, T+01:05:30 or 12m)"
            )
        return float(hours * 3600 + minutes * 60 + seconds)
    try:
        return parse_duration(body.lower())
    except ValueError:
        raise ValueError(
            f"cannot read {text.strip()!r} as a time: write T+00:12, T+01:05:30 or 12m"
        ) from None


def _changes(entry: Entry) -> bool:
    """Whether the entry changed something: "(already …)" entries only say someone tried."""
    return not (entry.data or {}).get("already")


def _incident(final: IncidentInfo, upto: list[Entry], later: Entry | None) -> IncidentInfo:
    """`later`: the first title change after the moment, if any."""
    titles = [e for e in upto if e.kind == "title" and e.data]
    # The title then: the last one set so far; before any change, the one the first later
    # change replaced (the declared title is not in the entry's data).
    if titles:
        title = str(titles[-1].data["to"])  # type: ignore[index]
    elif later is not None and later.data:
        title = str(later.data["from"])
    else:
        title = final.title
    severity = final.severity
    status, resolved_at = STATUSES[0], None
    for e in upto:
        data = e.data or {}
        if e.kind == "declared" and data.get("severity"):
            severity = str(data["severity"])
        elif e.kind == "severity" and _changes(e) and "to" in data:
            severity = str(data["to"])
        elif e.kind == "status" and _changes(e) and "to" in data:
            status = str(data["to"])
            resolved_at = e.at if status == "resolved" else None
    return dataclasses.replace(
        final, title=title, severity=severity, status=status, resolved_at=resolved_at
    )


def _items(final: list[Item], upto: list[Entry]) -> list[Item]:
    done: dict[int, tuple[bool, datetime | None, str | None]] = {}
    for e in upto:
        data = e.data or {}
        if e.kind == "checklist" and _changes(e) and data.get("item") is not None:
            ticked = bool(data.get("done"))
            done[data["item"]] = (ticked, e.at if ticked else None, e.actor if ticked else None)
    out = []
    for item in final:
        ticked, at, by = done.get(item.id, (False, None, None))
        out.append(dataclasses.replace(item, done=ticked, done_at=at, done_by=by))
    return out


def _roles(final: list[RoleHolder], upto: list[Entry]) -> list[RoleHolder]:
    # The assignments as stored, to keep their ids; one made then is found by what it says.
    stored = {(a.role, a.holder, a.assigned_at): a for a in final}
    held: dict[str, int] = {}
    out: list[RoleHolder] = []
    for e in upto:
        data = e.data or {}
        if e.kind != "role" or not _changes(e) or "role" not in data:
            continue
        role, holder = str(data["role"]), str(data.get("holder", ""))
        if role in held:
            n = held[role]
            out[n] = dataclasses.replace(out[n], ended_at=e.at)
        known = stored.get((role, holder, e.at))
        ident = known.id if known else -(len(out) + 1)
        held[role] = len(out)
        out.append(RoleHolder(ident, role, holder, e.at, e.actor, None))
    return out


def _health(upto: list[Entry]) -> list[Health]:
    last: dict[str, Health] = {}
    for e in upto:
        data = e.data or {}
        if e.kind == "health" and data.get("endpoint"):
            name = str(data["endpoint"])
            last[name] = Health(name, str(data.get("state", "")), e.at, str(data.get("reason", "")))
    return sorted(last.values(), key=lambda h: h.name)
