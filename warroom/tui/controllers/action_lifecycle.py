"""One mitigation action's whole life in the console, owned by one controller:

before (the health and metric samples when it starts) → run (a real subprocess, or in a drill
the scenario's answer, never a command) → record (started, then how it ended: "FAILED (exit
2)", "cancelled after 3.1 s (killed)") → verify (check at once, then keep watching until the
failing checks are confirmed recovered or the action's `verify_within` is over) → one entry
that states the outcome.

The output view (screens/action_run.py) only shows what this controller has: the output, and
its state ("verifying: auth 1/2 healthy checks"). The controller tells it of a change with a
message (one at a time: a burst of output is shown in one go) and holds it only weakly, so a
closed view is freed whatever the controller still waits for.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import weakref
from typing import TYPE_CHECKING, Any, Protocol

from textual.message import Message

from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from textual.message_pump import MessagePump

    from warroom.checks.view import Sample
    from warroom.core.config import Action
    from warroom.incident.actions import Outcome, Run
    from warroom.incident.verification import Verification
    from warroom.tui.controllers.console import Console

PAUSE_S = 3.0  # between looks, when a check's retry interval is not known
DRILL_PAUSE_S = 0.1  # a drill's rows change as its clock moves: looked at as often
_ids = itertools.count(1)


class Samples(Protocol):
    """Where the health samples come from: the live checks, or a drill's simulated rows."""

    async def current(self) -> list[Sample]:
        """As shown now, without checking (the state before an action)."""
        ...

    async def check(self, names: list[str] | None) -> list[Sample]:
        """Checked now (every one, or those named)."""
        ...

    def pause(self, names: list[str]) -> tuple[float, int]:
        """Real seconds between looks at these checks, and the most passing checks any of
        them needs to be confirmed healthy."""
        ...


class LiveChecks:
    """The console's health checks, in their own process."""

    def __init__(self, console: Console) -> None:
        self.console = console

    async def current(self) -> list[Sample]:
        return list(self.console.health.samples)

    async def check(self, names: list[str] | None) -> list[Sample]:
        return await self.console.health.recheck(names)

    def pause(self, names: list[str]) -> tuple[float, int]:
        known = [s for s in map(self.console.health.settings, names) if s is not None]
        if not known:
            return PAUSE_S, 1
        return max(0.2, min(retry for retry, _ in known)), max(rise for _, rise in known)


class DrillRows:
    """A drill's simulated rows, read where the engine keeps them (the database thread)."""

    def __init__(self, console: Console) -> None:
        self.console = console

    async def current(self) -> list[Sample]:
        drill = self.console.drill
        if drill is None:
            return []
        engine = drill.engine
        return await self.console.sync.call(lambda: engine.snapshot)

    async def check(self, names: list[str] | None) -> list[Sample]:
        rows = await self.current()
        return rows if names is None else [s for s in rows if s.name in names]

    def pause(self, names: list[str]) -> tuple[float, int]:
        return DRILL_PAUSE_S, 1


class ActionController:
    """Before → run → record → verify, for one confirmed action."""

    class Changed(Message):
        """Its state or its output changed: the view shows what is new."""

    def __init__(
        self,
        console: Console,
        action: Action,
        argv: list[str],
        answers: dict[str, str],
        *,
        on_end: Callable[[ActionController], None],
    ) -> None:
        self.console = console
        self.action = action
        self.argv = argv
        self.answers = answers
        self.on_end = on_end  # told when there is nothing more to do or say
        self.drill = bool(console.state and console.state.incident.drill)
        self.run: Run | None = None
        self.outcome: Outcome | None = None
        self.state = "running… ctrl+c or escape stops it"
        self.failed = False  # the state is bad news (the view colours it)
        self.finished = False  # the outcome is stated: nothing more will change
        self._view: weakref.ref[MessagePump] | None = None
        self._told = False  # a Changed is on its way to the view, which has not read it yet
        self._key = f"action-{next(_ids)}"
        self.samples: Samples = DrillRows(console) if self.drill else LiveChecks(console)
        self.others: list[tuple[str, datetime]] = []  # actions taken before its outcome

    def another_taken(self, label: str, at: datetime) -> None:
        """Another action was taken before this one's outcome is stated: a recovery after it
        is said to follow both."""
        self.others.append((label, at))

    @property
    def label(self) -> str:
        return self.action.label

    @property
    def running(self) -> bool:
        return self.run is not None and self.outcome is None

    def start(self) -> None:
        """Run it (a drill: simulate it) and open its output view."""
        if not self.drill:
            from warroom.incident.actions import Run
            from warroom.tui.screens.action_run import ActionRunScreen

            self.run = Run(self.action, self.argv, on_output=self._changed)
            self.console.push_screen(ActionRunScreen(self))
        self.console.run_worker(self._live(), name="action", exit_on_error=False)

    def cancel(self) -> None:
        if self.run is not None and self.outcome is None:
            self._set("stopping: SIGTERM sent to its process group…")
            self.run.cancel()

    # -- what its view shows ------------------------------------------------------------------
    def shown_in(self, view: MessagePump) -> None:
        """Tell `view` of every change from now on (while it exists)."""
        self._view = weakref.ref(view)
        self._told = False
        self._changed()

    def fresh_output(self) -> tuple[int, list[str]]:
        """Output lines since the view last asked, and how many were skipped before them."""
        self._told = False  # what changes after this is told again
        return self.run.output.take_fresh() if self.run is not None else (0, [])

    @property
    def shown_state(self) -> str:
        if self.outcome is None:
            return self.state
        return f"{self.state} · enter or escape closes"

    def _set(self, state: str, failed: bool | None = None) -> None:
        self.state = state
        if failed is not None:
            self.failed = failed
        self._changed()

    def _changed(self) -> None:
        view = self._view() if self._view is not None else None
        if view is not None and not self._told:
            self._told = True
            view.post_message(self.Changed())

    # -- the life ---------------------------------------------------------------------------
    async def _live(self) -> None:
        try:
            before = await self.samples.current()  # before anything runs
            ended = await (self._simulate() if self.drill else self._execute())
            if ended is not None:
                await self._verify(before, ended)
        finally:
            self.finished = True
            self.on_end(self)

    async def _record(self, text: str, data: dict[str, Any]) -> None:
        incident, label, kind = self.console.incident_id, self.label, self.action.kind
        await self.console.sync.change(
            lambda s: s.record_action(incident, label, text, {"kind": kind, **data})
        )

    async def _simulate(self) -> datetime | None:
        from warroom.incident.actions import display_command

        command = display_command(self.argv)
        await self._record(f"{self.label}: simulated (drill), not run: {command}",
                           {"argv": self.argv, "simulated": True, "answers": self.answers})  # fmt: skip
        drill = self.console.drill
        if drill is None:
            return None
        engine = drill.engine
        said = await self.console.sync.call(engine.act, self.action.kind, self.answers)
        await self._record(said, {"phase": "drill"})
        return self.console.clock.now()

    async def _execute(self) -> datetime | None:
        from warroom.incident.actions import display_command, seconds

        assert self.run is not None
        started = asyncio.create_task(self._record(
            f"{self.label}: started: {display_command(self.argv)}",
            # The answers, for status updates to say what was done ("rolled back web to v1.4.2").
            {"argv": self.argv, "phase": "started", "answers": self.answers},
        ))  # fmt: skip
        outcome = await self.run.execute()  # never raises
        ended = self.console.clock.now()
        self.outcome = outcome
        await started
        data: dict[str, Any] = {
            "argv": outcome.argv,
            "phase": "finished",
            "exit_code": outcome.exit_code,
            "duration": round(outcome.duration, 3),
            "reason": outcome.reason,
            "killed": outcome.killed,
            "lines": outcome.lines,
            "tail": outcome.tail[-10:],
        }
        if outcome.note:
            data["note"] = outcome.note
        text = outcome.describe(self.label)
        await self._record(text, data)
        self.console.notify(
            text,
            title=f"{outcome.headline}: {self.label}",
            severity="information" if outcome.ok else "error",
            timeout=8,
        )
        status = outcome.status
        if " after " not in status and outcome.ran:
            status += f" after {seconds(outcome.duration)}"
        self._set(status, failed=not outcome.ok)
        return ended if outcome.ran else None

    async def _verify(self, before: list[Sample], ended: datetime) -> None:
        from warroom.incident.verification import Verification

        clock = self.console.clock
        samples = await self.samples.check(None)
        if not samples:
            return  # nothing is checked: nothing to verify
        config = self.console.config
        metrics = frozenset(m.name for m in config.metrics) if config else frozenset()
        pending = [s.name for s in samples]
        pause, rise = self.samples.pause(pending)
        check = Verification(
            self.label,
            {s.name: s for s in before},
            ended,
            self.action.verify_within,
            metrics,
            patience=min(60.0, pause * (rise + 1) + 5),
            others=self.others,
        )
        check.take(samples, clock.now())
        # However the clock goes (a drill's runs at its speed, and may be paused), a
        # verification ends: past this many real seconds it says what it knows by then.
        give_up = time.monotonic() + 4 * (check.within + check.patience) + 60
        while not check.settled(clock.now()) and time.monotonic() < give_up:
            self._say(check, check.progress(clock.now()), final=False)
            await asyncio.sleep(check.wait(clock.now(), pause))
            pending = check.pending()
            pause = self.samples.pause(pending)[0]
            try:
                fresh = await self.samples.check(pending)
            except Exception:  # noqa: BLE001 - a look that fails is a look with nothing new
                fresh = []
            check.take(fresh, clock.now())
        text = check.outcome(clock.now())
        await self._record(text, {"phase": "verified", **check.data()})
        self._say(check, text, final=True)

    def _say(self, check: Verification, text: str, *, final: bool) -> None:
        """In the view's state line, and as the one toast that follows this action."""
        done = self.state.split(" · ")[0] if self.run is not None else ""
        failed = (self.outcome is not None and not self.outcome.ok) or (final and check.failed)
        self._set(" · ".join(p for p in (done, safe_line(text)) if p), failed=failed)
        self.console.notice(
            self._key,
            text,
            title=f"After {self.label}" if final else f"Verifying {self.label}",
            severity="error" if final and check.failed else "information",
            timeout=15 if final else check.within + check.patience + 10,
        )
