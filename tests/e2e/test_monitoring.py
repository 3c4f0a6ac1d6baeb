"""Prometheus and Alertmanager, real servers on loopback: metric states, no data, Prometheus
gone; an alert fires, an incident is declared from it with the time the problem began, the
postmortem's time to detect is real, a confirmed silence reaches Alertmanager, the alert
resolves."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import PYTHON
from tests.helpers.cli import invoke
from tests.helpers.monitoring_servers import MonitoringServers, available, started
from warroom.checks.health import State, check_once
from warroom.core.config import load_config

pytestmark = [
    pytest.mark.skipif(bool(available()), reason=available() or ""),
    pytest.mark.xdist_group("prometheus"),  # one worker waits out its start, not both
]


@pytest.fixture(scope="module")
def servers() -> Iterator[MonitoringServers]:
    servers = started()
    try:
        yield servers
    finally:
        servers.destroy()


def config_file(
    tmp_path: Path, servers: MonitoringServers, prometheus: str | None = None, timeout: float = 2
) -> Path:
    path = tmp_path / "warroom.toml"
    path.write_text(
        f'[prometheus]\nurl = "{prometheus or servers.prometheus_url}"\ntimeout = {timeout}\n'
        f'[alertmanager]\nurl = "{servers.alertmanager_url}"\n'
        '[alerts]\nmatchers = [\'service="checkout"\']\nseverity_map = { critical = "SEV-1" }\n'
        '[[metric]]\nname = "checkout errors"\nquery = "checkout_error_ratio"\n'
        'warn = 0.01\ncrit = 0.03\nunit = "ratio"\n'
        '[[metric]]\nname = "nothing"\nquery = "no_such_metric_anywhere"\nwarn = 1\n'
    )
    return path


def states(path: Path) -> dict[str, tuple[State, str]]:
    results = asyncio.run(check_once(load_config(path)))
    return {check.name: (state, result.reason) for check, state, result in results}


def test_metrics_are_judged_against_their_thresholds(
    tmp_path: Path, servers: MonitoringServers
) -> None:
    path = config_file(tmp_path, servers)
    servers.target.error_ratio = 0.001
    servers.until(lambda: states(path)["checkout errors"][0] is State.UP)
    assert states(path)["checkout errors"] == (State.UP, "0.1% (below 1%)")
    servers.target.error_ratio = 0.02
    servers.until(lambda: states(path)["checkout errors"][0] is State.DEGRADED)
    servers.target.error_ratio = 0.048
    servers.until(lambda: states(path)["checkout errors"][0] is State.DOWN)
    assert states(path)["checkout errors"][1] == "4.8% (above 3%)"
    assert states(path)["nothing"] == (State.DOWN, "no data")
    servers.target.error_ratio = 0.001


def test_prometheus_gone_is_said_not_waited_on(tmp_path: Path, servers: MonitoringServers) -> None:
    import socket

    refused = config_file(tmp_path, servers, "http://127.0.0.1:9")
    assert states(refused)["checkout errors"] == (State.DOWN, "prometheus unreachable")
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(1)  # accepts, never answers
    try:
        port = hanging.getsockname()[1]
        slow = config_file(tmp_path, servers, f"http://127.0.0.1:{port}", timeout=0.5)
        started = time.monotonic()
        state, reason = states(slow)["checkout errors"]
        assert (state, reason) == (State.DOWN, "prometheus: no answer in time")
        assert time.monotonic() - started < 1.5  # its timeout, not longer
    finally:
        hanging.close()


def test_from_a_firing_alert_to_an_incident_with_its_time_to_detect(
    tmp_path: Path, servers: MonitoringServers, cli_env: dict[str, str]
) -> None:
    config_file(tmp_path, servers)
    # An alert an earlier test left firing would be listed, then resolve under this test.
    servers.unsilence()
    servers.target.error_ratio = 0.001
    servers.until(lambda: not servers.firing(), timeout=60)
    servers.target.error_ratio = 0.05

    def listed() -> list[dict]:
        ran = invoke(cli_env, "alerts", "--json", cwd=tmp_path)
        assert ran.returncode == 0, ran.stderr
        return [a for a in json.loads(ran.stdout) if a["name"] == "CheckoutErrorRate"]

    servers.until(listed)
    [alert] = listed()
    assert alert["labels"]["service"] == "checkout" and alert["summary"].startswith("Checkout")
    table = invoke(cli_env, "alerts", cwd=tmp_path)
    assert alert["fingerprint"] in table.stdout and "CheckoutErrorRate" in table.stdout

    declared = invoke(cli_env, "declare", "--from-alert", alert["fingerprint"][:8],
                       "--no-open", cwd=tmp_path)  # fmt: skip
    assert declared.returncode == 0, declared.stderr
    incident = declared.stdout.strip()
    exported = json.loads(
        invoke(cli_env, "export", incident, "--format", "json", cwd=tmp_path).stdout
    )
    assert exported["incident"]["title"] == "Checkout error rate above 1%"
    assert exported["incident"]["severity"] == "SEV-1"  # critical → SEV-1 through the map
    postmortem = invoke(cli_env, "export", incident, cwd=tmp_path).stdout
    assert "- Time to detect: n/a" not in postmortem and "- Time to detect:" in postmortem

    # Silencing asks first; with --yes (a script) it is done and recorded.
    refused = invoke(cli_env, "silence", incident, alert["fingerprint"], cwd=tmp_path)
    assert refused.returncode == 2 and "asks first" in refused.stderr
    silenced = invoke(cli_env, "silence", incident, alert["fingerprint"],
                       "--for", "30m", "--yes", cwd=tmp_path)  # fmt: skip
    assert silenced.returncode == 0, silenced.stderr
    ident = silenced.stdout.strip().rsplit(" ", 1)[-1].rstrip(")")
    made = httpx.get(f"{servers.alertmanager_url}/api/v2/silence/{ident}", timeout=5).json()
    assert made["status"]["state"] == "active" and "warroom" in made["comment"]
    timeline = json.loads(
        invoke(cli_env, "export", incident, "--format", "json", cwd=tmp_path).stdout
    )
    assert any(f"silence {ident}" in e["text"] for e in timeline["timeline"])

    servers.target.error_ratio = 0.001
    servers.until(lambda: not [a for a in servers.firing() if a["status"]["state"] == "active"])


async def test_the_health_pane_shows_metrics_beside_endpoints(
    tmp_path: Path, servers: MonitoringServers, service
) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.console import opened, plain, wait_until
    from warroom.tui.app import WarroomApp
    from warroom.tui.widgets.health import HealthPane

    servers.target.error_ratio = 0.048
    service.open_or_declare("INC-42")
    path = config_file(tmp_path, servers)
    app = WarroomApp("INC-42", service=service, config=path)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        pane = app.query_one(HealthPane)
        await wait_until(pilot, lambda: "4.8% (above 3%)" in plain(pane.render()), timeout=30)
        await pilot.press("n", *"looking", "enter")  # keys answer while metrics are polled
        await wait_until(pilot, lambda: any(e.text == "looking"
                                            for e in service.state("INC-42").timeline))  # fmt: skip
    servers.target.error_ratio = 0.001


def test_firing_and_resolved_alerts_reach_the_pane_and_the_timeline(
    tmp_path: Path, servers: MonitoringServers
) -> None:
    from warroom.checks.health import Event, Monitor

    servers.unsilence()
    heard: list[Event] = []
    monitor = Monitor(load_config(config_file(tmp_path, servers)), on_event=heard.append)

    async def poll() -> list[str]:
        await monitor.poll_alerts()
        return [s.name for s in monitor.samples() if s.group == "alerts"]

    servers.target.error_ratio = 0.05
    servers.until(lambda: asyncio.run(poll()) == ["alert CheckoutErrorRate · checkout"])
    assert heard[-1].text == "Alert CheckoutErrorRate firing: Checkout error rate above 1%"
    servers.target.error_ratio = 0.001
    servers.until(lambda: asyncio.run(poll()) == [], timeout=60)
    assert heard[-1].text == "Alert CheckoutErrorRate resolved"


async def test_from_the_console_an_alert_is_attached_and_silenced(
    tmp_path: Path, servers: MonitoringServers, service
) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.console import opened, plain, wait_until
    from warroom.tui.app import WarroomApp
    from warroom.tui.screens.confirm import ConfirmScreen
    from warroom.tui.screens.prompts import PickScreen
    from warroom.tui.widgets.actions_bar import ActionsBar

    servers.unsilence()
    servers.target.error_ratio = 0.05
    servers.until(lambda: [a for a in servers.firing() if a["status"]["state"] == "active"])
    service.open_or_declare("INC-42")
    app = WarroomApp("INC-42", service=service, config=config_file(tmp_path, servers))
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "A  Alerts" in plain(app.query_one(ActionsBar).render()))
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter", "enter")  # the alert; attach it
        await wait_until(pilot, lambda: any(
            e.kind == "alert" for e in service.state("INC-42").timeline))  # fmt: skip
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter", "down", "enter")  # the alert; silence it …
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")  # … once confirmed
        await wait_until(pilot, lambda: any(
            "Silenced CheckoutErrorRate" in e.text for e in service.state("INC-42").timeline))  # fmt: skip
    attached = next(e for e in service.state("INC-42").timeline if e.kind == "alert")
    assert attached.data["startsAt"] and attached.text.startswith("Alert CheckoutErrorRate")
    silences = httpx.get(f"{servers.alertmanager_url}/api/v2/silences", timeout=5).json()
    assert any(s["status"]["state"] == "active" and "INC-42" in s["comment"] for s in silences)
    servers.unsilence()
    servers.target.error_ratio = 0.001


def test_a_metric_s_sparkline_starts_with_its_past(
    tmp_path: Path, servers: MonitoringServers
) -> None:
    from warroom.checks.health import Monitor

    servers.target.error_ratio = 0.001
    path = config_file(tmp_path, servers)
    servers.until(lambda: states(path)["checkout errors"][0] is State.UP)  # scraped by now
    monitor = Monitor(load_config(path))

    async def round_() -> list:
        try:
            return await monitor.run_round()
        finally:
            await monitor.close()

    sample = next(s for s in asyncio.run(round_()) if s.name == "checkout errors")
    assert len(sample.latencies) > 1  # the last half hour from query_range, then now
    assert sample.latencies[-1] == 0.001 and sample.latency is None  # a value, not a latency


async def test_after_an_action_the_recheck_says_how_a_metric_moved(
    tmp_path: Path, servers: MonitoringServers
) -> None:
    from tests.helpers.console import opened, plain, wait_until
    from warroom.core.clock import RealClock
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.tui.app import WarroomApp
    from warroom.tui.screens.confirm import ConfirmScreen
    from warroom.tui.widgets.health import HealthPane

    servers.target.error_ratio = 0.048
    path = config_file(tmp_path, servers)
    # The fix takes a while after it has changed the metric: the value before is the one
    # when the action started, not when it finished (by then the checks may have seen 0.1%).
    fix = (f"import time, urllib.request; urllib.request.urlopen("
           f"'http://127.0.0.1:{servers.target.port}/set?ratio=0.001'); time.sleep(1.5)")  # fmt: skip
    # Scraped every 0.5 s, metrics checked every 0.5 s (also while a change is confirmed):
    # during the fix's 1.5 s the checks see 0.1% at least once.
    path.write_text(
        path.read_text() + '[defaults]\ninterval = "0.5s"\nretry_interval = "0.5s"\n'
        f'[[action]]\nkey = "r"\nlabel = "Roll back"\nkind = "rollback"\n'
        f'command = [{PYTHON!r}, "-c", {fix!r}]\nverify_within = "2s"\n'
    )
    service = IncidentService(Store(tmp_path / "warroom.db"), clock=RealClock(), actor="alice")
    service.open_or_declare("INC-42")
    app = WarroomApp("INC-42", service=service, config=path)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        pane = app.query_one(HealthPane)
        await wait_until(pilot, lambda: "4.8% (above 3%)" in plain(pane.render()), timeout=30)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")

        def verified() -> str:
            return next((e.text for e in service.state("INC-42").timeline
                         if (e.data or {}).get("phase") == "verified"), "")  # fmt: skip

        await wait_until(pilot, lambda: bool(verified()), timeout=30)
    service.store.close()
    servers.target.error_ratio = 0.001
    assert "checkout errors 4.8% → 0.1% (below 1%)" in verified(), verified()
    assert "checkout errors recovered " in verified(), verified()
    # "nothing" has no data: said once the 2 s window is over, not before (later under load).
    assert re.search(r"nothing (still )?failing [2-9] s after Roll back", verified()), verified()
