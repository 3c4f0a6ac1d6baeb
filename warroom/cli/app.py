"""The `warroom` command: thin faces over the service. Heavy imports happen inside commands.

The entry point is launch.main, which also takes the plain forms of `warroom open` itself.
The commands live by concern in the modules beside this one; this is where they meet.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from warroom.cli import command, drills, incidents, monitoring, records
from warroom.cli.database import database
from warroom.cli.playbooks import playbooks

app = typer.Typer(
    name="warroom",
    help="A terminal war-room console for running a production incident.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _everywhere(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file (or URL) for any command: before the command name, or after it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    # Each command's own --db reads WARROOM_DB (click parses a command's options after this
    # runs): one given before the name counts as if given after it, which still wins.
    if db is not None:
        os.environ["WARROOM_DB"] = db


# The order `warroom --help` lists the commands in: the incident's own first, then what it
# leaves, then incident command (any not named here keep their own order, after these).
ORDER = (
    "open", "retitle", "declare", "alerts", "silence", "list", "log", "tail", "status",
    "tmux", "check", "export", "import", "verify", "replay", "drill", "report",
)  # fmt: skip


def _name(info: typer.models.CommandInfo) -> str:
    # typer names a command from its function when the decorator gave no name.
    return info.name or (info.callback.__name__ if info.callback else "").replace("_", "-")


def _rank(info: typer.models.CommandInfo) -> int:
    name = _name(info)
    return ORDER.index(name) if name in ORDER else len(ORDER)


app.add_typer(playbooks, name="playbook")
app.registered_commands += sorted(
    (
        info
        for part in (incidents, monitoring, records, drills, command)
        for info in part.commands.registered_commands
    ),
    key=_rank,
)
app.add_typer(database, name="db")
