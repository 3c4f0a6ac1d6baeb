"""Who a list's items bring in: an item that says whom to page or notify, the places a lead
says to turn to when the steps did not work, and who stands on an escalation rung."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import TIER, escalation_chain, listed_after
from warroom.runbooks.escalation_cues import unanswered
from warroom.runbooks.escalation_who import _who, rung
from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import _imperative, _words


def items_bring_in(entries: list[Entry], kinds: list[str]) -> list[Entry]:
    """An item that says who to bring in ("If it's urgent, page the on-call engineer"),
    at any depth; escalation_chain decides from the item's own words."""
    # under an escalation heading, an item numbered as a rule or stage of it is read as
    # part of it ("Rule 1: notify the on-call engineer immediately")
    context = "escalation" in kinds[-1:]
    # "**T+30m**: notify the engineering manager": a timeline of who is told when (most of
    # the list's items labelled by a time), each labelled item read as escalating
    timeline = sum(bool(_AT_TIME.match(e.text)) for e in entries) * 2 > len(entries) >= 2
    return [
        Entry(who, e.text, e.line)
        for e in [*entries, *(c for e in entries for c in e.children)]
        for who in _item_brings_in(e, context, timeline)
    ] + [x for e in entries for x in listed_after(e)]  # "escalate to:" over its people


def _item_brings_in(entry: Entry, context: bool, timeline: bool) -> list[str]:
    """Whom an item brings in, from its text and from what its label says."""
    numbered = context and bool(_NUMBERED_RULE.match(entry.text))
    timed = timeline and bool(_AT_TIME.match(entry.text))
    return escalation_chain(entry.text, numbered) + escalation_chain(
        _labelled(entry), numbered or timed
    )


# "T+15m", "T + 1h", "+30 min", "After 2 hours", "60 min": a label that says when
_AT_TIME = re.compile(
    r"(?i)^\W*(?:t\s*\+\s*\d+\s*[a-z]*|\+\s*\d+\s*[a-z]+|(?:after\s+)?\d+\s*(?:m|mins?|minutes?|h|hrs?|hours?))\W*$"
)


def _labelled(entry: Entry) -> str:
    """What a short label's item says ("**Data breaches:** Report immediately to the
    Privacy Team"), "" for an item that is no label and its text."""
    label = entry.text
    if not entry.detail or len(_words(label)) > 5 or _imperative(label):
        return ""
    return entry.detail


def turned_to(entries: list[Entry], lead: str) -> list[Entry]:
    """ "If you cannot resolve the issue, see the following resources:" over "- [OKD
    Help](…)": where to turn, each a name alone (a handle, an address or a channel in an
    item is read where the text is read for who it names)."""
    if not (lead.endswith(":") and unanswered(lead)):
        return []
    found = [
        Entry(who, lead, e.line)
        for e in entries
        if not re.search(r"[@#]", e.text) and len(_words(e.text)) <= 4 and (who := _who(e.text))
    ]
    return found if len(found) * 2 >= len(entries) else []


# "Rule 1:", "Step 2 –", "Stage 3:": an item of an escalation policy numbered by its label.
_NUMBERED_RULE = re.compile(r"(?i)^\W*(?:rule|step|stage|level|tier|escalation)\s*\d+\s*[:–—-]")


def person_named(head: Entry, led_in: bool) -> Entry | None:
    """The item as who it names: its text, or after a lead-in to people the label that owns
    its condition ("**Legal** – when a customer threatens legal action")."""
    owner = head.cells.get("owner", "")
    if led_in and owner and _who(owner):
        return Entry(owner, head.text, head.line)
    return head if _who(head.text) else None


def rung_entry(who: str, head: Entry) -> Entry:
    """Who is on a rung, as an entry; a label naming the rung and who is on it ("**1st line
    (user support):** the service desk") is who, as written, rung and all."""
    label = re.match(r"(.+?)\s*\(([^()]+)\)$", head.text.strip(" *_:"))
    if head.detail and label and _who(label.group(2)).lower() == who.lower():
        named = label.group(0)
        return Entry(named, head.text, head.line, {"=name": named})
    return Entry(who, head.text, head.line)


def on_rung(head: Entry) -> str:
    """Who an item under an escalation heading puts on a rung: "Level 1: Support engineer",
    or the rung and who in its head ("**Tier 2 – Desktop Support.** Takes calls …")."""
    if TIER.match(head.text.strip(" *")) and (who := _who(head.detail)):
        return who
    return rung(head.text)


PAGED = re.compile(
    r"(?i)\b(?:paged|called|notified|contacted|escalated\s+to"
    r"|(?:takes|gets|receives)\s+(?:the\s+|every\s+|all\s+)?(?:pages?|alerts?|calls?))\b"
)


WHEN_LEAD = re.compile(r"(?i)\b(?:if|when|whenever|unless|in\s+case)\s*:$")
BRING_IN = re.compile(
    r"(?i)\b(?:notif\w*|escalat\w*|contacted|inform(?:ed)?|paged?|paging|called|alerted)\b"
)


def relative(text: str) -> tuple[str, str]:
    """ "a backup engineer, who is paged if …" → ("a backup engineer", "who is paged if …")."""
    name, comma, rest = text.partition(", who ")
    return (name, f"who {rest}") if comma else (text, "")
