"""The timeline's hash chain in the database: linking each new entry as it is written, and
checking an incident's chain or an exported file's (see core/chain.py for what is hashed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from warroom.core.chain import GENESIS, Break, Checked, Link, Recorded, check, portable
from warroom.core.errors import NotFound, UsageError
from warroom.core.ids import parse_incident_id
from warroom.core.timefmt import t_plus
from warroom.core.words import plural
from warroom.storage.db import Row, Tx, utc
from warroom.storage.store import Store


class ChainBroken(UsageError):
    """An exported file's hash chain does not hold: it was changed after it was written."""

    def __init__(self, broken: Break) -> None:
        super().__init__(f"the timeline's hash chain is broken at {broken}")
        self.broken = broken


def link(
    tx: Tx, incident_id: str, kind: str, actor: str, at: datetime, text: str,
    data: dict[str, Any] | None,
) -> Link:  # fmt: skip
    """A new entry's link. The caller holds the incident's row lock (see `ServiceBase._lock`,
    which reads the chain's head with the row), so the head is still the newest entry when
    this one is written: two consoles writing at once never fork the chain."""
    if incident_id in tx.heads:
        name, prev = tx.heads[incident_id]
    else:  # a new incident, not yet visible to anyone else
        head = tx.one(
            "SELECT COALESCE(chained_as, id) AS name, chain_head FROM incident WHERE id = ?",
            incident_id,
        )
        if head is None:
            raise NotFound(f"no incident {incident_id}")
        name, prev = head["name"], head["chain_head"] or GENESIS

    def item_ref(item: Any) -> Any:
        row = tx.one("SELECT phase, position FROM checklist_item WHERE id = ?", item)
        return [row["phase"], row["position"]] if row else item

    def hash_of(entry: Any) -> str | None:
        return tx.value("SELECT hash FROM timeline_entry WHERE id = ?", entry)

    hashed, corrects = portable(data, item_ref, hash_of)
    return Link(name, kind, actor, at, text, hashed, corrects, prev)


def verify_incident(store: Store, incident_id: str) -> Checked:
    """Every entry of the incident against the chain, oldest first."""
    ident, _, _ = parse_incident_id(incident_id)
    if store.empty:
        raise NotFound(f"no incident {ident}")
    with store.read() as tx:
        incident = tx.one(
            "SELECT declared_at, COALESCE(chained_as, id) AS name, chain_head FROM incident "
            "WHERE id = ?",
            ident,
        )
        if incident is None:
            raise NotFound(f"no incident {ident}")
        items = {
            r["id"]: [r["phase"], r["position"]]
            for r in tx.all(
                "SELECT id, phase, position FROM checklist_item WHERE incident_id = ?", ident
            )
        }
        rows = tx.all(
            "SELECT id, at, kind, actor, text, data, prev_hash, hash FROM timeline_entry "
            "WHERE incident_id = ? ORDER BY id",
            ident,
        )
    start = utc(incident["declared_at"])
    checked = check(_from_rows(rows, incident["name"], start, items))
    if checked.broken is None and (incident["chain_head"] or GENESIS) != checked.head:
        last = (
            f"{t_plus(utc(rows[-1]['at']) - start)} entry id {rows[-1]['id']}"
            if rows
            else "the timeline"
        )
        return Checked(checked.entries, checked.head, Break(
            max(0, checked.entries - 1), last,
            "is not the newest entry the incident recorded (entries were removed from "
            "or added at the end)"))  # fmt: skip
    return checked


def _from_rows(
    rows: list[Row], name: str, start: datetime, items: dict[int, list[Any]]
) -> Iterator[Recorded]:
    import json

    hashes = {r["id"]: r["hash"] for r in rows}
    for r in rows:
        data = r["data"]
        if isinstance(data, str | bytes):
            data = json.loads(data)
        at = utc(r["at"])
        hashed, corrects = portable(data, lambda i: items.get(i, i), hashes.get)
        linked = Link(name, r["kind"], r["actor"], at, r["text"], hashed, corrects, r["prev_hash"])
        yield Recorded(linked, r["hash"], start, f"entry id {r['id']}")


def verify_export(data: Any) -> Checked:
    """The chain an exported incident carries (see postmortem.to_json), checked against its
    entries and its recorded head: an entry cut from the end is caught by the head."""
    try:
        incident = data["incident"]
        chain = data.get("chain")
        if not isinstance(chain, dict):
            raise UsageError("the export carries no chain (written before warroom kept one)")
        name = str(chain.get("incident") or incident["id"])
        start = datetime.fromisoformat(incident["declared_at"])
        checklist = data["checklist"]
        timeline = data["timeline"]
        checked = check(_from_export(timeline, checklist, name, start))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise UsageError(
            f"the export is damaged or incomplete: {type(exc).__name__}: {exc}"
        ) from None
    if checked.broken is None and (chain.get("entries"), chain.get("head")) != (
        checked.entries,
        checked.head,
    ):
        said = f"{plural(int(chain.get('entries') or 0), 'entry', 'entries')} ending in {str(chain.get('head'))[:12]}"
        found = f"{checked.entries} ending in {checked.head[:12]}"
        last = f"timeline[{checked.entries - 1}] (the last)" if checked.entries else "timeline"
        return Checked(
            checked.entries,
            checked.head,
            Break(max(0, checked.entries - 1), last,
                  f"the chain's head says {said}, the timeline has {found} "
                  "(entries were removed from or added at the end)"),
        )  # fmt: skip
    return checked


def _from_export(
    timeline: list[dict[str, Any]], checklist: list[dict[str, Any]], name: str, start: datetime
) -> Iterator[Recorded]:
    def item_ref(index: Any) -> Any:
        if isinstance(index, int) and 0 <= index < len(checklist):
            return [checklist[index]["phase"], checklist[index]["position"]]
        return index

    def hash_of(index: Any) -> str | None:
        if isinstance(index, int) and 0 <= index < len(timeline):
            return timeline[index].get("hash")
        return None

    for n, e in enumerate(timeline):
        at = datetime.fromisoformat(e["at"])
        data = e["data"]
        if data is not None and not isinstance(data, dict):
            raise TypeError("a timeline entry's data is not an object")
        hashed, corrects = portable(data, item_ref, hash_of)
        prev = e.get("prev")
        link = Link(name, str(e["kind"]), str(e["actor"]), at, str(e["text"]), hashed, corrects,
                    str(prev) if prev is not None else "")  # fmt: skip
        stored = e.get("hash")
        yield Recorded(link, str(stored) if stored is not None else None, start, f"timeline[{n}]")
