"""Health-check cost: N endpoints against a local server, 10% of them hanging.

    python benchmarks/health.py [--counts 100 500 1000] [--seconds 20] [--interval 5]
    python benchmarks/health.py --vs-blackbox [--counts 1000] [--interval 15] [--seconds 30]

For each N, in a fresh process: checks per second, scheduling lag (how late each check starts
against its schedule, p50 and p99), CPU seconds per check and per second of the poller, and
peak resident memory. The server runs in its own process, so its CPU is not counted.

--vs-blackbox also runs Prometheus's blackbox_exporter (Debian: prometheus-blackbox-exporter)
on the same endpoints at the same rate, driven by a separate process, and prints its CPU per
probe beside the poller's and the ratio; and it times a key press in a headless console
(key to the screen having handled it, median and p95 of 100) with no endpoints and while
the console polls the N endpoints.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = r"""
import asyncio, sys

async def handle(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            if b"/hang" in line:
                await asyncio.sleep(3600)
            body = b'{"status": "UP"}'
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"""

BLACKBOX_CONFIG = """
modules:
  http_up:
    prober: http
    timeout: 2s
    http:
      preferred_ip_protocol: ip4
      fail_if_body_not_matches_regexp: ['"status": *"UP"']
"""


def urls(count: int, port: int) -> list[str]:
    hanging = count // 10
    return [f"http://127.0.0.1:{port}/{'hang' if n < hanging else 'ok'}/{n}" for n in range(count)]


def config_data(count: int, port: int, interval: float) -> dict:
    return {
        "defaults": {"interval": interval, "timeout": 2, "retry_interval": 1, "fall": 3},
        # One local server stands in for many hosts, so the per-host cap is lifted here.
        "probe": {"max_concurrency": 64, "per_host_concurrency": 64},
        "endpoint": [
            {"name": f"ep{n}", "url": url, "json": [{"path": "status", "value": "UP"}]}
            for n, url in enumerate(urls(count, port))
        ],
    }


def measure_monitor(config: Any, interval: float, seconds: float) -> tuple[Any, int, float, float]:
    """A monitor run for `seconds` after its first round (spread over one interval): itself,
    the checks made, the CPU seconds and the wall seconds they took."""
    from warroom.checks.health import Monitor

    async def go() -> tuple[Any, int, float, float]:
        monitor = Monitor(config)
        monitor.start()
        publisher = asyncio.create_task(monitor.publish())
        await asyncio.sleep(interval)
        monitor.lags.clear()
        checks0, cpu0, wall0 = monitor.checks, time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        checks = monitor.checks - checks0
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        publisher.cancel()
        await monitor.close()
        return monitor, checks, cpu, wall

    return asyncio.run(go())


def run_poller(count: int, seconds: float, interval: float, port: int) -> dict[str, float]:
    from warroom.core.config import Config

    config = Config.model_validate(config_data(count, port, interval))
    monitor, checks, cpu, wall = measure_monitor(config, interval, seconds)
    lags = sorted(monitor.lags)
    return {
        "count": count,
        "checks_per_s": checks / wall,
        "lag_p50_ms": statistics.median(lags) * 1000,
        "lag_p99_ms": lags[int(0.99 * (len(lags) - 1))] * 1000,
        "cpu_ms_per_check": cpu / max(1, checks) * 1000,
        "cpu_share": cpu / wall,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# -- metrics and alerts: a real Prometheus and Alertmanager --------------------------------------
def run_monitoring(count: int, seconds: float) -> None:
    """CPU of the checking process while `count` metrics are evaluated every 15 s and the
    alerts polled every 10 s, against real servers on this machine."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.helpers.monitoring_servers import MonitoringServers, available
    from warroom.core.config import Config

    if available():
        sys.exit(f"--monitoring needs Prometheus and Alertmanager: {available()}")
    servers = MonitoringServers()
    servers.start()
    try:
        config = Config.model_validate({
            "prometheus": {"url": servers.prometheus_url},
            "alertmanager": {"url": servers.alertmanager_url},
            "alerts": {"matchers": ['service="checkout"'], "interval": 10},
            "metric": [
                {"name": f"m{n}", "query": f"checkout_error_ratio * {n + 1}", "warn": 0.5,
                 "crit": 1, "interval": 15}
                for n in range(count)
            ],
        })  # fmt: skip
        _, checks, cpu, wall = measure_monitor(config, 15, seconds)
    finally:
        servers.destroy()
    print(f"{count} metrics every 15s and alerts every 10s, {seconds:g}s measured: "
          f"{checks / wall:.1f} evaluations/s, {cpu / max(1, checks) * 1000:.2f} ms CPU each, "
          f"{cpu / wall:.1%} of a core in the checking process (target <= 5%; the console "
          "process only receives the pane's rows)")  # fmt: skip


# -- the yardstick: blackbox_exporter, probing the same endpoints at the same rate ------------
def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def drive_blackbox(exporter: int, count: int, seconds: float, interval: float, port: int) -> dict:
    """Ask the exporter to probe each endpoint once per interval (as Prometheus would)."""
    from urllib.parse import quote

    from warroom.checks.http import Pool

    targets = urls(count, port)

    async def go() -> int:
        pool = Pool("bench", keep=256)
        loop = asyncio.get_running_loop()
        done = 0
        start = loop.time()
        end = start + interval + seconds

        async def one(n: int) -> None:
            nonlocal done
            due = start + interval * n / count
            while due < end:
                await asyncio.sleep(max(0.0, due - loop.time()))
                url = f"http://127.0.0.1:{exporter}/probe?module=http_up&target={quote(targets[n])}"
                try:
                    await pool.request(
                        "GET", url, {"X-Prometheus-Scrape-Timeout-Seconds": "2.5"}, 1 << 20, 0
                    )
                    if loop.time() > start + interval:
                        done += 1
                except Exception:  # noqa: BLE001
                    pass
                due += interval

        await asyncio.gather(*(one(n) for n in range(count)))
        await pool.close()
        return done

    return {"probes": asyncio.run(go())}


def run_blackbox(count: int, seconds: float, interval: float, port: int) -> dict | None:
    binary = shutil.which("prometheus-blackbox-exporter") or shutil.which("blackbox_exporter")
    if binary is None:
        return None
    workdir = Path(tempfile.mkdtemp(prefix="warroom-bb-"))
    (workdir / "bb.yml").write_text(BLACKBOX_CONFIG)
    listen = free_port()
    exporter = subprocess.Popen(
        [binary, f"--config.file={workdir / 'bb.yml'}", f"--web.listen-address=127.0.0.1:{listen}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", listen), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        driver = subprocess.Popen(
            [sys.executable, __file__, "--drive", str(count), "--exporter", str(listen),
             "--port", str(port), "--seconds", str(seconds), "--interval", str(interval)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(interval)  # the first round, as for the poller
        cpu0 = cpu_seconds(exporter.pid)
        out, _ = driver.communicate(timeout=seconds + interval + 60)
        cpu = cpu_seconds(exporter.pid) - cpu0
        probes = json.loads(out.strip().splitlines()[-1])["probes"]
        return {"probes": probes, "cpu_ms_per_probe": cpu / max(1, probes) * 1000}
    finally:
        exporter.kill()
        exporter.wait()
        shutil.rmtree(workdir, ignore_errors=True)


# -- a key press in the console while it polls ---------------------------------------------------
def key_latency(count: int, interval: float, port: int, presses: int = 300) -> dict:
    """Key to handled, in a headless console with `count` endpoints (0: none)."""
    workdir = Path(tempfile.mkdtemp(prefix="warroom-keys-"))
    config = workdir / "warroom.toml"
    lines = [f"[defaults]\ninterval = {interval}\ntimeout = 2\n[probe]\nmax_concurrency = 64\n"
             "per_host_concurrency = 64\n"]  # fmt: skip
    for n, url in enumerate(urls(count, port)):
        lines.append(
            f'[[endpoint]]\nname = "ep{n}"\nurl = "{url}"\njson = [{{path = "status", value = "UP"}}]\n'
        )
    config.write_text("".join(lines))
    os.environ["WARROOM_CONFIG_DIR"] = str(workdir)

    from warroom.core.clock import SimulatedClock
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.tui.app import WarroomApp

    service = IncidentService(Store(workdir / "w.db"), clock=SimulatedClock(), actor="bench")
    app = WarroomApp("INC-1", service=service, config=config)

    async def go() -> list[float]:
        from textual import events

        from warroom.tui.widgets.checklist import ChecklistList

        out = []
        async with app.run_test(size=(160, 45)) as pilot:
            while app.state is None or (
                count and (app.health.view is None or app.health.view.total < count)
            ):
                await pilot.pause(0.05)
            # Measured in the steady state: every endpoint's first state confirmed and written
            # (two rounds for UP; three failures, each a timeout and a retry, for DOWN).
            settled = time.monotonic() + (2 * interval + 3 * (2 + 1) if count else 0)
            quiet_since, seen = time.monotonic(), -1
            while count and (time.monotonic() < settled or time.monotonic() - quiet_since < 3):
                if app.health.states != seen:
                    quiet_since, seen = time.monotonic(), app.health.states
                await pilot.pause(0.1)
            items = app.query_one(ChecklistList)
            loop = asyncio.get_running_loop()
            for n in range(presses):
                key = "j" if n % 2 == 0 else "k"
                before = items.highlighted
                started = time.perf_counter()
                app.post_message(events.Key(key, key))  # as the terminal's driver does
                while items.highlighted == before:  # the checklist moved its cursor …
                    await asyncio.sleep(0.0002)
                painted = loop.create_future()  # … and the screen was redrawn with it
                items.call_after_refresh(lambda f=painted: f.done() or f.set_result(None))
                await painted
                out.append((time.perf_counter() - started) * 1000)
                await asyncio.sleep(0.05)  # a person's pace, not a flood
        return out

    times = sorted(asyncio.run(go()))
    return {"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))]}


def child(args: list[str], env: dict[str, str] | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env or os.environ
    )
    if out.returncode != 0:
        sys.exit(out.stderr.strip()[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", type=int, nargs="+")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval", type=float)
    parser.add_argument("--vs-blackbox", action="store_true")
    parser.add_argument("--monitoring", type=int, metavar="METRICS",
                        help="metrics against a real Prometheus, alerts from Alertmanager")  # fmt: skip
    for hidden in ("--child", "--port", "--drive", "--exporter", "--keys"):
        parser.add_argument(hidden, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    interval = args.interval or (15.0 if args.vs_blackbox else 5.0)
    if args.monitoring:
        run_monitoring(args.monitoring, args.seconds)
        return
    if args.child:
        print(json.dumps(run_poller(args.child, args.seconds, interval, args.port)))
        return
    if args.drive:
        print(
            json.dumps(drive_blackbox(args.exporter, args.drive, args.seconds, interval, args.port))
        )
        return
    if args.keys is not None:
        print(json.dumps(key_latency(args.keys, interval, args.port)))
        return
    counts = args.counts or ([1000] if args.vs_blackbox else [100, 500, 1000])
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        common = ["--port", str(port), "--seconds", str(args.seconds), "--interval", str(interval)]
        print(
            f"interval {interval:g}s, timeout 2s, 10% of endpoints hanging, {args.seconds:g}s measured"
        )
        print(f"{'endpoints':>9} {'checks/s':>9} {'lag p50':>9} {'lag p99':>9} {'CPU/check':>10} "
              f"{'CPU share':>10} {'peak RSS':>9}")  # fmt: skip
        polled = {}
        for count in counts:
            r = polled[count] = child(["--child", str(count), *common])
            print(
                f"{r['count']:>9} {r['checks_per_s']:>9.1f} {r['lag_p50_ms']:>7.1f}ms {r['lag_p99_ms']:>7.1f}ms "
                f"{r['cpu_ms_per_check']:>8.2f}ms {r['cpu_share'] * 100:>9.1f}% {r['peak_mb']:>7.1f}MB"
            )
        if not args.vs_blackbox:
            return
        for count in counts:
            bb = run_blackbox(count, args.seconds, interval, port)
            if bb is None:
                print("blackbox_exporter is not installed (Debian: prometheus-blackbox-exporter)")
            else:
                mine = polled[count]["cpu_ms_per_check"]
                print(f"\n{count} endpoints, {bb['probes']} probes by blackbox_exporter: "
                      f"{bb['cpu_ms_per_probe']:.2f} ms CPU per probe; warroom {mine:.2f} ms per check: "
                      f"{mine / bb['cpu_ms_per_probe']:.2f}x the exporter (target <= 1.2x)")  # fmt: skip
            idle = child(["--keys", "0", *common])
            busy = child(["--keys", str(count), *common])
            print(
                f"key to screen, no endpoints:       p50 {idle['p50']:.1f} ms, p95 {idle['p95']:.1f} ms"
            )
            print(f"key to screen, polling {count}:   p50 {busy['p50']:.1f} ms, p95 {busy['p95']:.1f} ms"
                  f"  ({busy['p50'] / idle['p50']:.2f}x at p50, {busy['p95'] / idle['p95']:.2f}x at p95; "
                  "target <= 1.2x)")  # fmt: skip
    finally:
        server.kill()


if __name__ == "__main__":
    main()
