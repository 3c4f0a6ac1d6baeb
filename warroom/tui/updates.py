"""Status updates (a template filled in, edited, sent: timeline, clipboard, webhooks) and
escalation to the next level of the playbook's path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from warroom.safe import safe_line

if TYPE_CHECKING:
    from warroom.tui.console import Console


class Updates:
    def __init__(self, console: Console) -> None:
        self.console = console

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
        from warroom.comms import fill, values
        from warroom.safe import safe_text
        from warroom.tui.screens.compose import ComposeScreen

        state = self.console.state
        if template is None or state is None:
            return
        text = fill(
            state.playbook.templates.get(template, ""), values(state, self.console.clock.now())
        )

        def send(final: str | None) -> None:
            if final:
                self.console.run_worker(self._send(final, template or None), exit_on_error=False)

        title = f"Status update ({safe_line(template) or 'blank'})"
        self.console.push_screen(ComposeScreen(title, safe_text(text).strip() + "\n"), send)

    async def _send(self, text: str, template: str | None) -> None:
        console = self.console
        if not await console.sync.change("post_update", console.incident_id, text, template):
            return
        console.copy_to_clipboard(text)
        hooks = console.config.webhooks if console.config else []
        console.notify(
            "Update saved to the timeline and copied to the clipboard", title="Update sent"
        )
        if hooks:
            import httpx

            from warroom.comms import post_webhook

            async with httpx.AsyncClient() as client:
                for hook in hooks:
                    ok, reason = await post_webhook(client, hook, text)
                    if not ok:
                        message = (
                            f"webhook {hook.name} failed: {reason} (the update is in the timeline)"
                        )
                        console.notify(message, title="Webhook", severity="error", timeout=10)
                        await console.sync.change("add_note", console.incident_id, message)

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
        who = path[level].who

        def paged(name: str | None) -> None:
            if name is not None:
                self.console.run_worker(
                    self.console.sync.change(
                        "escalate", self.console.incident_id, level, who, name
                    ),
                    exit_on_error=False,
                )

        self.console.push_screen(
            PromptScreen(
                f"Escalate to {safe_line(who)}: who was paged?",
                "name, or leave empty",
                empty_ok=True,
            ),
            paged,
        )
