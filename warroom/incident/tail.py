"""An incident's timeline streamed out of the console (`warroom tail`), and notes streamed in
(`warroom log INC-42 -`): what a chat bridge, a log shipper or a second screen is built from.

Per incident, entry ids grow in commit order (its writes are serial), so "the entries after
the last one shown" never skips one. Following, the database thread hears of new entries as the
console does: on a SQLite file by its data version a few times a second, on PostgreSQL by
LISTEN/NOTIFY at commit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from warroom.core.clock import to_local
from warroom.core.events import Kind
from warroom.core.ids import parse_incident_id
from warroom.core.state import Entry
from warroom.core.timefmt import t_plus
from warroom.storage.db import StoreError, view
from warroom.text.safe import safe_line, safe_text

if TYPE_CHECKING:
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

PAGE = 1000  # entries read at a time: a 200,000-entry incident streams, it is not held
WAIT_S = 0.05  # how often a follower asks its database thread whether there is news
RECHECK_S = 5.0  # and reads anyway this often, should a notification have been missed
# The thread starts listening (or takes the file's first data version) only after the first
# read: what was committed in between is read once more, this soon after.
FIRST_RECHECK_S = 0.5


class TimelineReading:
    """The service's reads of a timeline by entry id (a mixin of IncidentService)."""

    store: Store

    def entries_after(self, incident_id: str, after: int, limit: int = PAGE) -> list[Entry]:
        """Up to `limit` entries newer than entry `after`, oldest first."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            rows = tx.all(
                "SELECT * FROM timeline_entry WHERE incident_id = ? AND id > ? "
                "ORDER BY id LIMIT ?",
                ident, after, limit,
            )  # fmt: skip
        return [view(Entry, row) for row in rows]

    def newest_entry_id(self, incident_id: str) -> int:
        """The id of the incident's newest entry (0 if it has none)."""
        ident, _, _ = parse_incident_id(incident_id)
        with self.store.read() as tx:
            value = tx.value("SELECT MAX(id) FROM timeline_entry WHERE incident_id = ?", ident)
        return int(value or 0)


# -- shown --------------------------------------------------------------------------------
KIND_WIDTH = max(len(kind.value) for kind in Kind)  # the kind column lines up


def text_line(entry: Entry, declared_at: datetime, delivery: str | None = None) -> str:
    """T+, time of day, actor, kind and text; the text made safe for a terminal, its later
    lines indented under the first; an update's `delivery` (where it got to) under it, as
    the console shows it: "→ chat: FAILED HTTP 500"."""
    head = (
        f"{t_plus(entry.at - declared_at)}  {to_local(entry.at).strftime('%H:%M:%S')}  "
        f"{safe_line(entry.actor)}  {entry.kind:<{KIND_WIDTH}}  "
    )
    text = safe_text(entry.text).rstrip("\n")
    if delivery:
        text += f"\n→ {safe_line(delivery)}"
    first, *rest = text.split("\n")
    indent = " " * len(head)
    return "\n".join([head + first, *(indent + line if line else "" for line in rest)])


def json_record(entry: Entry, incident: str, declared_at: datetime) -> dict[str, Any]:
    """The entry for --jsonl: its text exactly as written (json_line escapes, never cleans)."""
    return {
        "incident": incident,
        "id": entry.id,
        "at": entry.at.isoformat(),
        "t_plus": t_plus(entry.at - declared_at),
        "actor": entry.actor,
        "kind": str(entry.kind),
        "text": entry.text,
        "data": entry.data,
    }


def delivery_said(service: IncidentService, incident_id: str, entry: Entry) -> str | None:
    """Where an update entry got to, as recorded by now (None for any other entry)."""
    if entry.kind != Kind.UPDATE:
        return None
    from warroom.incident.base import update_deliveries

    ident, _, _ = parse_incident_id(incident_id)
    with service.store.read() as tx:
        known = update_deliveries(tx, ident)
    found = next((d for d in known if d.entry.id == entry.id), None)
    return found.summary() if found is not None and found.tracked else None


# -- following ----------------------------------------------------------------------------
@dataclass
class Follower:
    """The entries of one incident, as they are committed."""

    open_service: Callable[[], IncidentService]
    incident_id: str
    on_problem: Callable[[str | None], None] = lambda problem: None

    def entries(
        self, follow: bool, stop: threading.Event | None = None, new: bool = False
    ) -> Iterator[Entry]:
        """Every entry, oldest first (with `new`, none of those already written); with
        `follow`, then each new one as it is committed, until `stop` is set."""
        from warroom.storage.thread import DatabaseThread

        stop = stop or threading.Event()
        ident, _, _ = parse_incident_id(self.incident_id)
        thread = DatabaseThread(self.open_service, ident if follow else None)
        try:
            last, wait = 0, FIRST_RECHECK_S
            if new:
                last = thread.submit(_newest, thread, ident).result()
            while True:
                batch = self._read(thread, ident, last, stop)
                yield from batch
                if batch:
                    last = batch[-1].id
                if len(batch) == PAGE:
                    continue
                if not follow or stop.is_set():
                    return
                recheck, wait = time.monotonic() + wait, RECHECK_S
                while not stop.is_set() and not thread.news(last):
                    if time.monotonic() >= recheck:
                        break
                    stop.wait(WAIT_S)
                if stop.is_set():
                    return
        finally:
            thread.close()
            thread.join(timeout=2)

    def _read(self, thread: Any, ident: str, after: int, stop: threading.Event) -> list[Entry]:
        """The next page; while the database does not answer, said once, then tried again."""
        problem = None
        while True:
            try:
                batch: list[Entry] = thread.submit(_after, thread, ident, after).result()
            except StoreError as exc:
                if after == 0 and thread.service is None:
                    raise  # cannot even open it: the command's one-line error
                if str(exc) != problem:
                    problem = str(exc)
                    self.on_problem(problem)
                if stop.wait(1.0):
                    return []
                continue
            if problem is not None:
                self.on_problem(None)
            return batch


def _newest(thread: Any, ident: str) -> int:
    return int(thread.service.newest_entry_id(ident))


def _after(thread: Any, ident: str, after: int) -> list[Entry]:
    entries: list[Entry] = thread.service.entries_after(ident, after)
    return entries


# -- notes from standard input ------------------------------------------------------------
@dataclass(frozen=True)
class LineResult:
    number: int  # the line's number in the input, from 1
    entry: Entry | None  # saved; None: refused
    reason: str = ""  # refused: why, in a few words


def log_lines(
    service: IncidentService, incident_id: str, lines: Iterable[str | bytes]
) -> Iterator[LineResult]:
    """Each non-empty line a note (its length checked as any note's), saved as it arrives: a
    bridge's pipe is never read to its end first. A line that cannot be a note is refused
    with its reason; the lines around it are saved all the same."""
    from warroom.core.errors import WarroomError

    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                yield LineResult(number, None, "not UTF-8 text")
                continue
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        try:
            yield LineResult(number, service.add_note(incident_id, text))
        except WarroomError as exc:
            yield LineResult(number, None, str(exc))
