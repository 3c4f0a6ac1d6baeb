"""Who a paragraph of prose brings in, sentence by sentence: the one a fallback falls back
from, the one just brought in who brings in the next, a cue whose next sentence says to whom,
each with the delay that says when; and, under an escalation heading, who a label names."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.escalation import _VERB, escalation_chain
from warroom.runbooks.escalation_cues import delays, unanswered
from warroom.runbooks.escalation_links import PLACE_LABEL
from warroom.runbooks.escalation_who import _names_someone, _who
from warroom.runbooks.vocabulary import DURATION, _words

_REPORTED = re.compile(
    r"(?i)\b(?:report|submit|disclos|file|send|sent|e-?mail)\w*\b(?:\s+[\w'-]+){0,4}?\s+to\b"
)


def paragraph_escalation(text: str, escalation_context: bool) -> list[tuple[str, str]]:
    """Who a paragraph brings in, sentence by sentence, each with the sentence or the delay
    that says when ("" if none)."""
    return list(_paragraph_escalation(text, escalation_context))


@functools.lru_cache(maxsize=4096)  # pure, and a long document repeats its paragraphs
def _paragraph_escalation(text: str, escalation_context: bool) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    asked = False  # "Still no answer? Ping the secondary.": the question sets the context
    sentences = re.split(r"(?<=[.!?])\s+", text)
    before_fallback = _fallen_back_from(sentences)
    for n, sentence in enumerate(sentences):
        asked = asked or n in before_fallback
        # "… notify their manager. The manager must notify the ISM.": the one just brought in
        # brings in the next
        asked = asked or bool(found) and passes_on(sentence, found[-1][0])
        chain = escalation_chain(sentence, asked or escalation_context)
        # "Don't hesitate to escalate. Page the secondary.": the next sentence says to whom
        asked = not chain and (unanswered(sentence) or _escalate_alone(sentence))
        found += zip(chain, _whens(sentence, chain), strict=True)
    if escalation_context and not found:
        found += _by_label(text)
    return tuple(found)


def _fallen_back_from(sentences: list[str]) -> set[int]:
    """The sentences followed by a fallback ("If they're away, …")."""
    # "Raise it with your line manager. If they're away, …": a fallback makes the one it
    # falls back from, named in the sentence before, a rung too (not where a report is sent:
    # "Send the report to the security team. If you get no reply, …" is how to report).
    return {
        n - 1
        for n, s in enumerate(sentences)
        if n
        and not _REPORTED.search(sentences[n - 1])
        and unanswered(s)
        and escalation_chain(s, True)
    }


def _whens(sentence: str, chain: list[str]) -> list[str]:
    """What says when each one a sentence brings in is brought in: its own delay, the
    sentence when it gives one delay, "" when it gives none."""
    timed = DURATION.search(sentence)  # "… to L2 if unresolved in 15m"
    if timed and len(chain) > 1:
        return delays(sentence, chain)  # "pages the secondary; after 15 minutes the manager"
    return [sentence if timed else ""] * len(chain)


def _by_label(text: str) -> list[tuple[str, str]]:
    """Who a labelled paragraph under an escalation heading names, by its label."""
    # "**Product manager**: for feature requests.": who, by label
    label = re.match(r"([^:.;]{2,40}):\s+(\S.*)$", text)
    # "Backup contact: the Head of Infrastructure": a place on the path, then who holds it
    if label and _A_PLACE.fullmatch(label.group(1).strip(" *_")) and (held := _who(label.group(2))):
        return [(held, label.group(1).strip(" *_"))]
    if label and (who := _who(label.group(1))):
        return [(who, label.group(2))]
    # "**Who**: Customer service representatives, help desk staff" under a support tier: who
    # is on it, as the label's text names them
    said = _WHO_LABEL.match(text)
    parts = (
        re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or)\s+", said.group(1)) if said else []
    )
    return [(who, "") for part in parts if (who := _who(part))]


_A_PLACE = re.compile(rf"(?i){PLACE_LABEL}")
_WHO_LABEL = re.compile(
    r"(?i)^\W*(?:who|staffed\s+by|contacts?|points?\s+of\s+contact|escalation\s+contacts?)\W*:\s*"
    r"([^.;:]{3,120}?)\s*(?:\([^()]*\))?\s*[.;]?$"
)


def _escalate_alone(sentence: str) -> bool:
    """ "If you're overwhelmed, don't hesitate to escalate.": escalation, without whom."""
    return bool(re.search(r"(?i)\bescalat(?:e|ing)\W*$", sentence))


def passes_on(sentence: str, last: str) -> bool:
    """Whether a sentence is led by the one the sentence before brought in, bringing in the
    next ("… notify their immediate manager. The manager must notify the ISM.")."""
    verb = _VERB.search(sentence)
    if not verb or not last:
        return False
    doer = _words(
        re.sub(r"(?i)\s+(?:must|should|will|shall|can|may|then)\b.*$", "", sentence[: verb.start()])
    )
    return 0 < len(doer) <= 4 and doer[-1] in _words(last) and _names_someone(doer[-1])
