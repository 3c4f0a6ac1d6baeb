"""Team mode at scale: many consoles watching one incident on PostgreSQL while responders write.

    python benchmarks/team.py [--consoles 100] [--writers 10] [--rate 5] [--seconds 60]
                              [--real] [--db postgresql://...]

Prints, against the targets of a team of a hundred:
- time until every console is connected and listed as watching;
- connections per console, and idle server transactions per second per console (read from
  pg_stat_database over 20 idle seconds);
- change to visible: from a responder's commit to a console holding it (p50/p95/max), and
  changes saved but not stored or never seen.

Consoles: by default each is the console's database path without its screen (the real
database thread with its LISTEN and liveness ping, the real incremental reload, the real
presence heartbeat, polled every 0.1 s as the console polls), hosted 25 to a process, because
a hundred full Textual processes do not fit a 2-core machine. `--real` starts real headless
consoles instead, one process each (their latency then includes painting). Writers are
processes making `rate` changes a second (notes, ticks, severity) through the service. Without
--db a throwaway server is started in a temp directory (tests/helpers/pgserver.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INCIDENT = "INC-1"
PER_PROCESS = 25

WRITER = r"""
import json, random, sys, time
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

url, name, rate, seconds, start = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
service = IncidentService(Store(url), actor=name)
items = [i.id for i in service.state("INC-1").items]
rng = random.Random(name)
saved, errors, n = 0, [], 0
while time.time() < start:
    time.sleep(0.005)
while (due := start + n / rate) < start + seconds:
    if (delay := due - time.time()) > 0:
        time.sleep(delay)
    try:
        if n % 5 == 3:
            service.toggle("INC-1", rng.choice(items))
        elif n % 5 == 4:
            service.set_severity("INC-1", rng.choice(["SEV-1", "SEV-2"]))
        else:
            service.add_note("INC-1", f"{name} note {n}")
        saved += 1
    except Exception as exc:
        errors.append(str(exc).splitlines()[0])
    n += 1
print(json.dumps({"name": name, "saved": saved, "errors": errors}))
"""

# The console without its screen: what Sync does, on the real database thread.
CONSOLES = r"""
import json, sys, threading, time
from warroom.storage.thread import DatabaseThread
from warroom.core.responder import WATCHER_HEARTBEAT_S
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

url, first, count, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
results = {}

def console(name):
    thread = DatabaseThread(lambda: IncidentService(Store(url), actor=name), "INC-1")
    service = thread.submit(lambda: thread.service).result()
    state = thread.submit(service.state, "INC-1").result()
    key = f"bench:{name}"
    thread.on_reconnect = lambda: service.watching("INC-1", key)
    thread.submit(service.watching, "INC-1", key).result()
    seen, next_presence = {}, time.time() + WATCHER_HEARTBEAT_S
    while time.time() < end:
        time.sleep(0.1)  # the console's poll
        shown = state.timeline[-1].id if state.timeline else 0
        if thread.news(shown):
            state = thread.submit(service.state, "INC-1", state).result()
            now = time.time()
            for e in state.timeline[::-1]:
                if e.id <= shown:
                    break
                seen.setdefault(e.id, now - e.at.timestamp())
        if thread.presence_changed() or time.time() > next_presence:
            thread.submit(service.watchers, "INC-1").result()
            next_presence = time.time() + WATCHER_HEARTBEAT_S
    results[name] = seen
    thread.close()

threads = [threading.Thread(target=console, args=(f"console{first + n}",)) for n in range(count)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(results))
"""

REAL_CONSOLE = r"""
import json, sys, time
from pathlib import Path
import warroom.tui.app
from warroom.tui.app import WarroomApp

url, end = sys.argv[1], float(sys.argv[2])
seen = {}

class Watching(WarroomApp):
    CSS_PATH = str(Path(warroom.tui.app.__file__).with_name("warroom.tcss"))

    def show(self, state):
        super().show(state)
        fresh = [e for e in state.timeline if e.id not in seen]
        def painted():
            now = time.time()
            for e in fresh:
                seen.setdefault(e.id, now - e.at.timestamp())
        self.call_after_refresh(painted)

    def on_ready(self):
        super().on_ready()
        self.set_timer(max(0.1, end - time.time()), lambda: self.exit(return_code=0))

app = Watching("INC-1", url)
app.run(headless=True, size=(160, 45))
print(json.dumps({"real": seen}))
"""


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consoles", type=int, default=100)
    parser.add_argument("--writers", "--responders", type=int, default=10)
    parser.add_argument("--rate", type=float, default=5.0, help="changes a second, each")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--real", action="store_true", help="real headless consoles")
    parser.add_argument("--db", help="a PostgreSQL URL (default: a throwaway local server)")
    args = parser.parse_args()

    server = None
    url = args.db
    if url is None:
        from tests.helpers.pgserver import PostgresServer

        server = PostgresServer()
        server.start()
        url = server.create_database("bench")
    try:
        run(url, args)
    finally:
        if server is not None:
            server.destroy()


def server_figures(url: str) -> tuple[int, int]:
    """(transactions so far on the database, connections from warroom to it)."""
    import psycopg

    database = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url, autocommit=True, application_name="bench") as conn:
        xacts, connections = conn.execute(
            "SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s),"
            " (SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            "  AND application_name = 'warroom')",
            (database, database),
        ).fetchone()
    return int(xacts), int(connections)


def run(url: str, args: argparse.Namespace) -> None:
    from warroom.core.clock import RealClock
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    service = IncidentService(Store(url), clock=RealClock(), actor="bench")
    service.open_or_declare(INCIDENT, title="Team benchmark")
    workdir = Path(tempfile.mkdtemp(prefix="warroom-bench-"))  # no warroom.toml: no health checks
    for name, text in (
        ("writer.py", WRITER),
        ("consoles.py", CONSOLES),
        ("console.py", REAL_CONSOLE),
    ):
        # Files, not -c: Textual finds an App subclass's styles next to its source file.
        (workdir / name).write_text(text)
    env = {**os.environ, "WARROOM_CONFIG_DIR": str(workdir), "PYTHONPATH": str(ROOT)}
    idle_window = 30.0
    # The consoles watch through: connecting, an idle stretch, the writers, and a little after.
    end = time.time() + 60 + idle_window + 11 + args.seconds + 10

    def spawn(script: str, *argv: object, name: str = "console") -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, script, *map(str, argv)],
            cwd=workdir,
            env={**env, "WARROOM_RESPONDER": name},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def last_line(proc: subprocess.Popen[str], what: str) -> dict:
        out, err = proc.communicate(timeout=end - time.time() + 120)
        if proc.returncode != 0:
            sys.exit(f"a {what} failed: {err.strip().splitlines()[-1:]}")
        return json.loads(out.strip().splitlines()[-1])

    # -- connecting ------------------------------------------------------------------------
    started = time.monotonic()
    if args.real:
        consoles = [spawn("console.py", url, end, name=f"console{n}") for n in range(args.consoles)]
    else:
        consoles = [
            spawn("consoles.py", url, first, min(PER_PROCESS, args.consoles - first), end)
            for first in range(0, args.consoles, PER_PROCESS)
        ]
    want = {f"console{n}" for n in range(args.consoles)}
    while not want <= set(service.watchers(INCIDENT)):
        if time.monotonic() - started > 120:
            sys.exit("the consoles did not all connect within two minutes")
        time.sleep(0.1)
    connected = time.monotonic() - started

    # -- idle --------------------------------------------------------------------------------
    service.store.close()  # this script's own connection is not a console's
    time.sleep(11)  # a backend reports a burst of transactions up to ten seconds late
    before, connections = server_figures(url)
    time.sleep(idle_window)
    after, _ = server_figures(url)
    idle = (after - before - 1) / idle_window / args.consoles  # less this measurement's own

    # -- the writers ---------------------------------------------------------------------------
    start = time.time() + 5
    writers = [
        spawn("writer.py", url, f"r{n}", args.rate, args.seconds, start, name=f"r{n}")
        for n in range(args.writers)
    ]
    results = [last_line(proc, "writer") for proc in writers]
    views: dict[str, dict[int, float]] = {}
    for proc in consoles:
        for name, seen in last_line(proc, "console").items():
            views[name] = {int(k): v for k, v in seen.items()}

    state = service.state(INCIDENT)
    by_writer = {r["name"]: r["saved"] for r in results}
    stored = {e.id for e in state.timeline if e.actor in by_writer}
    stored_by = Counter(e.actor for e in state.timeline if e.actor in by_writer)
    saved = sum(by_writer.values())
    errors = [e for r in results for e in r["errors"]]
    lost = sum(max(0, by_writer[n] - stored_by[n]) for n in by_writer)
    latencies = sorted(v * 1000 for seen in views.values() for i, v in seen.items() if i in stored)
    never = sum(len(stored - seen.keys()) for seen in views.values())

    kind = (
        "real headless consoles, a process each"
        if args.real
        else (f"consoles without a screen, {PER_PROCESS} to a process")
    )
    print(f"{args.consoles} {kind}; {args.writers} writers x {args.rate:g} changes/s for "
          f"{args.seconds:g}s, on {service.store.where}")  # fmt: skip
    print(f"all consoles connected      {connected:6.1f} s            (target <= 10 s)")
    print(
        f"connections per console     {connections / args.consoles:6.2f}              (target <= 1)"
    )
    print(f"idle transactions           {idle:6.3f} /s per console (target <= 0.1)")
    print(f"changes saved               {saved} ({saved / args.seconds:.1f}/s), refused {len(errors)}, "
          f"saved but not stored {lost}")  # fmt: skip
    print(f"change to visible           p50 {percentile(latencies, 50):.0f} ms, "
          f"p95 {percentile(latencies, 95):.0f} ms (target <= 1000), max {latencies[-1]:.0f} ms; "
          f"never seen {never} of {len(stored) * len(views)}")  # fmt: skip
    if errors:
        print("first refusal:", errors[0])


if __name__ == "__main__":
    main()
