"""The monitoring from the command line: alerts firing in Alertmanager, silencing one (recorded
in the incident), and a round of health checks."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warroom.cli.fast import check_health
from warroom.cli.options import ConfigFile, Db, IncidentId, _monitoring_config, _server, _service
from warroom.core.errors import UsageError
from warroom.text.safe import safe_line

commands = typer.Typer()


@commands.command()
def alerts(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    filter_: Annotated[
        list[str] | None,
        typer.Option("--filter", help="Alertmanager matcher, e.g. 'service=\"checkout\"'."),
    ] = None,
    config: ConfigFile = None,
) -> None:
    """Alerts firing in Alertmanager (those of [alerts] matchers, unless --filter)."""
    import json

    from warroom.checks.monitoring import alerts as fetch

    settings = _monitoring_config(config)
    found = fetch(_server(settings, "alertmanager"), filter_ or settings.alerts.matchers)
    if as_json:
        print(json.dumps([a.as_data() for a in found], indent=2))
        return
    from warroom.cli.fast import print_table
    from warroom.core.clock import RealClock
    from warroom.core.timefmt import format_duration

    now = RealClock().now()
    print_table(
        ("FINGERPRINT", "ALERT", "SEVERITY", "STATE", "FOR", "SUMMARY"),
        [
            (
                a.fingerprint,
                safe_line(a.name),
                safe_line(a.severity_label or "-"),
                "silenced" if a.silenced_by else a.state,
                format_duration(max(0.0, a.age(now).total_seconds())),
                safe_line(a.summary),
            )
            for a in found
        ],  # fmt: skip
    )


@commands.command()
def silence(
    incident_id: IncidentId,
    fingerprint: Annotated[str, typer.Argument(help="The alert's fingerprint.")],
    duration: Annotated[str, typer.Option("--for", help="How long, e.g. 1h.")] = "1h",
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (for scripts).")] = False,
    db: Db = None,
    config: ConfigFile = None,
) -> None:
    """Silence one alert in Alertmanager for a while, recorded in the incident's timeline.
    Asks first; never in a drill."""
    from datetime import timedelta

    from warroom.checks.monitoring import find_alert
    from warroom.checks.monitoring import silence as create
    from warroom.core.responder import default_actor
    from warroom.core.timefmt import format_duration, parse_duration

    try:
        seconds = parse_duration(duration)
    except ValueError as exc:
        raise UsageError(f"--for {duration!r}: {exc}") from None
    service = _service(db)
    incident = service.state(incident_id).incident
    if incident.drill:
        raise UsageError(f"{incident.id} is a drill: nothing is silenced in a drill")
    settings = _monitoring_config(config)
    server = _server(settings, "alertmanager")
    alert = find_alert(server, fingerprint)
    what = f"{alert.name} ({', '.join(f'{k}={v}' for k, v in sorted(alert.labels.items()))})"
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("silencing asks first: run it in a terminal, or add --yes")
        typer.confirm(f"Silence {safe_line(what)} for {format_duration(seconds)}?", abort=True)
    ident = create(server, alert, timedelta(seconds=seconds), default_actor(),
                   f"warroom {incident.id}: {incident.title}")  # fmt: skip
    text = f"Silenced {alert.name} for {format_duration(seconds)} (silence {ident})"
    service.record_silence(incident.id, text, {**alert.as_data(), "silence": ident})
    print(text)


@commands.command()
def check(
    config: ConfigFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """One round of health checks: exit 0 when all are up, 1 when any is down, 2 for a bad config."""
    raise typer.Exit(check_health(config, as_json))
