"""Live health checks: probe HTTP(S) endpoints on a schedule, confirm state changes.

Three parts, each testable alone:
- `probe()` (probe.py): one check of one endpoint, classified with a one-word reason;
- `Tracker` (tracker.py): the state machine (fall/rise confirmation, SUSPECT, flapping);
- `Monitor` (here): the asyncio scheduler with capped concurrency, overall and per host.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from warroom.checks.probe import Client, probe
from warroom.checks.results import Event, Result, Transition  # noqa: F401 (part of this API)
from warroom.checks.tracker import FLAP_CHANGES, FLAP_WINDOW, Tracker
from warroom.checks.view import HealthView, Sample, State  # noqa: F401 (part of this API)
from warroom.core.clock import Clock, RealClock
from warroom.core.config import Config, Endpoint, Metric, Settings

if TYPE_CHECKING:
    from warroom.checks.alert_groups import AlertGroup

# -- the scheduler -----------------------------------------------------------------------


OnEvent = Callable[[Event], Awaitable[None] | None]
PROBE = "(probe)"


# Over 300 lines on purpose: the loops of one schedule share its trackers, pool and rows.
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
        self.version = 0  # a new snapshot
        self.states_version = 0  # a snapshot in which some endpoint's state changed
        self._dirty = True
        self._state_changed = True
        self.lags: deque[float] = deque(maxlen=10_000)
        self.checks = 0
        self.network_problem = False
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._client: Client | None = None
        self._prometheus: Any = None  # an httpx.AsyncClient, made when a metric is first due
        self._alerts: dict[tuple[str, ...], Sample] = {}  # firing alert groups, as pane rows
        self._alert_groups: dict[tuple[str, ...], AlertGroup] = {}  # firing, by group
        self._flooded: set[tuple[str, ...]] = set()  # groups told of as part of a flood
        self._alert_problem = ""
        self.config = config
        self.trackers: dict[str, Tracker] = {}
        # Kept up to date as results come in, so that a check costs the same with ten
        # endpoints or a thousand: no pass over every endpoint per check or per redraw.
        self._settings: dict[str, Settings] = {}
        self._samples: dict[str, Sample] = {}
        self._fresh: set[str] = set()  # endpoints whose sample is out of date
        self._network: dict[str, str] = {}  # endpoint → its network failure, if its last was one
        self._reported: set[str] = set()  # endpoints with a result
        self._sync_trackers()

    def _sync_trackers(self) -> None:
        old = self.trackers
        self.trackers = {}
        self._settings = {e.name: self.config.settings(e) for e in self.config.checks}
        for endpoint in self.config.checks:
            s = self._settings[endpoint.name]
            kept = old.get(endpoint.name)
            if kept is not None:
                kept.fall, kept.rise = s.fall, s.rise
                self.trackers[endpoint.name] = kept
            else:
                self.trackers[endpoint.name] = Tracker(endpoint.name, s.fall, s.rise, self.clock)
        names = set(self.trackers)
        self._network = {k: v for k, v in self._network.items() if k in names}
        self._reported &= names
        self._samples = {k: v for k, v in self._samples.items() if k in names}
        self._fresh = set(names)
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._slots = asyncio.Semaphore(self.config.probe.max_concurrency)

    def seed(self, stored: list[dict[str, Any]]) -> None:
        """The confirmed states stored for the incident (name, state, since, reason: see
        IncidentService.endpoint_states): a console opened after another confirmed an
        endpoint DOWN shows it DOWN at once, not UNKNOWN until its own checks agree."""
        for row in stored:
            tracker = self.trackers.get(str(row.get("name")))
            if tracker is None or row.get("state") not in State.__members__:
                continue  # gone from the config, or not an endpoint's state (a probe problem)
            since = datetime.fromisoformat(str(row["since"]))
            tracker.seed(State(row["state"]), since, str(row.get("reason") or ""))
            self._fresh.add(tracker.name)
        self._dirty = self._state_changed = True

    def samples(self) -> list[Sample]:
        """What the pane shows, in config order; only endpoints with news are rebuilt."""
        for endpoint in self.config.checks:
            if endpoint.name in self._fresh:
                self._samples[endpoint.name] = self._sample(endpoint)
        self._fresh.clear()
        return [self._samples[e.name] for e in self.config.checks] + list(self._alerts.values())

    def _sample(self, endpoint: Endpoint | Metric) -> Sample:
        t = self.trackers[endpoint.name]
        last = t.last
        s = self._settings.get(endpoint.name) or self.config.settings(endpoint)
        return Sample(
            name=endpoint.name,
            group=endpoint.group,
            state=t.state,
            since=t.since,
            reason=last.reason if last else t.reason,
            status=last.status if last else None,
            latency=last.latency if last else None,
            latencies=list(t.latencies),
            flapping=t.flapping,
            successes=t.successes if t.state in (State.DOWN, State.SUSPECT) else 0,
            rise=t.rise,
            checked=t.checked,
            stale_after=s.interval + s.timeout,
        )

    def _take(self, tracker: Tracker, result: Result) -> Transition | None:
        """A result into its tracker, and into the counts the probe-problem rule reads."""
        self._reported.add(tracker.name)
        if result.network:
            self._network[tracker.name] = result.reason
        else:
            self._network.pop(tracker.name, None)
        self._fresh.add(tracker.name)
        before = tracker.state, tracker.successes > 0
        change = tracker.record(result)
        # Recovering (failing, passing again) shows at once too, as a state does.
        if (tracker.state, tracker.successes > 0) != before:
            self._state_changed = True
        return change

    def _client_for(self) -> Client:
        if self._client is None:
            probe = self.config.probe
            self._client = Client(probe.max_redirects, keep=probe.per_host_concurrency)
        return self._client

    async def check(self, endpoint: Endpoint | Metric) -> Result:
        if isinstance(endpoint, Metric):
            return await self._evaluate(endpoint)
        host = urlsplit(endpoint.url).hostname or ""
        per_host = self._host_slots.setdefault(
            host, asyncio.Semaphore(self.config.probe.per_host_concurrency)
        )
        async with self._slots, per_host:
            return await probe(
                self._client_for(),
                endpoint,
                self._settings.get(endpoint.name) or self.config.settings(endpoint),
                self.config.probe.body_limit,
            )

    async def _evaluate(self, metric: Metric) -> Result:
        """A metric's query on [prometheus], judged against its thresholds."""
        from warroom.checks.monitoring import async_client, evaluate, history

        server = self.config.prometheus
        if server is None:
            return Result(False, "no [prometheus] configured")
        if self._prometheus is None:
            self._prometheus = async_client(server)
        # Each request is whole within the metric's timeout: a Prometheus that drips its
        # answer is "no answer in time", not a row frozen at its last value.
        timeout = (self._settings.get(metric.name) or self.config.settings(metric)).timeout
        async with self._slots:
            tracker = self.trackers.get(metric.name)
            now = evaluate(self._prometheus, server, metric, timeout)
            if tracker is None or tracker.latencies:
                return await now
            # The first look also draws the last half hour, so the sparkline has a past: at
            # the same time, so that both fit in the one timeout.
            past, result = await asyncio.gather(
                history(self._prometheus, server, metric.query, timeout=timeout), now
            )
            tracker.latencies.extend(past)
            return result

    async def _handle(self, endpoint: Endpoint | Metric, result: Result) -> None:
        self.checks += 1
        self._dirty = True
        tracker = self.trackers.get(endpoint.name)
        if tracker is not None:  # None: removed by a config reload while being checked
            await self._emit(self._events(tracker, self._take(tracker, result)))

    async def _emit(self, events: list[Event]) -> None:
        for event in events:
            if self.on_event is not None:
                outcome = self.on_event(event)
                if asyncio.iscoroutine(outcome):
                    await outcome

    def _events(self, tracker: Tracker, change: Transition | None) -> list[Event]:
        events = []
        was = self.network_problem
        failing = len(self._network)
        # Most endpoints failing with network errors at once: it is probably us, not them.
        self.network_problem = len(self._reported) >= 3 and failing * 2 > len(self.trackers)
        if self.network_problem and not was:
            reasons = sorted(set(self._network.values()))
            text = (
                f"probe network problem: {failing} of {len(self.trackers)} endpoints "
                f"unreachable ({', '.join(reasons)})"
            )
            events.append(Event(PROBE, "PROBLEM", text, {"failing": failing}))
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

    async def run_round(self, names: list[str] | None = None) -> list[Sample]:
        """Check every endpoint (or those named) once, concurrently; their samples. For
        `warroom check`, the checks after an action, and tests."""
        wanted = None if names is None else set(names)
        endpoints = [e for e in self.config.checks if wanted is None or e.name in wanted]
        results = await asyncio.gather(*(self.check(e) for e in endpoints))
        # Take in the whole round before judging it, so a round that fails everywhere
        # is seen as one probe problem.
        changes = [
            (self.trackers[e.name], self._take(self.trackers[e.name], r))
            for e, r in zip(endpoints, results, strict=True)
        ]
        self.checks += len(results)
        self._dirty = True
        for tracker, change in changes:
            await self._emit(self._events(tracker, change))
        samples = self.samples()
        return samples if wanted is None else [s for s in samples if s.name in wanted]

    async def _loop(self, endpoint: Endpoint | Metric, offset: float) -> None:
        settings = self._settings[endpoint.name]
        loop = asyncio.get_running_loop()
        due = loop.time() + offset
        while True:
            await asyncio.sleep(max(0.0, due - loop.time()))
            self.lags.append(max(0.0, loop.time() - due))
            result = await self.check(endpoint)
            await self._handle(endpoint, result)
            tracker = self.trackers.get(endpoint.name)
            # Being confirmed either way (SUSPECT, or DOWN and passing again): the next
            # check comes at the retry interval, so a recovery is confirmed in `rise` of them.
            confirming = tracker is not None and (
                tracker.state is State.SUSPECT
                or (tracker.state is State.DOWN and tracker.successes > 0)
            )
            # A fixed schedule: the next check is due one interval after this one was due.
            due += settings.retry_interval if confirming else settings.interval
            due = max(due, loop.time())

    async def publish(self, every: float = 0.1) -> None:
        """Batch results for a screen in another thread: one snapshot per `every` seconds."""
        while True:
            if self._dirty:
                self._dirty = False
                self.snapshot = self.samples()
                self.version += 1
                if self._state_changed:
                    self._state_changed = False
                    self.states_version = self.version
            await asyncio.sleep(every)

    async def poll_alerts(self) -> None:
        """Firing alerts from [alertmanager] (those of [alerts] matchers) as rows of the pane,
        one per group of alerts sharing the `group_by` labels: a group starting and a group
        resolved are timeline entries. A flood (more than FLOOD_GROUPS groups starting at
        once) is one entry, as most endpoints failing at once is one probe problem."""
        from warroom.checks.alert_groups import group_alerts
        from warroom.checks.monitoring import MonitoringError, fetch_alerts

        server = self.config.alertmanager
        if server is None:
            return
        try:
            found = await fetch_alerts(server, self.config.alerts.matchers)
        except MonitoringError as exc:
            if not self._alert_problem:
                await self._emit([Event("(alerts)", "PROBLEM", f"Alerts unavailable: {exc}", {})])
            self._alert_problem = str(exc)
            return
        events = []
        if self._alert_problem:
            events.append(Event("(alerts)", "OK", "Alerts available again", {}))
        self._alert_problem = ""
        groups = group_alerts([a for a in found if a.state == "active"],
                              self.config.alerts.group_by)  # fmt: skip
        ended = [g for key, g in self._alert_groups.items() if key not in groups]
        events += self._group_events(groups, ended)
        self._alert_groups = groups
        checked = self.clock.now()
        stale_after = self.config.alerts.interval + server.timeout
        self._alerts = {key: dataclasses.replace(g.row(), checked=checked,
                                                 stale_after=stale_after)
                        for key, g in groups.items()}  # fmt: skip
        if events or groups or ended:
            self._dirty = True
            self._state_changed |= bool(events)
        await self._emit(events)

    def _group_events(self, groups: dict[Any, AlertGroup], ended: list[AlertGroup]) -> list[Event]:
        """The entries for alert groups starting and ending: one for a flood of them."""
        from warroom.checks.alert_groups import FLOOD, FLOOD_GROUPS, flood_event

        events = []
        started = [g for key, g in groups.items() if key not in self._alert_groups]
        if len(started) > FLOOD_GROUPS:
            if not self._flooded:
                events.append(flood_event(started))
            self._flooded.update(g.key for g in started)
        else:
            events += [g.started() for g in started]
        for group in ended:
            if group.key in self._flooded:
                self._flooded.discard(group.key)
                if not self._flooded:
                    events.append(Event(FLOOD, State.UP.value, "Alert flood over: every group "
                                        "of it resolved", {}))  # fmt: skip
            else:
                events.append(group.ended())
        return events

    async def _alerts_loop(self) -> None:
        while True:
            await self.poll_alerts()
            await asyncio.sleep(self.config.alerts.interval)

    def start(self) -> None:
        """Start (or, after reload(), restart) a task per endpoint and metric, and one for
        alerts."""
        if self.config.alertmanager is not None and "(alerts)" not in self._tasks:
            self._tasks["(alerts)"] = asyncio.create_task(self._alerts_loop(), name="alerts")
        endpoints = self.config.checks
        for index, endpoint in enumerate(endpoints):
            if endpoint.name in self._tasks:
                continue
            interval = self._settings[endpoint.name].interval
            offset = interval * index / max(1, len(endpoints))
            self._tasks[endpoint.name] = asyncio.create_task(
                self._loop(endpoint, offset), name=f"health:{endpoint.name}"
            )

    def renote(self) -> None:
        """Note flapping endpoints again at their next change: the notes sent so far went
        unrecorded (the incident was resolved), and a flapping endpoint's changes are not
        told one by one."""
        self._flap_noted.clear()

    def reload(self, config: Config) -> None:
        """Take a new config: added endpoints start, removed ones stop, changed ones restart."""
        before = {e.name: (e, self.config.settings(e)) for e in self.config.checks}
        self.config = config
        for endpoint in config.checks:
            if before.get(endpoint.name) != (endpoint, config.settings(endpoint)):
                task = self._tasks.pop(endpoint.name, None)
                if task is not None:
                    task.cancel()
        for name in set(self._tasks) - {e.name for e in config.checks} - {"(alerts)"}:
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
            await self._client.close()
            self._client = None
        if self._prometheus is not None:
            await self._prometheus.aclose()
            self._prometheus = None


async def check_once(config: Config) -> list[tuple[Endpoint | Metric, State, Result]]:
    """One check of every endpoint and metric, each result taken as final (scripts and CI)."""
    monitor = Monitor(config)
    try:
        results = await asyncio.gather(*(monitor.check(e) for e in config.checks))
    finally:
        await monitor.close()
    out: list[tuple[Endpoint | Metric, State, Result]] = []
    for endpoint, result in zip(config.checks, results, strict=True):
        state = (State.DEGRADED if result.degraded else State.UP) if result.ok else State.DOWN
        out.append((endpoint, state, result))
    return out
