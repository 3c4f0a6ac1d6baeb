"""The `warroom` command: thin faces over the service. Heavy imports happen inside commands.

The entry point is launch.main, which also takes the plain forms of `warroom open` itself.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.errors import WarroomError
from warroom.launch import print_status, run_console

if TYPE_CHECKING:
    from warroom.service import IncidentService

app = typer.Typer(
    name="warroom",
    help="A terminal war-room console for running a production incident.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="WARROOM_DB",
        help="Database file (or URL). Default: warroom.db in the user data directory.",
        show_default=False,
    ),
]
ConfigFile = Annotated[
    str | None,
    typer.Option(
        "--config",
        help="warroom.toml to use. Default: ./warroom.toml, else the user config directory.",
        show_default=False,
    ),
]
PlaybookName = Annotated[
    str | None, typer.Option("--playbook", help="Playbook for a newly declared incident.")
]


def _service(db: str | None) -> IncidentService:
    from warroom.service import IncidentService
    from warroom.store import Store

    return IncidentService(Store(db))


def _playbook(name: str | None):  # type: ignore[no-untyped-def]
    if not name:
        return None
    from warroom.playbook import load_builtin

    return load_builtin(name)


@app.command("open")
def open_(
    incident_id: Annotated[str, typer.Argument(help="Incident id such as INC-42.")],
    db: Db = None,
    playbook: PlaybookName = None,
    title: Annotated[
        str | None, typer.Option(help="Title, if the incident is declared now.")
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option(help="warroom-dark, warroom-light, warroom-high-contrast, or your own."),
    ] = None,
    config: ConfigFile = None,
) -> None:
    """Open the console on an incident, declaring it now if it does not exist."""
    raise typer.Exit(run_console(incident_id, db, playbook, title, theme, config))


@app.command()
def declare(
    title: Annotated[str, typer.Argument(help="What is happening, in a few words.")],
    sev: Annotated[str | None, typer.Option("--sev", help="Severity, e.g. SEV-1.")] = None,
    db: Db = None,
    playbook: PlaybookName = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Only print the new id.")] = False,
) -> None:
    """Declare a new incident with the next free id, print it, and open the console."""
    service = _service(db)
    incident = service.declare(title, sev, playbook=_playbook(playbook))
    print(incident.id, flush=True)
    if not no_open and sys.stdin.isatty() and sys.stdout.isatty():
        raise typer.Exit(run_console(incident.id, db))


@app.command("list")
def list_(db: Db = None) -> None:
    """The incidents: id, severity, status, title, age and Incident Commander."""
    from rich.console import Console
    from rich.table import Table

    from warroom.timefmt import format_duration

    service = _service(db)
    rows = service.list_incidents()
    now = service.clock.now()
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("ID", "SEV", "STATUS", "TITLE", "AGE", "IC"):
        table.add_column(column, overflow="fold")
    for row in rows:
        ident = f"{row.id} (drill)" if row.drill else row.id
        age = format_duration((now - row.declared_at).total_seconds())
        table.add_row(ident, row.severity, row.status, row.title, age, row.commander or "—")
    console = Console(highlight=False, markup=False, soft_wrap=not sys.stdout.isatty())
    if rows:
        console.print(table)
    else:
        console.print('No incidents yet. Declare one with: warroom declare "what is broken"')


@app.command()
def log(
    incident_id: Annotated[str, typer.Argument(help="Incident id such as INC-42.")],
    text: Annotated[str, typer.Argument(help="The note, as it should read in the timeline.")],
    db: Db = None,
) -> None:
    """Append a note to an incident's timeline, from any shell or script."""
    from warroom.timefmt import t_plus

    service = _service(db)
    entry = service.add_note(incident_id, text)
    incident = service.find(incident_id)
    assert incident is not None
    print(f"{incident.id} {t_plus(entry.at - incident.declared_at)} note saved")


@app.command()
def status(
    incident_id: Annotated[str, typer.Argument(help="Incident id such as INC-42.")],
    db: Db = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Fields in braces: {id} {drill} {severity} {tplus} {status} {ic} {done} "
            "{total} {update} {health} {title}.",
        ),
    ] = None,
) -> None:
    """One line for a tmux status bar, e.g. INC-42 SEV-1 T+00:23:10 mitigating IC:alice 7/19."""
    raise typer.Exit(print_status(incident_id, db, format))


@app.command()
def tmux(
    incident_id: Annotated[str, typer.Argument(help="Incident id such as INC-42.")],
    db: Db = None,
    width: Annotated[int, typer.Option(help="Width of the side-pane in columns.")] = 60,
) -> None:
    """Open the console in a side-pane of the current tmux window."""
    import shlex
    import subprocess

    from warroom.ids import parse_incident_id
    from warroom.location import database_url

    ident, _, _ = parse_incident_id(incident_id)
    if not os.environ.get("TMUX"):
        raise WarroomError("not inside tmux: start tmux first, or run warroom open " + ident)
    # The pane's command goes through tmux's shell, so every word is quoted. COLUMNS and
    # LINES, if exported, would override the pane's real size.
    command = ["env", "-u", "COLUMNS", "-u", "LINES"]
    command += [sys.executable, "-m", "warroom", "open", ident, "--db", database_url(db)]
    split = ["tmux", "split-window", "-h", "-l", str(width), shlex.join(command)]
    result = subprocess.run(split, capture_output=True, text=True)
    if result.returncode != 0:
        raise WarroomError(
            f"tmux split-window failed: {result.stderr.strip() or result.returncode}"
        )


@app.command()
def check(
    config: ConfigFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """One round of health checks: exit 0 when all are up, 1 when any is down, 2 for a bad config."""
    import asyncio
    import json

    from warroom.config import find_config, load_config
    from warroom.health import State, check_once

    path = find_config(config)
    if path is None:
        raise WarroomError(
            "no warroom.toml here or in the user config directory (or give --config)"
        )
    results = asyncio.run(check_once(load_config(path)))
    if as_json:
        rows = [
            {
                "name": e.name,
                "group": e.group,
                "state": state.value,
                "status": r.status,
                "latency_ms": round(r.latency * 1000, 1) if r.latency is not None else None,
                "reason": r.reason,
            }
            for e, state, r in results
        ]
        print(json.dumps(rows, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        for column in ("NAME", "GROUP", "STATE", "CODE", "LATENCY", "REASON"):
            table.add_column(column, overflow="fold")
        for e, state, r in results:
            latency = f"{r.latency * 1000:.0f}ms" if r.latency is not None else "-"
            table.add_row(e.name, e.group, state.value, str(r.status or "-"), latency, r.reason)
        Console(highlight=False, markup=False).print(table)
    raise typer.Exit(1 if any(state is State.DOWN for _, state, _ in results) else 0)
