"""The `warroom` entry point.

`warroom open` is typed in the first minute of an outage, `warroom status` runs every few
seconds in a tmux status bar and `warroom log` is called from scripts, so their plain forms
skip the full command line (typer and click cost about a tenth of a second) and are parsed
here with argparse; everything else, --help included, goes to cli.py.
"""

from __future__ import annotations

import argparse
import os
import sys

from warroom.commands import guarded, log_note, print_status, run_console


class _NotPlain(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotPlain(message)


PLAIN_OPTIONS = {
    "open": ("--playbook", "--title", "--theme", "--config"),
    "status": ("--format",),
    "log": (),
}
POSITIONAL = {"log": ("text",)}


def _plain(args: list[str]) -> argparse.Namespace | None:
    """`open ID [--db X] [--playbook P] [--title T] [--theme T] [--config F]`,
    `status ID [--db X] [--format F]` or `log ID TEXT [--db X]`."""
    if args[:1] not in ([c] for c in PLAIN_OPTIONS) or {"-h", "--help"} & set(args):
        return None
    parser = _Parser(add_help=False, allow_abbrev=False)
    parser.add_argument("incident_id")
    for name in POSITIONAL.get(args[0], ()):
        parser.add_argument(name)
    parser.add_argument("--db", default=os.environ.get("WARROOM_DB"))
    for option in PLAIN_OPTIONS[args[0]]:
        parser.add_argument(option)
    try:
        parsed = parser.parse_args(args[1:])
    except _NotPlain:
        return None
    parsed.command = args[0]
    return parsed


def main() -> None:
    plain = _plain(sys.argv[1:])
    if plain is not None:
        # Option names are the functions' parameter names: "--theme" arrives as theme=.
        run = {"open": run_console, "status": print_status, "log": log_note}[plain.command]
        options = {k: v for k, v in vars(plain).items() if k != "command"}
        guarded(lambda: run(**options))
    from warroom.cli import app

    guarded(app)
