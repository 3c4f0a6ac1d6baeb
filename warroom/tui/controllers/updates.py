"""Status updates (a template filled in, edited, sent: timeline, clipboard, webhooks, each
webhook's outcome recorded and shown, a failed one sent again) and escalation to the next
level of the playbook's path."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text

from warroom.core.limits import NAME
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.core.config import Webhook
    from warroom.core.state import IncidentState
    from warroom.tui.controllers.console import Console
    from warroom.tui.screens.compose import ComposeScreen


class Updates:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.screen: ComposeScreen | None = None  # the composer open now, if any
        self.resendable = False  # some update's delivery failed: the resend key is live
        self._busy: set[tuple[int, str]] = set()  # (update, webhook) this console is sending

    def webhooks(self) -> list[Webhook]:
        config = self.console.config
        return list(config.webhooks) if config else []

    # -- composing -------------------------------------------------------------------------
    def start(self) -> None:
        from warroom.tui.screens.prompts import PickScreen

        state = self.console.state
        if state is None:
            return
        choices: list[tuple[str, Text | str]] = [
            (name, safe_line(name.replace("_", " "))) for name in state.playbook.templates
        ]
        choices.append(("", "blank update"))
        self.console.push_screen(
            PickScreen("Status update: which template?", choices), self._compose
        )

    def _compose(self, template: str | None) -> None:
        from warroom.incident.comms import drafted, gaps, values
        from warroom.text.safe import safe_text
        from warroom.tui.clipboard import copy_reach
        from warroom.tui.screens.compose import ComposeScreen

        state = self.console.state
        if template is None or state is None:
            return
        source = state.playbook.templates.get(template, "")
        filled = values(state, self.console.clock.now())
        text = drafted(source, state, self.console.clock.now())

        def send(screen: ComposeScreen, final: str) -> None:
            self.console.run_worker(
                self._send(screen, final, template or None), exit_on_error=False
            )

        self._open(
            ComposeScreen(
                f"Status update ({safe_line(template) or 'blank'})",
                safe_text(text).strip() + "\n",
                webhooks=[h.name for h in self.webhooks()],
                placeholders=gaps(source, filled),
                on_send=send,
                on_resend=self._on_resend,
                copy_reach=copy_reach(),
            )
        )

    def _open(self, screen: ComposeScreen) -> None:
        self.screen = screen

        def closed(_: object) -> None:
            if self.screen is screen:
                self.screen = None

        self.console.push_screen(screen, closed)

    async def _send(self, screen: ComposeScreen, text: str, template: str | None) -> None:
        from warroom.tui.clipboard import copy_reach

        console = self.console
        hooks = self.webhooks()
        # Where the copy gets to, as tmux is set now (it may have changed since the composer
        # opened): said in the toast.
        screen.copy_reach = await asyncio.to_thread(copy_reach)
        # Copied first: with no webhook, it counts as posted because it has been copied.
        console.copy_to_clipboard(text)
        names = [h.name for h in hooks]
        incident = console.incident_id
        saved, entry = await console.sync.saved(
            lambda s: s.post_update(incident, text, template, names)
        )
        if not saved or entry is None:
            screen.not_saved()
            return
        from warroom.core.events import Update  # loaded with the incident

        number = int(Update.from_data(entry.data).number or 0)
        if not hooks:
            console.notify(
                f"Update {number} is in the timeline for you to post (no webhook configured); "
                + screen.copy_reach,
                title="Update saved",
            )
            if self.screen is screen and screen.is_attached:
                screen.dismiss(None)
            return
        self._busy.update((number, name) for name in names)
        if console.state is not None and self.screen is screen:
            screen.show_delivery(console.state.deliveries[number - 1])
        await self._deliver(number, entry.id, text, hooks)

    # -- delivering ------------------------------------------------------------------------
    async def _deliver(self, number: int, entry_id: int, text: str, hooks: list[Webhook]) -> None:
        """Post to each webhook in its chat's format and record each outcome as it comes (the
        callers have marked them busy, so a second key press does not send twice)."""
        from warroom.core.delivery import DELIVERED, FAILED
        from warroom.incident.chat import update_message
        from warroom.incident.comms import deliver

        console = self.console
        pending = {h.name for h in hooks}
        state = console.state

        async def record(hook: Webhook, outcome: str, reason: str, tries: int) -> None:
            pending.discard(hook.name)
            self._busy.discard((number, hook.name))
            name, incident = hook.name, console.incident_id
            saved = await console.sync.change(
                lambda s: s.record_delivery(incident, number, name, outcome, reason, tries)
            )
            if not saved:
                return
            if outcome == DELIVERED:
                console.notify(f"Update {number} delivered to {hook.name}", title="Delivered")
            else:
                console.notify(
                    f"Update {number} did not reach {hook.name}: {reason}. "
                    "U sends it again (it is in the timeline).",
                    title="Update NOT delivered",
                    severity="error",
                    timeout=15,
                )

        def on_try(hook: Webhook, attempt: int, tries: int, last: str) -> None:
            screen = self.screen
            if screen is not None and screen.number == number:
                screen.show_try(hook.name, attempt, tries, last)

        try:
            if state is None:
                raise RuntimeError("the incident is not loaded")
            message = update_message(state, number, entry_id, text)
            await deliver(hooks, message, record, on_try=on_try)
        except Exception as exc:  # noqa: BLE001 - what could not be sent is said, not lost
            why = f"unexpected error: {type(exc).__name__}"
            for hook in [h for h in hooks if h.name in pending]:
                await record(hook, FAILED, why, 1)
        finally:
            for hook in hooks:
                self._busy.discard((number, hook.name))

    def resend(self) -> None:
        """The console's key: send the newest update that failed again, in the composer."""
        from warroom.tui.screens.compose import ComposeScreen

        state = self.console.state
        failed = [d for d in state.deliveries if d.failed] if state else []
        if not failed:
            self.console.notify(
                "No update is waiting to be sent again: none has failed", severity="warning"
            )
            return
        update = failed[-1]
        screen = ComposeScreen(
            f"Status update {update.number}, sent again",
            update.entry.text,
            webhooks=[h.webhook for h in update.hooks],
            on_send=lambda _screen, _text: None,
            on_resend=self._on_resend,
            sent=update,
        )
        self._open(screen)
        self._on_resend(screen, update.number)

    def _on_resend(self, screen: ComposeScreen, number: int) -> None:
        state = self.console.state
        if state is None or not 0 < number <= len(state.deliveries):
            return
        update = state.deliveries[number - 1]
        configured = {h.name: h for h in self.webhooks()}
        names = [n for n in update.failed if (number, n) not in self._busy]
        gone = [n for n in names if n not in configured]
        if gone:
            self.console.notify(
                f"{', '.join(gone)}: no longer in warroom.toml, so update {number} "
                "cannot be sent there again",
                severity="error",
                timeout=10,
            )
        hooks = [configured[n] for n in names if n in configured]
        if hooks:
            self._busy.update((number, h.name) for h in hooks)
            self.console.run_worker(
                self._resend(number, update.entry.id, update.entry.text, hooks),
                exit_on_error=False,
            )

    async def _resend(self, number: int, entry_id: int, text: str, hooks: list[Webhook]) -> None:
        from warroom.core.delivery import SENDING

        console = self.console
        incident = console.incident_id
        for hook in hooks:  # recorded like the first try: sending, then its outcome
            name = hook.name
            if not await console.sync.change(
                lambda s: s.record_delivery(incident, number, name, SENDING)  # noqa: B023 (awaited here)
            ):
                for h in hooks:
                    self._busy.discard((number, h.name))
                return
        await self._deliver(number, entry_id, text, hooks)

    # -- shown -----------------------------------------------------------------------------
    def shown(self, state: IncidentState) -> None:
        """A new state is on screen: the open composer follows its update's delivery, and
        the resend key is offered only while some update's delivery has failed."""
        screen = self.screen
        number = screen.number if screen is not None and screen.is_attached else None
        if screen is not None and number is not None and 0 < number <= len(state.deliveries):
            screen.show_delivery(state.deliveries[number - 1])
        resendable = any(d.failed for d in state.deliveries)
        if resendable != self.resendable:
            self.resendable = resendable
            self.console.refresh_bindings()

    # -- escalation ------------------------------------------------------------------------
    def escalate(self) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        state = self.console.state
        if state is None:
            return
        path = state.playbook.escalation
        level = state.escalation_level
        if level >= len(path):
            self.console.notify("Already at the top of the escalation path", severity="warning")
            return
        who, incident = path[level].who, self.console.incident_id

        def paged(name: str | None) -> None:
            if name is not None:
                self.console.sync.save(lambda s: s.escalate(incident, level, who, name))

        self.console.push_screen(
            PromptScreen(
                f"Escalate to {safe_line(who)}: who was paged?",
                "name, or leave empty",
                empty_ok=True,
                max_length=NAME,
            ),
            paged,
        )
