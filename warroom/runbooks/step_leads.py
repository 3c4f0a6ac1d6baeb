"""A paragraph led by its step: lettered ("A. Confirm the incident."), labelled ("**Step 2:**
Open the channel"), numbered in bold ("**1. Create the ticket** An incident is logged …") or
an instruction in bold ("**Tell support.** Post in #support …"); the rest says how. And a list
item that names its step first ("Cleanup - organise the removal of …")."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import _imperative, _words, clean

# "A. Allocate 5 minutes …", "b) Assess the severity.": a paragraph lettered as a step.
# "**Step 2:** Open the incident channel.": a paragraph labelled as a step.
_LETTERED = re.compile(
    r"^(?:[A-Za-z][.)]|(?i:step)\s+\d{1,2}[a-z]?\s*[.:)–-])\s+(\S.*)$", re.DOTALL
)


_NUMBERED_LEAD = re.compile(r"^(?:\d{1,2}|[A-Za-z])\s*[.):]\s*(\S.*)$")


def numbered_lead(lead: tuple[str, str] | None, line: int) -> Entry | None:
    """ "**1. Create the incident ticket** An incident is logged by …": a paragraph led by its
    step's number and name in bold, the step; what follows the bold, how it is done."""
    if lead is None or not lead[1].strip() or not (said := _NUMBERED_LEAD.match(clean(lead[0]))):
        return None  # "**1. Assess the issues**" alone on its line heads what follows
    title = said[1].strip(" :")
    return Entry(title, clean(lead[1]), line) if _imperative(title) else None


def bold_instruction(lead: tuple[str, str] | None, line: int) -> Entry | None:
    """ "**Tell support.** Post in #support that search is degraded.": a paragraph led by a
    short instruction in bold, a sentence of its own, the step; what follows, how."""
    if lead is None or not lead[1].strip():
        return None
    title = clean(lead[0]).strip()
    if not title.endswith((".", "!")) or not 2 <= len(_words(title)) <= 8:
        return None
    return Entry(title, clean(lead[1]), line) if _imperative(title) else None


def lettered_step(text: str, line: int) -> Entry | None:
    """A paragraph that starts with a letter and states an instruction is a step (its first
    sentence, the rest its detail); "J. Smith wrote this" names no instruction."""
    found = _LETTERED.match(text)
    if not found or not _imperative(found.group(1)):
        return None
    said = found.group(1).strip()
    cut = said.find(". ", 20, 100) if len(said) > 100 else -1
    if cut > 0:
        return Entry(said[: cut + 1], said[cut + 2 :], line)
    return Entry(said, "", line)


# "Cleanup - organise the removal of temporary measures", "Planning – track the changes": a
# step named, then the instruction.
_NAMED = re.compile(r"^([^-–—:.]{2,40}?)\s+[-–—:]\s+(\S.*)$", re.DOTALL)


def named_instruction(text: str) -> bool:
    """An item that names its step in a few words and then says what to do."""
    named = _NAMED.match(text)
    return named is not None and len(named.group(1).split()) <= 4 and _imperative(named.group(2))
