"""The `warroom` entry point.

`warroom open` is typed in the first minute of an outage, `warroom status` runs every few
seconds in a tmux status bar, and `log`, `list` and `check` are called from scripts, so their
plain forms skip the full command line (typer and click cost about a tenth of a second) and
are parsed here with argparse; everything else, --help included, goes to cli.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from warroom.cli.fast import (
    check_health,
    guarded,
    list_incidents,
    log_note,
    print_status,
)
from warroom.tui.run import run_console


class _NotPlain(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotPlain(message)


# Each plain command: its positional arguments, and its options (a type, or "flag").
PLAIN: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    "open": (
        ("incident_id",),
        {"--playbook": str, "--title": str, "--theme": str, "--config": str},
    ),
    "status": (("incident_id",), {"--format": str, "--tmux": "flag"}),
    "log": (("incident_id", "text"), {}),
    "list": (
        (),
        {"--status": str, "--sev": str, "--since": str, "--drills": "switch", "--json": "flag"},
    ),
    "check": ((), {"--config": str, "--json": "flag"}),
}
DEST = {"--sev": "severity", "--json": "as_json"}  # option → the function's parameter
NO_DB = {"check"}


def _plain(args: list[str]) -> argparse.Namespace | None:
    """A plain form of a fast command, or None for the full command line (cli.py)."""
    if not args or args[0] not in PLAIN or {"-h", "--help"} & set(args):
        return None
    positional, options = PLAIN[args[0]]
    parser = _Parser(add_help=False, allow_abbrev=False)
    for name in positional:
        parser.add_argument(name)
    if args[0] not in NO_DB:
        parser.add_argument("--db", default=os.environ.get("WARROOM_DB"))
    for option, kind in options.items():
        dest = DEST.get(option, option.removeprefix("--"))
        if kind == "flag":
            parser.add_argument(option, dest=dest, action="store_true")
        elif kind == "switch":
            parser.add_argument(
                option, dest=dest, action=argparse.BooleanOptionalAction, default=True
            )
        else:
            parser.add_argument(option, dest=dest)
    try:
        parsed = parser.parse_args(args[1:])
    except _NotPlain:
        return None
    parsed.command = args[0]
    return parsed


def _global_db(args: list[str]) -> list[str]:
    """`warroom --db X COMMAND …` is `warroom COMMAND … --db X`: a --db before the command
    name goes into WARROOM_DB, which every command's --db falls back to (and one given after
    the name still wins)."""
    if args[:1] == ["--db"] and len(args) > 1:
        os.environ["WARROOM_DB"] = args[1]
        return args[2:]
    if args and args[0].startswith("--db="):
        os.environ["WARROOM_DB"] = args[0].removeprefix("--db=")
        return args[1:]
    return args


def main() -> None:
    sys.argv[1:] = _global_db(sys.argv[1:])
    plain = _plain(sys.argv[1:])
    if plain is not None:
        # Option names are the functions' parameter names: "--theme" arrives as theme=.
        commands: dict[str, Callable[..., object]] = {
            "open": run_console, "status": print_status, "log": log_note,
            "list": list_incidents, "check": check_health}  # fmt: skip
        run = commands[plain.command]
        options = {k: v for k, v in vars(plain).items() if k != "command"}
        guarded(lambda: run(**options))
    from warroom.cli.app import app

    guarded(app)
