"""The console's response keys: mitigation actions, status updates, escalation.

A mixin of WarroomApp, kept apart so the app module stays about layout and data flow.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from warroom.actions import Outcome
    from warroom.config import Action, Config
    from warroom.tui.app import WarroomApp


class Respond:
    config: Config | None

    # -- mitigation actions ------------------------------------------------------------
    def bind_actions(self: WarroomApp, config: Config) -> None:
        for index, action in enumerate(config.actions):
            self.bind(action.key, f"mitigate({index})", description=action.label)
        self.refresh_bindings()

    def action_mitigate(self: WarroomApp, index: int) -> None:
        if self.config is None or self._shown() is None or index >= len(self.config.actions):
            return
        action = self.config.actions[index]
        self._ask_prompts(action, 0, {})

    def _ask_prompts(self: WarroomApp, action: Action, n: int, answers: dict[str, str]) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        if n == len(action.prompts):
            self._confirm_action(action, answers)
            return
        prompt = action.prompts[n]

        def answered(value: str | None) -> None:
            if value is None:
                self.notify(f"{action.label}: cancelled, nothing ran")
                return
            if prompt.pattern and not re.fullmatch(prompt.pattern, value):
                self.notify(
                    f"{prompt.label or prompt.name}: must match {prompt.pattern}", severity="error"
                )
                self._ask_prompts(action, n, answers)
                return
            self._ask_prompts(action, n + 1, {**answers, prompt.name: value})

        title = f"{action.label}: {prompt.label or prompt.name}"
        self.push_screen(PromptScreen(title, prompt.name, prompt.default), answered)

    def _confirm_action(self: WarroomApp, action: Action, answers: dict[str, str]) -> None:
        from warroom.actions import render_command
        from warroom.tui.screens.confirm import ConfirmScreen

        assert self.state is not None
        incident = self.state.incident
        values = {
            "incident": incident.id,
            "severity": incident.severity,
            "title": incident.title,
            "status": incident.status,
            **answers,
        }
        argv = render_command(action, values)
        details = Text()
        details.append("command  ", style="bold")
        details.append(shlex.join(argv))  # exactly what will run, quoted as a shell would need
        if action.cwd:
            details.append(f"\nin       {action.cwd}")
        details.append(f"\nkind     {action.kind}   timeout {action.timeout:g}s")
        warning = "DRILL: this is recorded as simulated; nothing runs." if incident.drill else ""

        def decided(yes: bool | None) -> None:
            if not yes:
                self.notify(f"{action.label}: cancelled, nothing ran")
            elif incident.drill:
                self.run_worker(self._simulate(action, argv, answers))
            else:
                self._start_action(action, argv)

        self.push_screen(ConfirmScreen(f"Run {action.label}?", details, warning), decided)

    async def _simulate(
        self: WarroomApp, action: Action, argv: list[str], answers: dict[str, str]
    ) -> None:
        text = f"{action.label}: simulated (drill), not run: {shlex.join(argv)}"
        data = {"kind": action.kind, "argv": argv, "simulated": True}
        await self.change("record_action", self.incident_id, action.label, text, data)
        if self.drill is not None:  # the scenario answers the action
            outcome = await self.db_call(self.drill.act, action.kind, answers)
            await self.change(
                "record_action", self.incident_id, action.label, outcome, {"phase": "drill"}
            )

    def _start_action(self: WarroomApp, action: Action, argv: list[str]) -> None:
        from warroom.actions import Run
        from warroom.tui.screens.action_run import ActionRunScreen

        started = {"kind": action.kind, "argv": argv, "phase": "started"}
        self.run_worker(
            self.change(
                "record_action",
                self.incident_id,
                action.label,
                f"{action.label}: started: {shlex.join(argv)}",
                started,
            )
        )

        def finished(outcome: Outcome) -> None:
            self.run_worker(self._finish_action(action, outcome))

        title = f"{action.label}: {shlex.join(argv)}"
        self.push_screen(ActionRunScreen(title, Run(action, argv), on_done=finished))

    async def _finish_action(self: WarroomApp, action: Action, outcome: Outcome) -> None:
        data: dict[str, Any] = {
            "kind": action.kind,
            "argv": outcome.argv,
            "phase": "finished",
            "exit_code": outcome.exit_code,
            "duration": round(outcome.duration, 3),
            "reason": outcome.reason,
            "tail": outcome.tail[-10:],
        }
        await self.change(
            "record_action", self.incident_id, action.label, outcome.describe(action.label), data
        )
        severity = "information" if outcome.ok else "error"
        self.notify(
            outcome.describe(action.label), title="Action finished", severity=severity, timeout=8
        )
        await self._verify_after(action.label)

    async def _verify_after(self: WarroomApp, label: str) -> None:
        """Check every endpoint again at once, and say whether they recovered."""
        samples = await self.recheck_health()
        if not samples:
            return
        down = [s.name for s in samples if s.state in ("DOWN", "SUSPECT")]
        text = (
            f"after {label}: all {len(samples)} endpoints answer"
            if not down
            else f"after {label}: {len(down)} of {len(samples)} still failing: {', '.join(down)}"
        )
        self.notify(
            text, title="Verification", severity="error" if down else "information", timeout=10
        )
        await self.change(
            "record_action", self.incident_id, label, text, {"phase": "verified", "failing": down}
        )

    # -- status updates ------------------------------------------------------------------
    def action_update(self: WarroomApp) -> None:
        from warroom.tui.screens.prompts import PickScreen

        state = self._shown()
        if state is None:
            return
        templates = state.playbook.templates
        choices: list[tuple[str, Text | str]] = [
            (name, name.replace("_", " ")) for name in templates
        ]
        choices.append(("", "blank update"))
        self.push_screen(PickScreen("Status update: which template?", choices), self._compose)

    def _compose(self: WarroomApp, template: str | None) -> None:
        from warroom.comms import fill, values
        from warroom.tui.screens.compose import ComposeScreen

        if template is None or self.state is None:
            return
        text = fill(
            self.state.playbook.templates.get(template, ""), values(self.state, self.clock.now())
        )

        def send(final: str | None) -> None:
            if final:
                self.run_worker(self._send_update(final, template or None))

        self.push_screen(
            ComposeScreen(f"Status update ({template or 'blank'})", text.strip() + "\n"), send
        )

    async def _send_update(self: WarroomApp, text: str, template: str | None) -> None:
        if not await self.change("post_update", self.incident_id, text, template):
            return
        self.copy_to_clipboard(text)
        hooks = self.config.webhooks if self.config else []
        self.notify("Update saved to the timeline and copied to the clipboard", title="Update sent")
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
                        self.notify(message, title="Webhook", severity="error", timeout=10)
                        await self.change("add_note", self.incident_id, message)

    # -- escalation -------------------------------------------------------------------------
    def action_escalate(self: WarroomApp) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        state = self._shown()
        if state is None:
            return
        path = state.playbook.escalation
        level = sum(e.kind == "escalation" for e in state.timeline)
        if level >= len(path):
            self.notify("Already at the top of the escalation path", severity="warning")
            return
        who = path[level].who

        def paged(name: str | None) -> None:
            if name is not None:
                self.run_worker(self.change("escalate", self.incident_id, level, who, name))

        self.push_screen(
            PromptScreen(f"Escalate to {who}: who was paged?", "name, or leave empty"), paged
        )
