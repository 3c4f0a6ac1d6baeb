"""An incident brought in whole from an export (the export itself is postmortem.to_json),
renumbered if its id is taken. The rows are written by warroom.storage.incident_rows."""

from __future__ import annotations

from typing import Any

from warroom.core.errors import UsageError
from warroom.core.fields import to_data, validate
from warroom.core.ids import incident_id as make_id
from warroom.core.ids import parse_incident_id
from warroom.core.limits import check_export
from warroom.core.playbook import Playbook
from warroom.incident.commands import Commands
from warroom.storage import incident_rows as rows
from warroom.storage.db import Tx


class Importing(Commands):
    def import_incident(self, data: dict[str, Any]) -> tuple[str, bool]:
        """An exported incident, whole, in one transaction; renumbered if its id is taken.

        The id and whether it was renumbered. Nothing is added to the timeline, so that an
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
                self._import_timeline(tx, ident, data["timeline"], items)
                for ep in data.get("endpoints", []):
                    rows.insert_endpoint(tx, ident, ep)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            # (pydantic's ValidationError, for a damaged playbook, is a ValueError)
            raise UsageError(
                f"the export is damaged or incomplete: {type(exc).__name__}: {exc}"
            ) from None
        return ident, renumbered

    @staticmethod
    def _import_timeline(tx: Tx, ident: str, timeline: list[Any], items: list[int]) -> None:
        """The entries, in order; an entry's `item` and `corrects` point at items and entries
        by position in the export, and at their new ids here."""
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
            entries.append(rows.insert_entry(tx, ident, e, entry_data))
