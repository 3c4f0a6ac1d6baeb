"""What the `warroom` commands share: their arguments and options, and how they reach the
service and print text that came from outside."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.core.errors import UsageError
from warroom.text.safe import safe_text

if TYPE_CHECKING:
    from warroom.core.config import Config, Server
    from warroom.incident.service import IncidentService

IncidentId = Annotated[str, typer.Argument(help="Incident id such as INC-42.")]
Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="WARROOM_DB",
        help="Database file (or URL). Default: warroom.db in the user data directory.",
        show_default=False,
    ),
]
Theme = Annotated[
    str | None,
    typer.Option(help="warroom-dark, warroom-light, warroom-high-contrast, or your own."),
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


def _say(text: str, err: bool = False) -> None:
    """Print text that may come from a runbook or a config: without terminal escapes."""
    print(safe_text(text), file=sys.stderr if err else sys.stdout)


def _service(db: str | None, readonly: bool = False) -> IncidentService:
    """The service on the database; `readonly` for commands that only read: they work on a
    database they may not write (a read-only file or folder) and never create one."""
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    return IncidentService(Store(db, readonly=readonly))


def _monitoring_config(config: str | None) -> Config:
    from warroom.core.config import find_config, load_config

    path = find_config(config)
    if path is None:
        raise UsageError("no warroom.toml here or in the user config directory (or give --config)")
    return load_config(path)


def _server(settings: Config, section: str) -> Server:
    server: Server | None = getattr(settings, section)
    if server is None:
        raise UsageError(f'warroom.toml has no [{section}] url = "http://…"')
    return server
