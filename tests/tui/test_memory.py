"""Dialogs opened and closed leave nothing behind: no footer keys, no widgets' drawn lines.

(tests/e2e/test_soak.py counts what notes, dialogs and actions leave behind; benchmarks/soak.py
measures the whole console's memory over a long incident.)
"""

from __future__ import annotations

import gc

import pytest
from textual._styles_cache import StylesCache
from textual.widgets._footer import FooterKey

from tests.helpers.console import opened, settle, wait_until
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp


def alive(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


@pytest.mark.slow(8)
async def test_dialogs_opened_and_closed_keep_nothing(service: IncidentService) -> None:
    service.declare("Checkout down", incident_id="INC-1")
    app = WarroomApp("INC-1", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)

        async def dialogs(times: int) -> None:
            for _ in range(times):
                for key in ("n", "question_mark"):
                    await pilot.press(key)
                    await wait_until(pilot, lambda: len(app.screen_stack) > 1)
                    await pilot.press("escape")
                    await wait_until(pilot, lambda: len(app.screen_stack) == 1)
            await settle(pilot)
            await pilot.pause(0.3)

        await dialogs(3)  # first uses: imports, caches of their fixed size
        keys, caches = alive(FooterKey), alive(StylesCache)
        await dialogs(5)  # ten dialogs: one object kept by each is past the slack
        assert alive(FooterKey) <= keys + 5
        assert alive(StylesCache) <= caches + 9
