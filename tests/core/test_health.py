"""Health checks against a real HTTP server on 127.0.0.1, and the state machine on a simulated clock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.helpers.health_server import HealthServer, running
from warroom.checks.health import Event, Monitor, Result, State, Tracker, check_once
from warroom.core.clock import SimulatedClock
from warroom.core.config import Config, Endpoint, JsonCheck
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


@pytest.fixture(scope="module")
def server():
    with running() as srv:
        yield srv


def config(*endpoints: Endpoint, **defaults) -> Config:
    return Config.model_validate(
        {
            "defaults": {"interval": "10s", "timeout": "1s", **defaults},
            "endpoint": [e.model_dump(by_alias=True) for e in endpoints],
        }
    )


def ep(name: str, url: str, **extra) -> Endpoint:
    return Endpoint(name=name, url=url, **extra)


CASES = [
    ("healthy", "/ok", {}, State.UP, ""),
    ("503", "/503", {}, State.DOWN, "status 503"),
    ("slow", "/slow?s=0.4", {"latency_degraded": 0.2}, State.DEGRADED, "latency 0.4s"),
    ("too slow", "/slow?s=0.5", {"latency_down": 0.3}, State.DOWN, "latency 0.5s"),
    ("hangs", "/hang", {}, State.DOWN, "timeout"),
    ("reset", "/reset", {}, State.DOWN, "reset"),
    (
        "bad json",
        "/badjson",
        {"json": [JsonCheck(path="status", value="UP")]},
        State.DOWN,
        "json invalid",
    ),
    (
        "json says down",
        "/down",
        {"json": [JsonCheck(path="status", value="UP")]},
        State.DOWN,
        "json status != UP",
    ),
    ("body", "/ok", {"body_contains": "banana"}, State.DOWN, "body"),
    ("huge body", "/huge", {"body_matches": "x{10}"}, State.UP, ""),
    ("redirect loop", "/loop", {}, State.DOWN, "redirects"),
    ("expected 503", "/503", {"expect_status": [503]}, State.UP, ""),
]


@pytest.mark.parametrize(
    ("name", "path", "extra", "state", "reason"), CASES, ids=[c[0] for c in CASES]
)
def test_each_kind_of_endpoint_gets_its_state_and_reason(
    server: HealthServer, name, path, extra, state, reason
) -> None:
    [(_, got, result)] = asyncio.run(check_once(config(ep("e", server.base + path, **extra))))
    assert (got, result.reason) == (state, reason)


def test_nothing_listening_and_an_unknown_host() -> None:
    results = asyncio.run(
        check_once(
            config(
                ep("closed", "http://127.0.0.1:9/"), ep("nxdomain", "http://no-such-host.invalid/")
            )
        )
    )
    assert [(s, r.reason) for _, s, r in results] == [(State.DOWN, "connect"), (State.DOWN, "dns")]


def test_a_self_signed_certificate_is_a_tls_failure(tmp_path: Path) -> None:
    with running(tls_dir=tmp_path) as tls:
        [(_, state, result)] = asyncio.run(check_once(config(ep("tls", tls.base + "/ok"))))
    assert (state, result.reason) == (State.DOWN, "tls")


def test_a_hanging_endpoint_does_not_delay_the_others(server: HealthServer) -> None:
    cfg = config(
        *[ep(f"hang{n}", server.base + "/hang") for n in range(3)],
        ep("ok", server.base + "/ok"),
        timeout="2s",
    )
    monitor = Monitor(cfg)

    async def timed_ok() -> float:
        loop = asyncio.get_running_loop()
        hanging = [asyncio.create_task(monitor.check(e)) for e in cfg.endpoints[:3]]
        await asyncio.sleep(0.05)
        started = loop.time()
        result = await monitor.check(cfg.endpoints[3])
        elapsed = loop.time() - started
        assert result.ok
        await asyncio.gather(*hanging)
        await monitor.close()
        return elapsed

    assert asyncio.run(timed_ok()) < 1.0  # the hanging ones time out after 2 s


def tracker(clock: SimulatedClock, fall: int = 3, rise: int = 2) -> Tracker:
    return Tracker("api", fall=fall, rise=rise, clock=clock)


OK, FAIL = Result(True, latency=0.01), Result(False, "status 503", status=503)


def test_fall_and_rise_confirm_changes_with_suspect_between(clock: SimulatedClock) -> None:
    t = tracker(clock)
    assert t.record(OK) is None and t.state is State.UNKNOWN  # one success is not confirmation
    change = t.record(OK)
    assert change is not None and (change.old, change.new) == (State.UNKNOWN, State.UP)
    clock.advance(minutes=4)
    assert t.record(FAIL) is None and t.state is State.SUSPECT
    assert t.record(FAIL) is None and t.state is State.SUSPECT
    change = t.record(FAIL)
    assert change is not None and t.state is State.DOWN
    assert change.describe() == "api DOWN: status 503, 3 failures"
    clock.advance(minutes=4, seconds=12)
    assert t.record(OK) is None and t.state is State.DOWN  # one success is not enough
    change = t.record(OK)
    assert change is not None and change.describe() == "api UP after 4m12s"


def test_a_single_failure_then_success_never_reaches_the_timeline(clock) -> None:
    t = tracker(clock)
    t.record(OK), t.record(OK)
    assert t.record(FAIL) is None and t.state is State.SUSPECT
    assert t.record(OK) is None and t.state is State.UP


def test_flapping_is_detected_in_the_last_20_checks(clock) -> None:
    t = tracker(clock, fall=1, rise=1)
    for result in (OK, FAIL, OK, FAIL):
        t.record(result)
    assert not t.flapping
    t.record(OK)
    assert t.flapping
    for _ in range(20):
        t.record(OK)
    assert not t.flapping


def test_a_round_failing_everywhere_is_one_probe_problem(
    server: HealthServer,
) -> None:
    events: list[Event] = []
    cfg = config(
        ep("a", server.base + "/switch"), ep("b", "http://127.0.0.1:9/"),
        ep("c", "http://127.0.0.1:9/x"), ep("d", "http://127.0.0.1:9/y"), fall=1, rise=1,
    )  # fmt: skip
    monitor = Monitor(cfg, on_event=events.append)

    async def rounds(n: int) -> None:
        for _ in range(n):
            await monitor.run_round()
        await monitor.close()

    asyncio.run(rounds(3))
    texts = [e.text for e in events]
    # b, c and d cannot be reached: one probe problem, not three DOWN entries (and while
    # the probe itself is in doubt, no single endpoint's change is believed either).
    assert texts == ["probe network problem: 3 of 4 endpoints unreachable (connect)"]


def test_flapping_endpoint_writes_one_entry(server: HealthServer) -> None:
    events: list[Event] = []
    monitor = Monitor(
        config(ep("a", server.base + "/switch"), fall=1, rise=1), on_event=events.append
    )

    async def flap() -> None:
        for n in range(10):
            server.behaviour.status = 503 if n % 2 else 200
            await monitor.run_round()
        await monitor.close()

    asyncio.run(flap())
    server.behaviour.status = 200
    assert [e.state for e in events] == ["UP", "DOWN", "UP", "DOWN", "FLAPPING"]


def test_a_flapping_endpoint_is_noted_again_when_its_note_went_unrecorded(
    server: HealthServer,
) -> None:
    """Reopened after the note was sent while resolved: its next change notes it again, or
    the timeline would end on a state it has long left."""
    events: list[Event] = []
    monitor = Monitor(
        config(ep("a", server.base + "/switch"), fall=1, rise=1), on_event=events.append
    )

    async def flap() -> None:
        for n in range(8):
            server.behaviour.status = 503 if n % 2 else 200
            await monitor.run_round()
            if n == 5:
                monitor.renote()
        await monitor.close()

    asyncio.run(flap())
    server.behaviour.status = 200
    assert [e.state for e in events] == ["UP", "DOWN", "UP", "DOWN", "FLAPPING", "FLAPPING"]


def test_a_change_seen_by_two_consoles_is_written_once(service: IncidentService) -> None:
    service.declare("x")
    other = IncidentService(Store(service.store.url), clock=service.clock, actor="bob")
    assert service.record_health("INC-1", "api", "DOWN", "api DOWN: status 503, 3 failures")
    assert not other.record_health("INC-1", "api", "DOWN", "api DOWN: status 503, 3 failures")
    assert other.record_health("INC-1", "api", "UP", "api UP after 1m")
    health = [e.text for e in service.state("INC-1").timeline if e.kind == "health"]
    assert health == ["api DOWN: status 503, 3 failures", "api UP after 1m"]


def test_service_verified_healthy_is_ticked_by_a_recovery_not_by_the_first_checks(
    service: IncidentService,
) -> None:
    """Was: the first confirmed UP of the first endpoint at T+2s ticked "Service verified
    healthy (automatically: every endpoint is up)" while the others were still unconfirmed,
    and the item stayed ticked through the outage that followed."""
    service.declare("x")

    def verified() -> bool:
        items = service.state("INC-1").items
        return next(i for i in items if i.text.startswith("Service verified healthy")).done

    assert service.record_health("INC-1", "api", "UP", "api UP")
    assert service.record_health("INC-1", "web", "UP", "web UP")
    assert not verified()  # up from the start: nothing was verified to recover
    assert service.record_health("INC-1", "api", "DOWN", "api DOWN: status 503, 3 failures")
    assert not verified()
    assert service.record_health("INC-1", "api", "UP", "api UP after 1m")
    assert verified()  # every endpoint up again after one failed
    checklist = [e.text for e in service.state("INC-1").timeline if e.kind == "checklist"]
    assert checklist == [
        "Ticked [resolve] Service verified healthy: health endpoint returns 200 "
        "(automatically: every endpoint is up again)"
    ]
