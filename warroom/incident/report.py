"""The incident log across incidents: counts, MTTA and MTTR, recurrences, overdue postmortems."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.core.state import IncidentState
from warroom.incident.postmortem import metrics

BARS = " ▁▂▃▄▅▆▇█"


@dataclass
class Report:
    incidents: int
    by_severity: dict[str, int]
    mtta: tuple[float, float] | None  # (median, worst) seconds
    mttr: tuple[float, float] | None
    recurring: list[tuple[str, int]]
    overdue_postmortems: list[str]
    weekly: list[int]  # incidents per week, oldest first


def _spread(values: list[float]) -> tuple[float, float] | None:
    return (statistics.median(values), max(values)) if values else None


def build(states: list[IncidentState], now: datetime, window: timedelta) -> Report:
    by_severity = Counter(s.incident.severity for s in states)
    found = [metrics(s) for s in states]
    mtta = [m["time_to_acknowledge"] for m in found if m["time_to_acknowledge"] is not None]
    mttr = [m["time_to_resolve"] for m in found if m["time_to_resolve"] is not None]
    # Titles that differ only in numbers, remarks in brackets, punctuation or case are the
    # same problem coming back; it is shown by its first title.
    first_title: dict[str, str] = {}
    normal: Counter[str] = Counter()
    for s in sorted(states, key=lambda s: s.incident.declared_at):
        key = re.sub(
            r"[\d\W_]+", " ", re.sub(r"[(\[].*?[)\]]", " ", s.incident.title.lower())
        ).strip()
        first_title.setdefault(key, s.incident.title)
        normal[key] += 1
    recurring = [(first_title[key], n) for key, n in normal.most_common() if n > 1 and key]
    overdue = []
    for s in states:
        if s.incident.status != "resolved":
            continue
        post = [
            i
            for i in s.items
            if i.phase in s.playbook.post_incident_phases
            and re.search(r"post-?mortem", i.text, re.IGNORECASE)
        ]
        if any(s.is_overdue(i, now) for i in post):
            overdue.append(s.incident.id)
    weeks = max(1, -(-window.days // 7))
    weekly = [0] * weeks
    for s in states:
        age = (now - s.incident.declared_at).days // 7
        if 0 <= age < weeks:
            weekly[weeks - 1 - age] += 1
    return Report(
        len(states),
        dict(sorted(by_severity.items())),
        _spread(mtta),
        _spread(mttr),
        recurring,
        overdue,
        weekly,
    )


def plot(weekly: list[int]) -> str:
    top = max(weekly, default=0) or 1
    return "".join(BARS[round(n / top * (len(BARS) - 1))] for n in weekly)
