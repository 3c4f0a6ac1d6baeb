"""Team mode: many responders on one database, live sync by NOTIFY, and schema migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.helpers import PYTHON
from tests.helpers.cli import invoke, warroom
from tests.helpers.pgserver import PostgresServer
from tests.helpers.team import SCHEMA1, first_release_database, race, raw_engine
from warroom.core.clock import SimulatedClock
from warroom.core.responder import default_actor
from warroom.incident.service import IncidentService
from warroom.incident.transfer import copy
from warroom.storage.migrate import upgrade
from warroom.storage.store import SCHEMA_VERSION, Store, StoreError, revision
from warroom.storage.thread import DatabaseThread
from warroom.storage.url import public_url


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll real time: these tests wait on another process or a server, not on the clock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


# -- live sync ------------------------------------------------------------------------------
def listening(url: str, incident: str, actor: str = "alice") -> DatabaseThread:
    """A console's database thread, without the console."""
    return DatabaseThread(lambda: IncidentService(Store(url), actor=actor), incident)


def test_a_change_in_another_process_arrives_by_notify(pg_url: str) -> None:
    service = IncidentService(Store(pg_url), actor="alice")
    service.declare("db down", incident_id="INC-1")
    service.declare("other", incident_id="INC-2")
    thread = listening(pg_url, "INC-1")
    try:
        thread.submit(lambda: None).result(timeout=10)  # open, and listening
        assert wait_for(lambda: thread._listening_fd is not None)
        assert thread.changed() is None
        note = "from [bold]another[/bold] laptop"
        env = {"WARROOM_DB": pg_url, "WARROOM_RESPONDER": "bob", "PATH": "/usr/bin:/bin"}
        subprocess.run([PYTHON, "-m", "warroom", "log", "INC-2", "elsewhere"], env=env, check=True)
        assert not wait_for(lambda: thread.changed() is not None, timeout=0.5)  # not ours
        started = time.monotonic()
        subprocess.run([PYTHON, "-m", "warroom", "log", "INC-1", note], env=env, check=True)
        heard: list[int | None] = []
        assert wait_for(lambda: heard.append(thread.changed()) or heard[-1] is not None)
        assert time.monotonic() - started < 5
        last = service.state("INC-1").timeline[-1]
        assert (last.actor, last.text) == ("bob", note)
        assert heard[-1] == last.id  # the notification names the newest entry: read only that
        assert thread.changed() is None  # told once per change
    finally:
        thread.close()


# -- two responders, same thing, same moment -------------------------------------------------


def test_two_responders_changing_the_same_thing_lose_nothing(db_url: str) -> None:
    clock = SimulatedClock()
    alice = IncidentService(Store(db_url), clock=clock, actor="alice")
    bob = IncidentService(Store(db_url), clock=clock, actor="bob")
    alice.declare("x")
    items = [i.id for i in alice.state("INC-1").items][:8]
    for n, item in enumerate(items):
        race(lambda i=item: alice.tick("INC-1", i), lambda i=item: bob.tick("INC-1", i))
        sev_a, sev_b = ("SEV-1", "SEV-3") if n % 2 else ("SEV-3", "SEV-1")
        race(
            lambda s=sev_a: alice.set_severity("INC-1", s),
            lambda s=sev_b: bob.set_severity("INC-1", s),
            lambda n=n: alice.assign_role("INC-1", "ic", f"carol{n}"),
            lambda n=n: bob.assign_role("INC-1", "ic", f"dave{n}"),
        )
    state = alice.state("INC-1")
    ticks = [e for e in state.timeline if e.kind == "checklist"]
    auto = [e for e in ticks if "because" in e.data]
    assert len(auto) == 1  # "Incident Commander assigned", ticked by the first assignment
    assert len(ticks) == 2 * len(items) + 1  # and both responders' ticks are on record
    for item in items:
        on_record = [e for e in ticks if e.data and e.data["item"] == item]
        assert {e.actor for e in on_record} >= {"alice", "bob"}
        assert sum(not e.data["already"] if "already" in e.data else 1 for e in on_record) == 1
        done = next(i for i in state.items if i.id == item)
        assert done.done and done.done_by == next(e.actor for e in on_record)
    severities = [e for e in state.timeline if e.kind == "severity"]
    assert len(severities) == 2 * len(items)
    assert state.incident.severity == severities[-1].data["to"]  # the last one written wins
    roles = [e for e in state.timeline if e.kind == "role"]
    assert len(roles) == 2 * len(items)
    assert state.roles["ic"].holder == roles[-1].data["holder"]
    assert [a.ended_at is None for a in state.role_history].count(True) == 1
    # every change counted once: none lost
    assert alice.revision("INC-1") == len(state.timeline) - 1


# -- the server goes away ---------------------------------------------------------------------
def test_the_server_stopping_and_coming_back(pg_server: PostgresServer, pg_url: str) -> None:
    service = IncidentService(Store(pg_url), actor="alice")
    service.declare("db down")
    service.add_note("INC-1", "committed before the outage")
    thread = listening(pg_url, "INC-1")
    try:
        thread.submit(lambda: None).result(timeout=10)
        # Listening before the outage (else its first LISTEN is after it, and nothing was missed).
        assert wait_for(lambda: thread._listening_fd is not None)
        pg_server.stop()
        try:
            with pytest.raises(StoreError) as refused:
                service.add_note("INC-1", "written during the outage")
            message = str(refused.value)
            assert "\n" not in message and public_url(pg_url) in message
            assert wait_for(lambda: thread.problem is not None)
        finally:
            pg_server.start()
        assert wait_for(lambda: thread.problem is None, timeout=10)
        assert thread.changed() == 0  # missed notifications: the console re-reads once
        service.add_note("INC-1", "after the outage")
        texts = [e.text for e in service.state("INC-1").timeline]
        assert texts[1:] == ["committed before the outage", "after the outage"]
    finally:
        thread.close()


# -- who is who, and who is here ---------------------------------------------------------------
def test_the_actor_is_the_configured_responder_else_login_at_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WARROOM_RESPONDER", raising=False)
    monkeypatch.chdir(tmp_path)
    login_at_host = default_actor()
    assert "@" in login_at_host
    (tmp_path / "warroom.toml").write_text('responder = "Alice Ng"\n')
    assert default_actor() == "Alice Ng"
    monkeypatch.setenv("WARROOM_RESPONDER", "bob")
    assert default_actor() == "bob"


def test_watchers_are_shown_while_their_console_lasts(
    service: IncidentService, clock, db_url: str, is_sqlite: bool
) -> None:
    service.declare("x")
    bob = IncidentService(Store(db_url), clock=clock, actor="bob")
    service.watching("INC-1", "alice-console")
    bob.watching("INC-1", "bob-console")
    assert service.state("INC-1").watchers == ["alice", "bob"]
    if is_sqlite:  # a lease, renewed by a heartbeat
        clock.advance(seconds=15)
        service.watching("INC-1", "alice-console")  # alice's heartbeat; bob's console went quiet
        clock.advance(seconds=15)
    else:  # there while its connection is (the server notices a closed one within moments)
        bob.store.close()
        deadline = time.monotonic() + 5
        while service.state("INC-1").watchers != ["alice"] and time.monotonic() < deadline:
            time.sleep(0.05)
    assert service.state("INC-1").watchers == ["alice"]
    service.stop_watching("alice-console")
    assert service.state("INC-1").watchers == []
    assert len(service.state("INC-1").timeline) == 1  # presence is not an incident change


# -- schema migrations -------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_first_schema_database_is_upgraded_with_its_data_intact(
    db_url: str, tmp_path: Path, is_sqlite: bool
) -> None:
    url = first_release_database(db_url, tmp_path)
    before = digest(Path(url)) if is_sqlite else None
    with pytest.raises(StoreError, match=r"schema 1 is older .*; run: warroom db upgrade --db "):
        Store(url)
    if is_sqlite:
        assert digest(Path(url)) == before  # refused without a byte changed
    done = upgrade(url)
    assert (done.before, done.after) == (1, SCHEMA_VERSION)
    if is_sqlite:
        assert done.backup is not None and digest(done.backup) != ""
        assert sqlite3.connect(done.backup).execute("SELECT count(*) FROM incident").fetchone() == (
            2,
        )
    service = IncidentService(Store(url), actor="carol")
    state = service.state("INC-1")
    assert [e.text for e in state.timeline] == [
        "Declared SEV-1: Checkout 502s after deploy (playbook default)",
        "Incident Commander: alice",
        "Technical Lead: bob",
        f"Ticked [declare] {state.items[0].text}",
        "Rolled back [bold]v2.3[/bold]",
        "checkout down: 502",
        "Rollback finished: exit 0",
        "Status investigating → resolved",
    ]
    assert state.roles["ic"].holder == "alice" and state.items[0].done_by == "alice"
    assert service.endpoint_states("INC-1")[0]["state"] == "down"
    assert state.incident.resolved_at is not None and state.elapsed(state.incident.resolved_at)
    service.add_note("INC-1", "after the upgrade")  # ids continue where they left off
    service.watching("INC-1", "k")
    assert service.state("INC-1").watchers == ["carol"]
    assert upgrade(url).before == SCHEMA_VERSION  # a second run changes nothing


def test_migrations_build_the_same_schema_as_a_new_database(db_url: str, pg_server) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    fresh = pg_server.create_database() if "://" in db_url else db_url + ".migrated"
    upgrade(fresh)  # every migration from an empty database
    Store(fresh).close()  # and it opens as a current one
    Store(db_url).close()  # create_all, as a new database gets
    for url in (fresh, db_url):
        engine = raw_engine(url)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
        engine.dispose()


def test_a_newer_schema_is_refused_and_left_untouched(db_url: str, is_sqlite: bool) -> None:
    Store(db_url).close()
    engine = raw_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE warroom_meta SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()
    before = digest(Path(db_url)) if is_sqlite else None
    for attempt in (lambda: Store(db_url), lambda: upgrade(db_url)):
        with pytest.raises(StoreError, match="written by a newer warroom .*left untouched"):
            attempt()
    if is_sqlite:
        assert digest(Path(db_url)) == before
    else:
        engine = raw_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM warroom_meta")).scalar() == "99"
            assert conn.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar() == revision(SCHEMA_VERSION)
        engine.dispose()


def test_db_copy_moves_a_local_file_to_the_team_server(pg_url: str, tmp_path: Path) -> None:
    local = tmp_path / "laptop.db"
    shutil.copy(SCHEMA1, local)
    upgrade(str(local))
    server = IncidentService(Store(pg_url), actor="team")
    server.declare("already on the server")  # INC-1 is taken there
    first = copy(str(local), pg_url)
    assert [(c.incident, c.now, c.skipped) for c in first] == [
        ("INC-1", "INC-2", False),
        ("INC-2", "INC-3", False),
    ]
    assert [(c.now, c.skipped) for c in copy(str(local), pg_url)] == [
        ("INC-2", True),
        ("INC-3", True),
    ]
    laptop = IncidentService(Store(local)).state("INC-1")
    moved = server.state("INC-2")
    assert [(e.actor, e.text, e.at) for e in moved.timeline] == [
        (e.actor, e.text, e.at) for e in laptop.timeline
    ]


def test_the_password_never_leaves_the_environment(pg_server: PostgresServer, tmp_path) -> None:
    url = pg_server.create_database().replace("warroom@", "warroom:Sup3rS3cret@")
    env = {"WARROOM_DB": url, "WARROOM_RESPONDER": "alice", "PATH": "/usr/bin:/bin"}
    out = []
    for args in (
        ["declare", "db down", "--sev", "SEV-1", "--no-open"],
        ["log", "INC-1", "rolled back"],
        ["list"],
        ["status", "INC-1"],
        ["export", "INC-1", "--format", "json"],
        ["export", "INC-1"],
        ["db", "upgrade"],
    ):
        result = invoke(env, *args)
        out.append(result.stdout + result.stderr)
    # The failure as a real process shows it: nothing on stderr but its one line, even from
    # what the interpreter says as it exits.
    down = url.replace(str(pg_server.port), "1")  # nothing listens there
    result = warroom(env, "list", "--db", down)
    out.append(result.stdout + result.stderr)
    assert "Traceback" not in "".join(out)
    assert "Connection refused" in out[-1] and out[-1].count("\n") == 1
    assert all("Sup3rS3cret" not in o for o in out), out
    engine = raw_engine(url)
    with engine.connect() as conn:
        for table in ("incident", "timeline_entry", "role_assignment", "checklist_item"):
            dump = str(conn.execute(text(f"SELECT * FROM {table}")).all())
            assert "Sup3rS3cret" not in dump
    engine.dispose()


def test_the_database_key_in_warroom_toml_points_every_command_at_the_server(
    pg_url: str, tmp_path: Path
) -> None:
    (tmp_path / "warroom.toml").write_text(f'database = "{pg_url}"\nresponder = "Alice Ng"\n')
    env = {"PATH": "/usr/bin:/bin", "WARROOM_CONFIG_DIR": str(tmp_path / "config")}
    for args in (["declare", "from the config", "--no-open"], ["log", "INC-1", "hello"]):
        assert invoke(env, *args, cwd=tmp_path).returncode == 0
    state = IncidentService(Store(pg_url)).state("INC-1")
    assert [(e.actor, e.text) for e in state.timeline][-1] == ("Alice Ng", "hello")
    assert not list(tmp_path.glob("*.db"))


def test_two_consoles_reconnecting_at_once_do_not_deadlock_on_watchers(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both consoles' rows still hold the process ids of their old connections: each one's
    clean-up would otherwise wait for the row the other is rewriting."""
    import psycopg

    from warroom.storage.db import Tx

    service = IncidentService(Store(pg_url), actor="alice")
    service.declare("db down", incident_id="INC-1")
    statements: list[tuple[str, tuple]] = []
    run = Tx.run
    monkeypatch.setattr(
        Tx, "run", lambda tx, sql, *a: statements.append((sql, a)) or run(tx, sql, *a)
    )
    service.watching("INC-1", "alice-console")
    monkeypatch.undo()
    # What the other console runs is the same code's clean-up, statement for statement.
    sql, args = next(s for s in statements if s[0].startswith("DELETE FROM watcher"))
    with psycopg.connect(pg_url, autocommit=True) as setup:
        setup.execute(
            "INSERT INTO watcher (key, incident_id, name, seen_at, pid) "
            "VALUES ('bob-console', 'INC-1', 'bob', now(), 2147483000)"
        )
        setup.execute("UPDATE watcher SET pid = 2147483001")  # both connections gone
    with psycopg.connect(pg_url) as bob:
        # bob's console, reconnected: it rewrites its row and, holding it, cleans up stale ones.
        bob.execute("UPDATE watcher SET pid = pg_backend_pid() WHERE key = 'bob-console'")
        errors: list[BaseException] = []

        def alice_reconnects() -> None:
            try:
                service.watching("INC-1", "alice-console")
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        alice = threading.Thread(target=alice_reconnects)
        started = time.monotonic()
        alice.start()
        time.sleep(0.3)  # alice's clean-up is under way
        bob.execute(sql.replace("?", "%s"), args)
        bob.commit()
        alice.join(15)
        assert not errors, errors
        assert time.monotonic() - started < 3
    # bob's connection is closed; the server drops it from pg_stat_activity a moment later.
    deadline = time.monotonic() + 5
    while service.watchers("INC-1") != ["alice"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.watchers("INC-1") == ["alice"]
    service.store.close()
