"""A drill's clock as the console playing it keeps it, read by other processes: a second
console on the drill tells (and writes in) the drill's time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from warroom.core.clock import DRILL_CLOCK_STALE_S
from warroom.core.ids import parse_incident_id
from warroom.storage.db import Tx, utc

if TYPE_CHECKING:
    from warroom.storage.store import Store


Kept = tuple[datetime, datetime, float, str]  # simulated now, real time written, speed, state


def read_kept(tx: Tx, ident: str) -> tuple[Kept | None, datetime | None]:
    """The drill's kept clock (None: no console kept it) and when its last entry was."""
    kept = _kept(tx, ident)
    last = tx.value("SELECT MAX(at) FROM timeline_entry WHERE incident_id = ?", ident)
    return kept, utc(last) if last else None


def _kept(tx: Tx, ident: str) -> Kept | None:
    row = tx.one(
        "SELECT simulated_at, real_at, speed, state FROM drill_clock WHERE incident_id = ?",
        ident,
    )
    if row is None:
        return None
    return utc(row["simulated_at"]), utc(row["real_at"]), float(row["speed"]), row["state"]


def drill_time(
    kept: Kept | None, last: datetime | None, real_now: datetime
) -> tuple[datetime, str]:
    """The drill's simulated now, as its console keeps it, and a word if it is not running
    ("stopped", "paused"; "" while it runs). A running clock goes on from its last write for
    DRILL_CLOCK_STALE_S at most: a console that died leaves its drill stopped there. A drill
    with no kept clock (played before warroom kept one) stands at its last entry."""
    if kept is None:
        return (last or real_now), "stopped"
    simulated, real_at, speed, state = kept
    if state != "running":
        return simulated, state
    ran = (real_now - real_at).total_seconds()
    if ran > DRILL_CLOCK_STALE_S:
        return simulated + timedelta(seconds=DRILL_CLOCK_STALE_S * speed), "stopped"
    return simulated + timedelta(seconds=max(0.0, ran) * speed), ""


class DrillClockReads:
    store: Store

    def kept_drill_clock(self, incident_id: str) -> Kept | None:
        """(simulated now, real time it was written, speed, running|paused|stopped), or None
        when no console has kept this drill's clock (or the incident is no drill)."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            return _kept(tx, ident)
