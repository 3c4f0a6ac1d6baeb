"""Escalation: who is brought in, in order, from prose, arrows and lists ("page the
IMOC, then Infrastructure Leadership", "A → B → C")."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.escalation_cues import _NAMING, _says_escalation
from warroom.runbooks.escalation_who import (
    _TOOLS,
    _doer_before,
    _names_someone,
    _noun,
    _who,
    referent,
)
from warroom.runbooks.escalation_words import _STOP
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.vocabulary import (
    DURATION,
    IMPERATIVE,
    _words,
    clean,
)

# "the incident commander should be contacted", "the CTO takes over": who comes next, named
# before the verb.
_PASSIVE = re.compile(
    r"(?i)(?:^|[,;]\s*|(?<=[.!?])\s+|\bthen\s+|\bthere(?:'s|\s+is|\s+are)\s+(?:always\s+|also\s+)?(?:a\s+|an\s+)?)"
    r"(?:the\s+|their\s+|your\s+)?((?:[\w@&/'-]+\s+){0,4}?[\w@&/-]+)\s+(?:who\s+)?"
    # "The team lead can help", "The Support Engineer on duty handles escalations"
    r"(?:(?:can|will|may)\s+(?:also\s+|always\s+)?help|(?:is|are)\s+(?:there|available|on\s+hand)\s+to\s+(?:help|support|assist)"
    r"|(?:handles?|owns?|fields?|takes?|receives?|triages?|responds?\s+to)\s+(?:all\s+|the\s+)?escalations"
    # "A manager will review the request": who an escalated request goes to
    r"|(?:will|shall|then)\s+(?:review|handle|assess|pick\s+up|respond\s+to|look\s+into)\s+(?:the|your|this|all|any)\s+(?:escalated\s+)?(?:requests?|escalations?|tickets?|cases?)\b"
    r"|(?:(?:should|must|will|can|may|is\s+to)\s+(?:\w+ly\s+|also\s+|then\s+|both\s+|all\s+)?be"
    r"|(?:is|are)(?:\s+both|\s+all)?|gets?|then\s+gets?)\s+"
    # "X is escalated to" only at the end: "Requests … are escalated to the on-call" names
    # what is escalated, not who
    r"(?:contacted|paged|called|phoned|notified|informed|briefed|engaged|involved|consulted|looped\s+in|brought\s+in|pulled\s+in|alerted|made\s+aware|kept\s+informed|escalated\s+to(?=\W*$)"
    # "Engineering on-call can be reached through #oncall-eng", "the account manager must be
    # copied on every reply"
    r"|reached|copied(?:\s+in)?|cc'?d|cced)"
    # "the head of service needs to know", "legal must be told": who is told
    r"|(?:(?:needs?|has|have|ought)\s+to|should|must|will)\s+(?:always\s+)?(?:be\s+told|know"
    # (told of something, not knowing how: "everyone should know how to page")
    r"(?=\s+(?:about|of|if|when|whenever|immediately|straight\s+away|at\s+once|asap)\b|\W*$))"
    r"|takes?\s+(?:over|the\s+(?:page|pager|call|alert|incident))|steps?\s+in|(?:may|can|will)\s+intervene"
    r"|(?:acts?|serves?|(?:is|are)\s+(?:there|available|on\s+hand|on\s+call))\s+as\s+(?:the\s+|a\s+|your\s+)?back-?up|(?:is|are)\s+(?:the\s+|a\s+|your\s+|their\s+|our\s+)back-?up(?=\s+(?:if|when|for)\b|\W*$)|backs?\s+(?:them\s+|it\s+)?up|covers)\b"
)


# "Level 1", "Tier 2", "L3", "2nd line", "First contact": a rung of an escalation ladder.
TIER = re.compile(
    r"(?i)^(?:(?:level|tier|line|stage|step|escalation)\s*\d+|l\d|\d(?:st|nd|rd|th)\s+(?:line|level|tier)"
    r"|(?:first|second|third|fourth|primary|secondary|final|last)\s+(?:contact|line|level|tier|escalation)"
    r"|primary|secondary|tertiary)$"
)


_ESCALATED_TO = re.compile(r"(?i)^\W*escalat(?:e|es|ing|ion)\s+(?:it\s+)?to\s+(.+)$")


def escalated_to(title: str) -> str:
    """Who a heading says is escalated to ("Escalating to the secondary", "Escalation to
    the security team"), or ""."""
    said = _ESCALATED_TO.match(clean(title))
    return _who(said.group(1)) if said else ""


# "Escalate to Tim or James": people by their first names, after a verb that brings them in.
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_NAMED_PEOPLE = re.compile(
    r"(?:\b[Ee]scalate\s+(?:it\s+)?to|\b[Pp]age|\b[Pp]ing|\b[Cc]all|\b[Cc]ontact|\b[Rr]each\s+out\s+to"
    rf"|\b[Ee]-?mail|\b[Nn]otify|\b[Aa]sk|\b[Tt]ag|\b[Mm]essage|\b[Tt]alk\s+to|\b[Ll]oop\s+in)\s+({_NAME}(?:(?:,\s*(?:and\s+|or\s+|then\s+)?|\s+(?:and|or|then)\s+){_NAME})*)"
    r"(?=\s*(?:[.,;:!?()]|$)|\s+(?:if|when|on|in|via|at|for|directly|first|or|and)\b)"
)
# "The escalation point is the engineering manager", "Escalations: A, then B": the path named.
_NAMED_PATH = re.compile(
    r"(?i)(?:\bescalations?(?:\s+(?:point|path|contact|contacts|chain|route|order|policy))?"
    r"|\bnext\s+(?:step|stop|contact|person|level|rung|in\s+line|up))\s*"
    r"(?:is|are|:|=)\s+(.+?)(?:[.;]\s|[.;]?$)"
)
# "escalates from the primary to the secondary after 10 minutes, and from the secondary to
# the tertiary": who is brought in, in order, by where the escalation goes from and to.
_ON_PATH = r"(?:the\s+|a\s+|your\s+)?([\w-]+(?:\s+[\w-]+){0,2}?)"  # one on the path
# whom the path goes to, up to when or the clause's end
_GONE_TO = rf"{_ON_PATH}(?=\s+(?:after|within|if|when|once|and|then)\b|[,.;]|$)"
_FROM_TO = re.compile(rf"(?i)\bfrom\s+{_ON_PATH}\s+to\s+{_GONE_TO}")
# "… to the on-call engineer, and then to the CTO": the next one the path goes on to.
_THEN_TO = re.compile(
    rf"(?i),?\s+(?:and\s+)?(?:then\s+|finally\s+|lastly\s+)?(?:on\s+)?to\s+{_GONE_TO}"
)


# The verbs that bring someone in ("page", "escalate … to", "hand over to", "loop in").
_VERBS = (
    r"(?:pages?|paging|escalat(?:e|es|ed|ing)(?:\s+\w+){0,4}?\s+to|escalation\s+(?:will\s+be|is|goes)\s+to"
    # "bring it to the attention of the on-call engineer", "check with your team lead"
    r"|(?:brings?|brought)\s+(?:(?:it|this|that|them|the\s+\w+)\s+)?to\s+(?:the\s+)?attention\s+of|checks?\s+with"
    r"|(?:ask|asks|asking|request|requests|seek|seeks)\s+(?:for\s+)?(?:help|assistance|support|advice)\s+(?:from|of)"
    # "the VMT contacts the TC": a verb only after who does it (see `_THIRD_PERSON`)
    r"|(?P<third>notifies|contacts|pings|calls|engages|involves|alerts|informs|briefs|asks|messages"
    r"|e-?mails|phones|wakes(?:\s+up)?|(?:loops|pulls|brings|calls)\s+in)"
    r"|notify|call\s+in|call|ring|engage|try|nudge|wake(?:\s+up)?|contact(?:ing)?|(?:cannot|can't|can\s+not)\s+reach|ping|cc|phone|elevate\s+to|reach(?:ing|es)?\s+out\s+(?:directly\s+)?to|reach(?:ing)?\s+out(?=\s+in\s+#)"
    r"|(?:e-?mail(?:ing)?|write\s+to|follow\s+up\s+with|post(?:ing)?\s+(?:it\s+|this\s+)?(?:in|on)|ask(?:ing)?\s+(?:for\s+help\s+)?in(?=\s+(?:the|their|our|your)\s+(?:[\w-]+\s+){1,4}?(?:slack\s+)?channel\b)|copy(?:ing)?(?:\s+in)?)|loop\s+in|pull\s+in|bring\s+in|go(?:es)?\s+(?:straight\s+|directly\s+)?(?:up\s+(?:the\s+chain\s+)?)?to|move\s+on\s+to|hand\s+(?:it\s+)?(?:over\s+)?to|(?:request|requesting|ask|asking|seek|get|enlist)\s+help\s+from"
    r"|tag|@?-?mention|message|involve|alert|inform|tell|ask|hand\s+off\s+to|chase"
    # "If in doubt, invite more collaborators to help triage", "brief the VP Engineering"
    r"|invite|brief(?=\s+(?:the|your|our|their)\s)"
    # "fall back on the deputy", "the security team coordinates with the TC"
    r"|falls?\s+back\s+on|coordinat(?:e|es|ing)\s+with"
    # "talk to your manager", "get in touch with the platform team", "turn to the secondary"
    r"|talks?\s+to|speaks?\s+(?:to|with)|gets?\s+in\s+touch\s+with|turns?\s+to"
    # "rope in the database team", "grab a senior engineer", "escalate in #support"
    r"|ropes?\s+in|grab|get\s+hold\s+of|escalate(?:\s+it)?(?=\s+in\s+(?:the\s+)?#)"
    # "Escalations are handled by the Support Engineer", "Escalations go through the on-call"
    r"|escalations?\s+(?:are|is|get|gets)\s+(?:handled|owned|taken|triaged|fielded|received|picked\s+up|managed)\s+by"
    r"|escalations?\s+go(?:es)?\s+(?:through|via)|escalation\s+with"
    # "the buck stops with the CTO", "final say rests with": the last one brought in
    r"|(?:the\s+)?buck\s+stops\s+(?:with|at)|(?:final\s+)?(?:decision|say|call)\s+(?:rests|lies|sits)\s+with"
    # "the issue is assigned to a member of the core team": handed over
    r"|(?:is|are|gets?)\s+(?:then\s+)?(?:re)?assigned\s+to"
    # "flag it in #team-growth", "raise it in the #incidents channel"
    r"|(?:flag|raise)(?:s|ged|d)?\s+(?:it\s+|this\s+|that\s+)?in(?=\s+(?:the\s+)?#)"
    r"|(?:send|write|mail)(?:\s+\w+){0,3}?\s+to"
    # "Create email notice to GSA IR, ISSM, ISSO": who a notice goes to
    r"|(?:create|draft|prepare|issue)\s+(?:an?\s+|the\s+)?(?:e-?mail\s+)?(?:notice|notification)s?\s+to"
    # "run it by the team lead", "touch base with the PM", "DM the support lead", "open a
    # ticket with the platform team" (whom a word, a message or a ticket goes to)
    r"|run\s+(?:it|this|that)\s+(?:past|by)|bring\s+(?:it|this|that)\s+up\s+with"
    r"|take\s+(?:it|this|that)\s+(?:up\s+)?(?:to|with)|check\s+in\s+with|touch\s+base\s+with"
    r"|sync\s+(?:up\s+)?with|lean\s+on|consult|(?:dm|slack|text)(?=\s+(?:the|your|their|our|a|an)\s)"
    r"|(?:open|file|raise|log|submit|create)\s+an?\s+(?:[\w-]+\s+)?(?:ticket|issue|bug|request|case)\s+with"
    r"|(?:rolls?|goes|falls?|(?:is|are)\s+(?:routed|sent|forwarded|redirected|handed|addressed)|redirects?|routes?|pass(?:es|ed)?|moves?|transfer(?:s|red)?|delegates?"
    # "kick it up to the head of engineering", "bump it up to the duty manager"
    r"|kick(?:s|ed)?|bump(?:s|ed)?|push(?:es|ed)?|punt(?:s|ed)?"
    r"|defers?|reassign(?:s|ed)?)\s+(?:(?:it|this|that|them|the\s+\w+)\s+)?(?:over\s+|back\s+|on\s+|up\s+)?to"
    r"|(?:raise|flag|forward|assign|refer|report|hand|pass|transfer|route)(?:s|es|ed|d|ged|red)?"
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
    r"|,?\s+(?:and|or)\s+(?:to\s+)?(?=(?:the|your|a|an|their|our|its|other|another)\s)"
    # "the assigned AE, CSE or their regional manager": each one of an enumeration
    # "Platform support and/or the points of contact": either one
    r"|\s+and/or\s+"
    # "call the duty engineer, the duty manager, then the director": each one listed
    r"|,\s+(?=(?:the|your|their|our)\s[^,.;]*,?\s+(?:and|or|then)\s)"
    r"|\s+(?:and|or)\s+(?=[#@]\w)|,\s+(?=[^,]*\s(?:or|and)\s[^,]*$)(?!(?:and|or)\s)|,?\s+(?:and|or)\s+(?=(?-i:[A-Z]{2,})\b)"
    # "…, and after 15 minutes the team manager": the next one, after a delay
    r"|,?\s+(?:and\s+)?(?:then\s+)?after\s+(?:(?:another\s+)?\d+\s*[a-z]+|that),?\s+"
    # "your team lead, or if they're not around, to the engineering manager": the next one,
    # on a condition
    r"|,?\s+(?:or|and)(?:,\s*|\s+)(?:if|when|whenever|where|unless|should|once)\s+[^,]{1,60},\s+(?:to\s+)?"
    # "try the support manager, and failing that the head of support": the fallback next
    r"|,?\s+(?:and\s+|or\s+)?(?:failing\s+that|otherwise|if\s+not|else|as\s+a\s+last\s+resort),?\s+"
    # "call the backup on-call, and finally the CTO": the last one of the chain
    r"|,?\s+(?:and\s+)?(?:then\s+)?(?:finally|lastly|ultimately),?\s+"
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
    said = _said(text, escalation_context)
    if not any(said) and escalation_context:
        said = _bare_chain(text)
    out: list[str] = []
    for who in said:
        who = referent(who, text) if who else who
        if who and who not in out:
            out.append(who)
    # in the order the sentence names them, whichever shape named them ("If you can't get
    # hold of the duty lead, the escalation path is the ops manager")
    lowered = text.lower()
    at = {who: lowered.find(who.lower()) for who in out}
    if all(n >= 0 for n in at.values()):
        out.sort(key=at.__getitem__)
    return tuple(out)


# "The support rotation is the first point of contact; the on-call engineer is the second",
# "the first port of call is the team lead": who is brought in, by their place in the order.
_ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|next|last|final)"
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
    # "our second line is the Platform team, and the third line is the cloud vendor"
    r"|\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+line\b"
)


# "If it's urgent, escalate to:", "Contact one of the following:": who follows, one an item
# (the colon may be left out after "to": "As needed, escalate to" over its people).
_LEAD_IN = re.compile(
    rf"(?i)(?:{_VERBS}|\bescalate|\bwho\s+to\s+(?:contact|call|page|escalate\s+to))\s*"
    r"(?:(?:one|any|all|each)\s+of(?:\s+the\s+following)?|the\s+following(?:\s+people)?)?\s*"
    r"(?::|(?<=\bto))\s*$"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def announces_people(text: str) -> bool:
    """Whether a line announces the people listed after it ("reach out to one of:")."""
    return bool(_LEAD_IN.search(text))


def listed_after(entry: Entry) -> list[Entry]:
    """The people an item's sub-list names when the item escalates to them ("If it's
    urgent, escalate to:" over "- the engineer on call")."""
    if not entry.children or not announces_people(entry.text):
        return []
    return [Entry(who, entry.text, c.line) for c in entry.children if (who := _who(c.text))]


def at_levels(sections: list[Section]) -> list[Section]:
    """Who a severity level's description brings in ("### P1 … Page the on-call engineer and
    notify the engineering manager", "- **Urgent**: site down. Escalate to the on-call"): a
    sentence led by a verb that brings someone in, or one that escalates."""
    found = []
    for section in sections:
        if section.kind != "levels":
            continue
        said = [
            Entry(who, f"{entry.text}: {sentence}", entry.line)
            for entry in section.entries
            for sentence in re.split(r"(?<=[.!?;])\s+", entry.detail)
            for who in escalation_chain(sentence, bool(_LEADING_VERB.match(sentence)))
        ]
        if said:
            found.append(Section(section.path, section.line, section.block, "escalation", said,
                                 reason="people a level's description brings in"))  # fmt: skip
    return found


_THIRD_PERSON_BRINGS_IN = re.compile(
    r"\b(?:notifies|informs|contacts|alerts|pages|escalates|forwards|engages|involves|calls)\b"
)


def handed_on(entries: list[Entry]) -> list[Entry]:
    """Who a procedure brings in when the one a step brings in goes on to bring in the next
    ("… and notifies the Security Officer", then "the Security Officer … notifies senior
    leadership"), in order; [] when nobody brought in brings in another."""
    # the one brought in acts in the third person ("the Security Officer … notifies"): a
    # cheap look first, most procedures have no such step
    texts = " ".join(f"{e.text} {e.detail}" for e in entries)
    if len(entries) < 2 or not _THIRD_PERSON_BRINGS_IN.search(texts):
        return []
    said: list[Entry] = []
    handed = False
    for entry in entries:
        text = f"{entry.text} {entry.detail}".strip()
        for sentence in re.split(r"(?<=[.!?;])\s+", text):
            verb = _VERB.search(sentence)
            whos = _chain(sentence, True) if verb else ()
            if not (verb and whos):
                continue
            before = sentence[: verb.start()].lower()
            handed = handed or any(e.text.lower() in before for e in said)
            said += [
                Entry(w, sentence, entry.line) for w in whos if w not in [e.text for e in said]
            ]
    return said if handed else []


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
    if len(parts) >= 2 and all(whos):
        return whos
    # "On-call engineer, Engineering manager, CTO", "1) primary 2) secondary 3) lead": a
    # list of who, by commas or numbers only, each part no more than who it names (not "All
    # customers can request help, regardless of …")
    parts = [p for p in _LISTED.split(text.strip(" .;")) if p]
    whos = [_who(part) for part in parts]
    named = all(_only_who(who, part) for who, part in zip(whos, parts, strict=True))
    return whos if len(parts) >= 2 and named else []


_LISTED = re.compile(r"\s*[,;]\s*|(?:^|\s+)\(?\d{1,2}[.)]\s+")
_NAME_WORDS = {"of", "the", "on", "for", "in", "and", "&"}  # "Head of IT", "engineer on call"


def _only_who(who: str, part: str) -> bool:
    """Whether a part of a list says who and nothing more (no verb, no "all", no "regardless")."""
    words = _words(re.sub(r"(?i)^(?:the|a|an|your|our|their)\s+", "", part))
    return (
        bool(who)
        and _words(who) == words
        and len(words) <= 5
        and not any(w in _STOP and w not in _NAME_WORDS for w in words)
    )


def _said(text: str, escalation_context: bool) -> list[str]:
    """Everyone a sentence names as brought in, in every shape (the caller keeps the first
    of each)."""
    named = _NAMED_PATH.search(text)
    return [
        *(_who(part) for part in (_NEXT.split(named.group(1)) if named else [])),
        *_from_to(text),
        *_unanswered_ones(text),
        # "…, then go to their manager": the next verb of the chain is not who.
        *(_who(_LEADING_VERB.sub("", part.strip()))
          for clause in _verb_clauses(text) for part in _NEXT.split(clause)),
        *(_who(part) for match in _PASSIVE.finditer(text) for part in _NEXT.split(match.group(1))),
        *(_who(part) for pattern in _NAMING for match in pattern.finditer(text)
          for part in _NEXT.split(match.group(1))),
        *_people_named(text),
        *_by_order(text, escalation_context),
        *_contact_lists(text),
    ]  # fmt: skip


def _arrow_chain(text: str, escalation_context: bool) -> list[str] | None:
    """ "A → B → C" (None: no arrows)."""
    # (drawn arrows too: "──▶", "-->", "==>", "➜")
    arrows = re.split(r"\s*(?:→|-+>|⟶|=+>|➡|⇒|─+[▶>►]|[▶►➜➔⇨⟹])\s*", text)
    if len(arrows) < 2:
        arrows = _greater_than_chain(text)
    # "longer than 2 hours → inform the CIO": a condition, then whom to bring in (read as
    # the sentence it stands for)
    if len(arrows) == 2 and _LEADING_VERB.match(arrows[1]) and not _who(arrows[0]):
        return None
    if not (len(arrows) >= 3 or (len(arrows) == 2 and escalation_context)):
        return None
    arrows[0] = arrows[0].rsplit(":", 1)[-1]  # "**Escalation path:** A → B"
    whos = [w for w in (_who(a) for a in arrows) if w]
    # "Services -> VPC -> Flow Logs" is a way through a console, not people.
    people = sum(any(_names_someone(w) for w in _words(a)) for a in whos)
    return whos if escalation_context or people * 2 >= len(arrows) else []


def _greater_than_chain(text: str) -> list[str]:
    """ "Ops: on-call SRE > team lead > head of operations": ">" as an arrow, where it links
    three or more people (not "error rate > 5%")."""
    parts = re.split(r"\s+>\s+", text)
    if len(parts) < 3:
        return [text]
    whos = [_who(part.rsplit(":", 1)[-1]) for part in parts]
    return parts if all(whos) else [text]


# "If the primary contact does not answer within 15 minutes, try the secondary": the one who
# did not answer in time was paged first, the first rung (not "if the lead is unavailable,
# the CTO takes over": a stand-in, the lead not brought in).
_UNANSWERED_ONE = re.compile(
    r"(?i)\b(?:if|when|whenever|should|in\s+case|where)\s+(?:the\s+|your\s+|our\s+|their\s+)?"
    r"((?:[\w@&/'-]+\s+){0,4}?[\w@&/'-]+)\s+(?:(?:does|do|did)(?:\s+not|n't)\s+(?:respond|answer"
    r"|reply|acknowledge|pick\s+up)|fails?\s+to\s+(?:respond|answer|reply|acknowledge|pick\s+up)"
    r"|(?:has|have)(?:\s+not|n't)\s+(?:responded|answered|replied|acknowledged))"
    rf"(?:\s+(?:to\s+)?(?:the\s+|a\s+|your\s+)?(?:page|call|alert|message|ping))?"
    # (in a given time or not: who does not answer was called first; who is away is not)
    rf"(?:\s+(?:within|in|after|for)\s+{DURATION.pattern}|\s*[,;]|\s+(?:then|try|call|page|contact))"
)


def _unanswered_ones(text: str) -> list[str]:
    """ "If the duty engineer does not answer within 10 minutes, …": who was tried first
    (someone, not a tool)."""
    found = []
    for match in _UNANSWERED_ONE.finditer(text):
        words = _words(who := _who(match.group(1)))
        # "If the secondary does not respond", "if the leads are unavailable": one common
        # noun points back at someone named before ("the secondary on-call engineer"), who
        # is read there (not initials: "if the CISO does not answer")
        if len(words) <= 1 and not who.isupper():
            continue
        if any(_names_someone(w) or w == "contact" for w in words):
            found.append(who[:1].upper() + who[1:])
    return found


def _from_to(text: str) -> list[str]:
    """ "escalates from the primary to the secondary": both, in order."""
    if "escalat" not in text.lower():
        return []
    found = []
    for match in _FROM_TO.finditer(text):
        found += [_who(who) for who in match.groups()]
        at = match.end()
        while then := _THEN_TO.match(text, at):  # (right where the last one ended)
            found.append(_who(then.group(1)))
            at = then.end()
    return found


# A condition that follows who is brought in (not "…, and if they don't answer, Y", which
# goes on to the next one).
_CONDITION_AFTER = re.compile(
    r"(?i)(?<![,;])(?<!\band)(?<!\bthen)(?!(?<=\bor)\s+\w+\s+[^,.;]{1,60},)"
    r"\s+(?:when|whenever|if|unless|because|until|once|in\s+case)\s"
)


_IN_ORDER = re.compile(
    r"(?i)^\s*(?:(?:in|by)\s+)?(?:this\s+|the\s+following\s+|that\s+)?(?:order|turn|sequence)\b\W*"
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
        # "call in order: the duty engineer, …": the order is not who
        clause = _IN_ORDER.sub("", clause)
        clauses.append(_TRAILING.sub("", clause))  # "page X and | notify Y"
    return clauses
