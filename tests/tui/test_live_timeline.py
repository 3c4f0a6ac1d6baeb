"""Every console shows the present: drill events as they happen, the newest entry followed
unless the reader scrolled back, another console's changes, stored health states."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.apps import drill
from tests.helpers.console import opened, screen_text, send_at_once, settle, wait_until
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.controllers.database import TIMELINE_WINDOW
from warroom.tui.widgets.timeline import TimelinePane


def count_in_file(db: Path) -> int:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM timeline_entry").fetchone()[0])


async def test_a_running_drill_shows_its_events_without_a_key(tmp_path: Path) -> None:
    app, service, incident = drill(tmp_path, speed=60)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        pane = app.query_one(TimelinePane)
        await wait_until(pilot, lambda: count_in_file(tmp_path / "drill.db") >= 6)
        # No key is pressed: the drill's own writes reach the pane within a poll or two.
        await wait_until(
            pilot,
            lambda: pane.border_title == f"Timeline · {count_in_file(tmp_path / 'drill.db')}",
            timeout=3,
        )
        newest = service.state(incident).timeline[-1].text[:40]
        await wait_until(pilot, lambda: newest in screen_text(app), 3)


def many_notes(service: IncidentService, incident: str, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        service.add_note(incident, f"note {n}: error rate {n % 40}%")


def shown(app: WarroomApp) -> str:
    return screen_text(app)


async def test_a_console_opens_on_the_newest_and_follows_its_own_and_others_notes(
    db_path: Path, clock
) -> None:
    writer = IncidentService(Store(db_path), clock=clock, actor="bob")
    writer.declare("Checkout down", incident_id="INC-42")
    many_notes(writer, "INC-42", 300)
    app = WarroomApp("INC-42", db=db_path, clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        assert "note 299:" in shown(app) and "note 200:" not in shown(app)
        await pilot.press("n", *"mine", "enter")
        await wait_until(pilot, lambda: "alice" in shown(app) or " mine" in shown(app))
        writer.add_note("INC-42", "from another console")
        await wait_until(pilot, lambda: "from another console" in shown(app), 3)
        assert app.query_one(TimelinePane).border_title == "Timeline · 303"


async def test_scrolled_back_it_stays_and_counts_what_came_in(db_path: Path, clock) -> None:
    writer = IncidentService(Store(db_path), clock=clock, actor="bob")
    writer.declare("Checkout down", incident_id="INC-42")
    many_notes(writer, "INC-42", 300)
    app = WarroomApp("INC-42", db=db_path, clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        pane = app.query_one(TimelinePane)
        pane.focus()
        await pilot.press(*["k"] * 40)  # the cursor 40 entries back: out of the pane's height
        top = pane.scroll_y
        assert "note 299:" not in shown(app)
        many_notes(writer, "INC-42", 3, start=300)
        await wait_until(pilot, lambda: pane.border_title == "Timeline · 304 · 3 new ↓", 3)
        assert pane.scroll_y == top and "note 302:" not in shown(app)
        await pilot.press("G")
        await wait_until(pilot, lambda: "note 302:" in shown(app), 3)
        assert pane.border_title == "Timeline · 304"
        # Scrolling back down to the bottom follows again too.
        await pilot.press(*["k"] * 3)
        writer.add_note("INC-42", "while reading back")
        await wait_until(pilot, lambda: pane.border_title == "Timeline · 305 · 1 new ↓", 3)
        await pilot.press(*["j"] * 4)
        await wait_until(pilot, lambda: "while reading back" in shown(app), 3)
        assert pane.border_title == "Timeline · 305"


BURST = """
import sys
from warroom.incident.service import IncidentService
from warroom.storage.store import Store

service = IncidentService(Store(sys.argv[1]), actor="script")
for n in range(int(sys.argv[2])):
    service.add_note("INC-42", f"burst {sys.argv[3]} note {n}")
"""


@pytest.mark.slow(6)
async def test_the_timeline_follows_after_bursts_from_another_process(
    db_path: Path, clock, tmp_path: Path
) -> None:
    writer = IncidentService(Store(db_path), clock=clock, actor="bob")
    writer.declare("Checkout down", incident_id="INC-42")
    many_notes(writer, "INC-42", 300)  # several screens: a rewrap wraps the older later
    # Closed before the console opens: opening a Store reads the file's header with open()
    # and close(), which drops this process's SQLite locks held by another connection.
    writer.store.close()
    script = tmp_path / "burst.py"
    script.write_text(BURST)
    app = WarroomApp("INC-42", db=db_path, clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        pane = app.query_one(TimelinePane)
        for trial in range(4):
            # 500 notes as fast as another process can write them, while the console reads.
            burst = subprocess.Popen([sys.executable, str(script), str(db_path), "500", str(trial)])
            while burst.poll() is None:
                await pilot.pause(0.05)
            total = count_in_file(db_path)
            await wait_until(pilot, lambda t=total: pane.border_title == f"Timeline · {t}", 5)
            await wait_until(pilot, lambda t=trial: f"burst {t} note 499" in shown(app), 3)
            assert "new" not in str(pane.border_title)  # nothing unseen: it followed


async def test_scrolling_back_reads_older_pages_up_to_the_first(db_path: Path, clock) -> None:
    writer = IncidentService(Store(db_path), clock=clock, actor="bob")
    writer.declare("Checkout down", incident_id="INC-42")
    many_notes(writer, "INC-42", 1300)
    app = WarroomApp("INC-42", db=db_path, clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        assert len(app.state.timeline) == TIMELINE_WINDOW  # the console holds the newest
        pane = app.query_one(TimelinePane)
        assert pane.border_title == "Timeline · 1301"
        pane.focus()
        for held in (1000, 1301, 1301):
            await pilot.press("g")
            await wait_until(pilot, lambda h=held: len(pane.entries) == h, 3)
        await pilot.press("g")
        await wait_until(pilot, lambda: "Declared SEV-2" in shown(app), 3)
        await pilot.press("G")
        await wait_until(pilot, lambda: "note 1299:" in shown(app), 3)


async def test_it_keeps_following_when_entries_land_before_the_screen_is_redrawn(
    service: IncidentService,
) -> None:
    """States shown faster than frames are drawn (a burst): each lands before the last one's
    scroll to the end has happened, one of them with a wider actor (every line wrapped again,
    the older ones after the paint)."""
    service.declare("Checkout down", incident_id="INC-42")
    many_notes(service, "INC-42", 300)
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        scripts = IncidentService(service.store, clock=service.clock, actor="a-long-script")
        for round_ in range(5):
            for n in range(3):
                writer = scripts if round_ == 1 and n == 0 else service
                writer.add_note("INC-42", f"round {round_} note {n}")
                app.show(service.state("INC-42"))  # no frame in between
            await pilot.pause()
            await pilot.pause()
            assert f"round {round_} note 2" in shown(app), round_


SLOW_TO_CONFIRM = """
[defaults]
interval = "30s"
timeout = "2s"
retry_interval = "10s"
fall = 3
rise = 2
"""


async def test_a_console_shows_at_once_what_another_confirmed_and_stored(
    service: IncidentService, tmp_path: Path
) -> None:
    """Its own checks would take 20 s to confirm: the state stored by another console stands
    meanwhile; an endpoint nobody confirmed is the only one not known."""
    from tests.helpers.console import plain
    from tests.helpers.health_server import running
    from warroom.tui.widgets.health import HealthPane

    with running() as server:
        server.behaviour.status = 500
        config = tmp_path / "warroom.toml"
        config.write_text(
            SLOW_TO_CONFIRM
            + "".join(
                f'[[endpoint]]\nname = "{name}"\nurl = "{server.base}/switch"\n'
                for name in ("auth", "search")
            )
        )
        service.declare("Auth down", incident_id="INC-42")
        service.record_health(
            "INC-42", "auth", "DOWN", "auth DOWN: status 500, 3 failures", {"reason": "status 500"}
        )
        app = WarroomApp("INC-42", service=service, config=config)
        async with app.run_test(size=(160, 45)) as pilot:
            await opened(pilot)
            pane = app.query_one(HealthPane)
            await wait_until(pilot, lambda: pane.view is not None, 10)
            rows = {s.name: s.state.value for s in pane.view.rows}
            assert rows["auth"] == "DOWN", rows
            assert rows["search"] in ("UNKNOWN", "SUSPECT"), rows  # nobody confirmed it
            text = plain(pane.render(), width=100)
            assert "✖ DOWN" in text and "auth" in text
        health = [e.text for e in service.state("INC-42").timeline if e.kind == "health"]
        assert health == ["auth DOWN: status 500, 3 failures"]  # stood, not written again


async def test_the_postmortem_preview_has_every_entry(db_path: Path, clock) -> None:
    """The console holds the newest entries; the draft is written from all of them."""
    from warroom.tui.screens.postmortem import PostmortemScreen

    writer = IncidentService(Store(db_path), clock=clock, actor="bob")
    writer.declare("Checkout down", incident_id="INC-42")
    writer.add_note("INC-42", "the very first note")
    many_notes(writer, "INC-42", TIMELINE_WINDOW + 100)
    app = WarroomApp("INC-42", db=db_path, clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        assert all(e.text != "the very first note" for e in app.state.timeline)
        send_at_once(app, "p")
        await wait_until(pilot, lambda: isinstance(app.screen, PostmortemScreen))
        assert "the very first note" in app.screen.text
