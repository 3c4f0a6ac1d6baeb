"""Escalation: who is brought in, in order, from prose, arrows and lists ("page the
IMOC, then Infrastructure Leadership", "A → B → C")."""

from __future__ import annotations

import re

from warroom.runbooks.vocabulary import _words, clean


def escalation_chain(text: str, escalation_context: bool) -> list[str]:
    """Who is brought in, in order, from prose: "A → B → C", "page the IMOC, then
    Infrastructure Leadership", "escalate to the Secondary"."""
    arrows = re.split(r"\s*(?:→|->|⟶|=>|➡)\s*", text)
    if len(arrows) >= 3 or (len(arrows) == 2 and escalation_context):
        return [w for w in (_who(a) for a in arrows) if w]
    lowered = text.lower()
    if not (escalation_context or "escalat" in lowered
            or re.search(r"\b(page|call|notify)\b[^.]*,?\s+then\b", lowered)):  # fmt: skip
        return []
    out: list[str] = []
    verbs = r"(?:pages?|paging|escalate(?:s|d)?(?:\s+\w+){0,3}?\s+to|escalation\s+(?:will\s+be|is|goes)\s+to|notify|call|engage|contact)"
    for match in re.finditer(rf"(?i)(?<![\w-]){verbs}\s+(.+?)(?:[.;!?](?:\s|$)|$)", text):
        clause = match.group(1)
        for part in re.split(
            r"(?i),?\s+(?:and\s+)?then\s+(?:page\s+|call\s+|notify\s+|escalate\s+to\s+)?", clause
        ):
            who = _who(part)
            if who and who not in out:
                out.append(who)
    return out


def _who(text: str) -> str:
    text = clean(text)
    text = re.split(
        r"(?i)\s+(?:who|which|if|when|for|to\s+\w+e\b|so|because|until|via|by|in\s+(?:slack|pagerduty|the)|immediately|now|asap|directly|first|after|within|at\s+once)\b|[,(:]",
        text,
    )[0]
    text = re.sub(r"(?i)^(?:the|a|an|your|our)\s+", "", text.strip(" .;-–—*"))
    words = _words(text)
    if not words or len(words) > 7 or words[0] in ("you", "them", "us", "me", "him", "her", "it",
                                                     "someone", "this", "that", "anyone"):  # fmt: skip
        return ""
    return (
        text[:1].upper() + text[1:] if text[:1].islower() and words[0] not in ("on-call",) else text
    )
