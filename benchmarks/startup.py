"""Start-up and key-press figures for `warroom open` on an incident with 40 items and 500 entries.

    python benchmarks/startup.py [--runs 7]

Prints, as medians over the runs: process start to the first frame of the console and to the
first paint with the incident's data; the same for a bare Textual app with a comparable number
of widgets (the yardstick, so the ratios mean something on any machine); key press to committed
tick (p50, p95); and resident memory.
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
from _pty import time_to_markers  # noqa: E402

TITLE = "BENCHDATA checkout returns 500s"


def prepare(db: Path) -> None:
    from dataclasses import replace

    from warroom.playbook import Item, load_builtin
    from warroom.service import IncidentService
    from warroom.store import Store

    base = load_builtin()
    extra = [Item(text=f"Extra check {n}", role="tech") for n in range(7)]
    phases = [
        *base.phases[:-1],
        replace(base.phases[-1], items=(*base.phases[-1].items, *extra)),
    ]
    playbook = replace(base, phases=tuple(phases))
    service = IncidentService(Store(db), actor="bench")
    service.declare(TITLE, "SEV-1", playbook=playbook, incident_id="INC-1")
    state = service.state("INC-1")
    assert len(state.items) == 40
    for n in range(499):
        service.add_note("INC-1", f"note {n}: error rate at {n % 40}% on checkout-api")
    assert len(service.state("INC-1").timeline) == 500


async def key_to_commit(db: Path, presses: int) -> list[float]:
    from warroom.service import IncidentService
    from warroom.store import Store
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
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        prepare(db)
        here = Path(__file__).parent
        bare, frame, data, mem = [], [], [], []
        for _ in range(args.runs):
            # Interleave the two programs so machine noise hits both alike.
            # "Severity" is a pane title in both: it is on the very first frame.
            (paint,), _ = time_to_markers(
                [sys.executable, str(here / "bare_app.py")], [b"Severity"]
            )
            bare.append(paint)
            (first, loaded), rss = time_to_markers(
                [sys.executable, "-m", "warroom", "open", "INC-1", "--db", str(db)],
                [b"Severity", b"BENCHDATA"],
            )
            frame.append(first)
            data.append(loaded)
            mem.append(rss)
        latencies = asyncio.run(key_to_commit(db, args.presses))

    b, f, d = statistics.median(bare), statistics.median(frame), statistics.median(data)
    print(f"incident: 40 checklist items, 500 timeline entries; medians of {args.runs} runs")
    print(f"bare Textual app, first paint      {b * 1000:7.0f} ms")
    print(
        f"warroom open, first frame          {f * 1000:7.0f} ms   {f / b:4.2f}x bare  (target 1.3x)"
    )
    print(
        f"warroom open, incident data shown  {d * 1000:7.0f} ms   {d / b:4.2f}x bare  (target 2.5x)"
    )
    print(
        f"key press to committed tick        p50 {pct(latencies, 0.5) * 1000:5.1f} ms"
        f"   p95 {pct(latencies, 0.95) * 1000:5.1f} ms  (target p95 < 20 ms, n={len(latencies)})"
    )
    print(f"resident memory (console, loaded)  {statistics.median(mem):7.1f} MB")


if __name__ == "__main__":
    main()
