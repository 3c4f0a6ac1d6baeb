"""Start-up, key and memory figures for `warroom open`, each beside its yardstick from the same run.

    python benchmarks/startup.py [--runs 7]

On an incident with 40 checklist items and 500 timeline entries, medians over the runs:
- first frame: process start until the console's frame is on the terminal;
- incident data: until the incident's own data (its title, its checklist) is on screen;
- interactive: with `n` typed every 50 ms from the start, until the note prompt shows;
- memory: resident set of the loaded console;
against a bare Textual app with about as many widgets (first paint), run interleaved so that
machine noise hits both alike; and key press to committed tick (p50, p95) in a headless console.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import compile_warroom, time_to_markers  # noqa: E402

TITLE = "BENCHDATA checkout returns 500s"


def prepare(db: Path) -> None:
    from dataclasses import replace

    from warroom.core.playbook import Item, load_builtin
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    base = load_builtin()
    extra = [Item(text=f"Extra check {n}", role="tech") for n in range(7)]
    phases = [
        *base.phases[:-1],
        replace(base.phases[-1], items=(*base.phases[-1].items, *extra)),
    ]
    playbook = replace(base, phases=tuple(phases))
    service = IncidentService(Store(db), actor="bench")
    service.declare(TITLE, "SEV-1", playbook=playbook, incident_id="INC-1")
    assert len(service.state("INC-1").items) == 40
    for n in range(499):
        service.add_note("INC-1", f"note {n}: error rate at {n % 40}% on checkout-api")
    assert len(service.state("INC-1").timeline) == 500


async def key_to_commit(db: Path, presses: int) -> list[float]:
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.tui.app import WarroomApp

    service = IncidentService(Store(db), actor="bench")
    committed: list[float] = []

    def timed(verb):  # the console ticks or unticks what it shows; runs on the database thread
        def call(*args):
            result = verb(*args)
            committed.append(time.perf_counter())
            return result

        return call

    service.tick = timed(service.tick)  # type: ignore[method-assign]
    service.untick = timed(service.untick)  # type: ignore[method-assign]
    app = WarroomApp("INC-1", service=service)
    latencies = []
    async with app.run_test(size=(160, 45)) as pilot:
        while app.state is None:
            await pilot.pause(0.01)
        for _ in range(presses):
            before = len(committed)
            pressed = time.perf_counter()
            await pilot.press("space")
            while len(committed) == before:
                await asyncio.sleep(0.0005)
            latencies.append(committed[-1] - pressed)
            await app.workers.wait_for_complete()
    return latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=60)
    args = parser.parse_args()
    compile_warroom()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        prepare(db)
        here = Path(__file__).parent
        env = {"WARROOM_CONFIG_DIR": tmp}  # no warroom.toml, no remembered theme
        console = [sys.executable, "-m", "warroom", "open", "INC-1", "--db", str(db)]
        bare, frame, data, ready, mem = [], [], [], [], []
        for _ in range(args.runs):
            # Interleave the programs so machine noise hits them alike.
            # "Severity" is a pane title in both: it is on the very first frame.
            (paint,), _ = time_to_markers(
                [sys.executable, str(here / "bare_app.py")], [b"Severity"]
            )
            bare.append(paint)
            (first, loaded), rss = time_to_markers(console, [b"Severity", b"BENCHDATA"], env)
            frame.append(first)
            data.append(loaded)
            mem.append(rss)
            (prompt,), _ = time_to_markers(console, [b"Add a note to"], env, press=b"n")
            ready.append(prompt)
        latencies = asyncio.run(key_to_commit(db, args.presses))

    b = statistics.median(bare)
    rows = [
        ("first frame (incident id)", statistics.median(frame), "bare first paint", b, 1.3),
        ("incident data on screen", statistics.median(data), "bare first paint", b, 2.0),
        ("interactive (n opens note)", statistics.median(ready), "bare first paint", b, 1.8),
    ]
    print(f"incident: 40 checklist items, 500 timeline entries; medians of {args.runs} runs")
    print(f"{'figure':30} {'now':>9} {'yardstick':>26} {'ratio':>6} {'target':>8}")
    for name, value, yard, yard_value, target in rows:
        print(
            f"{name:30} {value * 1000:6.0f} ms {yard:>17} {yard_value * 1000:5.0f} ms "
            f"{value / yard_value:5.2f}x {'<=' + str(target) + 'x':>8}"
        )
    print(
        f"{'resident memory (loaded)':30} {statistics.median(mem):6.1f} MB {'':>26} {'':>6} {'<=55 MB':>8}"
    )
    print(
        f"{'key press to committed tick':30} p50 {pct(latencies, 0.5) * 1000:.1f} ms, "
        f"p95 {pct(latencies, 0.95) * 1000:.1f} ms  (one SQLite commit <1 ms; target p95 <= 5 ms)"
    )


if __name__ == "__main__":
    main()
