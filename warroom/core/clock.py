"""Time is injected: the real clock for incidents, a simulated one for tests and drills.

All times in the core are timezone-aware UTC datetimes.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class RealClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock that only moves when told to, so "overdue after 15 minutes" takes no time."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds, **delta)
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when


# A running drill clock not written again for this long: its console is gone, the drill stopped.
DRILL_CLOCK_STALE_S = 5.0


class FollowingClock:
    """The real clock, until told to follow a drill's clock that the console playing the
    drill keeps (in another process): then the drill's simulated time, running at its speed,
    still while paused or stopped. A second console on a drill tells the drill's time, and
    its own entries land there, not months before or after the drill's."""

    def __init__(self) -> None:
        self._kept: tuple[datetime, datetime, float, str] | None = None
        self._lock = threading.Lock()

    def follow(self, simulated_at: datetime, real_at: datetime, speed: float, state: str) -> None:
        with self._lock:
            self._kept = (simulated_at, real_at, speed, state)

    @property
    def following(self) -> bool:
        return self._kept is not None

    def now(self) -> datetime:
        real = datetime.now(UTC)
        with self._lock:
            kept = self._kept
        if kept is None:
            return real
        simulated, at, speed, state = kept
        if state != "running":
            return simulated
        ran = min(max(0.0, (real - at).total_seconds()), DRILL_CLOCK_STALE_S)
        return simulated + timedelta(seconds=ran * speed)


def to_local(when: datetime) -> datetime:
    """A stored time in the machine's local zone, for display."""
    if when.tzinfo is None:  # SQLite hands back what it stored; all stored times are UTC
        when = when.replace(tzinfo=UTC)
    return when.astimezone()
