"""The SQLite file under a running console is watched: removed, replaced or moved, the console
says so within seconds, refuses every change, and writes nothing into the file it still holds."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests.helpers.console import opened, settle, toasts, wait_until
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.widgets.incident_bar import IncidentBar


def entries(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM timeline_entry").fetchone()[0])


def remove(path: Path, aside: Path) -> None:
    path.unlink()


def replace(path: Path, aside: Path) -> None:
    """A restore from a backup: another file renamed over the path."""
    shutil.copy(path, aside)
    os.replace(aside, path)


def move(path: Path, aside: Path) -> None:
    os.rename(path, aside)


@pytest.mark.parametrize(
    ("change", "word"), [(remove, "removed"), (replace, "replaced"), (move, "moved")]
)
async def test_a_file_removed_replaced_or_moved_is_said_and_no_change_is_saved_into_it(
    db_path: Path, tmp_path: Path, monkeypatch, change, word: str
) -> None:
    monkeypatch.setenv("WARROOM_RESPONDER", "alice")
    IncidentService(Store(db_path), actor="alice").declare("Checkout down", incident_id="INC-1")
    app = WarroomApp("INC-1", db_path)
    aside = tmp_path / "aside.db"
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("space")  # a tick before: saved
        await settle(pilot)
        before = len(app.state.timeline)  # type: ignore[union-attr]
        change(db_path, aside)
        changed = time.monotonic()
        bar = app.query_one(IncidentBar)
        await wait_until(pilot, lambda: f"database file was {word}" in bar.problem, 5)
        assert time.monotonic() - changed < 3
        assert "changes not saved until the console is reopened" in bar.problem
        await pilot.press("j", "space")  # another tick: refused, and said
        await wait_until(
            pilot,
            lambda: any(
                t.startswith("Not saved") and f"the database file was {word}" in t
                for t in toasts(app)
            ),
            5,
        )
        await settle(pilot)
        assert len(app.state.timeline) == before  # type: ignore[union-attr]
        assert not app.state.items[1].done  # type: ignore[union-attr]
        # Nothing written into the file the console holds (read on its own connection).
        service = app.sync.service
        assert service is not None
        held_state = await app.sync.call(service.state, "INC-1")
        assert len(held_state.timeline) == before
    if db_path.exists():  # replaced: the new file has only what the copy had
        assert entries(db_path) == before


async def test_the_file_left_in_place_keeps_saving(db_path: Path, monkeypatch) -> None:
    """The watch says nothing about a file that is where it was: changes and others' writes."""
    monkeypatch.setenv("WARROOM_RESPONDER", "alice")
    bob = IncidentService(Store(db_path), actor="bob")
    bob.declare("Checkout down", incident_id="INC-1")
    app = WarroomApp("INC-1", db_path)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        bob.add_note("INC-1", "bob is here")
        # Shown: the console has looked at the file since bob wrote to it.
        await wait_until(
            pilot,
            lambda: any(e.text == "bob is here" for e in app.state.timeline),  # type: ignore[union-attr]
        )
        await pilot.press("space")
        await settle(pilot)
        assert app.state is not None and app.state.items[0].done
        assert app.query_one(IncidentBar).problem == ""
