"""Escalation: who is brought in, in order, from prose, arrows and lists ("page the
IMOC, then Infrastructure Leadership", "A → B → C")."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.vocabulary import ROLE_NOUNS, _imperative, _words, clean

# "if nobody answers within 10 minutes", "if that person is unavailable": the sentence says
# who comes next.
_UNANSWERED = re.compile(
    r"(?<![\w'])(unavailable|not available|unreachable|can(?:no|')t be reached|no (?:response|answer|ack)"
    r"|(?:doesn't|does not|don't|do not|didn't|did not) (?:respond|answer|acknowledge|pick up|work|help)"
    r"|nobody (?:answers|responds|acknowledges)|no one (?:answers|responds|acknowledges)"
    r"|\w*(?:not|n't|never) (?:received?|get|got(?:ten)?|heard) (?:a |any )?(?:reply|response|answer|back)"
    r"|\w*(?:not|n't|never) hear back|no reply|unresolved|unacknowledged|unanswered|not acknowledged|(?:is|are|was|were|been) not resolved"
    r"|(?:can(?:no|')t|unable to|not able to) (?:resolve|fix|handle|solve))\b"
)
# "the incident commander should be contacted", "the CTO takes over": who comes next, named
# before the verb.
_PASSIVE = re.compile(
    r"(?i)(?:^|,\s*|\bthen\s+)(?:the\s+|their\s+|your\s+)?((?:[\w@&/-]+\s+){0,4}?[\w@&/-]+)"
    r"\s+(?:(?:should|must|will|can|may|is\s+to)\s+be\s+(?:contacted|paged|called|notified|"
    r"informed|engaged|looped\s+in|alerted|escalated\s+to)|takes?\s+over|steps?\s+in)\b"
)


# "Level 1", "Tier 2", "L3", "2nd line", "First contact": a rung of an escalation ladder.
TIER = re.compile(
    r"(?i)^(?:(?:level|tier|line|stage|step|escalation)\s*\d+|l\d|\d(?:st|nd|rd|th)\s+(?:line|level|tier)"
    r"|(?:first|second|third|fourth|primary|secondary|final|last)\s+(?:contact|line|level|tier|escalation))$"
)


def unanswered(text: str) -> bool:
    """Whether a sentence says what happens when nobody answers ("if no response in 15 min")."""
    return bool(_UNANSWERED.search(text.lower()))


# "If it's urgent, page the on-call engineer", "If you need help, ask your team lead": a
# condition, then someone to bring in.
_WHEN_THEN_BRING_IN = re.compile(
    r"^(?:if|when|whenever|should|for\s+(?:anything|any|all|an?)\b)[^.]*?,\s*(?:please\s+|you\s+(?:can|should|may|must)\s+)?"
    r"(?:page|notify|contact|call|ping|escalate|ask|reach\s+out|e-?mail|alert|inform|tell|loop\s+in)\b"
)


def _says_escalation(lowered: str) -> bool:
    return bool(
        "escalat" in lowered
        or _UNANSWERED.search(lowered)
        or re.search(r"\b(page|call|notify)\b[^.]*,?\s+then\b", lowered)
        or _WHEN_THEN_BRING_IN.search(lowered)
    )


# The verbs that bring someone in ("page", "escalate … to", "hand over to", "loop in").
_VERBS = (
    r"(?:pages?|paging|escalate(?:s|d)?(?:\s+\w+){0,3}?\s+to|escalation\s+(?:will\s+be|is|goes)\s+to"
    r"|notify|call|engage|contact(?:ing)?|(?:cannot|can't|can\s+not)\s+reach|ping|cc|phone|elevate\s+to|reach(?:ing)?\s+out\s+(?:directly\s+)?to"
    r"|(?:e-?mail(?:ing)?|write\s+to|follow\s+up\s+with)|loop\s+in|pull\s+in|bring\s+in|go\s+to|move\s+on\s+to|hand\s+(?:it\s+)?(?:over\s+)?to|(?:request|requesting|ask|asking|seek|get)\s+help\s+from"
    r"|tag|@?-?mention|message|involve|alert|inform|tell|ask|hand\s+off\s+to"
    r"|(?:send|write|mail)(?:\s+\w+){0,3}?\s+to"
    r"|(?:rolls?|goes|falls?|(?:is|are)\s+routed|routes?|pass(?:es|ed)?|moves?|transfer(?:s|red)?|delegates?"
    r"|defers?|reassign(?:s|ed)?)\s+(?:it\s+)?(?:over\s+|back\s+|on\s+|up\s+)?to"
    r"|(?:raise|flag|forward|assign|refer|report|hand)(?:s|ed)?(?:\s+\w+){0,3}?\s+(?:to|with))"
)

_VERB_CLAUSE = re.compile(rf"(?i)(?<![\w-]){_VERBS}\s+(.+?)(?:[.;!?](?:\s|$)|$)")
_LEADING_VERB = re.compile(rf"(?i)^{_VERBS}\s+")
# "…, then page X", "… and call Y", "X or the Y": the next person in a clause.
_NEXT = re.compile(
    r"(?i),?\s+(?:and\s+)?then\s+(?:page\s+|call\s+|notify\s+|escalate\s+to\s+)?"
    r"|\s+and\s+(?:page|call|notify|inform|alert|contact|then\s+to|to)\s+"
    r"|,?\s+(?:and|or)\s+(?=(?:the|your|a|an)\s)"
)


def escalation_chain(text: str, escalation_context: bool) -> list[str]:
    """Who is brought in, in order (see `_chain`)."""
    return list(_chain(text, escalation_context))


@functools.lru_cache(maxsize=8192)  # pure, and asked again for an item by several readers
def _chain(text: str, escalation_context: bool) -> tuple[str, ...]:
    """Who is brought in, in order, from prose: "A → B → C", "page the IMOC, then
    Infrastructure Leadership", "escalate to the Secondary"."""
    arrows = re.split(r"\s*(?:→|->|⟶|=>|➡)\s*", text)
    if len(arrows) >= 3 or (len(arrows) == 2 and escalation_context):
        return tuple(w for w in (_who(a) for a in arrows) if w)
    if not (escalation_context or _says_escalation(text.lower())):
        return ()
    out: list[str] = []
    for match in _VERB_CLAUSE.finditer(text):
        for part in _NEXT.split(match.group(1)):
            # "…, then go to their manager": the next verb of the chain is not who.
            who = _who(_LEADING_VERB.sub("", part.strip()))
            if who and who not in out:
                out.append(who)
    for match in _PASSIVE.finditer(text):
        if (who := _who(match.group(1))) and who not in out:
            out.append(who)
    return tuple(out)


def _who(text: str) -> str:
    text = clean(text)
    # "Then the team lead", "Finally, the CTO": the order is not who.
    text = re.sub(r"(?i)^(?:first(?:ly)?|then|next|finally|lastly|after\s+that|otherwise)\b,?\s+",
                  "", text)  # fmt: skip
    text = re.split(
        r"(?i)\s+(?:who|which|if|when|for|of\s+(?:all|any|every)|to\s+\w+e\b|so|because|until|via|through|using|by|in\s+(?:slack|pagerduty|the|\#)|with\s+(?:a|an|the|your|all|any)\b|immediately|now|asap|directly|first|after|within|listed|named|mentioned|at\s+once|automatically|on\s+slack)\b|\s+at\s+(?=\S*@)|[,(:<]",
        text,
    )[0]
    text = re.sub(
        r"(?i)^(?:with\s+|to\s+)?(?:the|a|an|your|our|their)\s+", "", text.strip(" .;-–—*")
    )
    if re.fullmatch(r"@[\w-]+(?:/[\w-]+)?", text):  # "@security-leads": a team's handle
        return text
    words = _words(text)
    if not words or len(words) > 7 or words[0] in ("you", "them", "us", "me", "him", "her", "it",
                                                     "someone", "this", "that", "anyone"):  # fmt: skip
        return ""
    if not _plausible(text, words):
        return ""
    keep = words[0] in ("on-call",) or "@" in text  # "security@example.org" as written
    return text[:1].upper() + text[1:] if text[:1].islower() and not keep else text


# Words that name who is brought in, beside the role nouns: teams, tiers, ranks.
_WHO_WORDS = {
    "team", "teams", "leads", "leadership", "support", "security", "legal", "compliance",
    "management", "engineering", "primary", "secondary", "tertiary", "sre", "sres", "ops",
    "cto", "ceo", "cio", "ciso", "vp", "head", "person", "people", "everyone", "staff",
    "tier", "l1", "l2", "l3", "l4", "level", "backup", "executive", "executives", "board",
    "vendor", "provider", "maintainers", "committee", "council", "cirt", "cert", "csirt",
    "soc", "noc", "desk", "helpdesk", "hr", "pr", "counsel", "ic", "imoc", "founders",
    "member", "members", "senior", "contacts", "managers", "owners", "responders", "list",
    "alias", "line", "committers", "pmc", "officers",
}  # fmt: skip


def _plausible(text: str, words: list[str]) -> bool:
    """Whether words name a person, role or team ("the secondary", "VP Engineering",
    "AWS Support") rather than a step or a label ("Seek help", "Detection")."""
    if _imperative(text) and words[0] not in _WHO_WORDS | ROLE_NOUNS:
        return False
    if len(words) > 1 and words[1] in ("the", "a", "an", "your", "our", "their", "it", "this"):
        return False  # "Lead the implementation effort": a verb and its object
    if any(w in _WHO_WORDS or w.rstrip("s") in ROLE_NOUNS or w in ROLE_NOUNS for w in words):
        return True
    names = [
        w for w in re.findall(r"[\w&/.-]+", text) if w.lower() not in ("of", "and", "the", "&", "/")
    ]
    acronym = any(len(w) >= 2 and w.isupper() for w in names)
    return (
        bool(names)
        and len(names) <= 4
        and all(w[:1].isupper() for w in names)
        and (acronym or len(names) >= 2)
    )
