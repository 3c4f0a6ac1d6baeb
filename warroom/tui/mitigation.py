"""Mitigation actions from the console: key → prompts → the exact command, confirmed → run
(or, in a drill, simulated) → the outcome in the timeline → every health check again.

Nothing runs without a `y`, nothing runs in a drill, and no error in an action's run can end
the console: it becomes a timeline entry "…: failed: …".
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING, Any

from rich.text import Text

from warroom.safe import safe_line

if TYPE_CHECKING:
    from warroom.actions import Outcome
    from warroom.config import Action
    from warroom.tui.console import Console


class Mitigation:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.keys: dict[str, str] = {}  # key → label, as bound now
        self.unavailable = ""  # why configured actions cannot run (a broken warroom.toml)

    # -- keys --------------------------------------------------------------------------
    def bind(self, actions: list[tuple[str, str]]) -> None:
        """Bind (key, label) pairs, replacing the actions bound before."""
        from warroom.tui.bindings import unbind

        for key in self.keys:
            unbind(self.console, key)
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
        self.console.push_screen(PromptScreen(title, prompt.name, prompt.default), answered)

    def _confirm(self, action: Action, answers: dict[str, str]) -> None:
        from warroom.actions import render_command
        from warroom.tui.screens.confirm import ConfirmScreen

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
        # Exactly what will run, quoted as a shell would need (escapes shown as nothing).
        details.append(safe_line(shlex.join(argv)))
        if action.cwd:
            details.append(f"\nin       {safe_line(action.cwd)}")
        details.append(f"\nkind     {action.kind}   timeout {action.timeout:g}s")
        warning = "DRILL: this is recorded as simulated; nothing runs." if incident.drill else ""

        def decided(yes: bool | None) -> None:
            if not yes:
                self.console.notify(f"{action.label}: cancelled, nothing ran")
            elif incident.drill:
                self.console.run_worker(self._simulate(action, argv, answers), exit_on_error=False)
            else:
                self._run(action, argv, answers)

        self.console.push_screen(
            ConfirmScreen(f"Run {safe_line(action.label)}?", details, warning), decided
        )

    # -- running -----------------------------------------------------------------------
    async def _simulate(self, action: Action, argv: list[str], answers: dict[str, str]) -> None:
        text = f"{action.label}: simulated (drill), not run: {shlex.join(argv)}"
        data = {"kind": action.kind, "argv": argv, "simulated": True, "answers": answers}
        sync = self.console.sync
        await sync.change("record_action", self.console.incident_id, action.label, text, data)
        drill = self.console.drill
        if drill is not None:  # the scenario answers the action
            outcome = await sync.call(drill.engine.act, action.kind, answers)
            await sync.change(
                "record_action", self.console.incident_id, action.label, outcome, {"phase": "drill"}
            )

    def _run(self, action: Action, argv: list[str], answers: dict[str, str]) -> None:
        from warroom.actions import Run
        from warroom.tui.screens.action_run import ActionRunScreen

        # The answers, for status updates to say what was done ("rolled back web to v1.4.2").
        started = {"kind": action.kind, "argv": argv, "phase": "started", "answers": answers}
        self.console.run_worker(
            self.console.sync.change(
                "record_action",
                self.console.incident_id,
                action.label,
                f"{action.label}: started: {shlex.join(argv)}",
                started,
            ),
            exit_on_error=False,
        )

        def finished(outcome: Outcome) -> None:
            self.console.run_worker(self._finish(action, outcome), exit_on_error=False)

        title = f"{action.label}: {shlex.join(argv)}"
        self.console.push_screen(ActionRunScreen(title, Run(action, argv), on_done=finished))

    async def _finish(self, action: Action, outcome: Outcome) -> None:
        data: dict[str, Any] = {
            "kind": action.kind,
            "argv": outcome.argv,
            "phase": "finished",
            "exit_code": outcome.exit_code,
            "duration": round(outcome.duration, 3),
            "reason": outcome.reason,
            "lines": outcome.lines,
            "tail": outcome.tail[-10:],
        }
        if outcome.note:
            data["note"] = outcome.note
        text = outcome.describe(action.label)
        await self.console.sync.change(
            "record_action", self.console.incident_id, action.label, text, data
        )
        severity = "information" if outcome.ok else "error"
        self.console.notify(text, title="Action finished", severity=severity, timeout=8)
        await self._verify(action.label)

    async def _verify(self, label: str) -> None:
        """Check every endpoint and metric again at once, and say whether they recovered
        (metrics with their value before and after: "error rate 4.8% → 0.3% (below 1%)")."""
        before = {s.name: s.reason for s in self.console.health.samples}
        samples = await self.console.health.recheck()
        if not samples:
            return
        config = self.console.config
        metrics = {m.name for m in config.metrics} if config else set()
        moved = [
            f"{s.name} {before[s.name].split(' (')[0]} → {s.reason}"
            for s in samples
            if s.name in metrics and before.get(s.name) and before[s.name] != s.reason
        ]
        down = [s.name for s in samples if s.state in ("DOWN", "SUSPECT")]
        if down:
            text = f"after {label}: {len(down)} of {len(samples)} still failing: {', '.join(down)}"
        elif len(samples) == 1:
            text = f"after {label}: {samples[0].name} passes ({samples[0].reason or 'up'})"
        else:
            text = f"after {label}: all {len(samples)} checks pass"
        if moved:
            text += "; " + "; ".join(moved)
        self.console.notify(
            text, title="Verification", severity="error" if down else "information", timeout=10
        )
        await self.console.sync.change(
            "record_action",
            self.console.incident_id,
            label,
            text,
            {"phase": "verified", "failing": down},
        )
