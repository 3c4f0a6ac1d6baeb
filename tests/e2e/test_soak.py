"""A console keeps nothing of what an incident passes through it: notes from outside, dialogs
opened and closed, actions run and their output views closed.

The long soak is a benchmark, not a test: `python benchmarks/soak.py` runs `warroom open` in
tmux for 30 minutes under notes, dialogs and actions and prints its resident memory a minute
(README, "Memory over a long incident"). A memory slope needs minutes of real time to mean
anything; this test needs a few seconds. It counts, after a garbage collection, the objects
of each of the console's and Textual's types, and the objects frozen out of the collector,
before and after the same cycles: a cycle that keeps one object of any type (a closed
dialog's widgets, an action's output view, a footer key, a widget's styles cache), or a
freeze that pins what is garbage by then, shows as a count that grows with the cycles.
Counts are exact where RSS is noisy, so a small leak fails here too.
"""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import pytest
from textual._styles_cache import StylesCache
from textual.dom import DOMNode
from textual.strip import Strip

from tests.helpers.apps import config_with_action, timeline_text
from tests.helpers.console import opened, settle, wait_until
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp

CYCLES = 6


def kept() -> Counter[str]:
    """Live widgets and screens by type, and what draws them: what a closed dialog or output
    view would leave. (Values in Textual's bounded caches, sizes and regions, fill up over
    the first cycles and stop; finished workers go at the event loop's pace: not counted.)"""
    gc.collect()
    return Counter(
        type(o).__qualname__
        for o in gc.get_objects()
        if isinstance(o, (DOMNode, StylesCache, Strip))
    )


@pytest.mark.slow(10)
async def test_notes_dialogs_and_actions_leave_nothing_behind(
    service: IncidentService, db_url: str, tmp_path: Path
) -> None:
    service.declare("Checkout returns 500s", incident_id="INC-42")
    outside = IncidentService(Store(db_url), actor="script")  # as `warroom log` does
    for n in range(60):  # more than a screenful already: the timeline scrolls from the start
        outside.add_note("INC-42", f"checkout error rate {n}%")
    config = config_with_action(tmp_path, tmp_path / "marker")
    app = WarroomApp("INC-42", service=service, config=config)

    def finished() -> int:
        return sum("exit 0" in e.text for e in service.state("INC-42").timeline)

    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)

        async def cycles(times: int) -> None:
            for n in range(times):
                outside.add_note("INC-42", f"error rate still 4% ({n})")
                for key in ("n", "question_mark"):  # the note prompt, then the keys help
                    await pilot.press(key)
                    await wait_until(pilot, lambda: len(app.screen_stack) > 1)
                    await pilot.press("escape")
                    await wait_until(pilot, lambda: len(app.screen_stack) == 1)
                done = finished()
                await pilot.press("r", "enter", "y")  # the action, its prompt's default
                await wait_until(pilot, lambda done=done: finished() > done)
                await settle(pilot)
                await pilot.press("enter")  # the output view closed
                await wait_until(pilot, lambda: len(app.screen_stack) == 1)
            await settle(pilot)
            last = f"error rate still 4% ({times - 1})"
            await wait_until(pilot, lambda: last in timeline_text(app))  # the last note's arrival
            await pilot.pause()  # drawn

        await cycles(2)  # first uses: imports, caches of their fixed size
        before, frozen = kept(), gc.get_freeze_count()
        await cycles(CYCLES)
        grown = {kind: n - before[kind] for kind, n in kept().items() if n - before[kind] > 0}
    outside.store.close()
    # One object kept a cycle is CYCLES more; caches filling up to their size grow less.
    assert not {kind: n for kind, n in grown.items() if n >= CYCLES}, grown
    # Frozen objects are never collected, only freed by reference counting: fewer is fine.
    assert gc.get_freeze_count() <= frozen, "objects frozen after start-up are never collected"
