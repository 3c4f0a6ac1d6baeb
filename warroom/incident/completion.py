"""Completion rules: the checklist follows what the console already knows. A change that
meets an item's `done_when` (a status reached, a role filled, every endpoint up, an action run,
an update posted) ticks it in the same transaction, with an entry that says why."""

from __future__ import annotations

from warroom.core import events as payload
from warroom.core.events import Kind
from warroom.incident.base import ServiceBase, _playbook, update_deliveries
from warroom.storage.db import Row, Tx


class CompletionRules(ServiceBase):
    def _complete(self, tx: Tx, incident: Row, events: list[str], because: str) -> None:
        """Tick the open items this change completes (their `done_when`), each with an entry
        that says why: the checklist follows what the console already knows."""
        wanted = {
            (phase.key, pos)
            for phase in _playbook(incident).phases
            for pos, item in enumerate(phase.items)
            if item.done_when in events
        }
        if not wanted:
            return
        for row in tx.all(
            "SELECT * FROM checklist_item WHERE incident_id = ? AND done = ? ORDER BY id",
            incident["id"],
            False,
        ):
            if (row["phase"], row["position"]) in wanted:
                self._apply_done(tx, incident, row, True, because)

    def _apply_done(self, tx: Tx, incident: Row, item: Row, done: bool, because: str = "") -> None:
        tx.run(
            "UPDATE checklist_item SET done = ?, done_at = ?, done_by = ? WHERE id = ?",
            done,
            self.clock.now() if done else None,
            self.actor if done else None,
            item["id"],
        )
        verb = "Ticked" if done else "Unticked"
        why = f" (automatically: {because})" if because else ""
        tick = payload.Checklist(item=item["id"], done=done, phase=item["phase"], because=because)
        self._record(
            tx,
            incident["id"],
            Kind.CHECKLIST,
            f"{verb} [{item['phase']}] {item['text']}{why}",
            tick.to_data(),
        )

    def _posted(self, tx: Tx, incident: Row, entry_id: int, template: str | None) -> None:
        """An update reached someone: what it completes is ticked (the first one posted
        also completes `update:first`)."""
        earlier = [
            d
            for d in update_deliveries(tx, incident["id"])
            if d.posted_at is not None and d.entry.id != entry_id
        ]
        events = ["update:any"] + ([] if earlier else ["update:first"])
        if template:
            events.append(f"update:{template}")
        self._complete(tx, incident, events, f"update {template or 'posted'}")
