"""A running action: its output streams in; ctrl+c or escape stops its whole process group."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, RichLog

from warroom.safe import safe_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from warroom.actions import Outcome, Run

SHOW_EVERY = 0.1  # seconds: output is shown in batches, whatever its rate


class ActionRunScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("ctrl+c,escape", "stop", "Stop it", priority=True),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, title: str, run: Run, on_done: Callable[[Outcome], object]) -> None:
        super().__init__()
        self.title_text = safe_line(title)
        self.run = run
        self.on_done = on_done  # told the moment the command ends, whether or not we are open
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield RichLog(max_lines=2000, wrap=True, markup=False, id="output")
            yield Label(
                "running… ctrl+c or escape stops it",
                id="run-state",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.set_interval(SHOW_EVERY, self._show_output)
        self.run_worker(self._execute(), name="action", exclusive=True, exit_on_error=False)

    def _show_output(self) -> None:
        skipped, lines = self.run.output.take_fresh()
        log = self.query_one(RichLog)
        if skipped:
            log.write(Text(f"… {skipped} lines not shown …", style="dim"))
        for line in lines:  # already made safe and redacted as they were read
            log.write(Text(line))

    async def _execute(self) -> None:
        self.outcome = await self.run.execute()  # never raises
        self._show_output()
        self.on_done(self.outcome)
        state = self.query_one("#run-state", Label)
        verdict = (
            "done" if self.outcome.ok else (self.outcome.reason or f"exit {self.outcome.exit_code}")
        )
        state.update(f"{verdict} after {self.outcome.duration:.1f}s · enter or escape closes")
        state.set_class(not self.outcome.ok, "-failed")

    def action_stop(self) -> None:
        if self.outcome is None:
            self.run.cancel()
        else:
            self.dismiss()

    def action_close(self) -> None:
        if self.outcome is not None:
            self.dismiss()
