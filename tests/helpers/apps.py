"""Consoles built for tests: on a given service, or a drill on the simulated clock; a
warroom.toml with one real action for them to run."""

from __future__ import annotations

import sys
from pathlib import Path

from warroom.core.clock import SimulatedClock
from warroom.core.playbook import load_builtin
from warroom.incident.drill import Engine, load_scenario
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp
from warroom.tui.widgets.timeline import Line, TimelinePane


def console(service: IncidentService, incident: str = "INC-42") -> WarroomApp:
    return WarroomApp(incident, service=service)


def timeline_text(app: WarroomApp) -> str:
    pane = app.query_one(TimelinePane)
    return "\n".join(line_text(line) for line in pane.held_lines)


def timeline_words(app: WarroomApp) -> str:
    """The timeline pane's words, its wrapping and columns undone."""
    return " ".join(timeline_text(app).split())


def line_text(line: Line) -> str:
    """A held timeline line (segments) as its text."""
    return "".join(segment.text for segment in line)


def drill_app(
    tmp_path: Path, name: str, config: Path, speed: float = 60
) -> tuple[WarroomApp, IncidentService, Engine]:
    """A drill of scenario `name` in a new database under tmp_path, with its engine."""
    clock = SimulatedClock()
    service = IncidentService(Store(tmp_path / "drill.db"), clock=clock, actor="player")
    plan = load_scenario(name)
    incident = service.declare(
        plan.title, plan.severity, playbook=load_builtin(), drill=True, prefix="DRILL"
    )
    engine = Engine(plan, service, incident.id, clock)
    app = WarroomApp(incident.id, service=service, drill=engine, speed=speed, config=config)
    return app, service, engine


def drill(tmp_path: Path, speed: float) -> tuple[WarroomApp, IncidentService, str]:
    """The db-outage drill at this speed, with no warroom.toml; the app, service, incident."""
    app, service, engine = drill_app(tmp_path, "db-outage", tmp_path / "none.toml", speed)
    return app, service, app.incident_id


def config_with_action(tmp_path: Path, marker: Path) -> Path:
    """A warroom.toml whose action `r` ("Roll back web") runs a real script that writes its
    arguments (the version asked for, then the incident) to `marker`."""
    script = tmp_path / "rollback.py"
    script.write_text(
        "import sys, pathlib\n"
        "pathlib.Path(sys.argv[1]).write_text(' '.join(sys.argv[2:]))\n"
        "print('rolled back to', sys.argv[2])\n"
    )
    path = tmp_path / "warroom.toml"
    path.write_text(
        "[[action]]\n"
        'key = "r"\nlabel = "Roll back web"\nkind = "rollback"\n'
        f'command = [{sys.executable!r}, {str(script)!r}, {str(marker)!r}, "{{version}}", "{{incident}}"]\n'
        'prompts = [{ name = "version", label = "Version", default = "v1.4.2", pattern = "v[0-9.]+" }]\n'
    )
    return path
