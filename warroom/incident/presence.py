"""Who is watching: presence, not incident state, so no timeline entries; and where a
drill's clock stands, for other processes. How a console counts as there differs by backend
(see warroom.storage.presence)."""

from __future__ import annotations

from warroom.core.clock import RealClock
from warroom.core.ids import parse_incident_id
from warroom.incident.base import ServiceBase
from warroom.storage import presence
from warroom.storage.db import Tx


class Presence(ServiceBase):
    def watching(self, incident_id: str, key: str) -> None:
        """This console (`key`) is open on the incident now (renewed by a heartbeat)."""
        now = self.clock.now()
        with self.store.write() as tx:
            incident = self._get(tx, incident_id)
            presence.watch(tx, key, incident["id"], self.actor, now)
            tx.presence.add(incident["id"])

    def keep_drill_clock(self, incident_id: str, speed: float, state: str) -> None:
        """Where the drill's simulated clock (this service's) stands now, and how it moves
        on (`state`: running, paused, stopped), for other processes to read."""
        now, real = self.clock.now(), RealClock().now()
        with self.store.write() as tx:
            incident = self._get(tx, incident_id)
            presence.keep_drill_clock(tx, incident["id"], now, real, speed, state)

    def stop_watching(self, key: str) -> None:
        with self.store.write() as tx:
            if (incident_id := presence.leave(tx, key)) is not None:
                tx.presence.add(incident_id)

    def watchers(self, incident_id: str) -> list[str]:
        """Who has a console open on the incident now, by name."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            return self._watchers(tx, ident)

    def _watchers(self, tx: Tx, ident: str) -> list[str]:
        return presence.watchers(tx, ident, self.clock.now())
