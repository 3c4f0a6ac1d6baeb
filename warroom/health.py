"""Live health checks: probe HTTP(S) endpoints on a schedule, confirm state changes.

Three parts, each testable alone:
- `probe()`: one check of one endpoint, classified with a one-word reason;
- `Tracker`: the state machine (fall/rise confirmation, SUSPECT, flapping), clock-driven;
- `Monitor`: the asyncio scheduler with capped concurrency, overall and per host.
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import httpx

from warroom.clock import Clock, RealClock
from warroom.config import Config, Endpoint, JsonCheck, Settings, expand_env
from warroom.timefmt import short_span

FLAP_WINDOW = 20  # checks
FLAP_CHANGES = 4  # state changes within the window that make an endpoint "flapping"
NETWORK_REASONS = frozenset({"dns", "connect", "timeout", "tls", "reset"})


class State(StrEnum):
    UNKNOWN = "UNKNOWN"
    UP = "UP"
    DEGRADED = "DEGRADED"
    SUSPECT = "SUSPECT"
    DOWN = "DOWN"


@dataclass(frozen=True)
class Result:
    """One check: ok (True), degraded (True, degraded=True) or failed (False), and why."""

    ok: bool
    reason: str = ""
    status: int | None = None
    latency: float | None = None
    degraded: bool = False

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
            return f"{self.name} DOWN: {self.reason}, {self.failures} failures"
        if self.new is State.DEGRADED:
            return f"{self.name} DEGRADED: {self.reason}"
        if self.old is State.UNKNOWN:
            return f"{self.name} {self.new.value}"
        return f"{self.name} {self.new.value} after {short_span(self.after)}"


# -- one check ---------------------------------------------------------------------------


async def probe(
    client: httpx.AsyncClient, endpoint: Endpoint, settings: Settings, body_limit: int = 65_536
) -> Result:
    """Check an endpoint once. Never raises: every failure becomes a Result with its reason."""
    started = time.perf_counter()
    try:
        url = expand_env(endpoint.url)
        headers = {k: expand_env(v) for k, v in endpoint.headers.items()}
    except KeyError as exc:
        return Result(False, f"env {exc.args[0]} unset")
    try:
        async with asyncio.timeout(settings.timeout):
            request = client.build_request(endpoint.method, url, headers=headers)
            response = await client.send(request, stream=True, follow_redirects=True)
            try:
                cert_days = _cert_days(response) if endpoint.cert_min_days is not None else None
                body = bytearray()
                async for chunk in response.aiter_raw():
                    body.extend(chunk)
                    if len(body) >= body_limit:
                        del body[body_limit:]
                        break
            finally:
                await response.aclose()
    except TimeoutError:
        return Result(False, "timeout", latency=time.perf_counter() - started)
    except httpx.TooManyRedirects:
        return Result(False, "redirects")
    except httpx.HTTPError as exc:
        return Result(False, _network_reason(exc))
    except (OSError, ssl.SSLError) as exc:  # raised below httpx on some platforms
        return Result(False, _network_reason(exc))
    latency = time.perf_counter() - started
    return judge(endpoint, settings, response.status_code, bytes(body), latency, cert_days)


def judge(
    endpoint: Endpoint,
    settings: Settings,
    status: int,
    body: bytes,
    latency: float,
    cert_days: int | None = None,
) -> Result:
    """Classify a response; the first problem found is the reason."""
    if not status_expected(status, settings.expect_status):
        return Result(False, f"status {status}", status, latency)
    text = body.decode("utf-8", "replace")
    if endpoint.body_contains is not None and endpoint.body_contains not in text:
        return Result(False, "body", status, latency)
    if endpoint.body_matches is not None and not re.search(endpoint.body_matches, text):
        return Result(False, "body", status, latency)
    if endpoint.json_checks:
        try:
            document = json.loads(text)
        except ValueError:
            return Result(False, "json invalid", status, latency)
        for check in endpoint.json_checks:
            if not json_holds(document, check):
                return Result(False, f"json {describe_failed(check)}", status, latency)
    if endpoint.latency_down is not None and latency >= endpoint.latency_down:
        return Result(False, f"latency {latency:.1f}s", status, latency)
    if endpoint.latency_degraded is not None and latency >= endpoint.latency_degraded:
        return Result(True, f"latency {latency:.1f}s", status, latency, degraded=True)
    if (
        cert_days is not None
        and endpoint.cert_min_days is not None
        and cert_days < endpoint.cert_min_days
    ):
        return Result(True, f"cert {cert_days} days", status, latency, degraded=True)
    return Result(True, "", status, latency)


def status_expected(status: int, expected: tuple[int | str, ...]) -> bool:
    return any(
        status == spec if isinstance(spec, int) else str(status)[0] == spec[0] for spec in expected
    )


_MISSING = object()


def json_lookup(document: Any, path: str) -> Any:
    """The value at a dotted path ("data.items.0.status"), or _MISSING."""
    node = document
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif (
            isinstance(node, list)
            and part.lstrip("-").isdigit()
            and -len(node) <= int(part) < len(node)
        ):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def json_holds(document: Any, check: JsonCheck) -> bool:
    value = json_lookup(document, check.path)
    if check.op == "exists":
        return value is not _MISSING
    if value is _MISSING:
        return False
    try:
        if check.op == "==":
            return value == check.value
        if check.op == "!=":
            return value != check.value
        if check.op == "in":
            return value in check.value
        if check.op == "<":
            return value < check.value
        if check.op == "<=":
            return value <= check.value
        if check.op == ">":
            return value > check.value
        if check.op == ">=":
            return value >= check.value
    except TypeError:
        return False  # comparing a string with a number: the check does not hold
    return False


_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<", "in": "not in"}


def describe_failed(check: JsonCheck) -> str:
    if check.op == "exists":
        return f"{check.path} missing"
    return f"{check.path} {_NEGATED[check.op]} {check.value}"


def _network_reason(exc: BaseException) -> str:
    text = repr(exc).lower() + repr(exc.__cause__).lower() + repr(exc.__context__).lower()
    if isinstance(exc, ssl.SSLError) or "ssl" in text or "certificate" in text:
        return "tls"
    if "name or service not known" in text or "nodename nor servname" in text or "gaierror" in text:
        return "dns"
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ConnectError | ConnectionRefusedError):
        return "connect"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError) or "reset" in text:
        return "reset"
    return "connect"


def _cert_days(response: httpx.Response) -> int | None:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    cert = ssl_object.getpeercert()
    if not cert or "notAfter" not in cert:
        return None
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), UTC)
    return (expires - datetime.now(UTC)).days


# -- the state machine -------------------------------------------------------------------


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

    def __post_init__(self) -> None:
        self.since = self.clock.now()

    @property
    def flapping(self) -> bool:
        # SUSPECT then DOWN is one failure being confirmed, not two changes.
        failing = [state in (State.SUSPECT, State.DOWN) for state in self.history]
        return sum(a != b for a, b in zip(failing, failing[1:], strict=False)) >= FLAP_CHANGES

    def record(self, result: Result) -> Transition | None:
        """Take one result; the confirmed transition it causes, if any."""
        self.last = result
        self.latencies.append(result.latency)
        now = self.clock.now()
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


# -- the scheduler -----------------------------------------------------------------------


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


@dataclass(frozen=True)
class Event:
    """Something for the timeline: a confirmed change, a flapping endpoint, a probe problem."""

    endpoint: str
    state: str
    text: str
    data: dict[str, Any]


OnEvent = Callable[[Event], Awaitable[None] | None]
PROBE = "(probe)"


class Monitor:
    """Checks every endpoint on its own fixed schedule, start times spread over the interval.

    A hanging endpoint holds only its own slot until its timeout; the others keep their
    schedule. `on_event` hears what belongs in the timeline: confirmed changes only; a
    flapping endpoint once, not at every flap; and when most endpoints fail with network
    errors at once, one probe problem instead of one entry per endpoint.
    """

    def __init__(
        self,
        config: Config,
        on_event: OnEvent | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.clock = clock or RealClock()
        self.on_event = on_event
        self._flap_noted: set[str] = set()
        # What another thread may read: replaced whole, at most every `publish_every` seconds.
        self.snapshot: list[Sample] = []
        self.version = 0
        self._dirty = True
        self.lags: deque[float] = deque(maxlen=10_000)
        self.checks = 0
        self.network_problem = False
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._client: httpx.AsyncClient | None = None
        self.config = config
        self.trackers: dict[str, Tracker] = {}
        self._sync_trackers()

    def _sync_trackers(self) -> None:
        old = self.trackers
        self.trackers = {}
        for endpoint in self.config.endpoints:
            s = self.config.settings(endpoint)
            kept = old.get(endpoint.name)
            if kept is not None:
                kept.fall, kept.rise = s.fall, s.rise
                self.trackers[endpoint.name] = kept
            else:
                self.trackers[endpoint.name] = Tracker(endpoint.name, s.fall, s.rise, self.clock)
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._slots = asyncio.Semaphore(self.config.probe.max_concurrency)

    def samples(self) -> list[Sample]:
        out = []
        for endpoint in self.config.endpoints:
            t = self.trackers[endpoint.name]
            last = t.last
            out.append(
                Sample(
                    name=endpoint.name,
                    group=endpoint.group,
                    state=t.state,
                    since=t.since,
                    reason=last.reason if last else "",
                    status=last.status if last else None,
                    latency=last.latency if last else None,
                    latencies=list(t.latencies),
                    flapping=t.flapping,
                )
            )
        return out

    def _client_for(self) -> httpx.AsyncClient:
        if self._client is None:
            probe_settings = self.config.probe
            self._client = httpx.AsyncClient(
                limits=httpx.Limits(
                    max_connections=probe_settings.max_concurrency,
                    max_keepalive_connections=probe_settings.max_concurrency,
                ),
                max_redirects=probe_settings.max_redirects,
                timeout=None,  # each check has its own overall timeout
                headers={"User-Agent": "warroom-health/0.1"},
            )
        return self._client

    async def check(self, endpoint: Endpoint) -> Result:
        host = urlsplit(endpoint.url).hostname or ""
        per_host = self._host_slots.setdefault(
            host, asyncio.Semaphore(self.config.probe.per_host_concurrency)
        )
        async with self._slots, per_host:
            return await probe(
                self._client_for(),
                endpoint,
                self.config.settings(endpoint),
                self.config.probe.body_limit,
            )

    async def _handle(self, endpoint: Endpoint, result: Result) -> None:
        self.checks += 1
        self._dirty = True
        tracker = self.trackers.get(endpoint.name)
        if tracker is not None:  # None: removed by a config reload while being checked
            await self._emit(self._events(tracker, tracker.record(result)))

    async def _emit(self, events: list[Event]) -> None:
        for event in events:
            if self.on_event is not None:
                outcome = self.on_event(event)
                if asyncio.iscoroutine(outcome):
                    await outcome

    def _events(self, tracker: Tracker, change: Transition | None) -> list[Event]:
        events = []
        was = self.network_problem
        lasts = [t.last for t in self.trackers.values() if t.last is not None]
        failing = [r for r in lasts if r.network]
        # Most endpoints failing with network errors at once: it is probably us, not them.
        self.network_problem = len(lasts) >= 3 and len(failing) * 2 > len(self.trackers)
        if self.network_problem and not was:
            reasons = sorted({r.reason for r in failing})
            text = (
                f"probe network problem: {len(failing)} of {len(self.trackers)} endpoints "
                f"unreachable ({', '.join(reasons)})"
            )
            events.append(Event(PROBE, "PROBLEM", text, {"failing": len(failing)}))
        elif was and not self.network_problem:
            events.append(Event(PROBE, "OK", "probe network recovered", {}))
        if change is None or self.network_problem:
            return events
        if tracker.flapping:
            if tracker.name not in self._flap_noted:
                self._flap_noted.add(tracker.name)
                text = f"{tracker.name} flapping: {FLAP_CHANGES}+ state changes in its last {FLAP_WINDOW} checks"
                events.append(Event(tracker.name, "FLAPPING", text, {"reason": change.reason}))
            return events
        self._flap_noted.discard(tracker.name)
        data = {"reason": change.reason, "from": change.old.value, "failures": change.failures}
        events.append(Event(tracker.name, change.new.value, change.describe(), data))
        return events

    async def run_round(self) -> list[Sample]:
        """Check every endpoint once, concurrently; for `warroom check` and tests."""
        endpoints = list(self.config.endpoints)
        results = await asyncio.gather(*(self.check(e) for e in endpoints))
        # Take in the whole round before judging it, so a round that fails everywhere
        # is seen as one probe problem.
        changes = [
            (self.trackers[e.name], self.trackers[e.name].record(r))
            for e, r in zip(endpoints, results, strict=True)
        ]
        self.checks += len(results)
        self._dirty = True
        for tracker, change in changes:
            await self._emit(self._events(tracker, change))
        return self.samples()

    async def _loop(self, endpoint: Endpoint, offset: float) -> None:
        settings = self.config.settings(endpoint)
        loop = asyncio.get_running_loop()
        due = loop.time() + offset
        while True:
            await asyncio.sleep(max(0.0, due - loop.time()))
            self.lags.append(max(0.0, loop.time() - due))
            result = await self.check(endpoint)
            await self._handle(endpoint, result)
            tracker = self.trackers.get(endpoint.name)
            failing = tracker is not None and tracker.state is State.SUSPECT
            # A fixed schedule: the next check is due one interval after this one was due.
            due += settings.retry_interval if failing else settings.interval
            due = max(due, loop.time())

    async def publish(self, every: float = 0.1) -> None:
        """Batch results for a screen in another thread: one snapshot per `every` seconds."""
        while True:
            if self._dirty:
                self._dirty = False
                self.snapshot = self.samples()
                self.version += 1
            await asyncio.sleep(every)

    def start(self) -> None:
        """Start (or, after reload(), restart) a task per endpoint."""
        endpoints = self.config.endpoints
        for index, endpoint in enumerate(endpoints):
            if endpoint.name in self._tasks:
                continue
            interval = self.config.settings(endpoint).interval
            offset = interval * index / max(1, len(endpoints))
            self._tasks[endpoint.name] = asyncio.create_task(
                self._loop(endpoint, offset), name=f"health:{endpoint.name}"
            )

    def reload(self, config: Config) -> None:
        """Take a new config: added endpoints start, removed ones stop, changed ones restart."""
        before = {e.name: (e, self.config.settings(e)) for e in self.config.endpoints}
        self.config = config
        for endpoint in config.endpoints:
            if before.get(endpoint.name) != (endpoint, config.settings(endpoint)):
                task = self._tasks.pop(endpoint.name, None)
                if task is not None:
                    task.cancel()
        for name in set(self._tasks) - {e.name for e in config.endpoints}:
            self._tasks.pop(name).cancel()
        self._sync_trackers()
        self._dirty = True
        self.start()

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        if self._client is not None:
            await self._client.aclose()
            self._client = None


async def check_once(config: Config) -> list[tuple[Endpoint, State, Result]]:
    """One check of every endpoint, each result taken as final (for scripts and CI)."""
    monitor = Monitor(config)
    try:
        results = await asyncio.gather(*(monitor.check(e) for e in config.endpoints))
    finally:
        await monitor.close()
    out = []
    for endpoint, result in zip(config.endpoints, results, strict=True):
        state = (State.DEGRADED if result.degraded else State.UP) if result.ok else State.DOWN
        out.append((endpoint, state, result))
    return out
