"""A drill in the console: the scenario plays on the simulated clock, its simulated endpoints
fill the health pane, its actions are the keys, and the results close it."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING

from warroom.core.errors import WarroomError

if TYPE_CHECKING:
    from warroom.incident.drill import Engine
    from warroom.tui.controllers.console import Console

STEP_S = 0.1  # real seconds between moves of the simulated clock
SPEEDS = (0.5, 60.0)
CLOCK_EVERY_S = 1.0  # real seconds between writes of the running clock to the database


class DrillController:
    def __init__(self, console: Console, engine: Engine, speed: float) -> None:
        self.console = console
        self.engine = engine
        self.speed = speed
        self._version = -1
        self._second = -1  # the simulated second last shown
        self._kept: tuple[str, float] | None = None  # the clock's state and speed last written
        self._kept_at = 0.0
        self._stepping = False
        self._closing = False
        self.done = False

    @property
    def actions(self) -> list[tuple[str, str]]:
        return [(a.key, a.label) for a in self.engine.scenario.actions]

    def start(self) -> None:
        from warroom.core.config import Config

        actions = [a.model_dump() for a in self.engine.scenario.actions]
        self.console.config = Config.model_validate({"action": actions})
        self.console.console_screen.health_on = True
        self._timer = self.console.set_interval(STEP_S, self._tick, name="drill")

    def _tick(self) -> None:
        # The step waits on the database thread: in a worker of its own, so that the app's
        # queue (keys, a prompt's typing) never waits behind it. What it writes reaches the
        # timeline as any change does (see dbthread: a write of this console is news).
        # The worker is given the function, not a coroutine made now: a worker cancelled
        # before it starts (the console quitting) would leave that coroutine never awaited.
        if not self._stepping and not self.done and not self._closing:
            self._stepping = True
            # (mypy infers the worker's result type as Never from a bound async method)
            self.console.run_worker(self._step, name="drill-step", group="drill")  # type: ignore[arg-type]

    async def _step(self) -> None:
        from textual.css.query import NoMatches

        from warroom.checks.view import HealthView
        from warroom.tui.widgets.health import HealthRows

        engine = self.engine
        try:
            await self.console.sync.call(self._advance, STEP_S * self.speed)
            now = self.console.clock.now()
            # A change, or a new simulated second: the rows' time in state moves on too.
            if engine.version != self._version or int(now.timestamp()) != self._second:
                self._version, self._second = engine.version, int(now.timestamp())
                self.console.console_screen.health = HealthRows(HealthView.of(engine.snapshot), now)
            if await self.console.sync.call(lambda: engine.finished):
                self.done = True
                await self.console.sync.call(self._keep_clock, "stopped")
                self.console.show_actions()  # the top line: over, no speed, no pause
                await self._results()
        except NoMatches:
            return  # the console is closing
        finally:
            self._stepping = False

    def _advance(self, seconds: float) -> None:
        """On the database thread: the simulated clock moves on, and is written down for other
        processes (the tmux status line) when its pace changed, and each second it runs."""
        self.engine.advance(seconds)
        state = "paused" if self.engine.paused else "running"
        due = state == "running" and time.monotonic() - self._kept_at >= CLOCK_EVERY_S
        if due or self._kept != (state, self.speed):
            self._keep_clock(state)

    def _keep_clock(self, state: str) -> None:
        self._kept, self._kept_at = (state, self.speed), time.monotonic()
        with contextlib.suppress(WarroomError):  # an outage is said by the database watcher
            self.engine.service.keep_drill_clock(self.engine.incident_id, self.speed, state)

    def stop(self) -> None:
        """The console is closing: the drill's clock stops where it stands, and no more steps."""
        self._closing = True
        if (timer := getattr(self, "_timer", None)) is not None:
            timer.stop()
        thread = self.console.sync.thread
        if thread is not None and self._kept is not None and not self.done:
            thread.submit(self._keep_clock, "stopped")

    async def _results(self) -> None:
        from warroom.tui.screens.drill_results import DrillResultsScreen

        score = await self.console.sync.call(self.engine.score)
        incident = self.console.incident_id
        await self.console.sync.change(lambda s: s.record_drill(incident, score))
        self.console.push_screen(DrillResultsScreen(self.engine.scenario.title, score))

    def pause(self) -> None:
        if self.done:
            self.console.notify("The drill is over: its clock has stopped", title="Drill")
            return
        self.engine.paused = not self.engine.paused
        self.console.notify(
            "Drill paused" if self.engine.paused else "Drill resumed", title="Drill"
        )
        self.console.show_actions()

    def faster(self, factor: float) -> None:
        if self.done:
            self.console.notify("The drill is over: its clock has stopped", title="Drill")
            return
        self.speed = min(SPEEDS[1], max(SPEEDS[0], self.speed * factor))
        self.console.notify(f"Drill speed {self.speed:g}×", title="Drill")
        self.console.show_actions()
