"""Mitigation actions from the console: key → prompts → the exact command, confirmed; from
there its ActionController (action_control.py) owns it: run (or, in a drill, simulated) →
the outcome in the timeline → verified against the health checks.

Nothing runs without a `y`, nothing runs in a drill, and no error in an action's run can end
the console: it becomes a timeline entry "…: FAILED: …".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.core.config import Action
    from warroom.tui.controllers.action_lifecycle import ActionController
    from warroom.tui.controllers.console import Console


class Mitigation:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.keys: dict[str, str] = {}  # key → label, as bound now
        self.unavailable = ""  # why configured actions cannot run (a broken warroom.toml)
        self.running: set[ActionController] = set()  # until each has stated its outcome

    # -- keys --------------------------------------------------------------------------
    def bind(self, actions: list[tuple[str, str]]) -> None:
        """Bind (key, label) pairs, replacing the actions bound before."""
        for key in self.keys:
            self.console.unbind(key)
        self.keys = {}
        for key, label in actions:
            # Listed in the actions bar and the palette: the footer has no room for them.
            self.console.bind(key, f"mitigate({key!r})", description=safe_line(label), show=False)
            self.keys[key] = label
        self.console.refresh_bindings()
        self.console.show_actions()

    def action(self, key: str) -> Action | None:
        config = self.console.config
        return next((a for a in config.actions if a.key == key), None) if config else None

    def start(self, key: str) -> None:
        if self.console.state is None:
            return
        action = self.action(key)
        if action is None:
            why = self.unavailable or "it is no longer in warroom.toml"
            self.console.notify(f"{key}: no action to run: {why}", severity="error", timeout=10)
            return
        self._ask(action, 0, {})

    def _ask(self, action: Action, n: int, answers: dict[str, str]) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        if n == len(action.prompts):
            self._confirm(action, answers)
            return
        prompt = action.prompts[n]

        def answered(value: str | None) -> None:
            if value is None:
                self.console.notify(f"{action.label}: cancelled, nothing ran")
                return
            if prompt.pattern and not re.fullmatch(prompt.pattern, value):
                self.console.notify(
                    f"{prompt.label or prompt.name}: must match {prompt.pattern}", severity="error"
                )
                self._ask(action, n, answers)
                return
            self._ask(action, n + 1, {**answers, prompt.name: value})

        title = f"{action.label}: {prompt.label or prompt.name}"
        self.console.push_screen(
            PromptScreen(title, prompt.name, prompt.default, enter="continue"), answered
        )

    def _confirm(self, action: Action, answers: dict[str, str]) -> None:
        from warroom.core.config import format_seconds
        from warroom.incident.actions import display_command, render_command
        from warroom.tui.screens.confirm import ConfirmScreen, HandOffScreen

        state = self.console.state
        assert state is not None
        incident = state.incident
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
        # Exactly what will run, each argument quoted once as a shell would read it back
        # (escapes shown as nothing).
        details.append(safe_line(display_command(argv)))
        if action.cwd:
            details.append(f"\nin       {safe_line(action.cwd)}")
        details.append(
            f"\nkind     {action.kind}   timeout {format_seconds(action.timeout)}   "
            f"verified within {format_seconds(action.verify_within)}"
        )
        warning = "DRILL: this is recorded as simulated; nothing runs." if incident.drill else ""

        def decided(yes: bool | str | None) -> None:
            if yes == "hand":
                self._hand_over(action, display_command(argv))
            elif not yes:
                self.console.notify(f"{action.label}: cancelled, nothing ran")
            else:  # in a drill, simulated: the controller runs nothing there
                self._run(action, argv, answers)

        title = f"Run {safe_line(action.label)}?"
        leading = self.console.leading
        if leading.commanding(state):
            # The IC does not debug: said, and handing it over offered (never a block).
            lead = leading.technical_lead(state)
            who = safe_line(lead) if lead else "someone (the Technical Lead is unassigned)"
            self.console.push_screen(HandOffScreen(title, details, warning, who), decided)
            return
        self.console.push_screen(ConfirmScreen(title, details, warning), decided)

    def _hand_over(self, action: Action, command: str) -> None:
        """The action as a task for the Technical Lead (asked for a name if there is none)."""
        state = self.console.state
        assert state is not None
        lead = self.console.leading.technical_lead(state)
        self.console.leading.give_task(f"Run {action.label}: {command}", lead or "")

    # -- running -----------------------------------------------------------------------
    def _run(self, action: Action, argv: list[str], answers: dict[str, str]) -> None:
        """Confirmed: its controller owns the rest (before → run → record → verify)."""
        from warroom.tui.controllers.action_lifecycle import ActionController

        at = self.console.clock.now()
        for earlier in self.running:  # still to say what came after them: this did too
            earlier.another_taken(action.label, at)
        controller = ActionController(
            self.console, action, argv, answers, on_end=self.running.discard
        )
        self.running.add(controller)
        controller.start()
