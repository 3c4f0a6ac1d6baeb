"""Practice and looking back: drills on a simulated clock (and one written from a real
incident), and the board replayed as it stood at any moment."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warroom.cli.options import Db, Theme, _say
from warroom.core.errors import UsageError
from warroom.core.words import plural
from warroom.text.safe import safe_line

commands = typer.Typer()


@commands.command()
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


@commands.command()
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
    from warroom.tui.controllers.drill import SPEEDS

    if not SPEEDS[0] <= speed <= SPEEDS[1]:  # refused before a drill is declared
        raise UsageError(
            f"--speed {speed:g}: a drill plays from {SPEEDS[0]:g} to {SPEEDS[1]:g} times real "
            "time (+ and - change it while it runs, z pauses it)"
        )
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
