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


def to_local(when: datetime) -> datetime:
    """A stored time in the machine's local zone, for display."""
    if when.tzinfo is None:  # SQLite hands back what it stored; all stored times are UTC
        when = when.replace(tzinfo=UTC)
    return when.astimezone()
