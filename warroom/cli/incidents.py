"""Incidents from any shell: open the console, declare, retitle, list, log a note, tail the
timeline, the tmux status line and side pane."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from warroom.cli.fast import list_incidents, log_note, print_status, tail_timeline
from warroom.cli.options import (
    ConfigFile,
    Db,
    IncidentId,
    PlaybookName,
    Theme,
    _monitoring_config,
    _server,
    _service,
)
from warroom.core.errors import UsageError, WarroomError
from warroom.text.safe import safe_line
from warroom.tui.run import run_console

commands = typer.Typer()


@commands.command("open")
def open_(
    incident_id: IncidentId,
    db: Db = None,
    playbook: PlaybookName = None,
    title: Annotated[
        str | None,
        typer.Option(help="Title of a new incident; for one that exists, a new title (recorded)."),
    ] = None,
    theme: Theme = None,
    config: ConfigFile = None,
) -> None:
    """Open the console on an incident, declaring it now if it does not exist."""
    raise typer.Exit(run_console(incident_id, db, playbook, title, theme, config))


@commands.command()
def retitle(
    incident_id: IncidentId,
    title: Annotated[str, typer.Argument(help="The title as it should read.")],
    db: Db = None,
) -> None:
    """Give an incident a new title; the timeline keeps the old one (Title: old → new)."""
    service = _service(db)
    incident = service.state(incident_id).incident
    if not service.retitle(incident.id, title):
        print(f"{incident.id} is titled that already: {safe_line(title.strip())}")
        return
    print(f"{incident.id}: {safe_line(incident.title)} → {safe_line(title.strip())}")


@commands.command()
def declare(
    title: Annotated[str | None, typer.Argument(help="What is happening, in a few words.")] = None,
    sev: Annotated[str | None, typer.Option("--sev", help="Severity, e.g. SEV-1.")] = None,
    db: Db = None,
    playbook: PlaybookName = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Only print the new id.")] = False,
    from_alert: Annotated[
        str | None,
        typer.Option(
            "--from-alert",
            help="An Alertmanager alert's fingerprint (see warroom alerts): its summary is "
            "the title, its severity label the level, its start when the problem began.",
        ),
    ] = None,
    config: ConfigFile = None,
) -> None:
    """Declare a new incident with the next free id, print it, and open the console."""
    from warroom.core.playbook import find_playbook

    chosen = find_playbook(playbook)
    alert = None
    if from_alert:
        from warroom.checks.monitoring import find_alert, severity_for

        settings = _monitoring_config(config)
        alert = find_alert(_server(settings, "alertmanager"), from_alert)
        from warroom.core.limits import TITLE, cut

        title = title or cut(alert.summary or alert.name, TITLE)  # from outside: cut, not refused
        levels = [s.name for s in chosen.severities]
        sev = sev or severity_for(alert, settings.alerts, levels, chosen.initial_severity)
    if not title:
        raise UsageError("declare needs a title (or --from-alert FINGERPRINT)")
    service = _service(db)
    incident = service.declare(title, sev, playbook=chosen)
    if alert is not None:
        # Declared from this alert: it belongs here now, even if another incident had it.
        service.attach_alert(incident.id, alert.as_data(), move=True)
    print(incident.id, flush=True)
    if not no_open and sys.stdin.isatty() and sys.stdout.isatty():
        raise typer.Exit(run_console(incident.id, db))


@commands.command("list")
def list_(
    db: Db = None,
    status: Annotated[str | None, typer.Option(help="Only this status, e.g. resolved.")] = None,
    severity: Annotated[
        str | None, typer.Option("--sev", help="Only this severity, e.g. SEV-1.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only declared within this long, e.g. 90d.")
    ] = None,
    drills: Annotated[bool, typer.Option("--drills/--no-drills", help="Show drills too.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The incidents: id, severity, status, title, age and Incident Commander."""
    raise typer.Exit(list_incidents(db, status, severity, since, drills, as_json))


@commands.command()
def log(
    incident_id: IncidentId,
    text: Annotated[
        str,
        typer.Argument(
            help='The note, as it should read in the timeline; "-" reads one note a line '
            "from standard input."
        ),
    ],
    db: Db = None,
) -> None:
    """Append a note to an incident's timeline, from any shell or script."""
    raise typer.Exit(log_note(incident_id, text, db))


@commands.command()
def tail(
    incident_id: IncidentId,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON object a line, the text as written.")
    ] = False,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow", "-f", help="Then each new entry as it is committed (ctrl+c ends)."
        ),
    ] = False,
    new: Annotated[
        bool, typer.Option("--new", help="Not the entries already written: with --follow.")
    ] = False,
    db: Db = None,
) -> None:
    """Print an incident's timeline, oldest first: T+, time, actor, kind and text."""
    if new and not follow:
        raise UsageError("--new shows only entries still to come: use it with --follow")
    raise typer.Exit(tail_timeline(incident_id, db, jsonl, follow, new))


@commands.command()
def status(
    incident_id: IncidentId,
    db: Db = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Fields in braces: {id} {drill} {severity} {tplus} {status} {ic} {done} "
            "{total} {update} {health} {title} {tasks}.",
        ),
    ] = None,
    tmux: Annotated[
        bool, typer.Option("--tmux", help="Escape '#' in the values, for tmux's #(…).")
    ] = False,
) -> None:
    """One line for a tmux status bar: INC-42 SEV-1 T+00:23:10 mitigating IC:alice 7/19 …
    Without one (unknown incident, no database, bad format) a marker such as
    'INC-42 ? not found' on stdout, the reason on stderr, and a non-zero exit."""
    raise typer.Exit(print_status(incident_id, db, format, tmux))


@commands.command()
def tmux(
    incident_id: IncidentId,
    db: Db = None,
    width: Annotated[int, typer.Option(help="Width of the side-pane in columns.")] = 60,
    config: ConfigFile = None,
) -> None:
    """Open the console in a side pane beside this one (or switch to the incident's side pane
    if it is open), and put the incident's line in this session's status bar."""
    from warroom.core.ids import parse_incident_id
    from warroom.core.paths import find_config
    from warroom.storage.url import database_url, supported
    from warroom.tmux.pane import hand_over
    from warroom.tmux.session import install_status_line, open_side_pane, pane_command

    ident, _, _ = parse_incident_id(incident_id)
    if not os.environ.get("TMUX"):
        raise WarroomError("not inside tmux: start tmux first, or run warroom open " + ident)
    url = supported(database_url(db))
    # Nothing secret goes on a command line (`ps` shows it to everyone): the database URL,
    # the responder and the password source go in a 0600 file the pane reads and deletes.
    handoff = hand_over(url, find_config(config))
    try:
        said, started = open_side_pane(ident, url, pane_command(handoff, ident), width)
    except WarroomError:
        handoff.unlink(missing_ok=True)
        raise
    if not started:
        handoff.unlink(missing_ok=True)  # no pane was started to read it
    install_status_line(ident, url)
    print(said)
