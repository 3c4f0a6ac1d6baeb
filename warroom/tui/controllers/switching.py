"""Switching incident from the console (I): the other open incidents in a list; picking one
closes this console and opens that one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from warroom.core.errors import WarroomError
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.tui.controllers.console import Console


class Switching:
    def __init__(self, console: Console) -> None:
        self.console = console

    def switch(self) -> None:
        self.console.run_worker(self._switch(), name="switch", exit_on_error=False)

    async def _switch(self) -> None:
        """Another open incident, picked from a list: this console closes and that one opens."""
        from warroom.tui.screens.prompts import PickScreen

        console = self.console
        service = console.sync.service
        if service is None:
            return
        try:
            rows = await console.sync.call(service.board)
        except WarroomError as exc:
            console.notify(str(exc), title="Switch", severity="error")
            return
        now = console.clock.now()
        choices: list[tuple[str, Text | str]] = []
        for row in rows:
            if row.id == console.incident_id:
                continue
            cells = row.cells(now)
            label = Text(f"{safe_line(row.id)}  ", style="bold")
            label.append(f"{safe_line(cells['severity'])}  {cells['tplus']}  {cells['status']}  ")
            label.append(safe_line(cells["title"]))
            choices.append((row.id, label))
        if not choices:
            console.notify("No other incident is open", title="Switch")
            return

        def chosen(ident: str | None) -> None:
            if ident:
                console.next_incident = ident
                console.exit(return_code=0)

        console.push_screen(PickScreen("Switch to an open incident", choices), chosen)
