"""Ticking the checklist by hand. A tick of what someone else ticked meanwhile is recorded
as such (`already`), never a silent untick of theirs."""

from __future__ import annotations

from warroom.core import events as payload
from warroom.core.events import Kind
from warroom.incident.completion import CompletionRules


class ChecklistCommands(CompletionRules):
    def tick(self, incident_id: str, item_id: int) -> bool:
        return self._set_done(incident_id, item_id, True)

    def untick(self, incident_id: str, item_id: int) -> bool:
        return self._set_done(incident_id, item_id, False)

    def toggle(self, incident_id: str, item_id: int) -> bool:
        """Tick an open item or untick a done one, decided inside the transaction; the new state."""
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            item = self._item(tx, incident, item_id)
            self._apply_done(tx, incident, item, not item["done"])
            return not item["done"]

    def _set_done(self, incident_id: str, item_id: int, done: bool) -> bool:
        with self.store.write() as tx:
            incident = self._lock(tx, incident_id)
            item = self._item(tx, incident, item_id)
            if bool(item["done"]) == done:
                already = f"already done by {item['done_by']}" if done else "already open"
                return self._again(
                    tx,
                    incident,
                    Kind.CHECKLIST,
                    f"{'Ticked' if done else 'Unticked'} [{item['phase']}] {item['text']} ({already})",
                    payload.Checklist(item=item["id"], done=done, phase=item["phase"]).to_data(),
                )
            self._apply_done(tx, incident, item, done)
            return True
