"""Small modal questions: pick one of a list, or type a line. Escape always backs out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from warroom.core.limits import NOTE
from warroom.tui.widgets.text_entry import LineEntry

if TYPE_CHECKING:
    from textual.app import ComposeResult


class PickScreen(ModalScreen[str | None]):
    """Choose one option; dismisses with its id, or None on escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(
        self, title: str, choices: list[tuple[str, Text | str]], current: str | None = None
    ):
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            options = [
                Option(label if isinstance(label, Text) else Text(label), id=key)
                for key, label in self.choices
            ]
            yield OptionList(*options)

    def on_mount(self) -> None:
        olist = self.query_one(OptionList)
        ids = [key for key, _ in self.choices]
        olist.highlighted = ids.index(self.current) if self.current in ids else 0

    def action_move(self, step: int) -> None:
        olist = self.query_one(OptionList)
        olist.action_cursor_down() if step > 0 else olist.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """Type one line; enter sends it, escape drops it (None). Enter on an empty line keeps the
    prompt open and says why, unless `empty_ok`, where it is the answer "". At most
    `max_length` characters can be typed (a note's length unless said: warroom.core.limits)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        placeholder: str = "",
        value: str = "",
        empty_ok: bool = False,
        max_length: int = NOTE,
        enter: str = "save",
    ) -> None:
        super().__init__()
        self.enter = enter  # what enter does: "save" only where something is saved
        self.max_length = max_length
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.empty_ok = empty_ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield LineEntry(
                value=self.value, placeholder=self.placeholder, max_length=self.max_length
            )
            yield Label(f"enter to {self.enter} · escape to cancel", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text and not self.empty_ok:
            # An enter pressed too soon is no answer: the prompt stays, and says so.
            self.query_one(".dialog-hint", Label).update(
                f"Nothing to {self.enter} yet: type it, or escape to cancel"
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
