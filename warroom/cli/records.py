"""What an incident leaves: the postmortem draft or the whole record exported, an export
imported, the timeline's hash chain verified, and the report across incidents."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warroom.cli.options import Db, IncidentId, _say, _service
from warroom.core.errors import UsageError, WarroomError
from warroom.core.words import plural
from warroom.text.safe import safe_line

commands = typer.Typer()


@commands.command()
def export(
    incident_id: IncidentId,
    db: Db = None,
    fmt: Annotated[
        str, typer.Option("--format", help="md (postmortem draft) or json (everything).")
    ] = "md",
    output: Annotated[
        str | None, typer.Option(help="Write to this file instead of printing.")
    ] = None,
) -> None:
    """A blameless postmortem draft (markdown), or the whole incident as JSON."""
    from pathlib import Path

    from warroom.incident.postmortem import markdown
    from warroom.text.safe import json_text

    if fmt not in ("md", "json"):
        raise UsageError(f"--format {safe_line(fmt)!r}: md or json")
    service = _service(db, readonly=True)
    state = service.state(incident_id)
    if fmt == "md":
        text = markdown(state, service.clock.now())
    else:
        text = json_text(service.export(state.incident.id))
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}: cannot write: {exc.strerror}") from None
        print(f"wrote {safe_line(output)}")
    else:
        sys.stdout.write(text)


@commands.command("import")
def import_(
    file: Annotated[
        str, typer.Argument(help="An incident exported with warroom export --format json.")
    ],
    db: Db = None,
    accept_broken_chain: Annotated[
        bool,
        typer.Option(
            "--accept-broken-chain",
            help="Import even though the file's hash chain does not hold (said in its timeline).",
        ),
    ] = False,
) -> None:
    """Load an exported incident into this database (renumbered if its id is taken); its
    hash chain is checked first, and a broken one refused."""
    from warroom.incident.chaining import ChainBroken
    from warroom.incident.history import read_export

    data = read_export(file)
    try:
        ident, renumbered = _service(db).import_incident(data, accept_broken_chain)
    except RecursionError:
        raise UsageError(f"{file}: not a warroom incident export (nested too deeply)") from None
    except ChainBroken as exc:
        raise UsageError(
            f"{file}: {exc}: not imported (--accept-broken-chain imports it, and says so "
            "in its timeline)"
        ) from None
    original = data["incident"]["id"]
    print(f"{ident} (was {safe_line(original)}, which is taken here)" if renumbered else ident)
    if data.get("chain") is None:
        print("the file had no hash chain: its entries were chained on import")
    elif accept_broken_chain:
        from warroom.incident.chaining import verify_export

        if (broken := verify_export(data).broken) is not None:
            _say(f"imported with its hash chain broken at {broken}: chained anew, and said so")


@commands.command()
def verify(
    source: Annotated[
        str, typer.Argument(help="Incident id such as INC-42, or an exported .json file.")
    ],
    db: Db = None,
) -> None:
    """Check the timeline's hash chain, in the database or in an exported file: exit 0 with a
    one-line summary, or 1 naming the first entry that does not match."""
    from warroom.core.errors import WarroomError as Failed
    from warroom.incident.history import is_file, read_export

    if is_file(source):
        from warroom.incident.chaining import verify_export

        checked = verify_export(read_export(source))
        where = safe_line(source)
    else:
        checked = _service(db, readonly=True).verify(source)
        where = safe_line(source.upper())
    if checked.broken is not None:
        raise Failed(f"{where}: chain broken at {safe_line(str(checked.broken))}")
    entries = plural(checked.entries, "entry", "entries")
    print(f"{where}: chain intact: {entries}, head {checked.head[:16]}")


@commands.command()
def report(
    db: Db = None,
    since: Annotated[str, typer.Option(help="How far back, e.g. 90d.")] = "90d",
    drills: Annotated[bool, typer.Option("--drills/--no-drills", help="Count drills too.")] = False,
) -> None:
    """Incidents by severity, MTTA and MTTR, recurring titles, overdue postmortems, per week."""
    from datetime import timedelta

    from rich.console import Console
    from rich.table import Table

    from warroom.core.timefmt import format_duration, parse_duration
    from warroom.incident.report import build, plot

    try:
        window = timedelta(seconds=parse_duration(since))
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None
    service = _service(db, readonly=True)
    now = service.clock.now()
    rows = [
        r
        for r in service.list_incidents()
        if now - r.declared_at <= window and (drills or not r.drill)
    ]
    states = []
    for r in rows:
        try:
            states.append(service.state(r.id))
        except (WarroomError, ValueError, KeyError, TypeError) as exc:
            # One unreadable incident (an id from an older warroom, a damaged playbook copy)
            # is said and left out; the report of the others still stands.
            _say(f"warroom: {safe_line(r.id)[:64]} left out of the report: {exc}", err=True)
    result = build(states, now, window)
    console = Console(highlight=False, markup=False)
    console.print(
        f"{plural(result.incidents, 'incident')} in the last {since}"
        + ("" if drills else " (drills not counted)")
    )
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("")
    table.add_column("value")
    for sev, count in result.by_severity.items():
        table.add_row(sev, str(count))
    for name, spread in (("MTTA (to first IC)", result.mtta), ("MTTR (to resolved)", result.mttr)):
        shown = (
            f"median {format_duration(spread[0])}, worst {format_duration(spread[1])}"
            if spread
            else "n/a"
        )
        table.add_row(name, shown)
    recurring = ", ".join(f"{safe_line(t)} ×{n}" for t, n in result.recurring)
    table.add_row("recurring", recurring or "none")
    table.add_row("overdue postmortems", ", ".join(result.overdue_postmortems) or "none")
    table.add_row("per week", f"{plot(result.weekly)}  (oldest → newest)")
    console.print(table)
