"""The health checks in a process of their own, beside the console.

A console polling a thousand endpoints would otherwise share one interpreter lock with the
keyboard: every check holds it a little, and a key waits (benchmarks/health.py measures key to
screen with and without polling). Here the checks run alone, and the console gets only what
it shows and records.

    python -m warroom.checks.process CONFIG_FILE [--seeded]

JSON lines both ways. Out: {"view": {...}, "states": N} (what the pane shows: the worst rows
and the counts; N grows when a state changed), {"event": {...}} (for the timeline),
{"rechecked": ID, "samples": [...]}, {"problem": "..."}. In: {"reload": true} (read the config file again),
{"recheck": ID, "names": [...]} (check everything, or those named, now), {"renote": true} (a
flapping endpoint is noted again: the note sent before was not recorded). End of input: the
process ends. With --seeded, the first line in is {"seed": [...]}: the states confirmed
before, which the checks start from.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import threading
from datetime import datetime
from typing import Any

from warroom.checks.health import Event, HealthView, Monitor, Sample, State

PUBLISH_S = 0.1  # how often changes are looked for
REFRESH_S = 1.0  # latencies and times in state: at most this often (states: at once)


def sample_data(sample: Sample) -> dict[str, Any]:
    data = dataclasses.asdict(sample)
    data["state"] = sample.state.value
    data["since"] = sample.since.isoformat()
    data["checked"] = sample.checked.isoformat() if sample.checked else None
    return data


def sample_from(data: dict[str, Any]) -> Sample:
    checked = data.get("checked")
    return Sample(
        **{
            **data,
            "state": State(data["state"]),
            "since": datetime.fromisoformat(data["since"]),
            "checked": datetime.fromisoformat(checked) if checked else None,
        }  # fmt: skip
    )


def view_data(view: HealthView) -> dict[str, Any]:
    return {"rows": [sample_data(s) for s in view.rows], "total": view.total,
            "states": view.states, "groups": view.groups}  # fmt: skip


def view_from(data: dict[str, Any]) -> HealthView:
    return HealthView([sample_from(d) for d in data["rows"]], data["total"], data["states"],
                      data["groups"])  # fmt: skip


def _send(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def run(path: str, seeded: bool = False) -> None:
    from warroom.core.config import load_config
    from warroom.core.errors import WarroomError

    # Read before the first check: an endpoint stored DOWN is never shown UNKNOWN first.
    seed = json.loads(sys.stdin.readline() or "{}").get("seed", []) if seeded else []
    loop = asyncio.get_running_loop()
    commands: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def read_commands() -> None:
        for line in sys.stdin:
            try:
                loop.call_soon_threadsafe(commands.put_nowait, json.loads(line))
            except ValueError:
                continue
        loop.call_soon_threadsafe(commands.put_nowait, None)  # the console went away

    threading.Thread(target=read_commands, name="commands", daemon=True).start()

    def event(e: Event) -> None:
        _send({"event": dataclasses.asdict(e)})

    monitor = Monitor(load_config(path), on_event=event)
    monitor.seed(seed)
    monitor.start()
    publisher = asyncio.create_task(monitor.publish(PUBLISH_S))
    sent: HealthView | None = None
    last_sent = 0.0
    states = -1
    rechecks: set[asyncio.Task[None]] = set()

    async def recheck(ident: Any, names: list[str] | None) -> None:
        samples = await monitor.run_round(names)
        _send({"rechecked": ident, "samples": [sample_data(s) for s in samples]})

    while True:
        try:
            command = await asyncio.wait_for(commands.get(), PUBLISH_S)
        except TimeoutError:
            command = {}
        if command is None:
            break
        if command.get("reload"):
            try:
                monitor.reload(load_config(path))
            except WarroomError as exc:
                _send({"problem": str(exc)})
        if command.get("renote"):
            monitor.renote()
        if "recheck" in command:
            # In a task of its own: the views go on being sent while the round runs.
            rechecks.add(asyncio.create_task(recheck(command["recheck"], command.get("names"))))
            rechecks = {t for t in rechecks if not t.done()}
        now = loop.time()
        if monitor.states_version != states or now - last_sent >= REFRESH_S:
            view = HealthView.of(monitor.snapshot)
            if view != sent:
                sent, states, last_sent = view, monitor.states_version, now
                _send({"view": view_data(view), "states": states})
    publisher.cancel()
    for task in rechecks:
        task.cancel()
    await asyncio.gather(publisher, *rechecks, return_exceptions=True)
    await monitor.close()


def main() -> None:
    try:
        asyncio.run(run(sys.argv[1], seeded="--seeded" in sys.argv[2:]))
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # noqa: BLE001 - said to the console, which shows it
        _send(
            {
                "problem": f"health checks stopped: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
            }
        )


if __name__ == "__main__":
    main()
