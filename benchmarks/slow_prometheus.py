"""`warroom check` against a Prometheus that answers at once, one that drips its answer (the
headers, then a byte every half second) and one that sends 50 MB: time from process start to
exit and the checking process's peak resident memory, median of the runs.

    python benchmarks/slow_prometheus.py [--runs 5] [--timeout 5s]

The dripping server would hold a check without a deadline for as long as it drips (this one:
the length of its answer times half a second, about two minutes); with one, `check` returns
after the [prometheus] timeout. The servers are tests/helpers/slow_servers.py, in this process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.slow_servers import slow_server  # noqa: E402

# The command, and its own peak memory said on stderr as it exits.
RUN = (
    "import resource, sys\nfrom warroom.cli.launch import main\n"
    "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def timed(config: Path, env: dict[str, str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RUN, "check", "--config", str(config)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    took = time.perf_counter() - started
    rss = next(int(line.split()[1]) for line in result.stderr.splitlines()
               if line.startswith("maxrss"))  # fmt: skip
    reason = result.stdout.strip().splitlines()[-1].split("  ")[-1] if result.stdout else ""
    return took, rss / 1024, reason


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", default="5s", help="[prometheus] timeout")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    env["PYTHONPATH"] = str(ROOT)
    with slow_server() as prom, tempfile.TemporaryDirectory() as work:
        config = Path(work) / "warroom.toml"
        config.write_text(
            f'[prometheus]\nurl = "{prom.url}"\ntimeout = "{args.timeout}"\n'
            '[[metric]]\nname = "checkout error rate"\nquery = "x"\nunit = "ratio"\ncrit = 0.05\n'
        )
        print(f"warroom check, one metric, [prometheus] timeout {args.timeout}, "
              f"median of {args.runs} runs")  # fmt: skip
        print(f"{'prometheus':<28} {'start to exit':>14} {'peak RSS':>10}  reason")
        for mode, what in (("ok", "answers at once"), ("drip", "drips a byte every 0.5 s"),
                           ("huge", "sends 50 MB")):  # fmt: skip
            prom.mode = mode
            runs = [timed(config, env) for _ in range(args.runs)]
            took = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs)
            print(f"{what:<28} {took * 1000:>11.0f} ms {rss:>7.1f} MB  {runs[-1][2]}")


if __name__ == "__main__":
    main()
