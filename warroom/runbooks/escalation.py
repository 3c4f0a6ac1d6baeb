"""Escalation: who is brought in, in order, from prose, arrows and lists ("page the
IMOC, then Infrastructure Leadership", "A → B → C")."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.vocabulary import (
    DURATION,
    IMPERATIVE,
    LEVEL_WORDS,
    ROLE_NOUNS,
    _imperative,
    _words,
    clean,
)

# "if nobody answers within 10 minutes", "if that person is unavailable": the sentence says
# who comes next.
_UNANSWERED = re.compile(
    r"(?<![\w'])(unavailable|not available|unreachable|can(?:no|')t be reached|no (?:response|answer|ack)"
    r"|(?:doesn't|does not|don't|do not|didn't|did not) (?:respond|answer|acknowledge|pick up|work|help)"
    r"|nobody (?:answers|responds|acknowledges)|no one (?:answers|responds|acknowledges)"
    r"|\w*(?:not|n't|never) (?:received?|get|got(?:ten)?|heard) (?:a |an |any )?(?:\w+ )?"
    r"(?:reply|response|answer|back|acknowledge?ment|ack|confirmation)"
    r"|(?:not|n't) getting (?:a |an |any )?(?:reply|response|answer)|miss(?:es|ed)? (?:a |the |their |his |her )?(?:page|call|alert)|failing that|if (?:that|this|it|all else) fails|as a last resort"
    r"|(?:still |are |get |gets |you're |is )stuck|need (?:more |further |extra )?help"
    r"|unresponsive|not responsive|non-responsive|(?:can(?:no|')t|unable to|not able to) (?:get hold of|reach|get through)"
    r"|(?:issue|problem|incident|outage) (?:persists|continues|keeps happening)"
    r"|\w*(?:not|n't|never) hear back|no reply|unresolved|unacknowledged|unanswered|not acknowledged|(?:is|are|was|were|been) not resolved"
    r"|(?:can(?:no|')t|unable to|not able to) (?:resolve|fix|handle|solve|answer|figure|deal with))\b"
)
# "the incident commander should be contacted", "the CTO takes over": who comes next, named
# before the verb.
_PASSIVE = re.compile(
    r"(?i)(?:^|[,;]\s*|\bthen\s+|\bthere(?:'s|\s+is|\s+are)\s+(?:always\s+|also\s+)?(?:a\s+|an\s+)?)"
    r"(?:the\s+|their\s+|your\s+)?((?:[\w@&/-]+\s+){0,4}?[\w@&/-]+)\s+(?:who\s+)?"
    # "The team lead can help", "The Support Engineer on duty handles escalations"
    r"(?:(?:can|will|may)\s+(?:also\s+|always\s+)?help|(?:is|are)\s+(?:there|available)\s+to\s+help"
    r"|(?:handles?|owns?|fields?|takes?|receives?|triages?|responds?\s+to)\s+(?:all\s+|the\s+)?escalations"
    r"|(?:(?:should|must|will|can|may|is\s+to)\s+(?:\w+ly\s+|also\s+|then\s+)?be|is|are|gets?|then\s+gets?)\s+"
    # "X is escalated to" only at the end: "Requests … are escalated to the on-call" names
    # what is escalated, not who
    r"(?:contacted|paged|called|phoned|notified|informed|engaged|looped\s+in|alerted|escalated\s+to(?=\W*$))"
    r"|takes?\s+(?:over|the\s+(?:page|pager|call|alert|incident))|steps?\s+in"
    r"|(?:acts?|serves?)\s+as\s+(?:the\s+|a\s+)?back-?up|is\s+(?:the\s+|a\s+)back-?up\s+(?:if|when|for)|backs?\s+(?:them\s+|it\s+)?up|covers)\b"
)


# "Level 1", "Tier 2", "L3", "2nd line", "First contact": a rung of an escalation ladder.
TIER = re.compile(
    r"(?i)^(?:(?:level|tier|line|stage|step|escalation)\s*\d+|l\d|\d(?:st|nd|rd|th)\s+(?:line|level|tier)"
    r"|(?:first|second|third|fourth|primary|secondary|final|last)\s+(?:contact|line|level|tier|escalation)"
    r"|primary|secondary|tertiary)$"
)


def escalated_to(title: str) -> str:
    """Who a heading says is escalated to ("Escalating to the secondary", "Escalation to
    the security team"), or ""."""
    said = re.match(r"(?i)^\W*escalat(?:e|es|ing|ion)\s+(?:it\s+)?to\s+(.+)$", clean(title))
    return _who(said.group(1)) if said else ""


def unanswered(text: str) -> bool:
    """Whether a sentence says what happens when nobody answers ("if no response in 15 min")."""
    return bool(_UNANSWERED.search(text.lower()))


# The verbs that bring someone in, as a condition's consequence ("…, page the secondary"),
# also said of who does it ("…, the VMT contacts the TC", "…, the request goes to X").
_BRINGS_IN = (
    r"(?:pages?|notif(?:y|ies)|contacts?|calls?|pings?|phones?|escalat(?:e|es)|asks?|reach(?:es)?\s+out"
    r"|e-?mails?|alerts?|informs?|tells?|(?:loop|bring|pull|call)s?\s+in|involves?|wakes?|checks?\s+with"
    r"|consults?|brings?\s+(?:it|this|that|them)\s+to|messages?|tags?|goes\s+to|get\s+help"
    r"|(?:delegate|defer|hand\s+(?:it\s+)?(?:over|off))s?\s+to"
    r"|let\s+(?:[\w'-]+\s+){1,4}know|talks?\s+to|speaks?\s+(?:to|with)|get\s+in\s+touch\s+with|turns?\s+to"
    r"|ropes?\s+in|grab|get\s+hold\s+of"
    r"|(?:assign|hand|pass|forward|send|refer)(?:s|es)?\s+(?:it|this|that|them|the\s+\w+)\s+(?:over\s+|on\s+)?to"
    r"|(?:is|are|gets?)\s+(?:escalated|passed|handed|forwarded|sent|routed)\s+to"
    r"|(?:\w+ly\s+)?be\s+(?:notified|paged|contacted|called|informed|alerted|involved|escalated\s+to)"
    r"|raises?\s+(?:it|this|the\s+\w+)\s+with)"
)
# "Feel free to page the secondary", "use @oncall in Slack to page": before the verb.
_BEFORE_VERB = (
    r"(?:please\s+|feel\s+free\s+to\s+|(?:don't|do\s+not)\s+hesitate\s+to\s+|be\s+sure\s+to\s+"
    r"|(?:it's|it\s+is)\s+(?:ok|okay|fine)\s+to\s+|always\s+|you\s+(?:can|should|may|must)\s+(?:also\s+)?)"
)
# "If it's urgent, page the on-call engineer", "If you need help, ask your team lead": a
# condition, then someone to bring in (after another instruction too: "…, declare it and
# page the secondary").
_WHEN_THEN_BRING_IN = re.compile(
    r"^(?:if|when|whenever|should|once|unless|in\s+case\b|for\s+(?:anything|any|all|an?|(?:[\w-]+\s+){0,2}(?:incidents?|issues?|outages?|cases?))\b)"
    rf"[^.]*?,\s*(?:{_BEFORE_VERB}|use\s+[^,.;]{{1,40}}?\s+to\s+|[^,.;]{{1,60}}?\s+and\s+(?:then\s+)?"
    r"|(?:(?:the|your|our)\s+)?(?:[\w-]+\s+){1,3}?(?:(?:will|should|must|can|may)\s+(?:also\s+|\w+ly\s+)?)?)?"
    rf"{_BRINGS_IN}\b"
)


def _says_escalation(lowered: str) -> bool:
    """Whether a sentence says someone is brought in: a word of escalation, a condition
    (nobody answers, it's urgent), a delay, a hand-over, a backup, a paging tool."""
    if "escalat" in lowered or "attention of" in lowered:  # "brought to the attention of"
        return True
    return any(
        all(word in lowered for word in words) and pattern.search(lowered)
        for words, pattern in _CUES
    )


# "After 10 minutes, the Technical Manager is paged", "if …, the CTO is called".
_PAGED_AFTER = re.compile(
    # (within one clause's reach: a sentence with no end is not rescanned from every "if")
    r"\b(?:after|within|if|unless)\b[^.]{0,160}?\b(?:is|are|gets?|will\s+be)\s+(?:then\s+)?"
    r"(?:paged|called|phoned|notified|contacted|escalated|alerted)\b"
)
# "OpsGenie will page the scheduled Engineer On-Call": the paging tool's escalation policy.
_TOOL_PAGES = re.compile(
    r"\b(?:pagerduty|opsgenie|victorops|splunk\s+on-call|incident\.io|grafana\s+on-call|the\s+pager"
    r"|the\s+paging\s+(?:system|tool))\s+(?:will\s+|then\s+|automatically\s+|also\s+)*"
    r"(?:pages?|calls?|notif(?:y|ies)|alerts?|escalates?)\b"
)
# "get the Head of Engineering involved": someone brought in by name.
_INVOLVED = re.compile(r"(?i)\bget\s+((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)\s+involved\b")
# "let your team lead know": someone brought in by name.
_LET_KNOW = re.compile(r"(?i)\blet\s+((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)\s+know\b")
# "Add the engineer on call to the thread", "subscribes the core reviewers to the bug":
# brought into the conversation (a step, unless the sentence or its heading escalates).
_ADD_TO = re.compile(
    r"(?i)\b(?:add|adds|invite|invites|subscribe|subscribes|cc|cc's)\s+((?:[\w@&/'`-]+\s+){0,6}?[\w@&/'`-]+)"
    r"\s+to\s+(?:the\s+|a\s+|this\s+|your\s+|our\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:thread|channel|bug|issue|ticket|incident|call|report|advisory|discussion|conversation|room"
    r"|meeting|bridge)s?\b"
)
# "Escalate to Tim or James": people by their first names, after a verb that brings them in.
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_NAMED_PEOPLE = re.compile(
    r"(?:\b[Ee]scalate\s+(?:it\s+)?to|\b[Pp]age|\b[Pp]ing|\b[Cc]all|\b[Cc]ontact|\b[Rr]each\s+out\s+to"
    rf"|\b[Ee]-?mail|\b[Nn]otify|\b[Aa]sk|\b[Tt]ag|\b[Mm]essage|\b[Tt]alk\s+to|\b[Ll]oop\s+in)\s+({_NAME}(?:(?:,\s*(?:and\s+|or\s+|then\s+)?|\s+(?:and|or|then)\s+){_NAME})*)"
    r"(?=\s*(?:[.,;:!?()]|$)|\s+(?:if|when|on|in|via|at|for|directly|first|or|and)\b)"
)
# "the secondary acts as backup", "call in more help": someone brought in, said so
_BACKUP = re.compile(r"\bas\s+(?:the\s+|a\s+)?back-?up\b")
_CALL_IN = re.compile(r"\b(?:call|bring|pull)\s+in\b")
# "Involve the security team if customer data may be exposed": someone brought in on a condition
_BRING_IN_IF = re.compile(
    rf"^{_BEFORE_VERB}?(?:page|notify|contact|call|phone|involve|alert|inform|loop\s+in|bring\s+in"
    r"|pull\s+in|escalate|wake|reach\s+out|ping|ask|tag|message|consult|check\s+with|let|talk\s+to"
    r"|speak\s+(?:to|with)|get\s+in\s+touch|turn\s+to)\b"
    r"[^.]*?\s(?:if|when|whenever|once|should|unless|in\s+case)\s"
)
# "The escalation point is the engineering manager", "Escalations: A, then B": the path named.
_NAMED_PATH = re.compile(
    r"(?i)(?:\bescalations?(?:\s+(?:point|path|contact|contacts|chain|route|order|policy))?"
    r"|\bnext\s+(?:step|stop|contact|person|level|rung))\s*"
    r"(?:is|are|:|=)\s+(.+?)(?:[.;]\s|[.;]?$)"
)
# "pass the incident to the database lead", "hand it over to the secondary"
_HAND_OVER = re.compile(r"\b(?:pass|hand|transfer)(?:es|ed|s)?(?:\s+\w+){0,3}?\s+to\b")
# "notify the security office within 12 hours": someone brought in by a deadline.
_WITHIN = re.compile(
    r"\b(?:notify|page|contact|phone|escalate|alert|inform)\b[^.]*\b(?:within|after)\s+\d+"
)
# "escalates from the primary to the secondary after 10 minutes, and from the secondary to
# the tertiary": who is brought in, in order, by where the escalation goes from and to.
_FROM_TO = re.compile(
    r"(?i)\bfrom\s+(?:the\s+|a\s+|your\s+)?([\w-]+(?:\s+[\w-]+){0,2}?)\s+to\s+"
    r"(?:the\s+|a\s+|your\s+)?([\w-]+(?:\s+[\w-]+){0,2}?)(?=\s+(?:after|within|if|when|once)\b|[,.;]|$)"
)


# The verbs that bring someone in ("page", "escalate … to", "hand over to", "loop in").
_VERBS = (
    r"(?:pages?|paging|escalate(?:s|d)?(?:\s+\w+){0,3}?\s+to|escalation\s+(?:will\s+be|is|goes)\s+to"
    # "bring it to the attention of the on-call engineer", "check with your team lead"
    r"|(?:brings?|brought)\s+(?:(?:it|this|that|them|the\s+\w+)\s+)?to\s+(?:the\s+)?attention\s+of|checks?\s+with"
    r"|(?:ask|asks|asking|request|requests|seek|seeks)\s+(?:for\s+)?(?:help|assistance|support|advice)\s+(?:from|of)"
    # "the VMT contacts the TC": a verb only after who does it (see `_THIRD_PERSON`)
    r"|(?P<third>notifies|contacts|pings|calls|engages|involves|alerts|informs|asks|messages"
    r"|e-?mails|phones|wakes(?:\s+up)?|(?:loops|pulls|brings|calls)\s+in)"
    r"|notify|call\s+in|call|engage|try|nudge|wake(?:\s+up)?|contact(?:ing)?|(?:cannot|can't|can\s+not)\s+reach|ping|cc|phone|elevate\s+to|reach(?:ing|es)?\s+out\s+(?:directly\s+)?to|reach(?:ing)?\s+out(?=\s+in\s+#)"
    r"|(?:e-?mail(?:ing)?|write\s+to|follow\s+up\s+with|post(?:ing)?\s+(?:it\s+|this\s+)?(?:in|on)|copy(?:ing)?(?:\s+in)?)|loop\s+in|pull\s+in|bring\s+in|go(?:es)?\s+(?:up\s+(?:the\s+chain\s+)?)?to|move\s+on\s+to|hand\s+(?:it\s+)?(?:over\s+)?to|(?:request|requesting|ask|asking|seek|get)\s+help\s+from"
    r"|tag|@?-?mention|message|involve|alert|inform|tell|ask|hand\s+off\s+to"
    # "talk to your manager", "get in touch with the platform team", "turn to the secondary"
    r"|talk\s+to|speak\s+(?:to|with)|get\s+in\s+touch\s+with|turn\s+to"
    # "rope in the database team", "grab a senior engineer", "escalate in #support"
    r"|ropes?\s+in|grab|get\s+hold\s+of|escalate(?:\s+it)?(?=\s+in\s+(?:the\s+)?#)"
    # "Escalations are handled by the Support Engineer", "Escalations go through the on-call"
    r"|escalations?\s+(?:are|is|get|gets)\s+(?:handled|owned|taken|triaged|fielded|received|picked\s+up|managed)\s+by"
    r"|escalations?\s+go(?:es)?\s+(?:through|via)|escalation\s+with"
    r"|(?:send|write|mail)(?:\s+\w+){0,3}?\s+to"
    r"|(?:rolls?|goes|falls?|(?:is|are)\s+(?:routed|sent|forwarded|handed)|routes?|pass(?:es|ed)?|moves?|transfer(?:s|red)?|delegates?"
    r"|defers?|reassign(?:s|ed)?)\s+(?:it\s+)?(?:over\s+|back\s+|on\s+|up\s+)?to"
    r"|(?:raise|flag|forward|assign|refer|report|hand|pass|transfer|route)(?:s|es|ed)?"
    r"(?:\s+\w+){0,3}?\s+(?:to|with))"
)

_VERB = re.compile(rf"(?i)(?<![\w-]){_VERBS}\s+")
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)")
_TRAILING = re.compile(r"(?i)(?:[\s,]+(?:and|or|then|but|please|also))+[\s,]*$|[\s,]+$")
_LEADING_VERB = re.compile(rf"(?i)^{_VERBS}\s+")
# "…, then page X", "… and call Y", "X or the Y": the next person in a clause.
_NEXT = re.compile(
    r"(?i),?\s+(?:and\s+)?then\s+(?:page\s+|call\s+|notify\s+|escalate\s+to\s+)?"
    r"|\s+and\s+(?:page|call|notify|inform|alert|contact|then\s+to|to)\s+"
    r"|,?\s+(?:and|or)\s+(?:to\s+)?(?=(?:the|your|a|an|their|our|its)\s)"
    # "the assigned AE, CSE or their regional manager": each one of an enumeration
    r"|,\s+(?=[^,]*\s(?:or|and)\s[^,]*$)(?!(?:and|or)\s)|,?\s+(?:and|or)\s+(?=(?-i:[A-Z]{2,})\b)"
    # "…, and after 15 minutes the team manager": the next one, after a delay
    r"|,?\s+(?:and\s+)?(?:then\s+)?after\s+(?:(?:another\s+)?\d+\s*[a-z]+|that),?\s+"
)


def escalation_chain(text: str, escalation_context: bool) -> list[str]:
    """Who is brought in, in order (see `_chain`)."""
    return list(_chain(text, escalation_context))


@functools.lru_cache(maxsize=8192)  # pure, and asked again for an item by several readers
def _chain(text: str, escalation_context: bool) -> tuple[str, ...]:
    """Who is brought in, in order, from prose: "A → B → C", "page the IMOC, then
    Infrastructure Leadership", "escalate to the Secondary"."""
    arrows = _arrow_chain(text, escalation_context)
    if arrows is not None:
        return tuple(arrows)
    if not (escalation_context or _says_escalation(text.lower()) or _by_order(text, False)):
        return ()
    named = _NAMED_PATH.search(text)
    said = [
        *(_who(part) for part in (_NEXT.split(named.group(1)) if named else [])),
        *_from_to(text),
        # "…, then go to their manager": the next verb of the chain is not who.
        *(_who(_LEADING_VERB.sub("", part.strip()))
          for clause in _verb_clauses(text) for part in _NEXT.split(clause)),
        *(_who(match.group(1)) for match in _PASSIVE.finditer(text)),
        *(_who(match.group(1)) for match in _INVOLVED.finditer(text)),
        *(_who(match.group(1)) for match in _LET_KNOW.finditer(text)),
        *(_who(match.group(1)) for match in _ADD_TO.finditer(text)),
        *_people_named(text),
        *_by_order(text, escalation_context),
        *(_who(match.group(1)) for match in _IS_POINT.finditer(text)),
        *(_who(match.group(1)) for match in _IS_RUNG.finditer(text)),
        *_contact_lists(text),
    ]  # fmt: skip
    if not any(said) and escalation_context:
        said = _bare_chain(text)
    out: list[str] = []
    for who in said:
        if who and who not in out:
            out.append(who)
    return tuple(out)


# "The support rotation is the first point of contact; the on-call engineer is the second",
# "the first port of call is the team lead": who is brought in, by their place in the order.
_ORDINAL = r"(?:first|second|third|fourth|next|last|final)"
_PLACE = (
    r"(?:\s+(?:point\s+of\s+contact|port\s+of\s+call|contact|escalation(?:\s+point)?|stop"
    r"|line(?:\s+of\s+(?:support|defen[cs]e))?|responders?))?"
)
_IS_NTH = re.compile(
    r"(?i)(?:^|[;,.:]\s+|\band\s+)(?:the\s+|your\s+|our\s+)?((?:[\w@&/'-]+\s+){0,4}?[\w@&/'-]+)"
    rf"\s+(?:is|are|acts\s+as|serves\s+as)\s+(?:the\s+|your\s+|our\s+)?{_ORDINAL}\b{_PLACE}"
)
_NTH_IS = re.compile(
    rf"(?i)(?:^|[;,.:]\s+|\band\s+)(?:the\s+|your\s+|our\s+)?{_ORDINAL}\b{_PLACE}\s+(?:is|are)\s+"
    r"((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)(?=\s*(?:[;,.]|\band\b|$))"
)
_PLACE_WORDS = re.compile(
    r"(?i)point\s+of\s+contact|port\s+of\s+call|line\s+of\s+support|escalation\s+point"
)


# "The secondary on-call is the escalation point for the primary": who, named as the point.
_IS_POINT = re.compile(
    r"(?i)(?:^|[;,.:]\s+|\band\s+)(?:the\s+|your\s+|our\s+)?((?:[\w@&/'-]+\s+){0,4}?[\w@&/'-]+)"
    r"\s+(?:is|are|acts\s+as|serves\s+as)\s+(?:the\s+|your\s+|our\s+|an\s+|a\s+)?"
    r"(?:escalation\s+(?:point|contact|path)|point\s+of\s+escalation)s?\b"
)


def paragraph_escalation(text: str, escalation_context: bool) -> list[tuple[str, str]]:
    """Who a paragraph brings in, sentence by sentence, each with the sentence or the delay
    that says when ("" if none)."""
    found: list[tuple[str, str]] = []
    asked = False  # "Still no answer? Ping the secondary.": the question sets the context
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        # "… notify their manager. The manager must notify the ISM.": the one just brought in
        # brings in the next
        asked = asked or bool(found) and passes_on(sentence, found[-1][0])
        chain = escalation_chain(sentence, asked or escalation_context)
        # "Don't hesitate to escalate. Page the secondary.": the next sentence says to whom
        asked = not chain and (unanswered(sentence) or _escalate_alone(sentence))
        timed = DURATION.search(sentence)  # "… to L2 if unresolved in 15m"
        # "pages the secondary; after 15 minutes the manager": each one's own delay
        whens = (
            delays(sentence, chain)
            if timed and len(chain) > 1
            else [sentence if timed else ""] * len(chain)
        )
        found += zip(chain, whens, strict=True)
    return found


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


# "The ISM is the primary on-call engineer", "… the ISM is the secondary on-call engineer":
# the rung, as the document names it.
_IS_RUNG = re.compile(
    r"(?i)\b(?:is|are|acts\s+as|serves\s+as)\s+(?:the|our|your)\s+((?:primary|secondary|tertiary|backup)"
    r"\s+on[\s-]call(?:\s+(?:engineer|person|responder|contact|developer|manager|lead))?)\b"
)


def _by_order(text: str, escalation_context: bool) -> list[str]:
    """Who is first, second, … point of contact, in the order written: two or more places,
    or one under an escalation heading."""
    if not _PLACE_WORDS.search(text):
        return []
    found = sorted(
        (m.start(), who)
        for pattern in (_IS_NTH, _NTH_IS)
        for m in pattern.finditer(text)
        if (who := _who(m.group(1)))
    )
    return [who for _, who in found] if len(found) >= 2 or escalation_context else []


def _people_named(text: str) -> list[str]:
    """ "Escalate to Tim or James": each person, by name (not a tool: "page PagerDuty")."""
    return [
        name
        for match in _NAMED_PEOPLE.finditer(text)
        for name in re.split(r",\s*(?:and\s+|or\s+|then\s+)?|\s+(?:and|or|then)\s+", match.group(1))
        if name.lower() not in IMPERATIVE and not re.fullmatch(_TOOLS, name.lower())
    ]


_CONTACT_LIST = re.compile(
    r"(?i)\b(?:using|utili[sz]ing|via|with|from|on|in|from)\s+(?:the\s+|your\s+|our\s+)?(?:\[)?"
    r"((?:[\w.-]+\s+){0,3}?contact\s+(?:list|sheet|directory|roster))"
)


def _contact_lists(text: str) -> list[str]:
    """ "escalate to a phone call, using the emergency contact list": the list is who is
    called (only where the sentence escalates)."""
    return [
        clean(m.group(1)).strip(" .")[:1].upper() + clean(m.group(1)).strip(" .")[1:]
        for m in _CONTACT_LIST.finditer(text)
    ]


def _bare_chain(text: str) -> list[str]:
    """ "Support engineer, then the on-call engineer, then the CTO" under an escalation
    heading: who, in order, without a verb."""
    parts = _NEXT.split(text.strip(" .;"))
    whos = [_who(part) for part in parts]
    return whos if len(parts) >= 2 and all(whos) else []


_DELAY = re.compile(rf"(?i)(?:\b(?:within|after|in|for|by)\s+)?{DURATION.pattern}")


def delays(text: str, whos: list[str]) -> list[str]:
    """When each of the people a sentence brings in is brought in, as written ("within 5
    minutes"; "" where it says nothing): a delay right after someone ("the secondary after
    10 minutes") is theirs, any other the next one's ("after 15 minutes it goes to the
    manager")."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for who in whos:
        at = lowered.find(who.lower(), spans[-1][1] if spans else 0)
        spans.append((at, at + len(who)) if at >= 0 else (-1, -1))
    said = [""] * len(whos)
    for match in _DELAY.finditer(text):
        before = [n for n, (_, end) in enumerate(spans) if 0 <= end <= match.start()]
        after = [n for n, (start, _) in enumerate(spans) if start >= match.end()]
        gap = text[spans[before[-1]][1] : match.start()] if before else ""
        close = bool(before) and not re.search(r"[,;:.]", gap) and len(gap.split()) <= 3
        n = before[-1] if close or not after else after[0]
        said[n] = said[n] or match.group(0)
    return said


def _arrow_chain(text: str, escalation_context: bool) -> list[str] | None:
    """ "A → B → C" (None: no arrows)."""
    arrows = re.split(r"\s*(?:→|->|⟶|=>|➡)\s*", text)
    if not (len(arrows) >= 3 or (len(arrows) == 2 and escalation_context)):
        return None
    arrows[0] = arrows[0].rsplit(":", 1)[-1]  # "**Escalation path:** A → B"
    whos = [w for w in (_who(a) for a in arrows) if w]
    # "Services -> VPC -> Flow Logs" is a way through a console, not people.
    people = sum(any(_names_someone(w) for w in _words(a)) for a in whos)
    return whos if escalation_context or people * 2 >= len(arrows) else []


def _from_to(text: str) -> list[str]:
    """ "escalates from the primary to the secondary": both, in order."""
    if "escalat" not in text.lower():
        return []
    return [_who(who) for match in _FROM_TO.finditer(text) for who in match.groups()]


# A condition that follows who is brought in (not "…, and if they don't answer, Y", which
# goes on to the next one).
_CONDITION_AFTER = re.compile(
    r"(?i)(?<![,;])(?<!\band)(?<!\bthen)\s+(?:when|whenever|if|unless|because|until|once|in\s+case)\s"
)


def _verb_clauses(text: str) -> list[str]:
    """What follows each verb that brings someone in, up to the next such verb or the end
    of its sentence: "If you get no reply by email within a week, contact the lead" names
    the lead, not "within a week"."""
    starts = []
    match = _VERB.search(text)
    while match:
        if (not match.group("third") or _doer_before(text, match.start())) and not _noun(
            text, match.start()
        ):
            starts.append(match)
            match = _VERB.search(text, match.end())
        else:  # "the report is forwarded to": the noun is not the verb, what follows may be
            match = _VERB.search(text, text.find(" ", match.start()) + 1 or len(text))
    clauses = []
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        stop = _CLAUSE_END.search(text, match.end(), end)
        clause = text[match.end() : stop.start() if stop else end]
        # "escalate to an engineer when the user reports data loss or …": the condition
        # after who is brought in names nobody brought in
        clause = _CONDITION_AFTER.split(clause, maxsplit=1)[0]
        clauses.append(_TRAILING.sub("", clause))  # "page X and | notify Y"
    return clauses


# Words before a noun: "an alert belongs to …", "the person on call for …", "each page".
_DETERMINERS = {
    "a", "an", "the", "this", "each", "every", "your", "our", "their", "its", "on", "no",
    "any", "missed",
}  # fmt: skip


_COMPOUND_BEFORE = {"phone", "conference", "video", "zoom", "bridge", "emergency", "escalation"}
_COMPOUND_AFTER = {
    "list", "lists", "details", "info", "information", "number", "numbers", "sheet", "form",
    "page", "point", "points", "tree", "rotation", "schedule", "policy",
}  # fmt: skip


def _noun(text: str, at: int) -> bool:
    """Whether a word that may be a verb is a noun there ("an alert", "on call")."""
    before = text[max(0, at - 60) : at].split()[-1:]
    # "open the escalation with the manager": a noun that says who is brought in
    said = not text.startswith("escalat", at)
    # "the emergency contact list", "a phone call": a noun beside another
    after = text[at : at + 80].split()[1:2]
    compound = bool(after) and after[0].lower().strip(".,;:") in _COMPOUND_AFTER
    return said and (
        bool(before) and before[0].lower() in _DETERMINERS | _COMPOUND_BEFORE or compound
    )


def _doer_before(text: str, at: int) -> bool:
    """Whether the word before a verb such as "contacts" names who does it ("the VMT
    contacts", "the coordinator involves"), so that the verb is no noun ("escalation
    contacts")."""
    before = text[max(0, at - 60) : at].split()[-1:]
    word = before[0].strip(",;:()") if before else ""
    lowered = word.lower()
    return bool(
        lowered
        in ROLE_NOUNS | _HEAD_NOUNS | {"who", "then", "also", "they", "he", "she", "it", "team"}
        or lowered.rstrip("s") in ROLE_NOUNS
        or (len(word) >= 2 and word.isupper())
    )


# "the on-call engineer for the affected service", "the lead in the platform team": whose
# they are is part of who they are.
_OWNED = (
    r"\s+(?:the\s+|that\s+|this\s+|your\s+|their\s+|each\s+|every\s+|a\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:team|service|area|product|component|system|project|squad|app|application|group)s?\b"
)


# The tools a team pages and talks through: "escalate … in incident.io", "from PagerDuty"
# say how, not who.
_TOOLS = (
    r"slack|pagerduty|opsgenie|victorops|splunk\s+on-call|jira|zendesk|github|gitlab|discord"
    r"|zulip|irc|matrix|(?:microsoft|ms)\s+teams|email|e-mail|the\s+(?:app|dashboard|console|tool)"
    r"|[\w-]+\.(?:io|com|app|org|net)"
)


def _who(text: str) -> str:
    text = clean(text)
    # "Then the team lead", "Finally, the CTO": the order is not who.
    text = re.sub(
        r"(?i)^there(?:'s|\s+is|\s+are)\s+(?:always\s+|also\s+)?", "", text
    )  # "there is a secondary"
    text = re.sub(r"(?i)^(?:(?:first(?:ly)?|then|next|finally|lastly|after\s+that|otherwise|and|or)"
                  r"\b,?\s+)+", "", text)  # fmt: skip
    if re.match(r"(?i)(?:from|for)\s", text):  # "from the secondary (to …)", "for help": not who
        return ""
    text = re.split(
        r"(?i)\s+(?:who|which|if|when|for(?!"
        + _OWNED
        + r")|of\s+(?:all|any|every)|to\s+\w+e\b|so|because|until|via|through|using|by|(?:in|from|on)\s+(?:"
        + _TOOLS
        + r")\b|in\s+(?:their|its|our|\#|the(?!"
        + _OWNED
        + r"))|with\s+(?:a|an|the|your|all|any)\b|immediately|now|asap|directly|again|privately|instead|as\s+well|too|first|after|within|listed|named|mentioned|at\s+once|at\s+any\s+(?:time|point|stage)|automatically|on\s+slack)\b|\s+at\s+(?=\S*@)|[,(<]|:(?=\s|$)",
        text,
    )[0]
    text = re.sub(
        r"(?i)^(?:with\s+|to\s+)?(?:the|a|an|your|our|their|that|this)\s+",
        "",
        text.strip(" .;-–—*"),
    )
    # "the available Reliability EM": who, not how they are found
    text = re.sub(
        r"(?i)^(?:available|relevant|appropriate|designated|responsible|assigned|scheduled|current)\s+",
        "",
        text,
    )
    if len(_words(text)) > 7 and " / " in text:  # "Department Head / Custodian of …"
        text = text.split(" / ")[0]
    if re.fullmatch(r"@[\w-]+(?:/[\w-]+)?", text):  # "@security-leads": a team's handle
        return text
    if channel := re.fullmatch(
        r"(?i)(?:in\s+)?(?:the\s+)?(#[\w-]+)(?:\s+(?:slack\s+)?channel)?", text
    ):
        return channel.group(1)  # "escalate to #dev-help", "ask in #engineering": a channel
    words = _words(text)
    pronoun = words[:1] and words[0] in ("you", "them", "us", "me", "him", "her", "it", "someone",
                                         "this", "that", "anyone", "only", "no", "any", "every",
                                         "each", "nobody")  # fmt: skip
    if not words or len(words) > 7 or (pronoun and not text.startswith(("IT ", "US "))):
        return ""  # "them", "it"; "IT team", "US-CERT" name someone
    if not _plausible(text, words):
        return ""
    text = _before_verb(text)
    keep = words[0] in ("on-call",) or "@" in text  # "security@example.org" as written
    return text[:1].upper() + text[1:] if text[:1].islower() and not keep else text


# Nouns that end the name of who is brought in ("the product team fixes the code").
_HEAD_NOUNS = {
    "team", "teams", "desk", "committee", "council", "group", "board", "staff", "person",
    "people", "members", "maintainers", "engineers", "managers", "leads", "owners", "officers",
    "responders", "committers", "contacts", "developers", "developer", "vendor", "provider",
}  # fmt: skip
# What may follow such a noun inside a name ("person from the relevant team", "lead of X").
_NAME_GOES_ON = {
    "of", "from", "at", "in", "on", "for", "and", "or", "&", "/", "the", "a", "an", "to",
    "with", "who", "that", "which",
}  # fmt: skip


def _before_verb(text: str) -> str:
    """A name without the verb its sentence goes on with: "Customer support team answers
    the ticket" → "Customer support team"."""
    words = text.split()
    for n, word in enumerate(words[:-1]):
        noun = word.lower().strip(".,;:")
        after = words[n + 1].strip(".,;:")
        if (
            (
                noun in _HEAD_NOUNS
                or noun in ROLE_NOUNS
                or (noun == "call" and words[n - 1 : n] == ["on"])
            )
            and re.fullmatch(r"[a-z]+", after)
            and after not in _NAME_GOES_ON
            and after not in _WHO_WORDS | ROLE_NOUNS | _HEAD_NOUNS
            and after.rstrip("s") not in ROLE_NOUNS
        ):
            return " ".join(words[: n + 1])
    return text


# "Level 1 – Service desk", "Tier 2: Support engineers", "L3 (Vendor support)": a rung of a
# support ladder and who is on it (a severity word after the rung makes it a level instead).
_RUNG = re.compile(
    r"(?i)^\W*(?:(?:level|tier|line)\s*\d+|l\d|(?:\d(?:st|nd|rd|th)|first|second|third|fourth)"
    r"[\s-]+(?:line|level|tier))\b(?:\s+support)?(?:\s+is\b)?"
    # "Second-line support is handled by engineers; third-line support by the vendor"
    r"(?:\s+(?:(?:handled|provided|done|staffed|covered|given|run)\s+)?by\b)?\W*\s*(?P<rest>\w.*)$"
)


_RUNG_START = re.compile(
    r"(?i)\W*(?:level|tier|line|l\d|\d(?:st|nd|rd|th)|first|second|third|fourth)"
)


# "The customer experience team is the first line", "Engineering is Tier 2": who, then the rung.
_RUNG_AFTER = re.compile(
    r"(?i)^\W*(?P<who>\w.*?)\s+(?:is|are|provides?|handles?|forms?|makes\s+up)\s+(?:the\s+|our\s+)?"
    r"(?:(?:level|tier|line)\s*\d+|l\d|(?:\d(?:st|nd|rd|th)|first|second|third|fourth)[\s-]+(?:line|level|tier))"
    r"(?:\s+(?:support|of\s+support))?(?:\s*[:,(–—-].*)?\W*$"
)


def rung(text: str) -> str:
    """Who a rung of a support ladder names ("Tier 2: Support engineers", "Engineering is
    the second line"), or ""."""
    if not _RUNG_START.match(text):  # most text is no rung: the cleaning need not run
        lowered = text.lower()
        if not ("line" in lowered or "tier" in lowered or "level" in lowered or " l" in lowered):
            return ""
        after = _RUNG_AFTER.match(clean(text))
        return _who(after.group("who")) if after else ""
    match = _RUNG.match(clean(text))
    if not match:
        return ""
    rest = match.group("rest").strip(" ()")
    if _words(rest)[:1] and _words(rest)[0] in LEVEL_WORDS | {"severity", "priority"}:
        return ""
    return _who(rest)


# Words that name who is brought in, beside the role nouns: teams, tiers, ranks.
_WHO_WORDS = {
    "team", "teams", "leads", "leadership", "support", "security", "legal", "compliance",
    "management", "engineering", "primary", "secondary", "tertiary", "sre", "sres", "ops",
    "cto", "ceo", "cio", "ciso", "vp", "head", "person", "people", "everyone", "staff",
    "tier", "l1", "l2", "l3", "l4", "level", "backup", "executive", "executives", "board",
    "vendor", "provider", "maintainers", "committee", "council", "cirt", "cert", "csirt",
    "soc", "noc", "desk", "helpdesk", "hr", "pr", "counsel", "ic", "imoc", "founders",
    "member", "members", "senior", "contacts", "managers", "owners", "responders", "list",
    "alias", "line", "committers", "pmc", "officers", "president", "chancellor", "dean",
    "provost", "designee", "chief", "secretary", "administrator", "administrators", "custodian",
    "forum", "forums",
}  # fmt: skip


def _names_someone(word: str) -> bool:
    return word in _WHO_WORDS or word in ROLE_NOUNS or word.rstrip("s") in ROLE_NOUNS


def _team_name(raw: list[str], words: list[str]) -> bool:
    """ "Go security team", "release managers": a name that ends in a team's or a role's
    noun, though its first word is a verb."""
    last = words[-1]
    if len(raw) < 2 or raw[0][:1].isupper():  # "Update incident commander": an instruction
        return len(raw) > 1 and last in _HEAD_NOUNS
    return last in _HEAD_NOUNS or last in ROLE_NOUNS or last[:-1] in ROLE_NOUNS


def _plausible(text: str, words: list[str]) -> bool:
    """Whether words name a person, role or team ("the secondary", "VP Engineering",
    "AWS Support") rather than a step or a label ("Seek help", "Detection")."""
    raw = text.split()  # as written: "Texas A&M" is a name, "Lead a review" a verb and its object
    if _imperative(text) and words[0] not in _WHO_WORDS | ROLE_NOUNS and not _team_name(raw, words):
        return False  # as written: "Texas A&M" is a name, "Lead a review" a verb and its object
    if len(raw) > 1 and raw[1] in ("the", "a", "an", "your", "our", "their", "it", "this"):
        return False  # "Lead the implementation effort": a verb and its object
    if any(w in _WHO_WORDS or w.rstrip("s") in ROLE_NOUNS or w in ROLE_NOUNS for w in words):
        return True
    # "the ISM on call", "whoever is on call": the one on call, whatever their title
    return _office(text) or _proper_name(text) or bool(re.search(r"(?i)\bon[\s-]call\b", text))


def _office(text: str) -> bool:
    """ "the project's PTL", "PTL(s) of each project": an office by its initials."""
    return bool(
        re.search(r"\w'?s\s+[A-Z]{2,5}s?$", text)
        and len(text.split()) <= 4
        or re.match(r"[A-Z]{2,}s?\s+(?:of|for)\s", text)
    )


def _proper_name(text: str) -> bool:
    """ "VP Engineering", "AWS Support", "Technical Committee": a capitalised name."""
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


# What says someone is brought in, each with the words it needs (a cheap check first).
_CUES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    ((), _PAGED_AFTER),
    (("on",), _IS_RUNG),
    ((), _TOOL_PAGES),
    ((), _UNANSWERED),
    (("then",), re.compile(r"\b(page|call|notify)\b[^.]*,?\s+then\b")),
    ((), _WHEN_THEN_BRING_IN),
    ((), _BRING_IN_IF),
    ((" within ",), _WITHIN),
    ((" after ",), _WITHIN),
    ((), _HAND_OVER),
    (("back",), _BACKUP),
    (("help",), re.compile(r"\bwho\s+(?:can|will)\s+(?:also\s+)?help\b")),
    ((" in ",), _CALL_IN),
    (("involved",), _INVOLVED),
)
