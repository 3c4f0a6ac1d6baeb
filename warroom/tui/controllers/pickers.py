"""The incident's own questions, each a picker over the console: its severity (marked by
rank, in the playbook's colours), its status (resolving asked twice, with what is still
down and undone in view), and who holds a role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from warroom.core.ids import STATUSES
from warroom.core.limits import NAME
from warroom.core.responder import default_actor
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.tui.controllers.console import Console


class Pickers:
    def __init__(self, console: Console) -> None:
        self.console = console

    def severity(self) -> None:
        from warroom.tui.screens.prompts import PickScreen

        if (state := self.console.state) is None:
            return
        from warroom.tui.widgets.severity import rank_marks

        choices: list[tuple[str, Text | str]] = []
        levels = state.playbook.severities
        marks = max(len(rank_marks(0, len(levels))), 1)
        for rank, sev in enumerate(levels):
            label = Text(f" {safe_line(sev.name)} ", style=f"bold #000000 on {sev.colour}")
            label.append(f" {rank_marks(rank, len(levels)):<{marks}}", style=f"bold {sev.colour}")
            label.append(f" {safe_line(sev.title)}  {safe_line(sev.meaning)}")
            choices.append((sev.name, label))

        def save(name: str | None) -> None:
            if name:
                self.console.sync.save(lambda s: s.set_severity(self.console.incident_id, name))

        self.console.push_screen(PickScreen("Severity", choices, state.incident.severity), save)

    def status(self) -> None:
        from warroom.tui.screens.prompts import PickScreen

        if (state := self.console.state) is None:
            return

        def save(status: str | None) -> None:
            if (
                status == "resolved"
                and self.console.state
                and self.console.state.incident.status != "resolved"
            ):
                self._confirm_resolved()
            elif status:
                self.console.sync.save(lambda s: s.set_status(self.console.incident_id, status))

        choices: list[tuple[str, Text | str]] = [(s, s) for s in STATUSES]
        self.console.push_screen(PickScreen("Status", choices, state.incident.status), save)

    def _confirm_resolved(self) -> None:
        """Resolving is asked twice, with what is still down and undone in front of the person."""
        from warroom.incident.closure import closure
        from warroom.tui.screens.resolve import ResolveScreen

        def facts() -> Any:
            self.console.sync.read_again()  # meanwhile: the dialog shows the present
            state = self.console.state
            screen = self.console.console_screen
            view = screen.health_view if screen.health_on else None
            now = self.console.clock.now()
            return closure(state, view, now, checking=screen.health_on) if state else None

        def decided(yes: bool | None) -> None:
            if yes:
                self.console.sync.save(lambda s: s.set_status(self.console.incident_id, "resolved"))

        self.console.push_screen(ResolveScreen(facts), decided)

    def assign(self) -> None:
        from warroom.tui.screens.prompts import PickScreen, PromptScreen

        if (state := self.console.state) is None:
            return
        choices: list[tuple[str, Text | str]] = []
        for role in state.playbook.roles:
            held = state.roles.get(role.key)
            label = Text(f"{safe_line(role.name)}  ", style="bold")
            label.append(
                safe_line(held.holder) if held else "— unassigned", style="" if held else "italic"
            )
            choices.append((role.key, label))

        def ask_holder(role_key: str | None) -> None:
            if not role_key:
                return
            role = state.playbook.role(role_key)
            held = state.roles.get(role_key)

            def save(holder: str | None) -> None:
                if holder:
                    self.console.sync.save(
                        lambda s: s.assign_role(self.console.incident_id, role_key, holder)
                    )

            service = self.console.sync.service
            default = "" if held else (service.actor if service else default_actor())
            self.console.push_screen(
                PromptScreen(f"Who is {safe_line(role.name)}?", "name", default, max_length=NAME),
                save,
            )

        self.console.push_screen(PickScreen("Assign a role", choices), ask_holder)
