"""Escalation written as lines of one paragraph, each led by its rung ("Level 1: the
on-call engineer", "Secondary: the team lead, after 15 minutes"): a ladder without list
markers, which Markdown joins into one paragraph."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import TIER
from warroom.runbooks.escalation_who import _who
from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import clean

# "Level 1: …", "**Secondary** – …", "Tier 2 - …": a rung's label, then who is on it.
_LINE = re.compile(r"^\W*(?P<label>[\w -]{1,30}?)\W*\s*(?::|\s[-–—]\s)\s*(?P<who>\S.*)$")


def rung_lines(content: str, line: int) -> list[Entry]:
    """Who each line of a paragraph puts on a rung, in order, when every line (two or more)
    is led by a rung's label; otherwise none (one labelled line is the paragraph's own)."""
    lines = [s for s in re.split(r"\s*(?:\n|<br\s*/?>)\s*", content) if s.strip()]
    if len(lines) < 2:
        return []
    found: list[Entry] = []
    for n, text in enumerate(lines):
        plain = re.sub(r"\*\*|__", "", clean(text))
        match = _LINE.match(plain)
        if not match or not TIER.match(match.group("label").strip()):
            return []
        # the rung's delay is no part of who is on it ("…, after 15 minutes")
        who = _who(re.split(r",\s+(?=after|within|if|when)\b", match.group("who"))[0])
        if not who:
            return []  # "Level 1: full outage": what a level means, not who is on a rung
        found.append(Entry(who, plain, line + n))
    return found
