"""The status-update composer: a template filled in from the incident, edited, sent, and then,
while it stays open, where the update got to at each webhook (sending → delivered or failed)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from warroom.core.delivery import DELIVERED, FAILED
from warroom.core.limits import NOTE
from warroom.incident.comms import left_over
from warroom.text.safe import safe_line
from warroom.tui.widgets.looks import look, looks_classes, looks_css
from warroom.tui.widgets.text_entry import TextEntry

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from warroom.core.delivery import UpdateDelivery


class ComposeScreen(ModalScreen[None]):
    CSS_PATH = "compose.tcss"
    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes("good", "bad")
    DEFAULT_CSS = looks_css("ComposeScreen", "good", "bad")
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("ctrl+r", "resend", "Send again", priority=True),
        Binding("escape", "close", "Close"),
    ]

    def __init__(
        self,
        title: str,
        text: str,
        *,
        webhooks: Sequence[str],
        placeholders: Sequence[str] = (),
        on_send: Callable[[ComposeScreen, str], None],
        on_resend: Callable[[ComposeScreen, int], None],
        sent: UpdateDelivery | None = None,
        copy_reach: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.webhooks = list(webhooks)
        self.placeholders = list(placeholders)
        self.on_send = on_send
        self.on_resend = on_resend
        self.phase = "editing" if sent is None else "sent"  # editing, saving, sent
        self.number: int | None = sent.number if sent is not None else None
        self.delivery: UpdateDelivery | None = sent
        self.tries: dict[str, str] = {}  # webhook → "try 2 of 4, last HTTP 500", while sending
        self.copy_reach = copy_reach  # where a copy of it gets to (see clipboard.py)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield TextEntry(
                self.text, id="update-text", soft_wrap=True, read_only=self.phase != "editing"
            )
            yield Static(id="delivery")
            yield Label(id="compose-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._show()

    # -- keys ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return self.phase == "editing"
        if action == "resend":
            return bool(self.delivery and self.delivery.failed)
        return True

    def action_send(self) -> None:
        from warroom.tui.screens.confirm import ConfirmScreen

        if self.phase != "editing":
            return
        text = self.query_one(TextArea).text.strip()
        if len(text) > NOTE:  # said here, where the text can still be shortened
            self.notify(
                f"The update is {len(text):,} characters long; the most is {NOTE:,}",
                title="Not sent",
                severity="error",
            )
            return
        if not text:
            self.notify("The update is empty: nothing was sent", severity="warning")
            return
        left = left_over(text, self.placeholders)
        if not left:
            self._send(text)
            return
        details = Text("Still in the text, for you to replace:\n", style="bold")
        for placeholder in left:
            details.append(f"  {safe_line(placeholder)}\n", style="")
        details.append("\nSend it as it is?", style="")

        def decided(yes: bool | None) -> None:
            if yes:
                self._send(text)
            else:
                self.query_one(TextArea).focus()

        placeholders = "a placeholder" if len(left) == 1 else f"{len(left)} placeholders"
        self.app.push_screen(ConfirmScreen(f"Send with {placeholders} left?", details), decided)

    def action_resend(self) -> None:
        if self.number is not None and self.delivery and self.delivery.failed:
            self.on_resend(self, self.number)

    def action_close(self) -> None:
        self.dismiss(None)

    def _send(self, text: str) -> None:
        self.phase = "saving"
        self.query_one(TextArea).read_only = True
        self._show()
        self.on_send(self, text)

    # -- told by the updates controller ------------------------------------------------------
    def not_saved(self) -> None:
        """The update could not be saved: the text is still here, to send again."""
        self.phase = "editing"
        with contextlib.suppress(NoMatches):  # closed meanwhile
            self.query_one(TextArea).read_only = False
        self._show()

    def show_delivery(self, delivery: UpdateDelivery) -> None:
        """Where the update got to, as recorded in the timeline."""
        self.phase, self.number, self.delivery = "sent", delivery.number, delivery
        for hook in delivery.hooks:
            if hook.state != "sending":
                self.tries.pop(hook.webhook, None)
        self._show()

    def show_try(self, webhook: str, attempt: int, tries: int, last: str) -> None:
        if attempt > 1:
            self.tries[webhook] = f"try {attempt} of {tries}, last {last}"
            self._show()

    def _show(self) -> None:
        try:
            shown = self.query_one("#delivery", Static)
            hinted = self.query_one("#compose-hint", Label)
        except NoMatches:
            return  # closed meanwhile: the timeline says how it went
        lines = Text()
        hint = "ctrl+s sends · escape cancels"
        if self.phase == "editing":
            if self.webhooks:
                names = ", ".join(safe_line(w) for w in self.webhooks)
                lines.append(f"Sends to {names}", style="dim")
            else:
                lines.append("No webhook configured: ctrl+s saves it for you to post", style="dim")
            if self.copy_reach:  # on a line of its own: it may say how to make it work
                lines.append(f"\n{self.copy_reach[0].upper()}{self.copy_reach[1:]}", style="dim")
        elif self.phase == "saving":
            lines.append("saving…", style="dim")
            hint = "escape closes"
        elif self.delivery is not None:
            lines.append(f"Update {self.delivery.number}\n", style="bold")
            for hook in self.delivery.hooks:
                name = safe_line(hook.webhook)
                if hook.state == DELIVERED:
                    lines.append(f"  ✓ delivered to {name}\n", style=look(self, "good"))
                elif hook.state == FAILED:
                    lines.append(
                        f"  ✖ {name}: FAILED {safe_line(hook.reason)}\n", style=look(self, "bad")
                    )
                else:
                    more = self.tries.get(hook.webhook)
                    lines.append(f"  … sending to {name}", style="bold")
                    lines.append(f" ({more})\n" if more else "\n", style="dim")
            if self.delivery.copied:
                lines.append("  saved for manual posting (no webhook)\n")
            lines.rstrip()
            if self.delivery.failed:
                again = ", ".join(safe_line(w) for w in self.delivery.failed)
                hint = f"ctrl+r sends it again to {again} · escape closes"
            elif self.delivery.sending:
                hint = "escape closes (sending goes on; the timeline says how it went)"
            else:
                hint = "escape closes"
        shown.update(lines)
        hinted.update(Text(hint))
        self.refresh_bindings()
