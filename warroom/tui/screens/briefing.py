"""A briefing over the console: what the new holder of a role takes over (written at the
hand-over), or one from the live state (B). Text as written, never read as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from warroom.text.safe import safe_text

if TYPE_CHECKING:
    from textual.app import ComposeResult


class BriefingScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="briefing"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(Text(safe_text(self.text)))
            yield Label(
                "kept in the timeline · warroom brief prints one · enter or escape closes",
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss()
