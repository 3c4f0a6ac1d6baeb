"""A drill's score: separate parts, each worth at most its stated points, for what was done.

Each part looks at the incident as recorded (and at what the drill engine knows of the
world: when it was mended, the wrong actions) and gives points only for something the
player did; a part that lost points says what to do next time. The maxima add up to 100, so
the total never passes it; a new part takes its share from the others (tasks took five
points from the checklist's and five from "no wrong actions").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from warroom.core.clock import to_local
from warroom.core.state import IncidentState, Item
from warroom.core.timefmt import format_duration
from warroom.core.words import plural, were
from warroom.text.safe import safe_line

LATE = 3  # something done, but after its target, earns a third of its part


@dataclass(frozen=True)
class Play:
    """What the drill engine knows beyond the incident's record."""

    end: datetime  # when the play ended: resolved, or the scenario's time ran out (or now)
    duration: float  # the scenario's length, seconds
    mitigated_at: datetime | None  # when the action that mended the world was taken
    mitigate_within: float  # seconds: the scenario's target for that
    wrong: list[str]  # labels of the actions that did nothing or made it worse, in order
    unconfirmed: list[str]  # mended endpoints not yet confirmed healthy when the play ended
    resolved: bool


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    points: int
    max: int
    said: str  # what happened, in words
    next: str = ""  # "Next time: …", when points were lost

    def __post_init__(self) -> None:
        if not 0 <= self.points <= self.max:
            raise ValueError(f"{self.key}: {self.points} points is outside 0..{self.max}")


Scorer = Callable[[IncidentState, Play, int], Part]


def _at(state: IncidentState, when: datetime) -> str:
    """A moment as the console shows it: clock time and time since declared."""
    since = format_duration((when - state.incident.declared_at).total_seconds())
    return f"{to_local(when):%H:%M}, T+{since}"


def _response(state: IncidentState) -> float:
    try:
        return state.playbook.severity(state.incident.severity).response or 900.0
    except KeyError:
        return 900.0


def _timed(
    state: IncidentState,
    part: tuple[str, str, int],
    when: datetime | None,
    target: float,
    doing: str,
    done: str,
) -> Part:
    """Full points for something done within its target, a third when late, none if never."""
    key, label, most = part
    within = format_duration(target)
    if when is None:
        return Part(key, label, 0, most, "never", f"Next time: {doing} within {within}")
    took = format_duration((when - state.incident.declared_at).total_seconds())
    if (when - state.incident.declared_at).total_seconds() <= target:
        return Part(key, label, most, most, f"after {took} (target {within})")
    advice = f"Next time: {doing} within {within} (you {done} at {_at(state, when)})"
    return Part(key, label, most // LATE, most, f"after {took}, later than {within}", advice)


def _actions(labels: list[str]) -> str:
    return ", ".join(safe_line(label) for label in labels[:3])


def commander(state: IncidentState, play: Play, most: int) -> Part:
    part = ("commander", "Incident Commander named", most)
    doing = "name an Incident Commander (a)"
    return _timed(state, part, state.commander_since, _response(state), doing, "did")


def first_update(state: IncidentState, play: Play, most: int) -> Part:
    part = ("first_update", "First status update", most)
    first = next(iter(state.updates), None)
    return _timed(state, part, first, _response(state), "post the initial alert (u)", "posted it")


def cadence(state: IncidentState, play: Play, most: int) -> Part:
    """The share of the play during which no update was overdue, once one had been sent:
    posting many updates early does not cover a long silence later."""
    key, label = "cadence", "Updates on cadence"
    try:
        every = state.playbook.severity(state.incident.severity).update_every
    except KeyError:
        every = None
    start, end = state.incident.declared_at, play.end
    updates = [u for u in state.updates if u <= end]
    if not every:
        advice = "Next time: nothing to change: the playbook sets no cadence for this severity"
        return Part(key, label, 0, most, "this severity has no update cadence", advice)
    every_s = format_duration(every)
    if not updates:
        advice = f"Next time: post an update, then one every {every_s} until resolved"
        return Part(key, label, 0, most, "no update was sent", advice)
    overdue, first_late, last = 0.0, start, start
    for moment in [*updates, end]:
        due = last + timedelta(seconds=every)
        if moment > due:
            first_late = due if not overdue else first_late
            overdue += (moment - due).total_seconds()
        last = moment
    if not overdue:
        return Part(key, label, most, most, f"never overdue (every {every_s})")
    span = max(1.0, (end - start).total_seconds())
    points = int(most * max(0.0, 1 - overdue / span))
    said = f"overdue for {format_duration(overdue)} of {format_duration(span)}"
    advice = (
        f"Next time: post an update every {every_s} "
        f"(one was due at {_at(state, first_late)} and none came in time)"
    )
    return Part(key, label, points, most, said, advice)


def checklist(state: IncidentState, play: Play, most: int) -> Part:
    """Items due within the play, each done before its due offset. The play ends at the
    resolution, or when the scenario's time runs out: an item due after that was never due
    (it counts only when it was done early)."""
    key, label = "checklist", "Checklist items on time"
    start = state.incident.declared_at
    until = min(play.duration, max(0.0, (play.end - start).total_seconds()))
    shown = format_duration(int(until))  # whole seconds, as the console's T+ reads
    span = f"by the resolution at T+{shown}" if play.resolved else f"in the first {shown}"

    def in_time(item: Item) -> bool:
        if not item.done or item.done_at is None or item.done_at > play.end:
            return False
        return item.due_s is not None and (item.done_at - start).total_seconds() <= item.due_s

    timed = [i for i in state.items if i.due_s is not None and i.due_s <= play.duration]
    if not timed:
        advice = "Next time: nothing to change: no item has a due time in this playbook"
        return Part(key, label, 0, most, "the playbook gives no item a due time", advice)
    # Items done early count with those that came due, but only once one came due: a play
    # ended before that leaves nothing to judge the checklist by.
    if not any((i.due_s or 0) <= until for i in timed):
        advice = "Next time: work the checklist as you go, until the checks confirm recovery"
        return Part(key, label, 0, most, f"no item came due {span}", advice)
    due = [i for i in timed if (i.due_s or 0) <= until or in_time(i)]
    on_time = [i for i in due if in_time(i)]
    points = most * len(on_time) // len(due)
    early = sum((i.due_s or 0) > until for i in due)  # done before a due time not reached
    said = _checklist_said(len(on_time), len(due), early, span)
    missed = [i for i in due if not in_time(i)]
    if not missed:
        return Part(key, label, points, most, said)
    advice = _checklist_advice(missed, len(due) - early, span)
    return Part(key, label, points, most, said, advice)


def _checklist_said(on_time: int, due: int, early: int, span: str) -> str:
    if not early:
        return f"{on_time} of {due} due {span}"
    return f"{on_time} of {due} on time: {due - early} due {span}, {early} done early"


def _checklist_advice(missed: list[Item], came_due: int, span: str) -> str:
    """What to do next time, naming the first item missed."""
    undone = sum(not i.done for i in missed)
    late = len(missed) - undone
    how = ", ".join(
        said
        for n, said in ((undone, f"{were(undone)} left undone"), (late, f"{late} done late"))
        if n
    )
    first = min(missed, key=lambda i: i.due_s or 0)
    return (
        f"Next time: work the checklist as you go: of the {plural(came_due, 'item')} due {span}, "
        f'{how} (the first: "{safe_line(first.text)}", '
        f"due T+{format_duration(first.due_s or 0)})"
    )


def mitigation(state: IncidentState, play: Play, most: int) -> Part:
    # The action that mends it, not the status: the postmortem's "time to mitigate" is when
    # the status said the fix was in, so the two labels say what each measures.
    part = ("mitigation", "Fixing action taken", most)
    doing = "find the cause and take the action that mends it"
    return _timed(state, part, play.mitigated_at, play.mitigate_within, doing, "did")


def verified(state: IncidentState, play: Play, most: int) -> Part:
    """Resolved only once the checks confirmed what the right action mended."""
    key, label = "verified", "Recovery confirmed before resolving"
    if play.mitigated_at is None:
        advice = "Next time: mitigate, watch the checks confirm the recovery, then resolve"
        return Part(key, label, 0, most, "nothing was mended", advice)
    if not play.resolved:
        advice = "Next time: once the checks confirm the recovery, resolve (t)"
        return Part(key, label, 0, most, "not resolved", advice)
    if play.unconfirmed:
        names = ", ".join(safe_line(n) for n in play.unconfirmed)
        advice = (
            "Next time: wait for the checks to confirm recovery before resolving "
            f"(you resolved at {_at(state, play.end)} with {names} still recovering)"
        )
        return Part(key, label, 0, most, f"resolved with {names} not yet confirmed", advice)
    return Part(key, label, most, most, "every mended check was confirmed healthy first")


def tasks(state: IncidentState, play: Play, most: int) -> Part:
    """Work given to named people with a time box, and closed as done within it: a few
    points for delegating at all, the rest for the share answered in time."""
    key, label = "tasks", "Tasks given and answered in time"
    given = [t for t in state.tasks if t.given_at <= play.end]
    if not given:
        advice = (
            "Next time: give work to a named person with a time box (W), "
            "and close it when they answer (X)"
        )
        return Part(key, label, 0, most, "no task was given", advice)
    in_time = [
        t for t in given if t.in_time and t.closed_at is not None and t.closed_at <= play.end
    ]
    base = most * 2 // 5
    points = base + (most - base) * len(in_time) // len(given)
    said = f"{len(in_time)} of {len(given)} answered in time"
    if len(in_time) == len(given):
        return Part(key, label, points, most, said)
    late = next(t for t in given if t not in in_time)
    advice = (
        "Next time: follow up on each task before its time box runs out and close it "
        f'(X) once answered (task {late.number}, "{safe_line(late.text)}", was due '
        f"{_at(state, late.due_at)})"
    )
    return Part(key, label, points, most, said, advice)


def right_first(state: IncidentState, play: Play, most: int) -> Part:
    """The right action without wrong ones: given only once something was mended."""
    key, label = "right_first", "No wrong actions"
    wrong = len(play.wrong)
    actions = plural(wrong, "wrong action")
    if play.mitigated_at is None:
        why = f" ({_actions(play.wrong)} did not help)" if wrong else ""
        advice = f"Next time: read the alerts and the timeline for the cause before acting{why}"
        return Part(key, label, 0, most, f"{actions}, nothing mended", advice)
    if not wrong:
        return Part(key, label, most, most, "the first action taken was the right one")
    points = max(0, most - wrong * (most // 2))  # two points less for each wrong action
    advice = f"Next time: check the cause before acting ({_actions(play.wrong)} did not help)"
    return Part(key, label, points, most, f"{actions} first", advice)


# The parts and what each is worth: the maxima add up to 100.
PARTS: list[tuple[Scorer, int]] = [
    (commander, 15),
    (first_update, 15),
    (cadence, 10),
    (checklist, 15),
    (mitigation, 20),
    (verified, 10),
    (right_first, 5),
    (tasks, 10),
]
assert sum(most for _, most in PARTS) == 100


def score(state: IncidentState, play: Play) -> dict[str, Any]:
    """The score and its parts (as plain data: it is kept in the timeline entry)."""
    parts = [scorer(state, play, most) for scorer, most in PARTS]
    start = state.incident.declared_at
    since = lambda when: (when - start).total_seconds() if when else None  # noqa: E731
    return {
        "score": sum(p.points for p in parts),
        "parts": [asdict(p) for p in parts],
        "resolved": play.resolved,
        "wrong_actions": len(play.wrong),
        "time_to_ic": since(state.commander_since),
        "time_to_first_update": since(next(iter(state.updates), None)),
        "time_to_mitigate": since(play.mitigated_at),
    }


def part_lines(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, "15/15", what happened) for each part of a recorded score."""
    return [
        (str(p["label"]), f"{p['points']}/{p['max']}", str(p["said"]))
        for p in result.get("parts") or []
    ]


def next_lines(result: dict[str, Any]) -> list[str]:
    """One "Next time: …" line for each part that lost points."""
    return [str(p["next"]) for p in result.get("parts") or [] if p.get("next")]


def summary(result: dict[str, Any]) -> str:
    """The score, its parts, and a line for each part that lost points: the timeline entry."""
    parts = " · ".join(f"{label} {points}" for label, points, _ in part_lines(result))
    return "\n".join([f"Drill finished: score {result['score']}/100: {parts}", *next_lines(result)])
