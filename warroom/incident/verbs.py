"""What a mixin of IncidentService's verbs uses of the service, declared for the type checker:
the verbs live in modules by subject, and IncidentService is composed of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warroom.core.clock import Clock
    from warroom.core.playbook import Playbook
    from warroom.core.state import Entry, IncidentState
    from warroom.storage.db import Row, Tx
    from warroom.storage.store import Store


class Verbs:
    store: Store
    clock: Clock

    if TYPE_CHECKING:

        @property
        def actor(self) -> str: ...

        @classmethod
        def _lock(cls, tx: Tx, incident_id: str) -> Row: ...

        def _record(
            self,
            tx: Tx,
            incident_id: str,
            kind: str,
            text: str,
            data: dict[str, Any] | None = None,
            bump: bool = True,
        ) -> Entry: ...

        def _whole(self, tx: Tx, ident: str, window: int | None = None) -> IncidentState: ...

        def state(
            self,
            incident_id: str,
            previous: IncidentState | None = None,
            window: int | None = None,
        ) -> IncidentState: ...


def playbook_of(row: Row) -> Playbook:
    """The playbook an incident was declared with (its stored copy)."""
    import json

    from warroom.core.fields import build
    from warroom.core.playbook import Playbook

    data = row["playbook"]
    return build(Playbook, json.loads(data) if isinstance(data, str | bytes) else data)


def entries_of(tx: Tx, ident: str, kind: str) -> list[Entry]:
    """The incident's entries of one kind, oldest first."""
    from warroom.core.state import Entry
    from warroom.storage.db import view

    rows = tx.all(
        "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind = ? ORDER BY id", ident, kind
    )
    return [view(Entry, r) for r in rows]
