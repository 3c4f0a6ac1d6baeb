"""An incident brought in whole from an export (the export itself is postmortem.to_json),
renumbered if its id is taken. The rows are written by warroom.storage.incident_rows."""

from __future__ import annotations

from typing import Any

from warroom.core.chain import Break, Checked
from warroom.core.errors import UsageError
from warroom.core.events import Kind
from warroom.core.fields import to_data, validate
from warroom.core.ids import incident_id as make_id
from warroom.core.ids import parse_incident_id
from warroom.core.limits import check_export
from warroom.core.playbook import Playbook
from warroom.core.words import plural
from warroom.incident.chaining import ChainBroken, link, verify_export, verify_incident
from warroom.incident.commands import Commands
from warroom.storage import incident_rows as rows
from warroom.storage.db import Tx


class Importing(Commands):
    def export(self, incident_id: str) -> dict[str, Any]:
        """The whole incident as portable JSON, with its hash chain (`warroom export`)."""
        from warroom.incident.postmortem import to_json

        state = self.state(incident_id)
        ident = state.incident.id
        with self.store.read() as tx:
            name = tx.value("SELECT chained_as FROM incident WHERE id = ?", ident)
        return to_json(state, self.endpoint_states(ident), name)

    def verify(self, incident_id: str) -> Checked:
        """Every entry of the incident against the hash chain, oldest first."""
        return verify_incident(self.store, incident_id)

    def import_incident(
        self, data: dict[str, Any], accept_broken_chain: bool = False
    ) -> tuple[str, bool]:
        """An exported incident, whole, in one transaction; renumbered if its id is taken.

        The id and whether it was renumbered. Its hash chain is checked first: a broken one
        is refused (ChainBroken) unless accepted, and then the entries are chained anew and
        an entry says why. With its chain whole nothing is added to the timeline, so that an
        export of the imported incident equals the file it came from.
        """
        from warroom.incident.postmortem import EXPORT_FORMAT, EXPORT_VERSION

        if (
            not isinstance(data, dict)
            or data.get("format") != EXPORT_FORMAT
            or data.get("version") != EXPORT_VERSION
        ):
            raise UsageError(
                f"not a warroom incident export (format {EXPORT_FORMAT} version {EXPORT_VERSION})"
            )
        check_export(data, self.clock.now())
        chained = data.get("chain") is not None
        broken = verify_export(data).broken if chained else None
        if broken is not None and not accept_broken_chain:
            raise ChainBroken(broken)
        try:
            inc = data["incident"]
            ident, prefix, number = parse_incident_id(inc["id"])
            playbook = validate(Playbook, inc["playbook"])
            renumbered = self.find(ident) is not None
            if renumbered:
                number = self._next_number(prefix)
                ident = make_id(prefix, number)
            with self.store.write() as tx:
                rows.insert_incident(
                    tx, ident, prefix, number, inc, to_data(playbook), len(data["timeline"])
                )
                for r in data["roles"]:
                    rows.insert_role(tx, ident, r)
                items = [rows.insert_item(tx, ident, i) for i in data["checklist"]]
                intact = chained and broken is None
                count = self._import_timeline(tx, ident, data["timeline"], items, intact)
                # Renumbered, its chain keeps naming the id it was written under.
                name = str(data["chain"].get("incident") or inc["id"]) if intact else ident
                tx.run(
                    "UPDATE incident SET chained_as = ?, chain_head = ? WHERE id = ?",
                    name if name != ident else None, tx.heads.get(ident, (ident, None))[1], ident,
                )  # fmt: skip
                if not intact:
                    self._record(tx, ident, Kind.CHAIN, *_chained_anew(broken, count))
                for ep in data.get("endpoints", []):
                    rows.insert_endpoint(tx, ident, ep)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            # (pydantic's ValidationError, for a damaged playbook, is a ValueError)
            raise UsageError(
                f"the export is damaged or incomplete: {type(exc).__name__}: {exc}"
            ) from None
        return ident, renumbered

    def _import_timeline(
        self, tx: Tx, ident: str, timeline: list[Any], items: list[int], intact: bool
    ) -> int:
        """The entries, in order; an entry's `item` and `corrects` point at items and entries
        by position in the export, and at their new ids here. With its chain `intact` each
        keeps its links as written (checked already); otherwise they are linked anew, here,
        as a migration links entries. How many there were."""
        entries: list[int] = []
        for e in timeline:
            entry_data = e["data"]
            if entry_data is not None and not isinstance(entry_data, dict):
                raise TypeError("a timeline entry's data is not an object")
            if entry_data and entry_data.get("item") is not None:
                entry_data = {**entry_data, "item": items[entry_data["item"]]}
            if entry_data and entry_data.get("corrects") is not None:
                # An earlier entry, by position (a correction follows what it corrects).
                entry_data = {**entry_data, "corrects": entries[entry_data["corrects"]]}
            if intact:
                prev, digest = str(e["prev"]), str(e["hash"])
            else:
                at = rows.when(e["at"])
                assert at is not None  # checked by check_export
                linked = link(tx, ident, str(e["kind"]), str(e["actor"]), at, str(e["text"]),
                              entry_data)  # fmt: skip
                prev, digest = linked.prev, linked.hash
            entries.append(rows.insert_entry(tx, ident, e, entry_data, prev, digest))
            tx.heads[ident] = (tx.heads.get(ident, (ident, ""))[0], digest)
        return len(entries)


def _chained_anew(broken: Break | None, count: int) -> tuple[str, dict[str, Any]]:
    """What an import whose file had no whole chain says in the timeline it chained anew."""
    if broken is None:
        return (
            f"Imported from a file without a hash chain: its {plural(count, 'entry', 'entries')} chained on import",
            {"chain": "none", "entries": count},
        )
    return (
        f"Imported although the file's hash chain was broken at {broken}: "
        f"its {plural(count, 'entry', 'entries')} chained anew on import",
        {"chain": "broken", "at": broken.index, "what": broken.what, "entries": count},
    )
