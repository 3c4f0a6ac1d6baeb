"""`warroom db`: upgrade the schema, or copy the incidents to another database."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import Db
from warroom.core.words import plural

database = typer.Typer(
    help="The database: upgrade its schema, or copy its incidents to another one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@database.command()
def upgrade(db: Db = None) -> None:
    """Apply schema migrations (a SQLite file is backed up first)."""
    from warroom.storage.migrate import upgrade as run_upgrade

    done = run_upgrade(db)
    if done.before == done.after:
        print(f"{done.where}: already at schema {done.after}")
        return
    if done.backup:
        print(f"backed up to {done.backup}")
    print(f"{done.where}: schema {done.before or 'none'} → {done.after}")
    if done.chained is not None and done.before:
        entries, incidents = done.chained
        said = f"{plural(entries, 'timeline entry', 'timeline entries')}"
        print(f"chained {said} in {plural(incidents, 'incident')}")


@database.command("copy")
def copy_(
    source: Annotated[str, typer.Option("--from", help="Database file or URL to copy from.")],
    destination: Annotated[str, typer.Option("--to", help="Database file or URL to copy into.")],
) -> None:
    """Copy every incident into another database, e.g. a local file to the team's server."""
    from warroom.incident.transfer import copy

    for c in copy(source, destination):
        if c.skipped:
            print(f"{c.incident}: already there as {c.now}, skipped")
        else:
            print(c.incident if c.now == c.incident else f"{c.incident} → {c.now} (id taken)")
