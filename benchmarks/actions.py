"""Memory per mitigation action: N actions run one after another in a headless console.

    python benchmarks/actions.py [--runs 9] [--lines 2000]

Each action is a real subprocess printing `--lines` lines (its output view holds them), run
through the console's keys: the action key, `y`, wait for the outcome, close the view. After
each run (the view closed, a full collection done) it prints the resident set, the change
since the first run, and how many run views are still alive (by weak reference, so what
gc.freeze() pinned counts too). Yardstick: the same number of
runs of a prompt opened and closed, which keeps nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
import weakref
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))


async def bench(runs: int, lines: int, folder: Path) -> None:
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.tui.app import WarroomApp

    body = f"for n in range({lines}): print('deploy step', n, 'x' * 60)"
    config = folder / "warroom.toml"
    config.write_text(
        '[[action]]\nkey = "r"\nlabel = "Restart web"\nkind = "restart"\n'
        f"command = [{sys.executable!r}, '-c', {body!r}]\nverify_within = \"1s\"\n"
    )
    service = IncidentService(Store(folder / "warroom.db"), actor="bench")
    service.declare("Checkout returns 500s", "SEV-1", incident_id="INC-1")
    app = WarroomApp("INC-1", service=service, config=config)

    async def until(condition, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("the console did not get there in time")
            await pilot.pause(0.02)

    def entries() -> int:
        return sum(1 for e in service.state("INC-1").timeline if e.kind == "action")

    async with app.run_test(size=(160, 45)) as pilot:
        await until(lambda: app.state is not None and app.config is not None)
        await pilot.pause(0.5)
        gc.collect()
        first = rss_mb()
        print(f"{'run':>4} {'RSS MB':>8} {'growth':>8} {'run views alive':>18}")
        views: list[weakref.ref[object]] = []  # the truth whatever gc.freeze() has pinned

        def alive() -> int:
            return sum(1 for ref in views if ref() is not None)

        print(f"{0:>4} {first:>8.1f} {0:>+8.1f} {alive():>18}")
        for n in range(1, runs + 1):
            before = entries()
            await pilot.press("r")
            await until(lambda: type(app.screen).__name__ == "ConfirmScreen")
            await pilot.press("y")
            # started and finished (with no checks configured, nothing to verify)
            await until(
                lambda before=before: entries() >= before + 2 and not app.mitigation.running
            )
            await until(lambda: type(app.screen).__name__ == "ActionRunScreen")
            views.append(weakref.ref(app.screen))
            await pilot.press("enter")
            await until(lambda: type(app.screen).__name__ != "ActionRunScreen")
            await pilot.pause(0.2)
            gc.collect()
            now = rss_mb()
            print(f"{n:>4} {now:>8.1f} {now - first:>+8.1f} {alive():>18}")
        gc.collect()
        mark = rss_mb()
        for _ in range(runs):  # yardstick: a dialog opened and closed
            await pilot.press("n")
            await until(lambda: type(app.screen).__name__ == "PromptScreen")
            await pilot.press("escape")
            await until(lambda: type(app.screen).__name__ != "PromptScreen")
        await pilot.pause(0.2)
        gc.collect()
        print(f"yardstick: {runs} note prompts opened and closed: {rss_mb() - mark:+.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument(
        "--no-freeze", action="store_true",
        help="make gc.freeze() do nothing, to tell what a run keeps from what a freeze pins",
    )  # fmt: skip
    args = parser.parse_args()
    if args.no_freeze:
        gc.freeze = lambda: None
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(bench(args.runs, args.lines, Path(folder)))


if __name__ == "__main__":
    main()
