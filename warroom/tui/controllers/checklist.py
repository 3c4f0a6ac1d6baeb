"""The checklist's keys: space ticks an item (or unticks it, asking first when the console
ticked it by itself), enter shows the item whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warroom.tui.controllers.console import Console
    from warroom.tui.controllers.corrections import Corrections


class Checklist:
    def __init__(self, console: Console, corrections: Corrections) -> None:
        self.console = console
        self.corrections = corrections

    def toggle(self, item: int) -> None:
        if state := self.console.state:
            # Say what the responder saw: if someone ticked it meanwhile, a second tick is
            # recorded as such rather than silently undoing theirs.
            shown = next((i for i in state.items if i.id == item), None)
            incident = self.console.incident_id
            if shown is not None and shown.done:
                # An item the console ticked by itself asks first.
                self.corrections.untick(
                    shown, lambda: self.console.sync.save(lambda s: s.untick(incident, item))
                )
            else:
                self.console.sync.save(lambda s: s.tick(incident, item))

    def detail(self, item_id: int) -> None:
        from warroom.tui.screens.item_detail import ItemDetailScreen

        if state := self.console.state:
            item = next((i for i in state.items if i.id == item_id), None)
            if item is not None:
                roles = {r.key: r.label for r in state.playbook.roles}
                self.console.push_screen(
                    ItemDetailScreen(item, roles.get(item.role or "", item.role or ""))
                )
