"""A running action's view: its output streams in, its state follows (running, how it ended,
verifying…); ctrl+c or escape stops it. What it shows belongs to its ActionController, which
tells it of each change and goes on verifying after the view is closed."""

from __future__ import annotations

import time
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

SHOW_EVERY = 0.1  # seconds: output is shown at most this often, in batches, whatever its rate


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
        self._last = 0.0  # when output and state were last shown (time.monotonic)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield RichLog(max_lines=2000, wrap=True, markup=False, id="output")
            yield Label("", id="run-state", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.controller.shown_in(self)

    def on_action_controller_changed(self, _message: ActionController.Changed) -> None:
        wait = self._last + SHOW_EVERY - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self._show)  # the controller tells nothing more meanwhile
        else:
            self._show()

    def _show(self) -> None:
        self._last = time.monotonic()
        skipped, lines = self.controller.fresh_output()
        log = self.query_one(RichLog)
        if skipped:
            log.write(Text(f"… {skipped} lines not shown …", style="dim"))
        for line in lines:  # already made safe and redacted as they were read
            log.write(Text(line))
        shown = self.controller.shown_state
        if shown != self._shown:
            self._shown = shown
            state = self.query_one("#run-state", Label)
            state.update(shown)
            state.set_class(self.controller.failed, "-failed")

    def action_stop(self) -> None:
        if self.controller.running:
            self.controller.cancel()
        else:
            self.dismiss()

    def action_close(self) -> None:
        if not self.controller.running:
            self.dismiss()
