"""The store: SQLite pragmas, refusing files it must not touch; on SQLite and PostgreSQL,
two writers and kill -9."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from warroom.incident.service import IncidentService
from warroom.storage.store import SCHEMA_VERSION, Store, StoreError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_gets_wal_busy_timeout_and_foreign_keys(db_path: Path) -> None:
    store = Store(db_path)
    with store.write() as tx:
        assert tx.value("PRAGMA journal_mode") == "wal"
        assert tx.value("PRAGMA foreign_keys") == 1
        # Another writer is waited for until the call's deadline (5 s by default), no longer.
        assert 4000 <= tx.value("PRAGMA busy_timeout") <= 5000
    store.close()
    with sqlite3.connect(db_path) as raw:
        version = raw.execute(
            "SELECT value FROM warroom_meta WHERE key='schema_version'"
        ).fetchone()
    assert version == (str(SCHEMA_VERSION),)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my precious notes\n" * 100)
    before = digest(notes)
    with pytest.raises(StoreError, match=rf"{notes}: is not a SQLite database"):
        Store(notes)
    assert digest(notes) == before


def test_another_apps_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE songs (title TEXT)")
    before = digest(other)
    with pytest.raises(StoreError, match="not a warroom one"):
        Store(other)
    assert digest(other) == before


def test_a_database_from_a_newer_warroom_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE warroom_meta SET value='999' WHERE key='schema_version'")
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer warroom"):
        Store(db_path)
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "where",
    ["{tmp}/afile/warroom.db", "/proc/warroom-test/warroom.db", "{tmp}"],
    ids=["parent-is-a-file", "read-only-filesystem", "a-directory"],
)
def test_unusable_paths_give_one_line_naming_the_path(tmp_path: Path, where: str) -> None:
    (tmp_path / "afile").write_text("x")
    path = where.format(tmp=tmp_path)
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert path in message and "\n" not in message


WRITER = textwrap.dedent(
    """
    import sys, time
    from warroom.storage.store import Store
    from warroom.incident.service import IncidentService
    db, start, ids = sys.argv[1], float(sys.argv[2]), [int(i) for i in sys.argv[3].split(",")]
    service = IncidentService(Store(db), actor=sys.argv[4])
    while time.time() < start:
        pass
    for item_id in ids:
        service.tick("INC-1", item_id)
    print("done", flush=True)
    """
)


def test_two_processes_ticking_at_once_both_save(service: IncidentService, db_url: str) -> None:
    import time

    service.declare("x")
    ids = [i.id for i in service.state("INC-1").items][:30]
    start = time.time() + 1.5  # both processes are importing by then; then they race
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                db_url,
                str(start),
                ",".join(map(str, part)),
                name,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part, name in ((ids[0::2], "p1"), (ids[1::2], "p2"))
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "locked" not in err
    state = service.state("INC-1")
    done = {i.id for i in state.items if i.done}
    assert done == set(ids)
    actors = {e.actor for e in state.timeline if e.kind == "checklist"}
    assert actors == {"p1", "p2"}
    assert len([e for e in state.timeline if e.kind == "checklist"]) == 30


KILLED = textwrap.dedent(
    """
    import sys, time
    from warroom.storage.store import Store
    from warroom.incident.service import IncidentService
    service = IncidentService(Store(sys.argv[1]))
    item = service.state("INC-1").items[int(sys.argv[2])]
    service.tick("INC-1", item.id)
    print(item.id, flush=True)
    # Keep writing notes until killed, so the kill lands in the middle of work.
    n = 0
    while True:
        service.add_note("INC-1", f"note {n}")
        n += 1
    """
)


def test_kill_9_right_after_a_tick_loses_nothing(
    service: IncidentService, db_url: str, is_sqlite: bool
) -> None:
    service.declare("x")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, db_url, "3"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    item_id = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reopened = IncidentService(Store(db_url))
    state = reopened.state("INC-1")
    assert next(i for i in state.items if i.id == item_id).done
    # Every committed change is whole: its timeline entry and the revision counter agree.
    assert state.timeline[-1].text.startswith("note ") or len(state.timeline) == 2
    if is_sqlite:
        with sqlite3.connect(db_url) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("how", ["removed", "replaced", "moved"])
def test_a_file_gone_from_its_path_takes_no_more_writes(
    db_path: Path, tmp_path: Path, how: str
) -> None:
    """A connection stays on the file it opened: once that file left its path, a change
    would be lost with it (removed) or kept where nobody reads (replaced, moved)."""
    from warroom.storage.db import FileGone

    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Checkout down", incident_id="INC-1")
    before = len(service.state("INC-1").timeline)
    aside = tmp_path / "aside.db"
    if how == "removed":
        db_path.unlink()
    elif how == "replaced":
        aside.write_bytes(db_path.read_bytes())
        os.replace(aside, db_path)
    else:
        os.rename(db_path, aside)
    with pytest.raises(FileGone, match=f"the database file was {how}; nothing was saved"):
        service.add_note("INC-1", "lost?")
    assert len(service.state("INC-1").timeline) == before  # reads go on, from the held file
    assert service.store.db.file_gone() == f"the database file was {how}"  # type: ignore[attr-defined]
