"""The `warroom` entry point.

`warroom open` is typed in the first minute of an outage, so it skips the full command line
(typer and click cost about a tenth of a second before the first frame): plain forms of it
are parsed here with argparse; everything else, --help included, goes to cli.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from warroom.errors import WarroomError


class _NotPlain(Exception):
    pass


class _OpenParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotPlain(message)


def _plain_open(args: list[str]) -> argparse.Namespace | None:
    """`open ID [--db X] [--playbook P] [--title T]`, or None for cli.py to handle."""
    if args[:1] != ["open"] or {"-h", "--help"} & set(args):
        return None
    parser = _OpenParser(add_help=False, allow_abbrev=False)
    parser.add_argument("incident_id")
    parser.add_argument("--db", default=os.environ.get("WARROOM_DB"))
    parser.add_argument("--playbook")
    parser.add_argument("--title")
    try:
        return parser.parse_args(args[1:])
    except _NotPlain:
        return None


def run_console(incident_id: str, db: str | None, playbook: str | None, title: str | None) -> int:
    """Open the console; its exit code, or its one-line error raised after the screen is restored."""
    from warroom.ids import parse_incident_id
    from warroom.tui.app import WarroomApp

    ident, _, _ = parse_incident_id(incident_id)
    console = WarroomApp(ident, db, playbook=playbook, title=title)
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
    plain = _plain_open(sys.argv[1:])
    if plain is not None:
        guarded(lambda: run_console(plain.incident_id, plain.db, plain.playbook, plain.title))
    from warroom.cli import app

    guarded(app)
