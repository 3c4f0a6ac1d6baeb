"""A console on a very long incident: open time and key → screen at 200,000 timeline entries.

    python benchmarks/large_incident.py [--entries 200000] [--presses 30]

Builds, in a temporary SQLite file, one incident with `--entries` timeline entries (notes,
health changes, checklist ticks, with a status update every 900 entries and an action or a
status change now and then), written in one transaction by a child process the way the
service writes them. Then, in a headless console (Textual's Pilot, 160x45):
- open: from starting the console until the newest entry is on screen;
- key → screen, p50 and p95 of `--presses` each, a person's pace apart:
  j (checklist cursor), k (timeline scroll), space (tick: commit, read back, redrawn),
  n + a note + enter arriving in one read (prompt, commit, the note on screen);
- the console's resident memory once open, beside the same console on a 500-entry incident.
Target: every key p95 under 100 ms, whatever the length of the incident.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

TITLE = "BENCHDATA a very long incident"
PACE = 0.25  # seconds between keys: a person's pace, each key measured on its own


def build(db: Path, entries: int) -> None:
    """The incident, declared through the service; its entries inserted in one transaction
    (a service call per entry would take minutes), as the service stores them."""
    import sqlite3

    from warroom.core.clock import SimulatedClock
    from warroom.incident.service import IncidentService
    from warroom.storage.db import SQLITE_TIME
    from warroom.storage.store import Store

    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    service = IncidentService(Store(db), clock=SimulatedClock(start), actor="alice")
    service.declare(TITLE, "SEV-1", incident_id="INC-1")
    service.store.close()
    rows = []
    for n in range(1, entries):
        at = (start + timedelta(seconds=n * 0.4)).strftime(SQLITE_TIME)
        if n % 900 == 0:
            kind, text, data = "update", f"Update {n // 900}: still mitigating", {"template": None}
        elif n % 20_000 == 0:
            kind, text, data = "status", "Status identified → mitigating", {"from": "identified", "to": "mitigating"}  # fmt: skip
        elif n % 5_000 == 0:
            kind, text, data = "action", "Restart web: finished (exit 0)", {"action": "Restart web", "phase": "finished"}  # fmt: skip
        elif n % 4 == 0:
            kind, text = "health", f"checkout-api {'DOWN: status 503' if n % 8 else 'UP after 12s'}"
            data = {"endpoint": "checkout-api", "state": "DOWN" if n % 8 else "UP"}
        else:
            kind, text, data = "note", f"note {n}: error rate {n % 40}% on checkout-api", None
        rows.append(("INC-1", at, kind, "bench" if n % 3 else "alice", text,
                     json.dumps(data) if data else None))  # fmt: skip
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO timeline_entry (incident_id, at, kind, actor, text, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("UPDATE incident SET revision = ? WHERE id = 'INC-1'", (entries,))
    conn.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def measure(db: Path, presses: int, which: set[str]) -> dict[str, object]:
    from textual import events

    from warroom.tui.app import WarroomApp
    from warroom.tui.widgets.checklist import ChecklistList
    from warroom.tui.widgets.timeline import TimelinePane

    app = WarroomApp("INC-1", db=db)
    out: dict[str, object] = {}
    started = time.perf_counter()
    async with app.run_test(size=(160, 45)) as pilot:
        loop = asyncio.get_running_loop()

        async def painted(widget) -> None:  # type: ignore[no-untyped-def]
            done = loop.create_future()
            widget.call_after_refresh(lambda: done.done() or done.set_result(None))
            await done

        async def until(condition, timeout: float = 60.0, what: str = "open") -> None:  # type: ignore[no-untyped-def]
            deadline = time.perf_counter() + timeout
            while not condition():
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{what}: the console did not get there in time")
                await asyncio.sleep(0.001)  # a short nap: the console gets the loop

        pane = app.query_one(TimelinePane)
        await until(lambda: app.state is not None)
        await painted(pane)
        out["open_s"] = time.perf_counter() - started
        out["held"] = len(app.state.timeline) if app.state else 0
        out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        await pilot.pause(0.5)
        items = app.query_one(ChecklistList)

        async def key(name: str, keys: list[str], done, shown) -> float:  # type: ignore[no-untyped-def]
            if name not in which:
                return float("nan")
            t0 = time.perf_counter()
            for k in keys:  # in one go, as one read of the terminal brings them
                char = {"space": " ", "enter": "\r"}.get(k, k if len(k) == 1 else None)
                app.post_message(events.Key(k, char))
            await until(done, what=name)
            await painted(shown)  # … and the pane that shows it was redrawn
            return (time.perf_counter() - t0) * 1000

        timings: dict[str, list[float]] = {"j": [], "k (timeline)": [], "space": [], "note": []}

        async def focus(widget) -> None:  # type: ignore[no-untyped-def]
            widget.focus()  # done on the app's next turn: the keys go to it only then
            await until(lambda: app.focused is widget)
            await asyncio.sleep(PACE)

        for n in range(presses):
            await focus(items)
            before = items.highlighted
            timings["j"].append(
                await key("j", ["j" if n % 2 == 0 else "k"],
                          lambda b=before: items.highlighted != b, items)
            )  # fmt: skip
            await asyncio.sleep(PACE)
            item = int(str(items.get_option_at_index(items.highlighted or 0).id)[5:])
            was = _done(app, item)
            timings["space"].append(
                await key("space", ["space"], lambda w=was, i=item: _done(app, i) != w, items)
            )
            await asyncio.sleep(PACE)
            await focus(pane)
            # k and j move the timeline's cursor from entry to entry (scrolling only at the
            # edge of the view): done when the cursor has moved and the pane is redrawn.
            at = pane.cursor
            timings["k (timeline)"].append(
                await key("k", ["k" if n % 2 == 0 else "j"], lambda at=at: pane.cursor != at, pane)
            )
            await asyncio.sleep(PACE)
            text = f"bench note {n}"
            typed = ["n", *[c if c != " " else "space" for c in text], "enter"]
            timings["note"].append(await key("note", typed, lambda t=text: _newest(app) == t, pane))
            await asyncio.sleep(PACE)
        out["keys"] = {
            name: (statistics.median(v), pct(v, 0.95))
            for name, v in timings.items()
            if name.split()[0] in which
        }
    return out


def _done(app, item: int) -> bool:  # type: ignore[no-untyped-def]
    return app.state is not None and next(i.done for i in app.state.items if i.id == item)


def _newest(app) -> str:  # type: ignore[no-untyped-def]
    return app.state.timeline[-1].text if app.state and app.state.timeline else ""


def child(db: Path, presses: int, keys: str) -> dict[str, object]:
    """Measured in a fresh process, so that memory is the console's alone."""
    command = [sys.executable, __file__, "--measure", str(db), "--presses", str(presses)]
    run = subprocess.run(
        [*command, "--keys", keys],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        sys.exit(run.stderr.strip()[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--keys", default="j,k,space,note", help="which keys to measure")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.entries)
        return
    if args.measure:
        which = set(args.keys.split(","))
        print(json.dumps(asyncio.run(measure(args.measure, args.presses, which))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for entries in (500, args.entries):
            db = Path(tmp) / f"incident-{entries}.db"
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--build", str(db), "--entries", str(entries)],
                check=True,
            )
            built = time.perf_counter() - t0
            results[entries] = (built, child(db, args.presses, args.keys))
    small, large = results[500][1], results[args.entries][1]
    print(f"one incident, headless console 160x45; {args.presses} presses of each key")
    print(f"{'':34} {'500 entries':>18} {f'{args.entries:,} entries':>20}")
    print(f"{'built in (setup)':34} {results[500][0]:15.1f} s {results[args.entries][0]:17.1f} s")
    print(f"{'open: start to newest on screen':34} {small['open_s'] * 1000:15.0f} ms"
          f" {large['open_s'] * 1000:17.0f} ms")  # fmt: skip
    print(f"{'entries the console holds':34} {small['held']:18} {large['held']:20}")
    print(f"{'resident memory once open':34} {small['rss_mb']:15.1f} MB {large['rss_mb']:17.1f} MB")
    for name in small["keys"]:  # type: ignore[union-attr]
        s50, s95 = small["keys"][name]  # type: ignore[index]
        l50, l95 = large["keys"][name]  # type: ignore[index]
        print(f"{'key ' + name + ' → screen p50 / p95':34} {s50:6.1f} / {s95:5.1f} ms "
              f"{l50:8.1f} / {l95:5.1f} ms")  # fmt: skip
    print("target: every key p95 < 100 ms at any length")


if __name__ == "__main__":
    main()
