"""A lead-in that tells the reader what to do over the list it introduces: "Escalate to the
cluster administrator if:" over the conditions, "If you cannot resolve the issue, see the
following resources:" over where help is. The lead is a step, the list its detail; where the
lead says the runbook's steps did not work, the list's short items (links, channels, teams)
are where help comes from."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.procedure import told
from warroom.runbooks.vocabulary import _words, clean

# "If the problem persists", "If you cannot resolve the issue", "When nothing above works":
# the steps did not work.
_FAILED = re.compile(
    r"(?i)^\W*(?:if|when|should|in\s+case)\b[^,:]{0,80}?\b(?:cannot|can't|can\s+not|unable"
    r"|not\s+(?:able|resolved?|fixed|working|work|help)|persists?|continues?|still|fails?"
    r"|(?:doesn't|does\s+not|didn't|did\s+not|don't|do\s+not)\s+(?:work|help|resolve|fix)"
    r"|stuck|nothing)\b[^:]*?,\s*"
)
# The verbs that send the reader to someone or somewhere: escalate, contact, see, ask …
_SENDS = re.compile(
    r"(?i)^\W*(?:then\s+)?(?:(?:you\s+(?:can|should|must|may)\s+)?(?:escalate|contact|see|ask"
    r"|page|call|notify|reach\s+out|consult|refer|raise|file|post|ping|email|get\s+in\s+touch"
    r"|open\s+a\s+(?:ticket|case|support\s+case|bug|issue)))\b"
)
_MOST_WORDS = 8  # "OKD Help", "#virtualization Slack channel": a place, not a sentence


def lead_step(lead: str, line: int, entries: list[Entry]) -> Entry | None:
    """The lead as a step whose detail is the list, or None: it ends with a colon and sends
    the reader to someone or somewhere, after a condition or not."""
    said = clean(lead)
    if not said.endswith(":") or len(_words(said)) < 3:
        return None  # "Post GA:" is a label
    failed = _FAILED.match(said)
    main = said[failed.end() :] if failed else said
    if not _SENDS.match(main):
        return None
    detail = "; ".join(e.text for e in entries)
    return Entry(said, detail, line)


def help_places(lead: str, entries: list[Entry]) -> list[Entry]:
    """Where help comes from when the steps did not work: the short items of the list after
    "If you cannot resolve the issue, see the following resources:" (none otherwise)."""
    said = clean(lead)
    if not (said.endswith(":") and _FAILED.match(said) and lead_step(lead, 0, entries)):
        return []
    places = [e for e in entries if len(_words(e.text)) <= _MOST_WORDS and not told(e.text)]
    if len(places) * 2 <= len(entries):
        return []
    # named as written ("#virtualization Slack channel"), not cut to a person's name
    return [Entry(e.text, said, e.line, {"=name": e.text}) for e in places]


def instruction_over(lead: str, line: int, entries: list[Entry]) -> Entry | None:
    """ "First check the labels `long` and `short`." over the cases they may show: one short
    instruction, a sentence of its own, over a list that is no steps; the lead is the step
    and the list its detail."""
    said = clean(lead)
    words = _words(said)
    if not said.endswith(".") or ". " in said or not 3 <= len(words) <= 16 or not told(said):
        return None
    return Entry(said, "; ".join(e.text for e in entries), line)
