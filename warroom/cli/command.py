"""Incident command from any shell: give a task, close it, ask for a decision, object, and
print a briefing from the live state. The same service verbs as the console's keys."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import Db, IncidentId, _service
from warroom.core.errors import UsageError
from warroom.text.safe import safe_line, safe_text

commands = typer.Typer()

TaskNumber = Annotated[int, typer.Argument(help="The task's number, as the console shows it.")]


def _seconds(text: str | None, option: str) -> float | None:
    from warroom.core.timefmt import parse_duration

    if text is None:
        return None
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


@commands.command()
def task(
    incident_id: IncidentId,
    text: Annotated[str, typer.Argument(help="What is to be done, in a few words.")],
    to: Annotated[str, typer.Option("--to", help="Who does it.")],
    within: Annotated[
        str | None,
        typer.Option("--within", help="The time box, e.g. 5m (default: the playbook's, 5m)."),
    ] = None,
    db: Db = None,
) -> None:
    """Give a task to a person with a time box; every console counts it down."""
    from warroom.core.timefmt import format_duration

    service = _service(db)
    given = service.give_task(incident_id, text, to, _seconds(within, "--within"))
    print(
        f"Task {given.number} for {safe_line(given.to)}: {safe_line(given.text)} "
        f"(due in {format_duration(given.within)})"
    )


@commands.command()
def done(
    incident_id: IncidentId,
    number: TaskNumber,
    outcome: Annotated[str, typer.Argument(help="What came of it.")] = "",
    db: Db = None,
) -> None:
    """Mark a task done, with what came of it."""
    if not _service(db).finish_task(incident_id, number, outcome):
        print(f"Task {number} was closed already (recorded)")
        return
    print(f"Task {number} done")


@commands.command()
def drop(
    incident_id: IncidentId,
    number: TaskNumber,
    reason: Annotated[str, typer.Argument(help="Why it is no longer wanted.")] = "",
    db: Db = None,
) -> None:
    """Drop a task that is no longer wanted, with why."""
    if not _service(db).drop_task(incident_id, number, reason):
        print(f"Task {number} was closed already (recorded)")
        return
    print(f"Task {number} dropped")


@commands.command()
def decide(
    incident_id: IncidentId,
    text: Annotated[str, typer.Argument(help="What is decided.")],
    option: Annotated[
        list[str] | None, typer.Option("--option", help="An option weighed (repeatable).")
    ] = None,
    window: Annotated[
        str | None,
        typer.Option("--window", help="How long objections are taken (default: 60s)."),
    ] = None,
    db: Db = None,
) -> None:
    """Record a decision and open its objection window; it stands unless someone objects."""
    from warroom.core.timefmt import format_duration

    service = _service(db)
    asked = service.ask_decision(incident_id, text, option or [], _seconds(window, "--window"))
    print(
        f"Decision {asked.number}: {safe_line(asked.text)} "
        f"(objections within {format_duration(asked.window)})"
    )


@commands.command("object")
def object_(
    incident_id: IncidentId,
    number: Annotated[int, typer.Argument(help="The decision's number.")],
    reason: Annotated[str, typer.Argument(help="Why: an objection needs a reason.")],
    db: Db = None,
) -> None:
    """Object to a decision while its window is open."""
    _service(db).object_to(incident_id, number, reason)
    print(f"Objection to decision {number} recorded")


@commands.command()
def brief(incident_id: IncidentId, db: Db = None) -> None:
    """A briefing from the live state: severity, status, what was tried, open tasks and
    decisions, what is down, the next update. Decisions whose window ran out are closed first."""
    service = _service(db)
    service.close_decisions(incident_id)
    print(safe_text(service.brief(incident_id)))


@commands.command()
def board(
    db: Db = None,
    theme: Annotated[str | None, typer.Option(help="A theme's name.")] = None,
    config: Annotated[str | None, typer.Option("--config", help="warroom.toml to use.")] = None,
) -> None:
    """Every open incident, live: severity, T+, status, IC, update due, open tasks, checks
    down. Enter opens one; q in its console comes back."""
    from warroom.tui.board import run_board

    raise typer.Exit(run_board(db, theme, config))
