"""The `warroom` command: thin faces over the service. Heavy imports happen inside commands.

The entry point is launch.main, which also takes the plain forms of `warroom open` itself.
"""

# Over 500 lines on purpose: every command's options and help in one file, each a few lines.
from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.fast import check_health, list_incidents, log_note, print_status, tail_timeline
from warroom.core.errors import UsageError, WarroomError
from warroom.core.words import plural
from warroom.text.safe import safe_line, safe_text
from warroom.tui.run import run_console

if TYPE_CHECKING:
    from warroom.core.config import Config, Server
    from warroom.incident.service import IncidentService

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


playbooks = typer.Typer(
    help="Playbooks: list, show, validate, and import a markdown runbook.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(playbooks, name="playbook")

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
PLAYBOOK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
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


@app.command("open")
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command("list")
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
def check(
    config: ConfigFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """One round of health checks: exit 0 when all are up, 1 when any is down, 2 for a bad config."""
    raise typer.Exit(check_health(config, as_json))


@playbooks.command("list")
def playbook_list() -> None:
    """Every playbook on the search path: built-ins, ~/.config/warroom/playbooks, ./playbooks."""
    from warroom.core.playbook import PlaybookLibrary

    library = PlaybookLibrary()
    width = max((len(n) for n in library.playbooks), default=0)
    for name, (playbook, source) in sorted(library.playbooks.items()):
        levels = "/".join(s.name for s in playbook.severities)
        items = sum(len(p.items) for p in playbook.phases)
        _say(f"{name:<{width}}  {levels:<24} {items:>3} items  {source}")
    for problem in library.problems.values():
        _say(f"warroom: {problem}", err=True)


@playbooks.command("show")
def playbook_show(
    name: Annotated[str, typer.Argument(help="Playbook name, e.g. default.")],
) -> None:
    """A readable summary of one playbook."""
    from warroom.core.playbook import find_playbook
    from warroom.core.timefmt import format_duration

    pb = find_playbook(name)

    def part(title: str, key: str) -> str:
        return f"\n{title}" + (f" (borrowed from {pb.extends})" if key in pb.borrowed else "")

    def where(source: str) -> str:
        return f"  [{source}]" if source else ""

    _say(f"{pb.name}: {pb.title}")
    if pb.description:
        _say(pb.description)
    _say(part("Severities", "severities"))
    for sev in pb.severities:
        respond = format_duration(sev.response) if sev.response is not None else "-"
        update = format_duration(sev.update_every) if sev.update_every is not None else "-"
        _say(
            f"  {sev.name:<8} {sev.title:<10} respond {respond:<5} update {update:<5} "
            f"{sev.meaning}{where(sev.source)}"
        )
    _say(part("Roles", "roles"))
    for role in pb.roles:
        _say(
            f"  {role.name} ({role.label}): {'; '.join(role.responsibilities)}{where(role.source)}"
        )
    _say("\nPhases")
    for phase in pb.phases:
        _say(f"  {phase.title} {phase.window}".rstrip() + f": {plural(len(phase.items), 'item')}")
        for item in phase.items:
            due = f" (T+{format_duration(item.due)})" if item.due is not None else ""
            _say(f"    - {item.text}{due}{where(item.source)}")
    if pb.templates:
        _say("\nTemplates: " + ", ".join(pb.templates))
    if pb.escalation:
        _say("\nEscalation")
        for n, level in enumerate(pb.escalation, 1):
            when = " ".join(
                x
                for x in (
                    f"after {format_duration(level.after)}" if level.after else "",
                    level.condition,
                )
                if x
            )
            _say(f"  {n}. {level.who}" + (f" ({when})" if when else "") + where(level.source))


@playbooks.command("validate")
def playbook_validate(file: Annotated[str, typer.Argument(help="A playbook .toml file.")]) -> None:
    """Check a playbook file; errors name the file, the line and the field."""
    from warroom.core.playbook import load_file

    pb = load_file(file)
    print(
        f"{file}: ok ({pb.name}: {len(pb.severities)} levels, {plural(sum(len(p.items) for p in pb.phases), 'item')})"
    )


@playbooks.command("import")
def playbook_import(
    runbook: Annotated[str, typer.Argument(help="A markdown runbook, e.g. INCIDENT_RESPONSE.md.")],
    name: Annotated[
        str | None, typer.Option(help="Playbook name. Default: from the file name.")
    ] = None,
    output: Annotated[
        str | None, typer.Option(help="Where to write it. Default: ./playbooks/NAME.toml.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Write without the review screen (for scripts).")
    ] = False,
) -> None:
    """Turn a markdown runbook into a playbook file: review what was taken from each section
    (in a terminal), then write it with the line each fact came from."""
    from pathlib import Path

    from pydantic import ValidationError

    from warroom.core.playbook import from_data
    from warroom.runbooks.importer import import_runbook, playbook_toml, read_runbook, slug

    source = Path(runbook)
    text = read_runbook(source)
    name = name or slug(source.stem, 40)
    if not PLAYBOOK_NAME.fullmatch(name):
        raise UsageError(
            f"--name {safe_line(name)!r}: a playbook name is letters, digits, '-', '_' and '.', "
            "starting with a letter or digit"
        )
    report = import_runbook(text, name, source.name)
    if not (report.levels_found or report.roles_found or report.items):
        raise UsageError(
            f"{runbook}: found no severity levels, roles or steps in it: nothing to import"
        )
    target = Path(output) if output else Path("playbooks") / f"{name}.toml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists: choose another --output, or --force to overwrite")
    if not yes and sys.stdin.isatty() and sys.stdout.isatty():
        from warroom.tui.screens.import_review import review

        reviewed = review(report)
        if reviewed is None:
            print("nothing written")
            raise typer.Exit(1)
        report = reviewed
    try:
        from_data(report.playbook)  # what is written must load again
    except ValidationError as exc:
        raise UsageError(f"{runbook}: the playbook made from it does not load: {exc}") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(playbook_toml(report), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror}") from None
    _say(report.summary())
    print(f"\nwrote {target}; check it with: warroom playbook validate {target}")


@app.command()
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


@app.command("import")
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


@app.command()
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


@app.command()
def replay(
    source: Annotated[
        str, typer.Argument(help="Incident id such as INC-42, or an exported .json file.")
    ],
    db: Db = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Open at this moment, e.g. T+00:12 (default: the newest)."),
    ] = None,
    theme: Theme = None,
) -> None:
    """The board as it stood at any moment, read-only: ← and → step through the entries,
    t goes to a time (T+00:12). Works for closed incidents and exported files."""
    from datetime import timedelta

    from warroom.core.replay import Replay, parse_moment
    from warroom.incident.history import whole_state

    whole = whole_state(source, db)
    if not whole.timeline:
        raise UsageError(f"{whole.incident.id} has no timeline entries to replay")
    moments = Replay(whole)
    index = None
    if at is not None:
        try:
            seconds = parse_moment(at)
        except ValueError as exc:
            raise UsageError(f"--at: {exc}") from None
        index = moments.index_at(moments.start + timedelta(seconds=seconds))
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("replay is a screen: run it in a terminal")
    from warroom.tui.replay import ReplayApp

    screen = ReplayApp(moments, index, theme)
    screen.run()
    if screen.error is not None:
        raise screen.error


@app.command()
def drill(
    scenario: Annotated[str | None, typer.Argument(help="Scenario name (or a .toml file).")] = None,
    db: Db = None,
    speed: Annotated[float, typer.Option(help="Simulated seconds per real second.")] = 4.0,
    theme: Theme = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Write a scenario from a real incident (INC-42, or an exported .json file).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(help="With --from: where to write it. Default: ./scenarios/NAME.toml."),
    ] = None,
    force: Annotated[bool, typer.Option(help="With --from: overwrite an existing file.")] = False,
) -> None:
    """Practice: list the scenarios, play one on a simulated clock (no network, no commands),
    or write one from a real incident (--from) to review and play."""
    from warroom.core.clock import RealClock, SimulatedClock
    from warroom.core.playbook import find_playbook
    from warroom.incident.drill import Engine, load_scenario, scenario_names
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.tui.app import WarroomApp

    if from_ is not None:
        if scenario is not None:
            raise UsageError("give a scenario to play, or --from an incident to write one")
        _drill_from(from_, db, output, force)
        return
    if scenario is None:
        for name in scenario_names():
            s = load_scenario(name)
            print(f"{name:<18} {safe_line(s.severity):<6} {safe_line(s.title)}")
        return
    plan = load_scenario(scenario)
    clock = SimulatedClock(RealClock().now())
    service = IncidentService(Store(db), clock=clock)
    incident = service.declare(
        plan.title, plan.severity, playbook=find_playbook(plan.playbook), drill=True, prefix="DRILL"
    )
    engine = Engine(plan, service, incident.id, clock)
    console = WarroomApp(incident.id, service=service, drill=engine, speed=speed, theme=theme)
    console.run()
    if console.error is not None:
        raise console.error


def _drill_from(source: str, db: str | None, output: str | None, force: bool) -> None:
    """Write a scenario from a real incident; it is loaded again before it is said written."""
    from pathlib import Path

    from pydantic import ValidationError

    from warroom.incident.drill import Scenario
    from warroom.incident.drill_from import scenario_from, scenario_toml
    from warroom.incident.history import whole_state

    whole = whole_state(source, db)
    drafted = scenario_from(whole)
    try:
        Scenario.model_validate(drafted.data)  # what is written must load again
    except ValidationError as exc:
        raise UsageError(f"{source}: the scenario made from it does not load: {exc}") from None
    target = Path(output) if output else Path("scenarios") / f"{drafted.data['name']}.toml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists: choose another --output, or --force to overwrite")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(scenario_toml(drafted, whole.incident.id), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror}") from None
    data = drafted.data
    _say(
        f"{whole.incident.id}: {plural(len(data['events']), 'event')}, "
        f"{plural(len(data['actions']), 'action')}"
        + (f", right action: {drafted.right}" if drafted.right else ", no right action found")
    )
    for note in drafted.notes:
        _say(f"  note: {note}")
    print(f"wrote {safe_line(str(target))}; review it, then play it with: warroom drill {target}")


@app.command()
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


# -- the database itself -------------------------------------------------------------------
database = typer.Typer(
    help="The database: upgrade its schema, or copy its incidents to another one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(database, name="db")


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
