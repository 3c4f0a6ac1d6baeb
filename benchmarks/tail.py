"""`warroom tail --follow`: from a note's commit in another process to its line on tail's
stdout, and `warroom log INC-1 -`: notes a second through one process.

    python benchmarks/tail.py [--notes 40] [--no-postgres]

On a SQLite file and, unless --no-postgres, on a throwaway PostgreSQL server (tests/pgserver.py).
Notes are written at uneven intervals (so none lines up with tail's polling), each after the
previous one has been seen; the yardstick is the same commit read back by this process.
"""

from __future__ import annotations

import argparse
import os
import random
import select
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


def follow(db: str, notes: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each commit to tail's line, and to this process reading it back."""
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    service = IncidentService(Store(db), actor="bench")
    service.declare("Checkout down", "SEV-1", incident_id="INC-1")
    env = {**os.environ, "WARROOM_DB": db}
    tail = subprocess.Popen(
        [sys.executable, "-m", "warroom", "tail", "INC-1", "--follow", "--jsonl"],
        env=env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert tail.stdout is not None
    seen, read_back = [], []
    try:
        tail.stdout.readline()  # the declaration: tail is reading
        rng = random.Random(7)
        for n in range(notes):
            time.sleep(rng.uniform(0.05, 0.3))
            entry = service.add_note("INC-1", f"note {n}")
            committed = time.perf_counter()
            service.entries_after("INC-1", entry.id - 1)
            read_back.append((time.perf_counter() - committed) * 1000)
            if not select.select([tail.stdout], [], [], 10)[0]:
                sys.exit(f"tail did not print note {n} in 10 s")
            tail.stdout.readline()
            seen.append((time.perf_counter() - committed) * 1000)
    finally:
        tail.terminate()
        tail.wait(10)
    return seen, read_back


def log_stdin(db: str, notes: int) -> float:
    """Notes a second through `warroom log INC-1 -`, process start to exit included."""
    env = {**os.environ, "WARROOM_DB": db, "WARROOM_RESPONDER": "bench"}
    lines = "".join(f"from the room {n}\n" for n in range(notes)).encode()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "warroom", "log", "INC-1", "-"], env=env,
                   input=lines, capture_output=True, check=True)  # fmt: skip
    return notes / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=40)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    compile_warroom()
    workdir = Path(tempfile.mkdtemp(prefix="warroom-tail-"))
    dbs = {"sqlite": lambda: str(workdir / "bench.db")}
    server = None
    if not args.no_postgres:
        from tests.helpers.pgserver import PostgresServer

        server = PostgresServer()
        server.start()
        dbs["postgresql"] = lambda: server.create_database("tail")  # type: ignore[union-attr]
    try:
        print(f"{args.notes} notes, commit in this process → line on `tail --follow` stdout")
        for backend, db in dbs.items():
            url = db()
            seen, read_back = follow(url, args.notes)
            rate = log_stdin(url, 500)
            print(
                f"{backend:10}  tail: median {statistics.median(seen):5.0f} ms, "
                f"worst {max(seen):5.0f} ms   (read back here: median "
                f"{statistics.median(read_back):.1f} ms)   log -: {rate:,.0f} notes/s (500 lines)"
            )
    finally:
        if server is not None:
            server.destroy()


if __name__ == "__main__":
    main()
