"""After a mitigation action: did what was failing recover? Said only once it is known.

The health checks confirm a change only after `rise` passing checks (or `fall` failing
ones), so the first check after an action can be passing and still unconfirmed. A
verification starts from the state before the action (taken when it started), takes each
round of samples after it ended, and says what it is waiting for ("verifying: auth 1/2
healthy checks") until every check has recovered, or the action's `verify_within` is over
and nothing is still being confirmed. Then it states the outcome once: "auth recovered 4 s
after Restart auth", "auth still failing 2m after Restart auth", with metric values as
before → after. It never calls "still failing" what is passing and being confirmed.

It knows samples only (endpoints, metrics, alerts or a drill's simulated rows alike), never
how they were taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from warroom.checks.view import Sample, State

HEALTHY = (State.UP, State.DEGRADED)
FAILING = (State.DOWN, State.SUSPECT)


def span(seconds: float) -> str:
    """A time after the action as the outcome says it: "4 s", "2m", "2m05s", "1h02m"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m" if not secs else f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _value(reason: str) -> str:
    """A metric's value without its threshold note: "4.8% (above 3%)" → "4.8%"."""
    return reason.split(" (")[0]


@dataclass
class Verification:
    """One action's check of its effect, fed rounds of samples on the console's clock."""

    label: str  # the action's, as it reads in sentences ("Restart auth")
    before: dict[str, Sample]  # by name, taken when the action started
    ended: datetime  # when the action ended: times are counted from here
    within: float  # seconds to watch for failing checks to recover
    metrics: frozenset[str] = frozenset()  # which names are metrics (their values are told)
    patience: float = 60.0  # past `within`, how long a confirmation under way is waited for
    latest: dict[str, Sample] = field(default_factory=dict)
    recovered: dict[str, float] = field(default_factory=dict)  # name → seconds after `ended`
    went_down: dict[str, float] = field(default_factory=dict)  # healthy before, DOWN after
    # Other actions taken while this one ran or was verified, with when: a recovery that
    # follows one of them is not this action's alone, and the outcome says so.
    others: list[tuple[str, datetime]] = field(default_factory=list)

    def take(self, samples: list[Sample], now: datetime) -> None:
        after = self.elapsed(now)
        for sample in samples:
            self.latest[sample.name] = sample
            if sample.state in HEALTHY:
                if self._was_failing(sample.name):
                    self.recovered.setdefault(sample.name, after)
                self.went_down.pop(sample.name, None)
            elif sample.state is State.DOWN and not self._was_failing(sample.name):
                self.went_down.setdefault(sample.name, after)

    def wait(self, now: datetime, pause: float) -> float:
        """How long to wait before the next look: `pause`, or less so that the last look
        falls at the end of the window."""
        left = self.within - self.elapsed(now)
        return min(pause, left) if left > 0.05 else pause

    def elapsed(self, now: datetime) -> float:
        return max(0.0, (now - self.ended).total_seconds())

    def _was_failing(self, name: str) -> bool:
        before = self.before.get(name)
        return before is not None and before.state in FAILING

    # -- what is still open -----------------------------------------------------------------
    def _confirming(self) -> list[Sample]:
        """Checks whose state is being confirmed: passing again, failing but not yet DOWN, or
        not checked yet."""
        return [
            s
            for s in self.latest.values()
            if s.recovering or s.state in (State.SUSPECT, State.UNKNOWN)
        ]

    def _failing(self) -> list[Sample]:
        return [s for s in self.latest.values() if s.state is State.DOWN and not s.recovering]

    def pending(self) -> list[str]:
        """The checks to look at again: every one not healthy."""
        return [s.name for s in self.latest.values() if s.state not in HEALTHY]

    def settled(self, now: datetime) -> bool:
        """Whether the outcome is known: everything healthy; or the window is over and
        nothing is still being confirmed; or the patience past it is over too."""
        if not self.latest:
            return False
        confirming, failing = self._confirming(), self._failing()
        if not confirming and not failing:
            return True
        after = self.elapsed(now)
        if after >= self.within and not confirming:
            return True
        return after >= self.within + self.patience

    # -- what is said -----------------------------------------------------------------------
    def progress(self, now: datetime) -> str:
        """While waiting: "verifying: auth 1/2 healthy checks · up to 1m52s more"."""
        parts = []
        for s in self.latest.values():
            if s.recovering:
                of = f"/{s.rise}" if s.rise else ""
                plural = "" if (s.rise or s.successes) == 1 else "s"
                parts.append(f"{s.name} {s.successes}{of} healthy check{plural}")
            elif s.state is State.SUSPECT:
                parts.append(f"{s.name} failing, not yet confirmed")
            elif s.state is State.UNKNOWN:
                parts.append(f"{s.name} waiting for its first check")
            elif s.state is State.DOWN:
                parts.append(f"{s.name} failing")
            elif s.name in self.recovered:
                parts.append(f"{s.name} recovered")
        left = self.within - self.elapsed(now)
        tail = f" · up to {span(left)} more" if left >= 1 else " · confirming"
        return "verifying: " + (", ".join(parts) or "checking") + tail

    def outcome(self, now: datetime) -> str:
        """The one sentence that states the outcome, once settled."""
        after = span(self.elapsed(now))
        label = self.label
        parts = []
        for s in self.latest.values():
            if s.name in self.recovered:
                parts.append(f"{s.name} recovered {span(self.recovered[s.name])} after {label}"
                             + self._also_after(self.recovered[s.name]))  # fmt: skip
            elif s.state in HEALTHY:
                continue  # healthy before and after: nothing to say about it alone
            elif s.recovering:
                of = f"/{s.rise}" if s.rise else ""
                parts.append(
                    f"{s.name} passing but not yet confirmed ({s.successes}{of} healthy "
                    f"checks) {after} after {label}"
                )
            elif s.state is State.SUSPECT:
                parts.append(f"{s.name} failing, not yet confirmed, {after} after {label}")
            elif s.state is State.UNKNOWN:
                parts.append(f"{s.name} not checked yet {after} after {label}")
            elif self._was_failing(s.name):
                parts.append(f"{s.name} still failing {after} after {label}")
            elif s.name in self.before and self.before[s.name].state in HEALTHY:
                was = self.before[s.name].state.value
                parts.append(f"{s.name} DOWN {span(self.went_down.get(s.name, 0))} after "
                             f"{label} (was {was})")  # fmt: skip
            else:  # not checked before the action, or not among the rows shown then
                parts.append(f"{s.name} failing {after} after {label} (not known before)")
        if not parts:
            count = len(self.latest)
            if count == 1:
                [s] = self.latest.values()
                parts.append(f"after {label}: {s.name} passes ({s.reason or 'up'})")
            else:
                parts.append(f"after {label}: all {count} checks pass")
        return "; ".join(parts + self.moved())

    def _also_after(self, seconds: float) -> str:
        """The latest other action taken before a recovery `seconds` after this one ended:
        ", and after Fail over to replica, taken meanwhile", or nothing. (No time after it:
        that action's own outcome counts from its end, which this one does not know.)"""
        at = self.ended + timedelta(seconds=seconds)
        before = [(when, label) for label, when in self.others if when <= at]
        if not before:
            return ""
        _, other = max(before, key=lambda taken: taken[0])
        return f", and after {other}, taken meanwhile"

    def moved(self) -> list[str]:
        """Metrics whose value changed: "checkout errors 4.8% → 0.1% (below 1%)"."""
        out = []
        for name in self.metrics:
            before, after = self.before.get(name), self.latest.get(name)
            if before and after and before.reason and before.reason != after.reason:
                out.append(f"{name} {_value(before.reason)} → {after.reason}")
        return sorted(out)

    @property
    def failed(self) -> bool:
        """Whether the outcome is bad news (something failing at the end)."""
        return bool(self._failing()) or any(s.state is State.SUSPECT for s in self.latest.values())

    def data(self) -> dict[str, Any]:
        """For the timeline entry: what recovered when, what was still failing."""
        return {
            "recovered": {name: round(t, 1) for name, t in self.recovered.items()},
            "failing": [s.name for s in self._failing()],
            "confirming": [s.name for s in self._confirming()],
            "before": {name: s.state.value for name, s in self.before.items()},
            "after": {name: s.state.value for name, s in self.latest.items()},
        }
