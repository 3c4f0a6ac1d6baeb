"""Drills: a scripted practice incident on a simulated clock, with no network and no commands.

A scenario (TOML, `warroom/sample_data/scenarios/`) sets the starting severity, simulated
endpoints, timed events and rules that map the player's actions to effects. The engine plays
it into a real incident (marked as a drill) through the service, and scores the response.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from warroom.clock import SimulatedClock
from warroom.config import Action
from warroom.fields import Duration
from warroom.health_view import Sample, State
from warroom.service import IncidentService
from warroom.tomlfile import FileError, load_model

SCENARIO_DIR = "sample_data/scenarios"
WORSE = {"UP": 0, "DEGRADED": 1, "DOWN": 2}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SimEndpoint(Strict):
    name: str = Field(min_length=1)
    group: str = "default"
    # A metric or an alert shows as the real ones do: a value or a summary, no HTTP code
    # and no latency.
    kind: Literal["endpoint", "metric", "alert"] = "endpoint"
    state: Literal["UP", "DEGRADED", "DOWN"] = "UP"
    reason: str = ""
    latency_ms: float = 40


class Event(Strict):
    at: Duration
    source: str = "monitoring"
    text: str = Field(min_length=1)
    endpoint: str | None = None
    state: Literal["UP", "DEGRADED", "DOWN"] | None = None
    reason: str = ""


class Rule(Strict):
    """When the player runs an action of `kind` (with matching answers), this happens."""

    kind: str
    answers: dict[str, str] = {}
    effect: Literal["fix", "worse", "none"]
    endpoints: list[str] = []
    text: str = ""


class Scenario(Strict):
    name: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=1)
    severity: str = "SEV-1"
    description: str = ""
    duration: Duration = 1800
    endpoints: list[SimEndpoint] = []
    events: list[Event] = []
    actions: list[Action] = []
    rules: list[Rule] = []


def scenario_names() -> list[str]:
    folder = resources.files("warroom").joinpath(SCENARIO_DIR)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_scenario(name_or_path: str) -> Scenario:
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.is_file():
        return load_model(path, Scenario)
    resource = resources.files("warroom").joinpath(SCENARIO_DIR, f"{name_or_path}.toml")
    if not resource.is_file():
        raise FileError(
            name_or_path,
            None,
            f"no scenario {name_or_path!r}: one of {', '.join(scenario_names())}",
        )
    return load_model(
        f"(built-in) {name_or_path}.toml", Scenario, resource.read_text(encoding="utf-8")
    )


@dataclass
class Engine:
    """Plays a scenario into an incident; every effect goes through the service."""

    scenario: Scenario
    service: IncidentService
    incident_id: str
    clock: SimulatedClock
    start: datetime = field(init=False)
    states: dict[str, SimEndpoint] = field(init=False)
    fired: int = 0
    wrong_actions: int = 0
    mitigated_at: datetime | None = None
    fixed: set[str] = field(default_factory=set)  # the world stays mended once mended
    version: int = 0
    paused: bool = False

    def __post_init__(self) -> None:
        self.start = self.clock.now()
        self.states = {e.name: e for e in self.scenario.endpoints}
        # What a mended endpoint says again: a metric's healthy value, "not firing".
        self.healthy = {
            e.name: e.reason if e.state == "UP" else "" for e in self.scenario.endpoints
        }
        self.since = {name: self.start for name in self.states}  # when each took its state

    @property
    def elapsed(self) -> float:
        return (self.clock.now() - self.start).total_seconds()

    def advance(self, seconds: float) -> None:
        """Move the simulated clock on and fire the events that are due."""
        if self.paused or self.finished:
            return
        self.clock.advance(seconds)
        events = self.scenario.events
        while self.fired < len(events) and events[self.fired].at <= self.elapsed:
            event = events[self.fired]
            self.fired += 1
            self.service.add_note(self.incident_id, f"[{event.source}] {event.text}", kind="alert")
            # Events are the outage unfolding: they never mend what the player fixed, nor
            # soften what the player made worse.
            target = event.endpoint
            if (
                target
                and event.state
                and target not in self.fixed
                and WORSE[event.state] > WORSE[self.states[target].state]
            ):
                self._set(target, event.state, event.reason)

    def act(self, kind: str, answers: dict[str, str]) -> str:
        """The world's answer to an action; the text that goes into the timeline."""
        for rule in self.scenario.rules:
            if rule.kind == kind and all(answers.get(k) == v for k, v in rule.answers.items()):
                if rule.effect == "fix":
                    for name in rule.endpoints:
                        self.fixed.add(name)
                        self._set(name, "UP", self.healthy.get(name, ""))
                    if self.mitigated_at is None and not self.down:
                        self.mitigated_at = self.clock.now()
                elif rule.effect == "worse":
                    self.wrong_actions += 1
                    for name in rule.endpoints:
                        self.fixed.discard(name)
                        self._set(name, "DOWN", "made worse")
                else:
                    self.wrong_actions += 1
                return rule.text or f"{kind}: {rule.effect}"
        self.wrong_actions += 1
        return f"{kind}: no effect"

    def _set(self, name: str, state: str, reason: str) -> None:
        old = self.states[name]
        if old.state == state:
            return
        self.states[name] = old.model_copy(update={"state": state, "reason": reason})
        self.since[name] = self.clock.now()
        text = f"{name} {state}" + (f": {reason}" if reason else "") + " (simulated)"
        self.service.record_health(
            self.incident_id, name, state, text, {"reason": reason, "simulated": True}
        )
        self.version += 1

    @property
    def down(self) -> list[str]:
        return [n for n, e in self.states.items() if e.state == "DOWN"]

    @property
    def finished(self) -> bool:
        resolved = self.service.state(self.incident_id).incident.status == "resolved"
        return resolved or self.elapsed >= self.scenario.duration

    @property
    def snapshot(self) -> list[Sample]:
        out = []
        for e in self.states.values():
            http = e.kind == "endpoint"
            latency = e.latency_ms / 1000 if http else None
            status = _status(e.state, e.reason) if http else None
            out.append(Sample(e.name, e.group, State(e.state), self.since[e.name], e.reason,
                              status, latency, [latency] if http else [], False))  # fmt: skip
        return out

    def score(self) -> dict[str, object]:
        """How the response measured up against the playbook, out of 100."""
        state = self.service.state(self.incident_id)
        start = state.incident.declared_at
        since = lambda when: (when - start).total_seconds() if when else None  # noqa: E731
        ic = since(state.commander_since)
        updates = state.updates
        first_update = since(updates[0]) if updates else None
        sev = state.playbook.severity(state.incident.severity)
        cadence = sev.update_every or 0
        marks = [start, *updates, state.incident.resolved_at or self.clock.now()]
        gaps_missed = (
            sum((b - a).total_seconds() > cadence for a, b in zip(marks, marks[1:], strict=False))
            if cadence
            else 0
        )
        on_time = sum(
            1
            for i in state.items
            if i.done and i.due_s is not None and i.done_at and since(i.done_at) <= i.due_s
        )
        due_items = sum(1 for i in state.items if i.due_s is not None and i.due_s <= self.elapsed)
        per_phase = {
            p.title: f"{sum(1 for i in state.items if i.phase == p.key and i.done and (i.due_s is None or (i.done_at and since(i.done_at) <= i.due_s)))}"
            f"/{sum(1 for i in state.items if i.phase == p.key)}"
            for p in state.playbook.phases
        }
        target = sev.response or 900
        points = 0
        points += 20 if ic is not None and ic <= target else 0
        points += 20 if first_update is not None and first_update <= target else 0
        points += 15 if gaps_missed == 0 else 0
        points += round(15 * on_time / due_items) if due_items else 15
        points += 20 if self.mitigated_at is not None else 0
        points += max(0, 10 - 5 * self.wrong_actions)
        return {
            "score": points,
            "time_to_ic": ic,
            "time_to_first_update": first_update,
            "update_gaps_missed": gaps_missed,
            "items_on_time": on_time,
            "items_due": due_items,
            "time_to_mitigate": since(self.mitigated_at),
            "wrong_actions": self.wrong_actions,
            "resolved": state.incident.status == "resolved",
            "phases": per_phase,
        }


def _status(state: str, reason: str) -> int | None:
    """The HTTP status a simulated endpoint answers with, as its reason tells it: "status 500"
    is a 500, a failed connect has none, an endpoint that is up answers 200."""
    code = re.search(r"\b([1-5]\d\d)\b", reason)
    if code:
        return int(code.group(1))
    return 200 if state in ("UP", "DEGRADED") else None
