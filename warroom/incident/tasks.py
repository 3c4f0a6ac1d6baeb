"""Tasks: "Bob, check replica lag, back to me in 5 minutes." A task goes to a named person
with a time box; it is done (with what came of it) or dropped (with why). Each step is one
timeline entry, written with a lock on the incident: the tasks are read back from them."""

from __future__ import annotations

from warroom.core import events
from warroom.core.command import DONE, DROPPED, GIVEN, OPEN, Task, tasks_of
from warroom.core.errors import NotFound, UsageError
from warroom.core.events import Kind
from warroom.core.limits import ITEM, NAME, NOTE, check
from warroom.core.timefmt import format_duration, short_span
from warroom.incident.verbs import Verbs, entries_of, playbook_of

LONGEST_TASK_S = 86400.0  # a time box longer than a day is not a time box


class TaskCommands(Verbs):
    def give_task(self, incident_id: str, text: str, to: str, within: float | None = None) -> Task:
        """A task for `to`, due `within` seconds from now (the playbook's default if None)."""
        text = check(text.strip(), ITEM, "a task")
        to = check(to.strip(), NAME, "a name")
        if not text:
            raise UsageError("a task needs some text: what is to be done")
        if not to:
            raise UsageError("a task needs someone to give it to")
        if within is not None and not 0 < within <= LONGEST_TASK_S:
            raise UsageError(
                f"a task's time box is more than 0s and at most {format_duration(LONGEST_TASK_S)}"
            )
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            if within is None:
                within = playbook_of(incident).command.task_within
            number = len(tasks_of(entries_of(tx, incident["id"], Kind.TASK))) + 1
            entry = self._record(
                tx,
                incident["id"],
                Kind.TASK,
                f"Task {number} for {to}: {text} (within {format_duration(within)})",
                events.Task(task=number, step=GIVEN, to=to, text=text, within=within).to_data(),
            )
        return Task(number, text, to, entry.actor, entry.at, within)

    def finish_task(self, incident_id: str, number: int, outcome: str = "") -> bool:
        """Task `number` done, with what came of it. False if it was closed already."""
        return self._close_task(incident_id, number, DONE, outcome)

    def drop_task(self, incident_id: str, number: int, reason: str = "") -> bool:
        """Task `number` no longer wanted, with why. False if it was closed already."""
        return self._close_task(incident_id, number, DROPPED, reason)

    def _close_task(self, incident_id: str, number: int, step: str, outcome: str) -> bool:
        outcome = check(outcome.strip(), NOTE, "what came of the task")
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            task = next(
                (
                    t
                    for t in tasks_of(entries_of(tx, incident["id"], Kind.TASK))
                    if t.number == number
                ),
                None,
            )
            if task is None:
                raise NotFound(f"{incident['id']} has no task {number}")
            data = events.Task(task=number, step=step, outcome=outcome).to_data()
            if task.state != OPEN:
                # Someone closed it first: recorded, changing nothing.
                self._record(
                    tx,
                    incident["id"],
                    Kind.TASK,
                    f"Task {number} {step} (already {task.state} by {task.closed_by})",
                    {**data, "already": True},
                )
                return False
            now = self.clock.now()
            took = (now - task.given_at).total_seconds()
            late = took - task.within
            if step == DONE:
                timing = f"{short_span(took)} of {format_duration(task.within)}"
                if late > 0:
                    timing = f"{short_span(took)}, {short_span(late)} late"
                text = f"Task {number} done ({task.to}, {timing}): {task.text}"
            else:
                text = f"Task {number} dropped ({task.to}): {task.text}"
            if outcome:
                text += f" — {outcome}"
            self._record(tx, incident["id"], Kind.TASK, text, data)
            return True
