"""The console in a tmux side-pane (`warroom tmux`), started with nothing secret on its command
line: what it needs (database, responder, password source, config) comes in a file only the
user can read, which the pane reads and deletes at once. An error stays on screen until a key
is pressed: a pane that closed at once would take its reason with it.

    python -m warroom.tmux.pane HANDOFF_FILE INCIDENT_ID
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from warroom.core.errors import WarroomError

# What the pane takes over from the shell that ran `warroom tmux`.
HANDED_OVER = ("WARROOM_DB", "WARROOM_RESPONDER", "WARROOM_CONFIG_DIR", "PGPASSWORD", "PGPASSFILE",
               "PGSERVICEFILE", "PGSSLKEY", "PGSSLROOTCERT")  # fmt: skip


def hand_over(database: str, config: Path | None) -> Path:
    """A file (mode 0600) with what the pane needs; its path is all the command line shows."""
    values = {name: os.environ[name] for name in HANDED_OVER if name in os.environ}
    values["WARROOM_DB"] = database
    if config is not None:
        values["config"] = str(config)
    fd, path = tempfile.mkstemp(prefix="warroom-pane-", suffix=".json")
    with os.fdopen(fd, "w") as fh:  # mkstemp makes it 0600
        json.dump(values, fh)
    return Path(path)


def take_over(path: Path) -> str | None:
    """Read and delete the handed-over file; the config path it names, if any."""
    try:
        values = json.loads(path.read_text())
    finally:
        path.unlink(missing_ok=True)
    config = values.pop("config", None)
    os.environ.update({k: str(v) for k, v in values.items() if k in HANDED_OVER})
    return config


def main() -> None:
    from warroom.tui.run import run_console

    handoff, incident = Path(sys.argv[1]), sys.argv[2]
    try:
        config = take_over(handoff)
        code = run_console(incident, None, config=config)
    except WarroomError as exc:
        from warroom.text.safe import safe_line

        print(f"warroom: {safe_line(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except (OSError, ValueError) as exc:
        print(f"warroom: cannot open the side-pane: {exc}", file=sys.stderr)
        code = 2
    if code:
        print("\npress any key to close this pane", file=sys.stderr, flush=True)
        _any_key()
    sys.exit(code)


def _any_key() -> None:
    import termios
    import tty

    try:
        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return  # not a terminal: nobody to wait for
    try:
        tty.setcbreak(fd)
        os.read(fd, 1)
    except (OSError, KeyboardInterrupt):
        pass
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)


if __name__ == "__main__":
    main()
