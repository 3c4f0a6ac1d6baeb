"""The postmortem draft, previewed as markdown; `s` saves it next to where warroom runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

if TYPE_CHECKING:
    from textual.app import ComposeResult


class PostmortemScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("s", "save", "Save as markdown"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, incident_id: str, text: str) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="postmortem"):
            with VerticalScroll():
                yield Markdown(self.text)
            yield Label("s saves · escape closes", classes="dialog-hint")

    def action_save(self) -> None:
        path = Path(f"{self.incident_id}-postmortem.md")
        try:
            path.write_text(self.text, encoding="utf-8")
        except OSError as exc:
            self.notify(f"{path}: {exc.strerror}", title="Not saved", severity="error")
            return
        self.notify(f"saved {path.absolute()}", title="Postmortem draft")

    def action_close(self) -> None:
        self.dismiss()
