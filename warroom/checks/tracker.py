"""The state machine of one endpoint: fall/rise confirmation, SUSPECT between, flapping,
on the injected clock. A confirmed change is a Transition for the timeline."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

from warroom.checks.results import Result, Transition
from warroom.checks.view import State
from warroom.core.clock import Clock, RealClock

FLAP_WINDOW = 20  # checks
FLAP_CHANGES = 4  # state changes within the window that make an endpoint "flapping"


@dataclass
class Tracker:
    """Confirmed state of one endpoint from its check results, on the injected clock."""

    name: str
    fall: int
    rise: int
    clock: Clock = field(default_factory=RealClock)
    state: State = State.UNKNOWN
    confirmed: State = State.UNKNOWN  # the last confirmed state (SUSPECT is never confirmed)
    since: datetime = field(default_factory=lambda: datetime.now(UTC))
    failures: int = 0
    successes: int = 0
    last: Result | None = None
    history: deque[State] = field(default_factory=lambda: deque(maxlen=FLAP_WINDOW))
    latencies: deque[float | None] = field(default_factory=lambda: deque(maxlen=FLAP_WINDOW))
    flapping: bool = False  # FLAP_CHANGES or more failing/healthy changes in the history
    checked: datetime | None = None  # when the last result came
    reason: str = ""  # the stored state's reason, until a check gives one (see seed)

    def __post_init__(self) -> None:
        self.since = self.clock.now()

    def seed(self, state: State, since: datetime, reason: str) -> None:
        """Start from a state confirmed before (by another console, or this incident's last
        one): it stands until checks confirm another, as if this tracker had confirmed it."""
        if state in (State.UP, State.DEGRADED, State.DOWN) and self.last is None:
            self.state = self.confirmed = state
            self.since, self.reason = since, reason

    def _flapping(self) -> bool:
        # SUSPECT then DOWN is one failure being confirmed, not two changes.
        failing = [state in (State.SUSPECT, State.DOWN) for state in self.history]
        return sum(a != b for a, b in zip(failing, failing[1:], strict=False)) >= FLAP_CHANGES

    def record(self, result: Result) -> Transition | None:
        """Take one result; the confirmed transition it causes, if any."""
        self.last = result
        self.latencies.append(result.value if result.value is not None else result.latency)
        now = self.clock.now()
        self.checked = now
        change: Transition | None = None
        if result.ok:
            self.failures, self.successes = 0, self.successes + 1
            healthy = State.DEGRADED if result.degraded else State.UP
            if self.confirmed in (State.UP, State.DEGRADED) or self.successes >= self.rise:
                if self.confirmed != healthy:
                    change = self._confirm(healthy, result, now)
                self.state = healthy
        else:
            self.successes, self.failures = 0, self.failures + 1
            if self.failures >= self.fall:
                if self.confirmed != State.DOWN:
                    change = self._confirm(State.DOWN, result, now)
                self.state = State.DOWN
            elif self.confirmed != State.DOWN:
                self.state = State.SUSPECT
        self.history.append(self.state)
        self.flapping = self._flapping()
        return change

    def _confirm(self, new: State, result: Result, now: datetime) -> Transition:
        change = Transition(
            name=self.name,
            old=self.confirmed,
            new=new,
            reason=result.reason,
            failures=self.failures,
            after=(now - self.since).total_seconds(),
        )
        self.confirmed, self.since = new, now
        return change
