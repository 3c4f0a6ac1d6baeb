"""A drill's clock as the console playing it keeps it, read by other processes: a second
console on the drill tells (and writes in) the drill's time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from warroom.core.ids import parse_incident_id
from warroom.storage.db import utc

if TYPE_CHECKING:
    from warroom.storage.store import Store


class DrillClockReads:
    store: Store

    def kept_drill_clock(self, incident_id: str) -> tuple[datetime, datetime, float, str] | None:
        """(simulated now, real time it was written, speed, running|paused|stopped), or None
        when no console has kept this drill's clock (or the incident is no drill)."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            row = tx.one(
                "SELECT simulated_at, real_at, speed, state FROM drill_clock WHERE incident_id = ?",
                ident,
            )
        if row is None:
            return None
        return utc(row["simulated_at"]), utc(row["real_at"]), float(row["speed"]), row["state"]
