"""A running action's view: its output streams in, its state follows (running, how it ended,
verifying…); ctrl+c or escape stops it. What it shows belongs to its ActionController, which
goes on verifying after the view is closed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, RichLog

from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from warroom.tui.controllers.action_lifecycle import ActionController

SHOW_EVERY = 0.1  # seconds: output is shown in batches, whatever its rate


class ActionRunScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("ctrl+c,escape", "stop", "Stop it", priority=True),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, controller: ActionController) -> None:
        super().__init__()
        from warroom.incident.actions import display_command

        self.controller = controller
        self.title_text = safe_line(f"{controller.label}: {display_command(controller.argv)}")
        self._shown = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield RichLog(max_lines=2000, wrap=True, markup=False, id="output")
            yield Label("", id="run-state", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self._show()
        self.set_interval(SHOW_EVERY, self._show)

    def _show(self) -> None:
        controller = self.controller
        run = controller.run
        if run is not None:
            skipped, lines = run.output.take_fresh()
            log = self.query_one(RichLog)
            if skipped:
                log.write(Text(f"… {skipped} lines not shown …", style="dim"))
            for line in lines:  # already made safe and redacted as they were read
                log.write(Text(line))
        shown = controller.state
        if controller.outcome is not None:
            shown += " · enter or escape closes"
        if shown != self._shown:
            self._shown = shown
            state = self.query_one("#run-state", Label)
            state.update(shown)
            state.set_class(controller.failed, "-failed")

    def action_stop(self) -> None:
        if self.controller.running:
            self.controller.cancel()
            self._show()
        else:
            self.dismiss()

    def action_close(self) -> None:
        if not self.controller.running:
            self.dismiss()
