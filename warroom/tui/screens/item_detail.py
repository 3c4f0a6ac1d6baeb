"""A checklist item's detail, as the runbook wrote it: the command to run or the text that
explains the step. Shown literally (runbook text is never markup); `c` copies the command."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from warroom.text.safe import safe_line, safe_text

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from warroom.core.state import Item


def options_of(detail: str) -> list[tuple[str, str]]:
    """A decision's options ("One of:" then "1. Roll back" over its indented commands):
    (label, commands) for each."""
    options: list[tuple[str, list[str]]] = []
    for line in detail.splitlines():
        if match := re.match(r"^(\d+)\.\s+(.+)$", line):
            options.append((match.group(2), []))
        elif options and line.startswith(" ") and line.strip():
            options[-1][1].append(line.strip())
    return [(label, "\n".join(_commands(lines))) for label, lines in options]


def command_of(detail: str) -> str:
    """What `c` copies: the detail's command lines ("# comment" lines left out), else the
    whole detail; for a decision, every option's commands."""
    options = options_of(detail)
    if options:
        return "\n".join(commands for _, commands in options if commands)
    return "\n".join(_commands(detail.splitlines())) or detail.strip()


def _commands(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class ItemDetailScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("c", "copy", "Copy"),
        Binding("escape,enter,q", "close", "Close"),
    ]

    def __init__(self, item: Item, role: str = "") -> None:
        super().__init__()
        self.item = item
        self.role = role

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog dialog-wide", id="item-detail"):
            yield Label(safe_line(item.text), classes="dialog-title", markup=False)
            if self.role:
                yield Label(f"for {safe_line(self.role)}", classes="dialog-hint", markup=False)
            with VerticalScroll(id="item-detail-text"):
                if item.detail.strip():
                    yield Static(Text(safe_text(item.detail)), markup=False)
                else:
                    yield Static("The runbook gives this step no detail.", markup=False)
            hint = "c: copy · escape: close" if item.detail.strip() else "escape: close"
            if options_of(item.detail):
                hint = "1-9: copy that option's commands · " + hint
            yield Label(hint, classes="dialog-hint")

    def action_copy(self) -> None:
        if not self.item.detail.strip():
            return
        self.app.copy_to_clipboard(command_of(self.item.detail))
        self.notify("copied to the clipboard (where the terminal allows it)")

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in "123456789":
            event.stop()
            self.copy_option(int(event.character))

    def copy_option(self, number: int) -> None:
        options = options_of(self.item.detail)
        if not 1 <= number <= len(options) or not options[number - 1][1]:
            self.notify(f"option {number} has no command to copy", severity="warning")
            return
        self.app.copy_to_clipboard(options[number - 1][1])
        self.notify(f"copied the commands of option {number}")

    def action_close(self) -> None:
        self.dismiss(None)
