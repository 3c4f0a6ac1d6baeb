"""Incident command from the console: give a task (W), close one (X), put a decision to the
room (D), object to one (O), read the briefing (B); and what every console watching does
by itself as the clock runs: say once when a task is overdue, close a decision whose
objection window has run out (once, whichever console sees it first), and show a briefing
to the person it was written for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from warroom.core.limits import NAME
from warroom.core.timefmt import format_duration, mm_ss, parse_duration
from warroom.core.words import plural
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from datetime import datetime

    from warroom.core.command import Decision, Task
    from warroom.core.state import Entry, IncidentState
    from warroom.tui.controllers.console import Console

TECH_ROLES = ("tech", "tl")  # the Technical Lead's role key in the built-in playbooks
BRIEF_ON_OPEN_S = 900.0  # a console opened this soon after its responder was handed a role


class Leading:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.warned: set[int] = set()  # tasks said overdue on this console
        self.closing: set[int] = set()  # decisions this console asked to close
        self.announced: set[tuple[str, int, str]] = set()  # decision steps already said
        self.seen_entry: int | None = None  # the newest entry when the console opened
        self.briefed: set[int] = set()  # briefings shown here
        self._looked = 0  # milestones up to this entry id have been looked at

    @property
    def actor(self) -> str:
        service = self.console.sync.service
        return service.actor if service is not None else ""

    # -- keys ------------------------------------------------------------------------------
    def give_task(self, text: str = "", to: str = "") -> None:
        """Ask what, for whom and within how long; then give it."""
        from warroom.tui.screens.prompts import PromptScreen

        state = self.console.state
        if state is None:
            return
        default_within = format_duration(state.playbook.command.task_within)

        def ask_within(who: str | None, what: str) -> None:
            if not who:
                return

            def save(within: str | None) -> None:
                if within is None:
                    return
                try:
                    seconds = parse_duration(within or default_within)
                except ValueError as exc:
                    self.console.notify(str(exc), title="Not saved", severity="error")
                    return
                self.console.sync.save(
                    lambda s: s.give_task(self.console.incident_id, what, who, seconds)
                )

            # Enter alone keeps the playbook's time box; typing replaces it (3m, 90s).
            title = f"Task for {safe_line(who)}: within how long?"
            keep = f"{default_within} (enter keeps it)"
            self.console.push_screen(PromptScreen(title, keep, empty_ok=True), save)

        def ask_who(what: str | None) -> None:
            if not what:
                return
            self.console.push_screen(
                PromptScreen("Who does it?", "name", to, max_length=NAME),
                lambda who: ask_within(who, what),
            )

        if text:
            ask_who(text)
        else:
            self.console.push_screen(PromptScreen("Give a task", "what is to be done?"), ask_who)

    def close_task(self) -> None:
        """Pick an open task, then done (with what came of it) or dropped (with why)."""
        from warroom.tui.screens.prompts import PickScreen, PromptScreen

        state = self.console.state
        if state is None:
            return
        tasks = state.open_tasks
        if not tasks:
            self.console.notify("No open task: W gives one", title="Tasks")
            return
        now = self.console.clock.now()

        def outcome(number: int, step: str | None) -> None:
            if step is None:
                return
            done = step == "done"
            ask = "What came of it? (optional)" if step == "done" else "Why drop it? (optional)"

            def save(said: str | None) -> None:
                if said is not None:
                    self.console.sync.save(
                        lambda s: (s.finish_task if done else s.drop_task)(
                            self.console.incident_id, number, said
                        )
                    )

            self.console.push_screen(PromptScreen(ask, "", empty_ok=True), save)

        def chosen(key: str | None) -> None:
            if key is None:
                return
            number = int(key)
            choices: list[tuple[str, Text | str]] = [("done", "Done"), ("dropped", "Dropped")]
            self.console.push_screen(
                PickScreen(f"Task {number}", choices), lambda step: outcome(number, step)
            )

        choices: list[tuple[str, Text | str]] = [(str(t.number), task_line(t, now)) for t in tasks]
        if len(tasks) == 1:
            chosen(str(tasks[0].number))
        else:
            self.console.push_screen(PickScreen("Which task?", choices), chosen)

    def decide(self) -> None:
        """The decision, the options weighed, then open to objections."""
        from warroom.tui.screens.prompts import PromptScreen

        state = self.console.state
        if state is None:
            return
        window = format_duration(state.playbook.command.objection_window)

        def ask_options(text: str | None) -> None:
            if not text:
                return

            def save(options: str | None) -> None:
                if options is None:
                    return
                weighed = [o.strip() for o in options.split("|") if o.strip()]
                self.console.sync.save(
                    lambda s: s.ask_decision(self.console.incident_id, text, weighed)
                )

            self.console.push_screen(
                PromptScreen(
                    f"Options weighed, between | (optional); objections for {window}",
                    "roll back | fail over | wait",
                    empty_ok=True,
                ),
                save,
            )

        self.console.push_screen(PromptScreen("Decision", "what is decided?"), ask_options)

    def object(self) -> None:
        """An objection, with a reason, to a decision whose window is open."""
        from warroom.tui.screens.prompts import PickScreen, PromptScreen

        state = self.console.state
        if state is None:
            return
        now = self.console.clock.now()
        open_ = [d for d in state.decisions if state.decision_open(d, now)]
        if not open_:
            self.console.notify("No decision is open to objections", title="Decisions")
            return

        def reason(key: str | None) -> None:
            if key is None:
                return
            number = int(key)

            def save(said: str | None) -> None:
                if said:
                    self.console.sync.save(
                        lambda s: s.object_to(self.console.incident_id, number, said)
                    )

            self.console.push_screen(
                PromptScreen(f"Objection to decision {number}: why?", "the reason"), save
            )

        if len(open_) == 1:
            reason(str(open_[0].number))
        else:
            choices: list[tuple[str, Text | str]] = [
                (str(d.number), decision_line(d, now)) for d in open_
            ]
            self.console.push_screen(PickScreen("Object to which decision?", choices), reason)

    def show_briefing(self) -> None:
        """The briefing from the state of now (B), or the one written for this responder."""
        from warroom.tui.screens.briefing import BriefingScreen

        async def fetch() -> None:
            service = self.console.sync.service
            if service is None:
                return
            ok, text = await self.console.sync.saved(lambda s: s.brief(self.console.incident_id))
            if ok and text is not None:
                self.console.push_screen(BriefingScreen("Briefing from the live state", text))

        self.console.run_worker(fetch(), name="brief", exit_on_error=False)

    # -- as the state and the clock move -----------------------------------------------------
    def shown(self, state: IncidentState, now: datetime) -> None:
        """Called whenever the state is shown and every second: what is due is acted on."""
        newest = state.timeline[-1].id if state.timeline else 0
        if self.seen_entry is None:
            self.seen_entry = newest
            # What was already said before this console opened is not said again.
            self.announced |= {_step(e) for e in state.milestones if e.kind == "decision"}
        for task in state.open_tasks:
            if state.task_overdue(task, now) and task.number not in self.warned:
                self.warned.add(task.number)
                self.console.notify(
                    f"Task {task.number} for {task.to} is overdue "
                    f"(time box {format_duration(task.within)}): {task.text}",
                    title="Task overdue",
                    severity="warning",
                    timeout=30,
                )
        fresh = []
        for entry in reversed(state.milestones):  # only those not looked at yet: every second
            if entry.id <= self._looked:
                break
            fresh.append(entry)
        self._looked = max(self._looked, newest)
        for entry in reversed(fresh):
            if entry.kind == "decision" and _step(entry) not in self.announced:
                self.announced.add(_step(entry))
                self._announce(entry, state, now)
        # A resolved incident's windows stopped with it: nothing closes after.
        due = {d.number for d in state.decisions if d.due_to_close(now) and not state.resolved}
        if due and not due <= self.closing:
            self.closing |= due

            async def close() -> None:
                ident = self.console.incident_id
                if not await self.console.sync.change(lambda s: s.close_decisions(ident)):
                    self.closing -= due  # not saved (an outage): tried again at the next tick

            self.console.run_worker(close(), name="close-decisions", exit_on_error=False)
        self._brief_me(state)

    def _announce(self, entry: Entry, state: IncidentState, now: datetime) -> None:
        data = entry.data or {}
        step, number = data.get("step"), int(data.get("decision", 0))
        if step == "asked" and entry.actor != self.actor:
            decision = next((d for d in state.decisions if d.number == number), None)
            if decision is not None and state.decision_open(decision, now):
                self.console.notify(
                    f"{entry.actor}: {decision.text} — any strong objections? O objects "
                    f"({mm_ss(decision.left(now))} left)",
                    title=f"Decision {number}",
                    timeout=max(5.0, decision.left(now)),
                )
        elif step == "objection" and entry.actor != self.actor:
            self.console.notify(
                f"{entry.actor} objects: {data.get('reason', '')}",
                title=f"Decision {number}: objection",
                severity="warning",
            )
        elif step == "closed":
            self.console.notify(
                entry.text,
                title=f"Decision {number}",
                severity="warning" if data.get("outcome") == "contested" else "information",
            )

    def _brief_me(self, state: IncidentState) -> None:
        """A briefing written for this responder, shown once: one written while the console
        is open, or, on opening it, one written in the last minutes for a role still held
        (the new holder opens the console after being handed the role)."""
        now = self.console.clock.now()
        for entry in state.briefings[-3:]:  # the newest: one hand-over writes one
            data = entry.data or {}
            held = state.roles.get(str(data.get("role")))
            recent = (
                held is not None
                and held.holder == self.actor
                and entry.at >= held.assigned_at  # written for the tenure that runs now
                and (now - entry.at).total_seconds() <= BRIEF_ON_OPEN_S
            )
            mine = data.get("to") == self.actor and (entry.id > (self.seen_entry or 0) or recent)
            if mine and entry.id not in self.briefed:
                self.briefed.add(entry.id)
                from warroom.tui.screens.briefing import BriefingScreen

                self.console.push_screen(BriefingScreen("You have the role: briefing", entry.text))

    # -- the IC's hands ----------------------------------------------------------------------
    def technical_lead(self, state: IncidentState) -> str | None:
        for key in TECH_ROLES:
            held = state.roles.get(key)
            if held is not None:
                return held.holder
        return None

    def commanding(self, state: IncidentState) -> bool:
        """This responder holds the IC role, and the playbook asks to say so at actions."""
        held = state.roles.get("ic")
        return (
            state.playbook.command.ic_hands_off and held is not None and held.holder == self.actor
        )


def _step(entry: Entry) -> tuple[str, int, str]:
    data = entry.data or {}
    return ("decision", int(data.get("decision", 0)), str(data.get("step", "")))


def task_line(task: Task, now: datetime, resolved: bool = False) -> Text:
    """ "2 T-03:12 bob: check replica lag", the countdown first (a long text wraps after
    it); overdue in red: "2 OVERDUE +01:10 bob: …"; once the incident is resolved no
    countdown runs: "2 open at resolution bob: …"."""
    left = task.left(now)
    line = Text(f"{task.number} ", style="bold")
    if resolved:
        line.append("open at resolution", style="dim")
    elif left >= 0:
        line.append(f"T-{mm_ss(left)}", style="bold")
    else:
        line.append(f"OVERDUE +{mm_ss(-left)}", style="bold red")
    line.append(f" {safe_line(task.to)}:", style="bold")
    line.append(f" {safe_line(task.text)}")
    return line


def decision_line(decision: Decision, now: datetime, resolved: bool = False) -> Text:
    line = Text(f"{decision.number} ", style="bold")
    if resolved and decision.outcome is None:
        line.append("open at resolution ", style="dim")
    elif decision.open(now):
        line.append(f"objections {mm_ss(decision.left(now))} ", style="bold")
    line.append(safe_line(decision.text))
    if decision.objections:
        count = len(decision.objections)
        line.append(f" · {plural(count, 'objection')}", style="bold yellow")
    return line
