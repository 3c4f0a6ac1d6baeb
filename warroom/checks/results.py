"""What a check finds and what the timeline hears of it: one check's Result, a confirmed
Transition between states, and the Event the monitor hands on. Shared by the HTTP checks,
the Prometheus and Alertmanager checks and the alert groups, which import no scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from warroom.checks.view import State
from warroom.core.timefmt import short_span
from warroom.core.words import plural

NETWORK_REASONS = frozenset({"dns", "connect", "timeout", "tls", "reset"})


@dataclass(frozen=True)
class Result:
    """One check: ok (True), degraded (True, degraded=True) or failed (False), and why."""

    ok: bool
    reason: str = ""
    status: int | None = None
    latency: float | None = None
    degraded: bool = False
    value: float | None = None  # a metric's value: its sparkline, where endpoints chart latency

    @property
    def network(self) -> bool:
        return not self.ok and self.reason.split(" ")[0] in NETWORK_REASONS


@dataclass(frozen=True)
class Transition:
    name: str
    old: State
    new: State
    reason: str
    failures: int
    after: float  # seconds spent in the old state

    def describe(self) -> str:
        if self.new is State.DOWN:
            return f"{self.name} DOWN: {self.reason}, {plural(self.failures, 'failure')}"
        if self.new is State.DEGRADED:
            return f"{self.name} DEGRADED: {self.reason}"
        if self.old is State.UNKNOWN:
            return f"{self.name} {self.new.value}"
        return f"{self.name} {self.new.value} after {short_span(self.after)}"


@dataclass(frozen=True)
class Event:
    """Something for the timeline: a confirmed change, a flapping endpoint, a probe problem."""

    endpoint: str
    state: str
    text: str
    data: dict[str, Any]
