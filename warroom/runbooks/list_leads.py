"""What the sentence before a list says the list is: what something holds ("The report
should contain:"), what there is ("There are three possible sources:"), named rather than
told."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import _imperative

# A lead that says what something holds: "The report should contain:", "The team includes:",
# "use the following channels:"; not "Take the following actions:".
_CONTENTS = re.compile(
    r"(?i)\b(?:contains?|includes?|including|consists?\s+of|comprises?|such\s+as|e\.g\."
    r"|for\s+example|examples?|the\s+following\s+(?!(?:steps?|actions?|tasks?|procedures?|process"
    r"|workflow|sequence|order|timeline|phases?|stages?)\b)\w+)"
)
# "There are three possible sources:", "There are several ways a page arrives:": what there
# is, named or said to happen (told steps are told: "There are a few things to do:" over
# orders)
_THERE_ARE = re.compile(r"(?i)^\W*there\s+(?:are|is|can\s+be)\b")
STEP_WORDS = re.compile(
    r"(?i)\b(steps?|procedures?|checklists?|actions?|tasks?|to[- ]dos?|do the following)\b"
)
_FINITE = re.compile(
    r"(?i)\b(?:is|are|was|were|will|should|must|shall|can|may|has|have|gets?|receives?|sends?)\b"
)


def clause(entry: Entry) -> bool:
    """An item that says who does what ("The report is acknowledged"), not a named thing
    ("Statement of support: a few sentences …"): a verb before any label's colon."""
    head = entry.text.split(": ", 1)[0]
    return _imperative(head) or bool(_FINITE.search(head))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def named_by_lead(entries: list[Entry], lead: str, imperative: int) -> str:
    """Why a list is what its lead names ("The report should contain:", "There are three
    possible sources:"), not steps, or "". The sentence that leads in to the list is the
    paragraph's last ("The first step is to identify it. There are three sources:")."""
    last = SENTENCE_END.split(lead)[-1]
    if not lead.endswith(":") or STEP_WORDS.search(last) or imperative * 2 >= len(entries):
        return ""
    # What a report contains is named, not told: items that say who does what are a process.
    if _CONTENTS.search(last) and sum(map(clause, entries)) * 2 <= len(entries):
        return f"what “{lead.rstrip(':')}” names, not steps"
    if _THERE_ARE.match(last):
        return f"what “{last.rstrip(':')}” names, not steps"
    return ""
