"""The timeline as a hash chain: each entry carries the hash of the entry before it (in its
incident) and the hash of its own content, so an entry changed, removed or slipped in after
the fact no longer matches.

What is hashed never depends on row ids, so an entry hashes the same in SQLite, in
PostgreSQL and in an exported file: a checklist entry names its item by phase and position,
a correction names the entry it corrects by that entry's hash, and the incident is named by
the id its chain was written under (an import that renumbers keeps that name).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

VERSION = 1  # of the canonical form: part of every hash
GENESIS = "0" * 64  # what the first entry of an incident names as the entry before it


@dataclass(frozen=True)
class Link:
    """An entry as the chain sees it."""

    incident: str  # the id the chain was written under
    kind: str
    actor: str
    at: datetime
    text: str
    data: dict[str, Any] | None  # "item" as [phase, position]; without "corrects"
    corrects: str | None  # the hash of the entry this one corrects
    prev: str  # the hash of the entry before it, GENESIS for the first

    def canonical(self) -> bytes:
        body = {
            "v": VERSION,
            "incident": self.incident,
            "kind": self.kind,
            "actor": self.actor,
            "at": utc_iso(self.at),
            "text": self.text,
            "data": self.data,
            "corrects": self.corrects,
            "prev": self.prev,
        }
        return json.dumps(
            body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=True
        ).encode("utf-8")

    @cached_property
    def hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def utc_iso(at: datetime) -> str:
    """A moment as the chain writes it: UTC, to the microsecond (as both databases keep it)."""
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    return at.isoformat(timespec="microseconds")


def portable(
    data: dict[str, Any] | None,
    item_ref: Callable[[Any], Any],
    hash_of: Callable[[Any], str | None],
) -> tuple[dict[str, Any] | None, str | None]:
    """An entry's data as hashed, and the hash of the entry it corrects: `item_ref` turns the
    entry's item reference into [phase, position], `hash_of` its `corrects` into a hash.
    The data is read as JSON reads it back (what the database keeps)."""
    if data is None:
        return None, None
    data = json.loads(json.dumps(data))
    corrects = data.pop("corrects", None)
    if data.get("item") is not None:
        data["item"] = item_ref(data["item"])
    return data, (hash_of(corrects) if corrects is not None else None)


@dataclass(frozen=True)
class Recorded:
    """An entry as stored: its content, and the two hashes stored with it."""

    link: Link  # with `prev` as stored
    stored: str | None  # its hash as stored (None: never chained)
    start: datetime  # when the incident was declared
    ref: str  # where it is: "entry id 1234", "timeline[12]"

    @property
    def label(self) -> str:
        """How a reader finds it: "T+00:12:03 entry id 1234" (made only for a break)."""
        from warroom.core.timefmt import t_plus

        return f"{t_plus(self.link.at - self.start)} {self.ref}"


@dataclass(frozen=True)
class Break:
    """The first entry that does not match."""

    index: int  # its position in the timeline, from 0
    label: str
    what: str

    def __str__(self) -> str:
        return f"{self.label}: {self.what}"


@dataclass(frozen=True)
class Checked:
    entries: int
    head: str  # the last entry's hash (GENESIS for an empty timeline)
    broken: Break | None


def check(entries: Iterable[Recorded]) -> Checked:
    """Walks the chain in order; stops at the first entry that does not match."""
    expected = GENESIS
    count = 0
    for n, entry in enumerate(entries):
        count = n + 1
        link = entry.link
        if entry.stored is None:
            return Checked(count, expected, Break(n, entry.label, "has no hash: never chained"))
        if link.prev != expected:
            what = (
                "names an entry before it that is not the one before it "
                "(an entry before it was removed, inserted or rewritten)"
            )
            if n == 0:
                what = "is the first entry, but names an entry before it"
            return Checked(count, expected, Break(n, entry.label, what))
        if link.hash != entry.stored:
            return Checked(
                count,
                expected,
                Break(n, entry.label, "its content (kind, actor, time, text or data) was changed"),
            )
        expected = entry.stored
    return Checked(count, expected, None)
