"""No secret leaves where it belongs: database passwords, and values expanded from ${VAR}."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import Ran, invoke, warroom
from tests.helpers.pgserver import PostgresServer
from warroom.core.config import Action
from warroom.incident.actions import action_environment
from warroom.storage.url import public_url, scrub

SECRET = "Sup3rS3cret"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return str(db_path)  # the redaction test reads the SQLite file's own bytes


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://warroom:{SECRET}@db.internal:5432/incidents",
        f"postgresql://warroom@db.internal/incidents?password={SECRET}&sslmode=require",
        f"postgresql://warroom@db.internal/incidents?sslpassword={SECRET}&passfile=/home/a/{SECRET}",
        f"postgresql://warroom:p@{SECRET}@db.internal/incidents",  # an unescaped '@'
    ],
    ids=["userinfo", "query-password", "sslpassword-passfile", "at-in-password"],
)
def test_a_location_is_shown_without_its_secrets(url: str) -> None:
    shown = public_url(url)
    assert SECRET not in shown and "db.internal" in shown, shown
    message = f"could not translate host name {url.split('@', 1)[1]!r}: {url}"
    assert SECRET not in scrub(message, url)


def test_a_password_in_the_query_never_reaches_a_message(pg_server: PostgresServer) -> None:
    url = pg_server.create_database() + f"?password={SECRET}&connect_timeout=3"
    env = {"PATH": os.environ["PATH"], "WARROOM_DB": url, "WARROOM_RESPONDER": "alice"}
    out: list[Ran | subprocess.CompletedProcess[str]] = [
        invoke(env, "declare", "db down", "--no-open")
    ]
    out.append(invoke(env, "log", "INC-1", "rolled back"))
    down = url.replace(str(pg_server.port), "1")  # nothing listens there
    # One as a real process: nothing on its stderr either, to the interpreter's exit.
    out += [warroom(env, "list", "--db", down), invoke(env, "log", "INC-1", "x", "--db", down)]
    at_sign = url.replace("warroom@", f"warroom:p@{SECRET}@", 1).split("?")[0]
    out.append(invoke(env, "list", "--db", at_sign))
    text = "".join(r.stdout + r.stderr for r in out)
    assert "Traceback" not in text and SECRET not in text, text
    assert [r.returncode for r in out] == [0, 0, 2, 2, 2]


def test_actions_get_a_clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    base = {
        "PATH": "/usr/bin", "HOME": "/home/a", "LANG": "C.UTF-8",
        "WARROOM_DB": f"postgresql://a:{SECRET}@h/db", "WARROOM_RESPONDER": "alice",
        "PGPASSWORD": SECRET, "PGPASSFILE": "/home/a/.pgpass", "GITHUB_TOKEN": SECRET,
        "AWS_SECRET_ACCESS_KEY": SECRET, "API_KEY": SECRET, "DB_PASSWORD": SECRET,
        "DEPLOY_TOKEN": "deploy-token-value",
    }  # fmt: skip
    monkeypatch.setattr(os, "environ", base)
    action = Action(
        key="r", label="Roll back", kind="rollback", command=["deploy"],
        env={"DEPLOY_TOKEN": "${DEPLOY_TOKEN}", "REGION": "eu-1"},
    )  # fmt: skip
    env = action_environment(action, base)
    assert env == {
        "PATH": "/usr/bin", "HOME": "/home/a", "LANG": "C.UTF-8",
        "DEPLOY_TOKEN": "deploy-token-value", "REGION": "eu-1",
    }  # fmt: skip


def test_a_secret_an_action_prints_is_redacted_everywhere(
    cli_env: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    """Run in a real console process (tmux-free: a pty), then read the file and both exports."""
    import asyncio

    from tests.helpers.console import screen_text, settle, wait_until
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.tui.app import WarroomApp
    from warroom.tui.screens.confirm import ConfirmScreen

    token = "tok-" + "9f8e7d6c5b4a" * 2
    config = tmp_path / "warroom.toml"
    config.write_text(
        '[[action]]\nkey = "r"\nlabel = "Roll back"\nkind = "rollback"\n'
        f"command = [{sys.executable!r}, '-c', 'import os; print(\"using\", os.environ[\"DEPLOY_TOKEN\"])']\n"
        'env = { DEPLOY_TOKEN = "${DEPLOY_TOKEN}" }\n'
    )
    os.environ["DEPLOY_TOKEN"] = token
    service = IncidentService(Store(db_path), actor="alice")

    async def play() -> str:
        app = WarroomApp("INC-1", service=service, config=config)
        async with app.run_test(size=(160, 45)) as pilot:
            await wait_until(pilot, lambda: app.config is not None)
            await pilot.press("r")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            await wait_until(pilot, lambda: "using ${DEPLOY_TOKEN}" in screen_text(app))
            shown = screen_text(app)
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: any("exit 0" in e.text for e in service.state("INC-1").timeline),
            )
            # Shown in the console's timeline too, before its screen is read again.
            await wait_until(
                pilot,
                lambda: (
                    app.state is not None and any("exit 0" in e.text for e in app.state.timeline)
                ),
            )
            await settle(pilot)
            return shown + screen_text(app)

    try:
        screen = asyncio.run(play())
    finally:
        del os.environ["DEPLOY_TOKEN"]
    assert token not in screen and "using ${DEPLOY_TOKEN}" in screen
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists() else b"")  # fmt: skip
    assert token.encode() not in raw
    with sqlite3.connect(db_path) as conn:
        stored = " ".join(str(row) for row in conn.execute("SELECT text, data FROM timeline_entry"))
    assert "using ${DEPLOY_TOKEN}" in stored and token not in stored
    for fmt in ("md", "json"):
        exported = invoke(cli_env, "export", "INC-1", "--format", fmt).stdout
        # (the markdown draft escapes what would be markup: "${DEPLOY\_TOKEN}" reads as written)
        assert "${DEPLOY_TOKEN}" in exported.replace("\\_", "_") and token not in exported
    json.loads(invoke(cli_env, "export", "INC-1", "--format", "json").stdout)
