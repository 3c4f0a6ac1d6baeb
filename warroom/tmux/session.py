"""`warroom tmux`: the console in a side pane beside the pane it was typed in, one pane per
incident, and the incident's line in the session's status bar.

tmux is told which pane to split (`$TMUX_PANE`, the pane of the shell that ran the command):
without a target it splits the session's active window, which need not be the one the
command was typed in. The side pane carries a pane option naming its incident and database,
so running the command again selects it instead of opening a second one.

The status bar runs its command with tmux's own PATH, working directory and environment, so
the command it is given names everything: the absolute Python, the incident and the database
(a path, or a URL without its password). A password goes in a file only the user can read,
named by PGPASSFILE, never on a command line (`ps` shows command lines to everyone).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from warroom.core.errors import WarroomError
from warroom.storage.url import public_url, sqlite_file

PANE_OPTION = "@warroom-incident"  # on a side pane: "INC-42 <database>"
SAVED_OPTION = "@warroom-saved-status-right"  # the session's status-right before warroom's
SECRET_OPTION = "@warroom-status-passfile"  # the password file the status command reads
STATUS_RIGHT_LENGTH = 120
STATUS_INTERVAL_S = 5
MIN_LEFT_COLUMNS = 20  # what the split pane keeps at least, beside the console
# libpq settings that name files: passed on to the status command as they are.
LIBPQ_FILES = ("PGPASSFILE", "PGSERVICEFILE", "PGSSLKEY", "PGSSLCERT", "PGSSLROOTCERT")


def run(*args: str) -> str:
    """One tmux command on the server this shell is in; its output, or a one-line error."""
    try:
        result = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise WarroomError(f"tmux {args[0]}: {exc}") from None
    if result.returncode != 0:
        reason = result.stderr.strip() or f"exit status {result.returncode}"
        raise WarroomError(f"tmux {args[0]} failed: {reason}")
    return result.stdout


def here() -> list[str]:
    """`-t PANE` for the pane this command was typed in (empty if tmux did not say)."""
    pane = os.environ.get("TMUX_PANE", "")
    return ["-t", pane] if pane else []


def where(url: str) -> str:
    """The database as the pane option and the status command name it: its file, or its URL
    without secrets."""
    path = sqlite_file(url)
    return str(path) if path is not None else public_url(url)


@dataclass(frozen=True)
class SidePane:
    pane: str  # tmux's pane id, "%5"
    window: str  # "@2"
    window_index: str
    session: str


def find_side_pane(incident: str, database: str) -> SidePane | None:
    """The open side pane of this incident on this database, if there is one."""
    wanted = f"{incident} {database}"
    out = run(
        "list-panes", "-a", "-F",
        f"#{{pane_id}}\t#{{window_id}}\t#{{window_index}}\t#{{session_name}}\t#{{{PANE_OPTION}}}",
    )  # fmt: skip
    for line in out.splitlines():
        pane, window, index, session, label = (line.split("\t") + [""] * 5)[:5]
        if label == wanted:
            return SidePane(pane, window, index, session)
    return None


def open_side_pane(incident: str, url: str, command: list[str], width: int) -> tuple[str, bool]:
    """Select the incident's side pane, or split the pane this was run from with `command`:
    what happened, in one line, and whether `command` was started."""
    database = where(url)
    found = find_side_pane(incident, database)
    if found is not None:
        run("select-window", "-t", found.window)
        run("select-pane", "-t", found.pane)
        said = f"{incident} is open already in pane {found.pane} (window {found.window_index})"
        return f"{said}: switched to it", False
    target = here()
    columns = int(run("display-message", "-p", *target, "#{pane_width}").strip() or 0)
    if columns and columns < width + 1 + MIN_LEFT_COLUMNS:
        raise WarroomError(
            f"this pane is {columns} columns wide: too narrow for a {width}-column side pane "
            f"beside it (try --width {max(columns - 1 - MIN_LEFT_COLUMNS, 1)}, or a wider pane)"
        )
    pane = run(
        "split-window", "-h", "-l", str(width), *target, "-c", str(Path.cwd()),
        "-P", "-F", "#{pane_id}", shlex.join(command),
    ).strip()  # fmt: skip
    run("set-option", "-p", "-t", pane, PANE_OPTION, f"{incident} {database}")
    return f"{incident} opened in side pane {pane}, beside this one", True


def install_status_line(incident: str, url: str) -> None:
    """The incident's line at the right of this session's status bar, from a command that
    needs nothing of tmux's environment."""
    session = run("display-message", "-p", *here(), "#{session_id}").strip()
    command, env = status_command(incident, url, session)
    job = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), *command] if env else command)
    # The option is a tmux format and a strftime string: '#' and '%' in paths stay themselves.
    job = job.replace("#", "##").replace("%", "%%")
    saved = _option(session, SAVED_OPTION)
    if saved is None:
        saved = _option(session, "status-right", inherited=True) or ""
        run("set-option", "-t", session, SAVED_OPTION, saved)
    run("set-option", "-t", session, "status-right", f"#({job}) {saved}".rstrip())
    length = _option(session, "status-right-length", inherited=True)
    if not length or int(length) < STATUS_RIGHT_LENGTH:
        run("set-option", "-t", session, "status-right-length", str(STATUS_RIGHT_LENGTH))
    interval = _option(session, "status-interval", inherited=True)
    if not interval or int(interval) == 0 or int(interval) > STATUS_INTERVAL_S:
        run("set-option", "-t", session, "status-interval", str(STATUS_INTERVAL_S))


def status_command(incident: str, url: str, session: str) -> tuple[list[str], dict[str, str]]:
    """The status command for the bar, and the environment it needs (file names only)."""
    command = [sys.executable, "-m", "warroom", "status", incident, "--tmux", "--db", where(url)]
    if sqlite_file(url) is not None:
        return command, {}
    env = {k: os.environ[k] for k in LIBPQ_FILES if os.environ.get(k)}
    from psycopg.conninfo import conninfo_to_dict

    try:
        settings = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - libpq says what is wrong when the command runs
        settings = {}
    password = settings.get("password") or os.environ.get("PGPASSWORD")
    if settings.get("passfile"):
        env["PGPASSFILE"] = str(settings["passfile"])
    if password:
        env["PGPASSFILE"] = str(_password_file(str(password), session))
    return command, env


def _password_file(password: str, session: str) -> Path:
    """A pgpass file (mode 0600) with this one password, replacing the session's last one."""
    if old := _option(session, SECRET_OPTION):
        Path(old).unlink(missing_ok=True)
    folder = os.environ.get("XDG_RUNTIME_DIR")
    folder = folder if folder and os.path.isdir(folder) else tempfile.gettempdir()
    fd, name = tempfile.mkstemp(prefix="warroom-status-", suffix=".pgpass", dir=folder)
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    with os.fdopen(fd, "w") as fh:  # mkstemp makes it 0600, as libpq requires
        fh.write(f"*:*:*:*:{escaped}\n")
    run("set-option", "-t", session, SECRET_OPTION, name)
    return Path(name)


def _option(session: str, name: str, inherited: bool = False) -> str | None:
    """A session option's value (None: not set there; with `inherited`, the global one)."""
    flags = "-Aqv" if inherited else "-qv"
    try:
        out = run("show-options", flags, "-t", session, name)
    except WarroomError:
        return None
    return out.rstrip("\n") or None


def pane_command(handoff: Path, incident: str) -> list[str]:
    """What runs in the side pane. COLUMNS and LINES, if exported, would override the pane's
    real size."""
    return ["env", "-u", "COLUMNS", "-u", "LINES", sys.executable, "-m", "warroom.tmux.pane",
            str(handoff), incident]  # fmt: skip
