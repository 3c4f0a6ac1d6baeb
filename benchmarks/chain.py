"""The timeline's hash chain: what it costs per entry, and how long `verify` takes.

    python benchmarks/chain.py [--entries 10000] [--runs 3] [--no-postgres]

Writes one incident of N notes through the service twice, in fresh databases: once as
shipped (each entry linked to the one before it: one more indexed read and a SHA-256 in the
entry's transaction), once with the link replaced by a constant (what the same writes cost
without the chain). Prints the time per entry of each and the difference, then how long
`IncidentService.verify` and `warroom verify` (the whole command, process start to exit) take
on the N-entry incident, and `verify` of its exported file. On SQLite, and on PostgreSQL
(a throwaway server, tests/pgserver.py) unless --no-postgres. The best of `runs` counts.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warroom.core.chain import GENESIS, Link  # noqa: E402
from warroom.core.clock import SimulatedClock  # noqa: E402
from warroom.incident.service import IncidentService  # noqa: E402
from warroom.storage.store import Store  # noqa: E402


class NoLink:
    """What the write reads of a link, fixed: nothing looked up, nothing hashed."""

    def __init__(self, incident: str) -> None:
        self.incident, self.prev, self.hash = incident, GENESIS, GENESIS


class Unchained(IncidentService):
    """The service with the chain's link taken out: the same statements, nothing hashed."""

    def _link(self, tx, incident_id, kind, actor, at, text, data):  # type: ignore[no-untyped-def]
        return NoLink(incident_id)


def write(url: str, entries: int, chained: bool) -> float:
    """Seconds per entry for `entries` notes, each its own transaction, as a console writes."""
    cls = IncidentService if chained else Unchained
    service = cls(Store(url), clock=SimulatedClock(), actor="bench")
    ident = service.declare("benchmark").id
    began = time.perf_counter()
    for n in range(entries):
        service.add_note(ident, f"note {n}: error rate 38% on checkout-api since deploy v1.4.3")
    took = time.perf_counter() - began
    service.store.close()
    return took / entries


def run(label: str, new_url, entries: int, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with_chain, without = [], []
    for _ in range(runs):  # interleaved, so a busy moment of the machine hits both
        with_chain.append(write(new_url(), entries, True))
        without.append(write(new_url(), entries, False))
    url = new_url()
    write(url, entries, True)
    service = IncidentService(Store(url), actor="bench")
    verifies = []
    for _ in range(runs):
        began = time.perf_counter()
        checked = service.verify("INC-1")
        verifies.append(time.perf_counter() - began)
        assert checked.broken is None and checked.entries == entries + 1
    export = Path(tempfile.mkdtemp()) / "inc.json"
    export.write_text(json.dumps(service.export("INC-1")))
    service.store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WARROOM_DB": url}
    commands: dict[str, list[float]] = {"INC-1": [], str(export): [], "list": []}
    for _ in range(runs):
        for source, times in commands.items():
            # `warroom list` is the yardstick: a command that opens the same database.
            args = ["list"] if source == "list" else ["verify", source]
            began = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "warroom", *args], env=env,
                                  capture_output=True, text=True)  # fmt: skip
            times.append(time.perf_counter() - began)
            assert done.returncode == 0, done.stderr
    hashing = []
    for _ in range(runs):  # the link alone, in memory: what the chain adds to a write's CPU
        clock, prev = SimulatedClock(), GENESIS
        began = time.perf_counter()
        for n in range(entries):
            text = f"note {n}: error rate 38% on checkout-api since deploy v1.4.3"
            prev = Link("INC-1", "note", "bench", clock.now(), text, None, None, prev).hash
        hashing.append((time.perf_counter() - began) / entries)
    figures = {
        "with": min(with_chain) * 1000,
        "without": min(without) * 1000,
        "verify": min(verifies),
        "cli_db": min(commands["INC-1"]),
        "cli_file": min(commands[str(export)]),
        "cli_list": min(commands["list"]),
        "hashing": min(hashing) * 1e6,
    }
    cost = figures["with"] - figures["without"]
    print(f"\n{label}: {entries:,} notes, one transaction each (best of {runs})")
    print(f"  write per entry, chained     {figures['with']:.3f} ms")
    print(f"  write per entry, unchained   {figures['without']:.3f} ms")
    print(f"  the chain's cost per entry   {cost:+.3f} ms ({cost / figures['without']:+.0%})")
    print(f"  spread of chained writes     {statistics.pstdev(with_chain) * 1000:.3f} ms")
    print(f"  hashing alone, per entry     {figures['hashing']:.1f} µs (in memory)")
    print(f"  verify {entries + 1:,} entries (service)  {figures['verify'] * 1000:.0f} ms")
    print(
        f"  warroom verify INC-1          {figures['cli_db'] * 1000:.0f} ms (process start to exit)"
    )
    print(
        f"  warroom verify inc.json       {figures['cli_file'] * 1000:.0f} ms (process start to exit)"
    )
    print(f"  yardstick: warroom list       {figures['cli_list'] * 1000:.0f} ms (same database)")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="warroom-chain-"))
    count = iter(range(1_000_000))
    run("SQLite", lambda: str(folder / f"b{next(count)}.db"), args.entries, args.runs)
    if not args.no_postgres:
        from tests.helpers.pgserver import PostgresServer

        server = PostgresServer()
        try:
            server.start()
            run("PostgreSQL", server.create_database, args.entries, args.runs)
        finally:
            server.destroy()


if __name__ == "__main__":
    main()
