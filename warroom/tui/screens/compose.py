"""The status-update composer: a template filled in from the incident, edited, then sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from warroom.tui.widgets.text_entry import TextEntry

if TYPE_CHECKING:
    from textual.app import ComposeResult


class ComposeScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield TextEntry(self.text, id="update-text", soft_wrap=True)
            yield Label(
                "ctrl+s sends (timeline, clipboard, webhooks) · escape cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_send(self) -> None:
        text = self.query_one(TextArea).text.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
