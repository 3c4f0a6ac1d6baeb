"""The console under a real tmux: a side-pane of 60 columns, driven with send-keys."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

from tests.helpers import PYTHON
from tests.helpers.tmux import Tmux, console_command, needs_tmux, start, wait_until

pytestmark = needs_tmux


def test_tick_in_a_60_column_side_pane(tmux: Tmux, db_path: Path) -> None:
    start(tmux, 60, 40, "exec " + console_command(db_path, "open", "INC-42"))
    screen = tmux.wait_for("☐ Confirm the alert source")
    assert "SEV-2" in screen and "T+00:00:" in screen
    tmux("send-keys", "-t", "w", "space")
    tmux.wait_for("Ticked [declare] Confirm the alert")  # the timeline, at 60 columns
    screen = tmux.wait_for("✓ Confirm the alert source")
    assert "Checklist · 1/33" in screen
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT done_by FROM checklist_item WHERE done = 1").fetchall()
    assert row == [("tmux",)]
    for line in screen.splitlines():
        assert len(line) <= 60


def test_warroom_tmux_opens_a_side_pane(tmux: Tmux, db_path: Path) -> None:
    start(tmux, 160, 45, console_command(db_path, "tmux", "INC-7"))
    wait_until(
        lambda: len(tmux("list-panes", "-t", "w").splitlines()) >= 2, "no side-pane was opened"
    )
    widths = tmux("list-panes", "-t", "w", "-F", "#{pane_width}").split()
    assert widths[-1] == "60"
    tmux.wait_for("INC-7", target="w.1")


def test_warroom_tmux_outside_tmux_says_so(db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TMUX"}
    result = subprocess.run(
        [PYTHON, "-m", "warroom", "tmux", "INC-7", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert (
        result.stderr == "warroom: not inside tmux: start tmux first, or run warroom open INC-7\n"
    )


def test_keys_typed_the_moment_the_console_appears_all_count(
    tmux: Tmux, db_path: Path, tmp_path: Path
) -> None:
    """A real launch: space and an action key sent as soon as the incident id is on screen."""
    config = tmp_path / "warroom.toml"
    config.write_text(
        '[[action]]\nkey = "x"\nlabel = "Restart web"\nkind = "restart"\ncommand = ["true"]\n'
    )
    command = console_command(db_path, "open", "INC-42") + f" --config {shlex.quote(str(config))}"
    start(tmux, 160, 45, "exec " + command)
    deadline = time.monotonic() + 20
    while "INC-42" not in tmux.screen():
        assert time.monotonic() < deadline, "the console never appeared"
    tmux("send-keys", "-t", "w", "space", "x")
    tmux.wait_for("Run Restart web?")  # the action key, replayed in order, asks first
    tmux("send-keys", "-t", "w", "n")
    tmux.wait_for("✓ Confirm the alert source")
    with sqlite3.connect(db_path) as conn:
        ticked = conn.execute("SELECT done_by FROM checklist_item WHERE done = 1").fetchall()
    assert ticked == [("tmux",)]


def test_warroom_tmux_puts_no_secret_on_a_command_line(
    tmux: Tmux, pg_server, tmp_path: Path
) -> None:
    database = pg_server.create_database("pane")
    secret = f"Pane{uuid.uuid4().hex[:12]}"  # its own: no other test's command line holds it
    url = pg_server.password_role("pane_user", secret, database.rsplit("/", 1)[1])
    tmux("new", "-d", "-s", "w", "-x", "160", "-y", "45", "sh")
    # Exported by the shell itself: a command's own environment is not in `ps`.
    for line in (
        f"export PGPASSWORD={secret} WARROOM_RESPONDER=alice",
        f"export WARROOM_CONFIG_DIR={shlex.quote(str(tmp_path))} WARROOM_DB={shlex.quote(url)}",
        f"{shlex.quote(PYTHON)} -m warroom tmux INC-7",
    ):
        tmux("send-keys", "-t", "w", line, "Enter")
    tmux.wait_for("INC-7", target="w.1")  # the pane reached the server: the password came along
    processes = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert secret not in processes
    assert "warroom.tmux.pane" in processes
    tmux("send-keys", "-t", "w.1", "space")
    tmux.wait_for("✓ Confirm the alert source", target="w.1")
    import psycopg

    with psycopg.connect(database) as conn:
        done_by = conn.execute("SELECT done_by FROM checklist_item WHERE done").fetchall()
    assert done_by == [("alice",)]  # the pane is signed by the responder of the shell
    assert not list(tmux.tmpdir.glob("warroom-pane-*"))  # read and deleted


def test_a_side_pane_that_fails_keeps_its_reason_on_screen(tmux: Tmux, tmp_path: Path) -> None:
    tmux("new", "-d", "-s", "w", "-x", "160", "-y", "45", "sh")
    tmux("send-keys", "-t", "w", f"export WARROOM_CONFIG_DIR={shlex.quote(str(tmp_path))}", "Enter")
    down = "postgresql://nobody:Sup3rS3cret@127.0.0.1:1/x"
    tmux(
        "send-keys", "-t", "w", f"{shlex.quote(PYTHON)} -m warroom tmux INC-8 --db {down}", "Enter"
    )
    screen = tmux.wait_for("press any key to close this pane", target="w.1")
    assert "Connection refused" in screen.replace("\n", "") and "Sup3rS3cret" not in screen
    time.sleep(0.5)
    assert len(tmux("list-panes", "-t", "w").splitlines()) == 2  # still there to be read
    tmux("send-keys", "-t", "w.1", "q")
    wait_until(
        lambda: len(tmux("list-panes", "-t", "w").splitlines()) == 1,
        "the pane did not close",
        timeout=10,
    )


def _panes(tmux: Tmux, window: str) -> list[tuple[str, int]]:
    out = tmux("list-panes", "-t", window, "-F", "#{pane_id} #{pane_width}")
    return [(pane, int(width)) for pane, width in (line.split() for line in out.splitlines())]


def test_warroom_tmux_splits_the_pane_it_was_run_from_and_reuses_it(
    tmux: Tmux, db_path: Path
) -> None:
    """Typed in a window that is not the active one: that window gets the side pane, once."""
    tmux("new", "-d", "-s", "w", "-x", "160", "-y", "45", "sh")
    tmux("new-window", "-t", "w", "sh")  # window 1 is now the active one
    command = console_command(db_path, "tmux", "INC-7")
    tmux("send-keys", "-t", "w:0", command, "Enter")
    wait_until(lambda: len(_panes(tmux, "w:0")) >= 2, "no side pane in window 0")
    (first, left), (side, width) = _panes(tmux, "w:0")
    assert width == 60 and left == 160 - 60 - 1
    assert len(_panes(tmux, "w:1")) == 1  # the active window was left alone
    tmux.wait_for("INC-7", target=side)
    tmux.wait_for(f"INC-7 opened in side pane {side}, beside this one", target=first)

    Enter = "Enter"
    tmux("send-keys", "-t", first, "clear; " + command, Enter)
    tmux.wait_for(f"INC-7 is open already in pane {side} (window 0): switched to it", target=first)
    assert _panes(tmux, "w:0") == [(first, left), (side, 60)]  # reused, not a second pane
    assert tmux("display-message", "-p", "-t", "w", "#{pane_id}").strip() == side
    # From the other window too: the incident's pane is found wherever it is.
    tmux("send-keys", "-t", "w:1", command, Enter)
    tmux.wait_for(f"INC-7 is open already in pane {side} (window 0)", target="w:1")
    assert len(_panes(tmux, "w:1")) == 1 and len(_panes(tmux, "w:0")) == 2


def test_a_pane_too_narrow_for_a_side_pane_says_so(tmux: Tmux, db_path: Path) -> None:
    tmux("new", "-d", "-s", "w", "-x", "70", "-y", "30", "sh")
    tmux("send-keys", "-t", "w", console_command(db_path, "tmux", "INC-7"), "Enter")
    tmux.wait_for("this pane is 70 columns wide: too narrow for a 60-column")
    assert len(_panes(tmux, "w")) == 1
    assert not list(tmux.tmpdir.glob("warroom-pane-*"))


def test_the_status_bar_shows_this_incident_from_any_directory(
    tmux: Tmux, db_path: Path, tmp_path: Path
) -> None:
    """`warroom tmux` installs the status line with the absolute Python and the database it
    resolved: tmux's own PATH, working directory and its ./warroom.toml change nothing."""
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = IncidentService(Store(elsewhere / "other.db"), actor="mallory")
    other.open_or_declare("INC-7", title="Someone else's INC-7")
    other.assign_role("INC-7", "ic", "mallory")
    (elsewhere / "warroom.toml").write_text('database = "other.db"\n')
    IncidentService(Store(db_path), actor="alice").open_or_declare("INC-7", title="Ours")
    # The server starts in that directory with a PATH that has no warroom: as a user's does.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    env["PATH"] = "/usr/bin:/bin"
    subprocess.run(
        ["tmux", "-L", tmux.socket, "-f", "/dev/null", "new", "-d", "-s", "w", "-x", "160",
         "-y", "45", "sh"], cwd=elsewhere, env=env, check=True,
    )  # fmt: skip
    # Typed in window 0 while window 1 is the one shown: the bar is the session's, in both.
    subprocess.run(["tmux", "-L", tmux.socket, "new-window", "-t", "w", "sh"], cwd=elsewhere,
                   env=env, check=True)  # fmt: skip
    tmux("send-keys", "-t", "w:0", console_command(db_path, "tmux", "INC-7"), "Enter")
    tmux.wait_for("INC-7 opened in side pane", target="w:0.0")
    assert tmux("display-message", "-p", "-t", "w", "#{window_index}").strip() == "1"
    installed = tmux("show-options", "-v", "-t", "w", "status-right")
    assert f"#({PYTHON} -m warroom status INC-7 --tmux --db {db_path}) " in installed
    # What the bar shows: a client of this server, attached inside a second tmux, whose
    # screen holds the first one's status line.
    viewer = Tmux()
    try:
        viewer("new", "-d", "-s", "v", "-x", "160", "-y", "46",
               f"env -u TMUX tmux -L {tmux.socket} attach -t w")  # fmt: skip
        bar = viewer.wait_for("INC-7 SEV-2 T+00:", target="v").splitlines()[-1]
    finally:
        viewer.kill()
    assert "IC:- 0/33" in bar and "mallory" not in bar, bar


def test_the_status_bar_reaches_a_password_server_with_no_password_on_a_command_line(
    tmux: Tmux, pg_server, tmp_path: Path
) -> None:
    database = pg_server.create_database("bar")
    secret = f"Bar{uuid.uuid4().hex[:12]}"  # its own: no other test's command line holds it
    url = pg_server.password_role("bar_user", secret, database.rsplit("/", 1)[1])
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    service = IncidentService(Store(url.replace("bar_user@", f"bar_user:{secret}@")))
    service.open_or_declare("INC-9", title="On the server")
    service.assign_role("INC-9", "ic", "carol")
    service.store.close()
    tmux("new", "-d", "-s", "w", "-x", "160", "-y", "45", "sh")
    for line in (
        f"export PGPASSWORD={secret} WARROOM_CONFIG_DIR={shlex.quote(str(tmp_path))}",
        f"{shlex.quote(PYTHON)} -m warroom tmux INC-9 --db {shlex.quote(url)}",
    ):
        tmux("send-keys", "-t", "w", line, "Enter")
    tmux.wait_for("INC-9 opened in side pane", target="w.0")
    installed = tmux("show-options", "-v", "-t", "w", "status-right")
    assert secret not in installed and f"--db {url}" in installed
    job = installed[installed.index("#(") + 2 : installed.index(") ")]
    # The command as tmux runs it: with none of this shell's environment.
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        ["sh", "-c", job.replace("##", "#").replace("%%", "%")],
        capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=30,
    )  # fmt: skip
    assert result.stdout.startswith("INC-9 SEV-2 T+00:") and "IC:carol" in result.stdout, (
        result.stdout + result.stderr
    )
    processes = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert secret not in processes
    passfile = Path(job.split("PGPASSFILE=", 1)[1].split()[0])
    assert passfile.stat().st_mode & 0o777 == 0o600  # removed with the session, below
