"""Health-check throughput: N endpoints against a local server, 10% of them hanging.

    python benchmarks/health.py [--counts 100 500 1000] [--seconds 20] [--interval 5]

For each N, in a fresh process: checks per second, scheduling lag (how late each check
starts against its schedule, p50 and p99), CPU seconds per check and per second of the
poller, and peak resident memory. The server runs in its own process, so its CPU is not
counted against the poller.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time

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


def run_poller(count: int, seconds: float, interval: float, port: int) -> dict[str, float]:
    from warroom.config import Config
    from warroom.health import Monitor

    hanging = count // 10
    config = Config.model_validate(
        {
            "defaults": {"interval": interval, "timeout": 2, "retry_interval": 1, "fall": 3},
            # One local server stands in for many hosts, so the per-host cap is lifted here.
            "probe": {"max_concurrency": 64, "per_host_concurrency": 64},
            "endpoint": [
                {
                    "name": f"ep{n}",
                    "url": f"http://127.0.0.1:{port}/{'hang' if n < hanging else 'ok'}/{n}",
                    "json": [{"path": "status", "value": "UP"}],
                }
                for n in range(count)
            ],
        }
    )

    async def go() -> tuple[Monitor, float, float]:
        monitor = Monitor(config)
        monitor.start()
        publisher = asyncio.create_task(monitor.publish())
        await asyncio.sleep(interval)  # the first round spreads its start times over one interval
        monitor.lags.clear()
        checks0, cpu0, wall0 = monitor.checks, time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        checks = monitor.checks - checks0
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        publisher.cancel()
        await monitor.close()
        return monitor, checks / wall, cpu / max(1, checks), cpu / wall

    monitor, rate, cpu_per_check, cpu_share = asyncio.run(go())
    lags = sorted(monitor.lags)
    return {
        "count": count,
        "checks_per_s": rate,
        "lag_p50_ms": statistics.median(lags) * 1000,
        "lag_p99_ms": lags[int(0.99 * (len(lags) - 1))] * 1000,
        "cpu_ms_per_check": cpu_per_check * 1000,
        "cpu_share": cpu_share,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval", type=float, default=5)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_poller(args.child, args.seconds, args.interval, args.port)))
        return
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        print(
            f"interval {args.interval:g}s, timeout 2s, 10% of endpoints hanging, {args.seconds:g}s measured"
        )
        print(
            f"{'endpoints':>9} {'checks/s':>9} {'lag p50':>9} {'lag p99':>9} {'CPU/check':>10} {'CPU share':>10} {'peak RSS':>9}"
        )
        for count in args.counts:
            child = [sys.executable, __file__, "--child", str(count), "--port", str(port)]
            child += ["--seconds", str(args.seconds), "--interval", str(args.interval)]
            out = subprocess.run(child, capture_output=True, text=True, env=os.environ, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{r['count']:>9} {r['checks_per_s']:>9.1f} {r['lag_p50_ms']:>7.1f}ms {r['lag_p99_ms']:>7.1f}ms "
                f"{r['cpu_ms_per_check']:>8.2f}ms {r['cpu_share'] * 100:>9.1f}% {r['peak_mb']:>7.1f}MB"
            )
    finally:
        server.kill()


if __name__ == "__main__":
    main()
