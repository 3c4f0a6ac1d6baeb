"""A health row whose last answer is older than a check can take says "stale" and its age,
never the live-looking value it last had: here the checking process itself is stopped."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from tests.helpers.console import opened, plain, wait_until
from tests.helpers.health_server import running
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.widgets.health import HealthPane


async def test_a_row_without_a_recent_answer_says_stale(tmp_path: Path) -> None:
    service = IncidentService(Store(tmp_path / "warroom.db"), actor="alice")  # the real clock
    service.open_or_declare("INC-42", title="Checkout down")
    with running() as server:
        config = tmp_path / "warroom.toml"
        config.write_text(
            '[defaults]\ninterval = "500ms"\ntimeout = "300ms"\nfall = 1\nrise = 1\n'
            f'[[endpoint]]\nname = "checkout-api"\nurl = "{server.base}/ok"\n'
        )
        app = WarroomApp("INC-42", service=service, config=config)
        async with app.run_test(size=(160, 45)) as pilot:
            await opened(pilot)

            def health() -> str:
                return plain(app.query_one(HealthPane).render(), width=120)

            await wait_until(pilot, lambda: "● UP" in health())
            process = app.health._process
            assert process is not None
            os.kill(process.pid, signal.SIGSTOP)  # the checks stop answering altogether
            try:
                await wait_until(pilot, lambda: "stale 2s" in health(), timeout=10)
                shown = health()
                assert "● UP" not in shown and "STALE" in shown, shown
                assert "last known UP" in shown
            finally:
                os.kill(process.pid, signal.SIGCONT)
            await wait_until(pilot, lambda: "● UP" in health(), timeout=10)
