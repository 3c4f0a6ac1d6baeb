"""One-shot commands from scripts: `warroom log`, `status`, `list` and `check`, timed from
process start to exit, beside `python -c pass` in the same run.

    python benchmarks/cli.py [--runs 15] [--no-postgres]

On a SQLite file and, unless --no-postgres, on a throwaway PostgreSQL server (tests/helpers/pgserver.py).
Medians of the runs, interleaved so that machine noise hits every command alike.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from _pty import compile_warroom  # noqa: E402

TARGETS = {"log": {"sqlite": 150, "postgresql": 250}}


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):  # check says 1 when something is down
        sys.exit(f"{argv}: {result.stderr.strip()}")
    return elapsed * 1000


def measure(db: str, workdir: Path, runs: int) -> dict[str, float]:
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    IncidentService(Store(db), actor="bench").declare("Checkout down", "SEV-1", incident_id="INC-1")
    (workdir / "warroom.toml").write_text(
        '[[endpoint]]\nname = "local"\nurl = "http://127.0.0.1:9/"\n'  # refused at once
    )
    env = {**os.environ, "WARROOM_DB": db, "WARROOM_RESPONDER": "bench",
           "WARROOM_CONFIG_DIR": str(workdir)}  # fmt: skip
    py = [sys.executable]
    commands = {
        "python -c pass": [*py, "-c", "pass"],
        "warroom log": [*py, "-m", "warroom", "log", "INC-1", "rolled back web"],
        "warroom status": [*py, "-m", "warroom", "status", "INC-1"],
        "warroom list": [*py, "-m", "warroom", "list"],
        "warroom check": [*py, "-m", "warroom", "check", "--config", str(workdir / "warroom.toml")],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(timed(argv, env))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    compile_warroom()
    workdir = Path(tempfile.mkdtemp(prefix="warroom-cli-"))
    results = {"sqlite": measure(str(workdir / "bench.db"), workdir, args.runs)}
    if not args.no_postgres:
        from tests.helpers.pgserver import PostgresServer

        server = PostgresServer()
        server.start()
        try:
            results["postgresql"] = measure(server.create_database("cli"), workdir, args.runs)
        finally:
            server.destroy()
    print(f"medians of {args.runs} runs, process start to exit")
    print(f"{'':16}" + "".join(f"{backend:>14}" for backend in results))
    for name in results["sqlite"]:
        cells = ""
        for backend, figures in results.items():
            target = TARGETS.get(name.removeprefix("warroom "), {}).get(backend)
            mark = f" (<={target})" if target else ""
            cells += f"{figures[name]:>8.0f} ms{mark:>9}" if mark else f"{figures[name]:>11.0f} ms"
        print(f"{name:16}{cells}")


if __name__ == "__main__":
    main()
