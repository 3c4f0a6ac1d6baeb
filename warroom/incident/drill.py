"""Drills: a scripted practice incident on a simulated clock, with no network and no commands.

A scenario (TOML, `warroom/builtin/scenarios/`) sets the starting severity, simulated
endpoints, timed events and rules that map the player's actions to effects. The engine plays
it into a real incident (marked as a drill) through the service, and scores the response.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from warroom.checks.view import Sample, State
from warroom.core.clock import SimulatedClock
from warroom.core.config import Action
from warroom.core.events import Kind
from warroom.core.fields import Duration
from warroom.core.tomlfile import FileError, load_model
from warroom.incident.service import IncidentService

SCENARIO_DIR = "builtin/scenarios"
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


class Answer(Strict):
    """How a simulated teammate answers a task whose text holds `match` (any case): said
    `after` it was given. A task no answer matches is answered plainly halfway through its
    time box: in a drill somebody always comes back, and the player closes the task (X)."""

    match: str = Field(min_length=1)
    after: Duration
    text: str = Field(min_length=1)


class Scenario(Strict):
    name: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=1)
    severity: str = "SEV-1"
    playbook: str | None = None  # the playbook to declare it with (default: the configured one)
    description: str = ""
    duration: Duration = 1800
    # After the right action the simulated checks confirm the recovery as real ones would:
    # one check every `interval`, UP after `rise` healthy ones (until then "recovering").
    interval: Duration = 10
    rise: int = Field(2, ge=1)
    mitigate_within: Duration = 900  # the scoring's target for the right action
    endpoints: list[SimEndpoint] = []
    events: list[Event] = []
    actions: list[Action] = []
    rules: list[Rule] = []
    answers: list[Answer] = []


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
    wrong: list[str] = field(default_factory=list)  # the actions that did not help, by label
    mitigated_at: datetime | None = None
    fixed: set[str] = field(default_factory=set)  # the world stays mended once mended
    recovering: dict[str, datetime] = field(default_factory=dict)  # mended, not yet confirmed
    version: int = 0  # grows when the pane's rows change
    paused: bool = False
    answered: set[int] = field(default_factory=set)  # tasks a simulated teammate answered

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

    @property
    def wrong_actions(self) -> int:
        return len(self.wrong)

    def advance(self, seconds: float) -> None:
        """Move the simulated clock on, fire the events that are due, and confirm what has
        recovered."""
        if self.paused or self.finished:
            return
        self.clock.advance(seconds)
        self._confirm_recovery()
        events = self.scenario.events
        while self.fired < len(events) and events[self.fired].at <= self.elapsed:
            event = events[self.fired]
            self.fired += 1
            target = event.endpoint
            if target in self.fixed and event.state and WORSE[event.state] > WORSE["UP"]:
                continue  # a failure the player's fix prevented: it never happens, nor is told
            self.service.add_note(
                self.incident_id, f"[{event.source}] {event.text}", kind=Kind.ALERT
            )
            # Events are the outage unfolding: they never soften what the player made worse.
            if target and event.state and WORSE[event.state] > WORSE[self.states[target].state]:
                self._set(target, event.state, event.reason)
        self._answer_tasks()

    def _answer_tasks(self) -> None:
        """The teammates given tasks come back with an answer, as a note by them."""
        now = self.clock.now()
        for task in self.service.state(self.incident_id, window=1).open_tasks:
            if task.number in self.answered:
                continue
            words = task.text.casefold()
            answer = next((a for a in self.scenario.answers if a.match.casefold() in words), None)
            after = answer.after if answer else task.within / 2
            if (now - task.given_at).total_seconds() >= after:
                self.answered.add(task.number)
                said = answer.text if answer else "done, nothing more to report"
                self.service.add_note(
                    self.incident_id,
                    f"task {task.number}: {said} (simulated teammate; X closes it)",
                    by=task.to,
                )

    def act(self, kind: str, answers: dict[str, str]) -> str:
        """The world's answer to an action; the text that goes into the timeline."""
        label = next((a.label for a in self.scenario.actions if a.kind == kind), kind)
        for rule in self.scenario.rules:
            if rule.kind == kind and all(answers.get(k) == v for k, v in rule.answers.items()):
                if rule.effect == "fix":
                    now = self.clock.now()
                    for name in rule.endpoints:
                        self.fixed.add(name)
                        if self.states[name].state != "UP":
                            # Mended now, confirmed by the checks to come, as real ones are.
                            self.recovering.setdefault(name, now)
                    self.version += 1
                    if self.mitigated_at is None:
                        self.mitigated_at = now
                elif rule.effect == "worse":
                    self.wrong.append(label)
                    for name in rule.endpoints:
                        if name in self.fixed:
                            self.mitigated_at = None  # what was mended is broken again
                        self.fixed.discard(name)
                        self.recovering.pop(name, None)
                        self._set(name, "DOWN", "made worse")
                    self.version += 1
                else:
                    self.wrong.append(label)
                return rule.text or f"{kind}: {rule.effect}"
        self.wrong.append(label)
        return f"{kind}: no effect"

    def checks_passed(self, name: str) -> int:
        """Healthy checks a recovering endpoint has had since it was mended."""
        began = self.recovering.get(name)
        if began is None:
            return 0
        return int((self.clock.now() - began).total_seconds() // self.scenario.interval)

    def _confirm_recovery(self) -> None:
        for name in list(self.recovering):
            passed = self.checks_passed(name)
            if passed >= self.scenario.rise:
                del self.recovering[name]
                self._set(name, "UP", self.healthy.get(name, ""))
            elif passed:
                self.version += 1  # "recovering: 1/2 healthy checks" moves on

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
        """The rows of the health pane. A mended endpoint keeps its state until the checks
        confirm it, as a real one does, and its reason says how far they have got."""
        out = []
        rise = self.scenario.rise
        for e in self.states.values():
            http = e.kind == "endpoint"
            reason = e.reason
            status = _status(e.state, e.reason) if http else None
            # Mended, but only the checks can say so: until one passes it fails as before.
            passed = self.checks_passed(e.name) if e.name in self.recovering else 0
            if passed:
                reason = f"recovering: {passed}/{rise} healthy checks"
                if http:
                    status = 200
                elif self.healthy.get(e.name) and e.kind == "metric":
                    reason = f"{self.healthy[e.name]}, {reason}"  # the value is back already
            # No answer (a failed connect) has no latency: a "40ms" would say it answered.
            latency = e.latency_ms / 1000 if http and status is not None else None
            out.append(Sample(e.name, e.group, State(e.state), self.since[e.name], reason,
                              status, latency, [latency] if http else [], False,
                              successes=passed, rise=rise))  # fmt: skip
        return out

    def score(self) -> dict[str, object]:
        """How the response measured up, out of 100, in parts (see drill_score)."""
        from warroom.incident.drill_score import Play
        from warroom.incident.drill_score import score as scored

        state = self.service.state(self.incident_id)
        incident = state.incident
        resolved = incident.status == "resolved" and incident.resolved_at is not None
        timeout = self.start + timedelta(seconds=self.scenario.duration)
        play = Play(
            end=incident.resolved_at if resolved else min(self.clock.now(), timeout),  # type: ignore[arg-type]
            duration=self.scenario.duration,
            mitigated_at=self.mitigated_at,
            mitigate_within=self.scenario.mitigate_within,
            wrong=list(self.wrong),
            unconfirmed=sorted(self.recovering),
            resolved=resolved,
        )
        return scored(state, play)


def _status(state: str, reason: str) -> int | None:
    """The HTTP status a simulated endpoint answers with, as its reason tells it: "status 500"
    is a 500, a failed connect has none, an endpoint that is up answers 200."""
    code = re.search(r"\b([1-5]\d\d)\b", reason)
    if code:
        return int(code.group(1))
    return 200 if state in ("UP", "DEGRADED") else None
