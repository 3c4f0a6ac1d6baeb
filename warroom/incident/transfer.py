"""Moving incidents between databases whole: every incident of one database copied into
another (`warroom db copy`), through the same export and import as `warroom export` and
`warroom import`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warroom.storage.db import StoreError
from warroom.storage.store import Store


@dataclass(frozen=True)
class Copied:
    incident: str  # its id in the source
    now: str  # its id in the destination
    skipped: bool  # already there (same title, declared at the same instant)


def copy(source: str | Path, destination: str | Path) -> list[Copied]:
    """Every incident of one database into another, each in its own transaction.

    Run twice, it copies nothing twice: an incident already there (same title, declared at
    the same instant) is skipped. One whose id is taken by a different incident gets the
    next free number, as `warroom import` does.
    """
    from warroom.incident.service import IncidentService

    src = IncidentService(Store(source))
    dst = IncidentService(Store(destination))
    try:
        if src.store.url == dst.store.url:
            raise StoreError(f"{src.store.where}: source and destination are the same database")
        done = []
        there = {(i.title, i.declared_at): i.id for i in dst.list_incidents()}
        for summary in reversed(src.list_incidents()):  # oldest first keeps numbers in order
            if same := there.get((summary.title, summary.declared_at)):
                done.append(Copied(summary.id, same, True))
                continue
            data = src.export(summary.id)
            ident, _ = dst.import_incident(data)
            done.append(Copied(summary.id, ident, False))
        return done
    finally:
        src.store.close()
        dst.store.close()
