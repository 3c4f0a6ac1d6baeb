"""Corrections are entries, never rewrites: an entry whose data says `corrects: ID` says again
what entry ID said wrongly (a note, or the title). Light: the console's first frame needs it."""

from __future__ import annotations

from warroom.core.kinds import Kind

# How an entry that a later one corrects is marked, by the kind of the later one.
CORRECTED: dict[str, str] = {Kind.TITLE: "title changed", Kind.NOTE: "corrected"}
