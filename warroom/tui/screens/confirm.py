"""Nothing runs without a yes: the exact command is shown before it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from textual.app import ComposeResult


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, details: Text, warning: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.details = details
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.details, id="confirm-details")
            if self.warning:
                yield Label(self.warning, classes="dialog-warning", markup=False)
            yield Label("y: yes · n or escape: no", classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class HandOffScreen(ConfirmScreen):
    """The confirmation an Incident Commander gets for a mitigation action: run it (y), or
    hand it to someone as a task (h). A prompt, never a block."""

    BINDINGS = [Binding("h", "hand", "Hand it over as a task")]

    def __init__(self, title: str, details: Text, warning: str, hand_to: str) -> None:
        super().__init__(title, details, warning)
        self.hand_to = hand_to

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.details)
            yield Label(
                "You hold the Incident Commander role: the IC leads, others run the fixes.",
                classes="dialog-warning",
                markup=False,
            )
            if self.warning:
                yield Label(self.warning, classes="dialog-warning", markup=False)
            yield Label(
                f"y: run it yourself · h: hand it to {self.hand_to} as a task · n or escape: no",
                classes="dialog-hint",
                markup=False,
            )

    def action_hand(self) -> None:
        self.dismiss("hand")  # type: ignore[arg-type]
