"""Every wait on Prometheus and Alertmanager has a deadline and a body limit: a server that
drips its answer a byte every half second, or sends 50 MB, costs one timeout and a bounded
amount of memory, never a frozen row or a command that does not return."""

from __future__ import annotations

import asyncio
import os
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import invoke
from tests.helpers.slow_servers import SlowServer, slow_server
from warroom.checks.health import Monitor, State
from warroom.core.config import load_config


@pytest.fixture
def prom() -> Iterator[SlowServer]:
    with slow_server() as server:
        yield server


def metric_config(path: Path, server: SlowServer, timeout: str = "1s") -> Path:
    path.write_text(
        f'[prometheus]\nurl = "{server.url}"\ntimeout = "{timeout}"\n'
        f'[alertmanager]\nurl = "{server.url}"\ntimeout = "{timeout}"\n'
        '[defaults]\ninterval = "1500ms"\nfall = 1\nrise = 1\n'
        '[[metric]]\nname = "checkout error rate"\nquery = "x"\nunit = "ratio"\ncrit = 0.05\n'
    )
    return path


async def test_a_dripping_prometheus_is_no_answer_in_time(prom: SlowServer, tmp_path) -> None:
    monitor = Monitor(load_config(metric_config(tmp_path / "warroom.toml", prom)))
    metric = monitor.config.metrics[0]
    try:
        assert (await monitor.check(metric)).ok
        prom.mode = "drip"
        started = time.monotonic()
        result = await asyncio.wait_for(monitor.check(metric), 10)
        took = time.monotonic() - started
        assert (result.ok, result.reason) == (False, "prometheus: no answer in time")
        assert took < 2.5, took
        prom.mode = "ok"  # and it is believed again as soon as it answers
        assert (await asyncio.wait_for(monitor.check(metric), 10)).ok
    finally:
        await monitor.close()


async def test_a_huge_prometheus_answer_is_refused_unread(prom: SlowServer, tmp_path) -> None:
    monitor = Monitor(load_config(metric_config(tmp_path / "warroom.toml", prom, "10s")))
    prom.mode = "huge"
    tracemalloc.start()
    try:
        result = await asyncio.wait_for(monitor.check(monitor.config.metrics[0]), 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        await monitor.close()
    assert (result.ok, result.reason) == (False, "prometheus: answer larger than 8 MB")
    assert peak < 30 * 1024 * 1024, f"{peak / 1e6:.0f} MB"


async def test_a_metric_row_follows_prometheus_stalling_and_recovering(
    prom: SlowServer, tmp_path
) -> None:
    """The row does not keep its last live value while Prometheus drips, nor after."""
    monitor = Monitor(load_config(metric_config(tmp_path / "warroom.toml", prom)))
    monitor.start()

    async def row_until(condition, timeout: float = 8.0):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = monitor.samples()[0]
            if condition(row):
                return row
            await asyncio.sleep(0.05)
        raise AssertionError(f"the row stayed {monitor.samples()[0]}")

    try:
        await row_until(lambda r: r.state is State.UP and r.reason.startswith("0.2%"))
        prom.mode = "drip"
        stalled = time.monotonic()
        await row_until(lambda r: r.reason == "prometheus: no answer in time")
        assert time.monotonic() - stalled < 1.5 + 1 + 1  # one interval, one timeout, slack
        prom.mode = "ok"
        recovered = time.monotonic()
        await row_until(lambda r: r.state is State.UP)
        assert time.monotonic() - recovered < 1.5 + 1 + 1
    finally:
        await monitor.close()


@pytest.mark.parametrize("command", [["check"], ["alerts"]], ids=["check", "alerts"])
def test_commands_return_within_their_timeout_from_a_dripping_server(
    prom: SlowServer, tmp_path: Path, command: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    config = metric_config(tmp_path / "warroom.toml", prom, "2s")
    prom.fire(3)
    args = [*command, "--config", str(config)]
    # The same command against a server answering at once, measured now: on a busy machine
    # the first run's imports are slow, and that is not the deadline's doing.
    started = time.monotonic()
    invoke(env, *args)
    at_once = time.monotonic() - started
    prom.mode = "drip"
    started = time.monotonic()
    result = invoke(env, *args)
    took = time.monotonic() - started
    assert took < 2 + at_once + 1, (took, at_once)  # the timeout once, over the same start
    if command == ["check"]:
        assert result.returncode == 1 and "prometheus: no answer in time" in result.stdout
    else:
        assert (result.returncode, result.stderr) == (2, f"warroom: {prom.url}: no answer in 2s\n")


async def test_an_alert_flood_is_a_handful_of_entries(prom: SlowServer, tmp_path) -> None:
    """5,000 alerts firing for three alert names on two services: one entry per group."""
    heard = []
    monitor = Monitor(
        load_config(metric_config(tmp_path / "warroom.toml", prom)), on_event=heard.append
    )
    prom.fire(5000, names=("HighLatency", "ErrorRate", "PodRestarts"),
              services=("checkout", "search"))  # fmt: skip
    try:
        await monitor.poll_alerts()
        texts = sorted(e.text for e in heard)
        assert len(texts) == 6, texts
        assert all(re.fullmatch(r"83[34] alerts firing for alertname=\w+, service=\w+ "
                                r"\(A lists them\)", t) for t in texts), texts  # fmt: skip
        assert any("alertname=ErrorRate, service=checkout" in t for t in texts)
        rows = [s for s in monitor.samples() if s.group == "alerts"]
        assert len(rows) == 6 and {r.state for r in rows} == {State.DOWN}
        assert "alert HighLatency · checkout" in {r.name for r in rows}
        # The same alerts again: nothing new to say.
        await monitor.poll_alerts()
        assert len(heard) == 6
        prom.alerts = []
        await monitor.poll_alerts()
        assert len(heard) == 12 and heard[-1].state == "UP"
        assert heard[-1].text.endswith("resolved")
    finally:
        await monitor.close()


async def test_a_flood_of_many_groups_is_one_entry(prom: SlowServer, tmp_path) -> None:
    heard = []
    monitor = Monitor(
        load_config(metric_config(tmp_path / "warroom.toml", prom)), on_event=heard.append
    )
    prom.fire(5004, names=tuple(f"Alert{n}" for n in range(100)), services=("checkout",))
    try:
        await monitor.poll_alerts()
        assert len(heard) == 1, [e.text for e in heard]
        assert heard[0].text.startswith("Alert flood: 5,004 alerts firing in 100 groups (")
        prom.alerts = []
        await monitor.poll_alerts()
        assert [e.text for e in heard[1:]] == ["Alert flood over: every group of it resolved"]
    finally:
        await monitor.close()
