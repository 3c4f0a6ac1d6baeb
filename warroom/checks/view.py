"""What the health checks report, without how they check: light enough for the console's
first frame (the checks themselves run in their own process)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class State(StrEnum):
    UNKNOWN = "UNKNOWN"
    UP = "UP"
    DEGRADED = "DEGRADED"
    SUSPECT = "SUSPECT"
    DOWN = "DOWN"


@dataclass
class Sample:
    """What the health pane shows for one endpoint."""

    name: str
    group: str
    state: State
    since: datetime
    reason: str
    status: int | None
    latency: float | None
    latencies: list[float | None]
    flapping: bool
    # Consecutive passing checks while still failing (confirmed DOWN, or SUSPECT): recovering,
    # not yet confirmed UP until `rise` of them. Zero when not known (a drill's rows).
    successes: int = 0
    rise: int = 0

    @property
    def recovering(self) -> bool:
        return self.state in (State.DOWN, State.SUSPECT) and self.successes > 0

    # When its last answer came, and how old that may be before the row is out of date (its
    # interval plus its timeout): None for rows that are not checked (a drill's).
    checked: datetime | None = None
    stale_after: float | None = None

    def stale(self, now: datetime) -> float | None:
        """Seconds since the last answer, if that is longer ago than a check can take; None
        while the row is up to date."""
        if self.checked is None or self.stale_after is None:
            return None
        age = (now - self.checked).total_seconds()
        return age if age > self.stale_after else None


ORDER = {state: n for n, state in enumerate(("DOWN", "SUSPECT", "DEGRADED", "UNKNOWN", "UP"))}
TOP = 16  # rows a health pane can show: more are counted, not sent or drawn


@dataclass(frozen=True)
class HealthView:
    """What a health pane shows: the worst endpoints first (whole groups worst first), and
    how many there are in each state. A thousand endpoints cost no more to show than TOP."""

    rows: list[Sample]
    total: int
    states: dict[str, int]
    groups: int

    @classmethod
    def of(cls, samples: list[Sample], top: int = TOP) -> HealthView:
        worst: dict[str, int] = {}
        states: dict[str, int] = {}
        for s in samples:
            worst[s.group] = min(worst.get(s.group, 99), ORDER[s.state])
            states[s.state] = states.get(s.state, 0) + 1
        ranked = sorted(samples, key=lambda s: (worst[s.group], s.group, ORDER[s.state], s.name))
        return cls(ranked[:top], len(samples), states, len(worst))
