"""The `warroom` entry point.

`warroom open` is typed in the first minute of an outage and `warroom status` runs every few
seconds in a tmux status bar, so their plain forms skip the full command line (typer and click
cost about a tenth of a second) and are parsed here with argparse; everything else, --help
included, goes to cli.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from warroom.errors import WarroomError


class _NotPlain(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotPlain(message)


PLAIN_OPTIONS = {"open": ("--playbook", "--title", "--theme", "--config"), "status": ("--format",)}


def _plain(args: list[str]) -> argparse.Namespace | None:
    """`open ID [--db X] [--playbook P] [--title T] [--theme T] [--config F]` or `status ID [--db X] [--format F]`."""
    if args[:1] not in ([c] for c in PLAIN_OPTIONS) or {"-h", "--help"} & set(args):
        return None
    parser = _Parser(add_help=False, allow_abbrev=False)
    parser.add_argument("incident_id")
    parser.add_argument("--db", default=os.environ.get("WARROOM_DB"))
    for option in PLAIN_OPTIONS[args[0]]:
        parser.add_argument(option)
    try:
        parsed = parser.parse_args(args[1:])
    except _NotPlain:
        return None
    parsed.command = args[0]
    return parsed


def print_status(incident_id: str, db: str | None, format: str | None = None) -> int:
    from warroom.ids import parse_incident_id
    from warroom.location import database_url, libpq_url, sqlite_file
    from warroom.statusline import DEFAULT_FORMAT, status_line

    ident, _, _ = parse_incident_id(incident_id)
    url = database_url(db)
    where: Path | str | None = sqlite_file(url) or libpq_url(url)
    if where is None:
        raise WarroomError("warroom status reads SQLite files and PostgreSQL only")
    print(status_line(where, ident, format or DEFAULT_FORMAT))
    return 0


def run_console(
    incident_id: str,
    db: str | None,
    playbook: str | None = None,
    title: str | None = None,
    theme: str | None = None,
    config: str | None = None,
) -> int:
    """Open the console; its exit code, or its one-line error raised after the screen is restored."""
    from warroom.ids import parse_incident_id
    from warroom.tui.app import WarroomApp

    ident, _, _ = parse_incident_id(incident_id)
    console = WarroomApp(ident, db, playbook=playbook, title=title, theme=theme, config=config)
    console.run()
    if console.error is not None:
        raise console.error
    return console.return_code or 0


def guarded(run: Callable[[], object]) -> None:
    """User errors become one line on stderr, never a traceback."""
    try:
        code = run()
    except WarroomError as exc:
        print(f"warroom: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("WARROOM_DEBUG"):
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"warroom: unexpected error: {reason} (WARROOM_DEBUG=1 shows where)", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def main() -> None:
    plain = _plain(sys.argv[1:])
    if plain is not None:
        # Option names are the functions' parameter names: "--theme" arrives as theme=.
        run = {"open": run_console, "status": print_status}[plain.command]
        options = {k: v for k, v in vars(plain).items() if k != "command"}
        guarded(lambda: run(**options))
    from warroom.cli import app

    guarded(app)
