"""An incident's whole record, from the database or from an exported file, for reading back
(replay, drills written from it). Nothing here writes to the database it reads."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from warroom.core.errors import UsageError
from warroom.core.state import IncidentState
from warroom.storage.store import Store


def is_file(source: str) -> bool:
    """An exported file (a name ending in .json, or a file that exists), not an incident id."""
    return source.endswith(".json") or Path(source).is_file()


def read_export(file: str) -> Any:
    """An exported incident's JSON, or a one-line reason why it cannot be read."""
    try:
        return json.loads(Path(file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{file}: cannot read: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:  # a decode error, or nesting too deep to read
        reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        raise UsageError(f"{file}: not JSON: {reason}") from None


def whole_state(source: str, db: str | Path | None) -> IncidentState:
    """Every entry of the incident, with its items and roles: `source` is an incident id in
    `db` (opened read-only), or an exported file (loaded, after its chain is checked, into a
    throwaway database that is gone when this returns)."""
    from warroom.incident.chaining import ChainBroken
    from warroom.incident.service import IncidentService

    if not is_file(source):
        service = IncidentService(Store(db, readonly=True))
        try:
            return service.state(source)
        finally:
            service.store.close()
    data = read_export(source)
    with tempfile.TemporaryDirectory(prefix="warroom-") as folder:
        service = IncidentService(Store(Path(folder) / "read.db"), actor="warroom")
        try:
            ident, _ = service.import_incident(data)
            return service.state(ident)
        except ChainBroken as exc:
            raise UsageError(f"{source}: {exc}: check it with warroom verify") from None
        finally:
            service.store.close()
