"""The check after an action, on a simulated clock: a recovery being confirmed is never called
a failure, the outcome is stated once it is known, metrics say how they moved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warroom.checks.health import Result, Tracker
from warroom.checks.view import Sample, State
from warroom.core.clock import SimulatedClock
from warroom.incident.verification import Verification, span

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def sample(name: str, state: str, reason: str = "", successes: int = 0, rise: int = 2) -> Sample:
    return Sample(name, "default", State(state), START, reason, None, None, [], False,
                  successes=successes, rise=rise)  # fmt: skip


def verification(before: list[Sample], within: float = 120, **kwargs) -> Verification:  # type: ignore[no-untyped-def]
    return Verification("Restart auth", {s.name: s for s in before}, START, within, **kwargs)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def test_a_recovery_being_confirmed_is_never_called_still_failing() -> None:
    check = verification([sample("auth", "DOWN", "status 500")])
    check.take([sample("auth", "DOWN", successes=1)], at(0))  # passing, 1 of rise=2
    assert not check.settled(at(0))
    assert check.progress(at(0)) == "verifying: auth 1/2 healthy checks · up to 2m more"
    # Even past the window, a confirmation under way is waited for …
    assert not check.settled(at(121))
    check.take([sample("auth", "UP")], at(4))
    assert check.settled(at(4))
    # … and the outcome is the recovery, with when it was confirmed.
    assert check.outcome(at(4)) == "auth recovered 4 s after Restart auth"
    assert not check.failed and check.data()["recovered"] == {"auth": 4.0}


def test_still_failing_is_said_only_when_the_window_is_over() -> None:
    check = verification([sample("auth", "DOWN", "status 500")])
    check.take([sample("auth", "DOWN", "status 500")], at(0))
    assert not check.settled(at(60))
    assert "still failing" not in check.progress(at(60))
    assert check.settled(at(120))
    assert check.outcome(at(120)) == "auth still failing 2m after Restart auth"
    assert check.failed and check.data()["failing"] == ["auth"]


def test_a_confirmation_still_under_way_at_the_end_is_said_as_such() -> None:
    check = verification([sample("auth", "DOWN")], within=10, patience=5)
    check.take([sample("auth", "DOWN", successes=1)], at(9))
    assert not check.settled(at(12)) and check.settled(at(15))
    assert check.outcome(at(15)) == (
        "auth passing but not yet confirmed (1/2 healthy checks) 15 s after Restart auth"
    )


def test_a_check_the_action_broke_and_metrics_before_and_after() -> None:
    before = [sample("web", "UP"), sample("errors", "DOWN", "4.8% (above 3%)")]
    check = verification(before, within=30, metrics=frozenset({"errors"}))
    check.take([sample("web", "DOWN", "status 502"), sample("errors", "UP", "0.1% (below 1%)")],
               at(2))  # fmt: skip
    assert check.settled(at(30))
    assert check.outcome(at(30)) == (
        "web DOWN 2 s after Restart auth (was UP); errors recovered 2 s after Restart auth; "
        "errors 4.8% → 0.1% (below 1%)"
    )


def test_nothing_was_failing_and_nothing_is() -> None:
    check = verification([sample("web", "UP"), sample("api", "UP")])
    check.take([sample("web", "UP"), sample("api", "UP")], at(0))
    assert check.settled(at(0)) and check.outcome(at(0)) == "after Restart auth: all 2 checks pass"


def test_a_tracker_reports_a_recovery_under_way() -> None:
    tracker = Tracker("auth", fall=2, rise=2, clock=SimulatedClock())
    for _ in range(2):
        tracker.record(Result(False, "status 500", 500))
    assert tracker.state is State.DOWN
    tracker.record(Result(True, "", 200))
    assert tracker.state is State.DOWN and tracker.successes == 1  # not UP before rise


def test_spans() -> None:
    assert [span(s) for s in (0.4, 4, 59.6, 120, 125, 3725)] == [
        "0 s", "4 s", "1m", "2m", "2m05s", "1h02m"
    ]  # fmt: skip


def test_a_recovery_after_another_action_says_it_came_after_that_one_too() -> None:
    """Was: a wrong action's outcome read "checkout-api recovered 1m55s after Restart
    database" when the failover taken 1m33s later had mended it."""
    check = verification([sample("auth", "DOWN", "status 500"), sample("web", "DOWN")])
    check.others.append(("Fail over", at(93)))
    check.take([sample("auth", "DOWN", "status 500"), sample("web", "UP")], at(60))
    check.take([sample("auth", "UP")], at(115))
    assert check.settled(at(115))
    assert check.outcome(at(115)) == (
        "auth recovered 1m55s after Restart auth, and after Fail over, taken meanwhile; "
        "web recovered 1m after Restart auth"  # before the other action: its own
    )
