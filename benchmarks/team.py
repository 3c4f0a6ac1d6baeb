"""Team mode under load: responders writing to one PostgreSQL server while consoles watch.

    python benchmarks/team.py [--responders 10] [--rate 5] [--seconds 60] [--consoles 2]
                              [--db postgresql://...]

Each responder is its own process making `rate` changes a second (notes, ticks, severity)
through the service. Each console is the real console, headless, in its own process; it
notes when each timeline entry is first on its screen. Prints change-to-visible latency
(entry time to painted in another process, p50/p95/max) and lost changes: entries a
responder was told were saved but that are not in the database, or that a console never
showed. Without --db a throwaway server is started in a temp directory (tests/pgserver.py).
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

RESPONDER = r"""
import json, random, sys, time
from warroom.service import IncidentService
from warroom.store import Store

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

CONSOLE = r"""
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
print(json.dumps(seen))
"""


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responders", type=int, default=10)
    parser.add_argument("--rate", type=float, default=5.0, help="changes a second, each")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--consoles", type=int, default=2)
    parser.add_argument("--db", help="a PostgreSQL URL (default: a throwaway local server)")
    args = parser.parse_args()

    server = None
    url = args.db
    if url is None:
        from tests.pgserver import PostgresServer

        server = PostgresServer()
        server.start()
        url = server.create_database("bench")
    try:
        run(url, args)
    finally:
        if server is not None:
            server.destroy()


def run(url: str, args: argparse.Namespace) -> None:
    from warroom.clock import RealClock
    from warroom.service import IncidentService
    from warroom.store import Store

    service = IncidentService(Store(url), clock=RealClock(), actor="bench")
    service.open_or_declare(INCIDENT, title="Team benchmark")
    workdir = Path(tempfile.mkdtemp(prefix="warroom-bench-"))  # no warroom.toml: no health checks
    # Files, not -c: Textual finds an App subclass's styles next to its source file.
    (workdir / "responder.py").write_text(RESPONDER)
    (workdir / "console.py").write_text(CONSOLE)
    env = {**os.environ, "WARROOM_CONFIG_DIR": str(workdir), "WARROOM_RESPONDER": "console"}
    env["PYTHONPATH"] = str(ROOT)
    start = time.time() + 8  # every process has imported and connected by then
    end = start + args.seconds + 5  # consoles keep watching a little after the last change

    def spawn(script: str, *args: object) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, script, *map(str, args)],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def last_line(proc: subprocess.Popen[str], what: str) -> object:
        out, err = proc.communicate(timeout=args.seconds + 120)
        if proc.returncode != 0:
            sys.exit(f"a {what} failed: {err.strip().splitlines()[-1:]}")
        return json.loads(out.strip().splitlines()[-1])

    consoles = [spawn("console.py", url, end) for _ in range(args.consoles)]
    responders = [
        spawn("responder.py", url, f"r{n}", args.rate, args.seconds, start)
        for n in range(args.responders)
    ]
    results = [last_line(proc, "responder") for proc in responders]
    views = [{int(k): v for k, v in last_line(proc, "console").items()} for proc in consoles]

    state = service.state(INCIDENT)
    by_actor = {r["name"]: r["saved"] for r in results}
    stored = {e.id for e in state.timeline if e.actor in by_actor}
    stored_by_actor = Counter(e.actor for e in state.timeline if e.actor in by_actor)
    saved = sum(by_actor.values())
    errors = [e for r in results for e in r["errors"]]
    lost_in_db = sum(max(0, by_actor[n] - stored_by_actor[n]) for n in by_actor)
    print(
        f"{args.responders} responders x {args.rate:g} changes/s for {args.seconds:g}s, "
        f"{args.consoles} consoles watching, on {service.store.where}"
    )
    print(f"changes saved        {saved} ({saved / args.seconds:.1f}/s), refused {len(errors)}")
    print(f"saved but not stored {lost_in_db}")
    for n, seen in enumerate(views, 1):
        latencies = sorted(seen[i] * 1000 for i in stored if i in seen)
        missing = len(stored - seen.keys())
        print(
            f"console {n}: change to visible p50 {percentile(latencies, 50):.0f} ms, "
            f"p95 {percentile(latencies, 95):.0f} ms, max {latencies[-1]:.0f} ms; "
            f"never shown {missing}"
        )
    if errors:
        print("first refusal:", errors[0])


if __name__ == "__main__":
    main()
