"""Who a sentence brings in, read as noun phrases: every phrase headed by a role's or a
team's noun ("the Support Manager on-call", "Senior Support Managers", "the project's PTL"),
a #channel, an @handle, an email address or a phone line, in the order written; not the one
who does the bringing in ("the on-call engineer should page …"), nor a tool ("Slack")."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from warroom.runbooks.escalation_phrase_ends import (
    Token,
    _extended,
    _names_no_one,
    _personal_name,
)
from warroom.runbooks.escalation_words import (
    _ARTICLES,
    _DEPARTMENTS,
    _ORDINALS,
    _STOP,
    _VERB_PLACE,
    BRING_IN_VERBS,
    EMAIL,
    _base,
    _head,
    _verb,
    _word,
)

# (a handle with a placeholder, "@support-$TEAM", is one token)
_TOKEN = re.compile(r"@[\w-]+\$[A-Za-z_]+|[#@]?[\w][\w'’.&/+@-]*[\w]|[#@]?\w|[^\w\s]")
_CHANNEL = re.compile(r"#[A-Za-z][\w.-]*[\w]")
_HANDLE = re.compile(r"@[A-Za-z][\w-]*(?:\$[A-Za-z_]+)?(?:/[\w-]+)?")
_EMAIL = re.compile(EMAIL)
_NOT_HANDLES = {"@here", "@channel", "@everyone", "@all"}
# After the one named: what says they are brought in, though a verb follows ("the CTO is
# paged", "the Tech Lead can help", "if the primary doesn't respond").
_BROUGHT_IN = re.compile(
    r"(?i)^\s*(?:(?:will|should|must|can|may|might|shall|would|could|is|are|gets?|then)\s+)?"
    r"(?:(?:also|then|always|immediately|usually|typically|automatically|both|all|be)\s+)*"
    r"(?:paged|contacted|called|phoned|notified|informed|aware|alerted|engaged|involved|looped\s+in"
    r"|brought\s+in|pulled\s+in|escalated|consulted|woken|e-?mailed|pinged|tagged|asked|added"
    r"|reached|copied|cc'?d|cced"
    r"|help|helps|assist|assists|advise|advises|take\s+over|takes\s+over|step\s+in|steps\s+in"
    r"|answer|answers|pick\s+(?:it\s+)?up|picks\s+(?:it\s+)?up|available|on\s+call|on-call"
    r"|(?:acts?|serves?)\s+as\s+(?:a\s+|an\s+|the\s+)?(?:back-?up|escalation|point)|(?:the\s+|your\s+|our\s+|a\s+|an\s+)?(?:first|second|third|next"
    r"|final|last|backup|escalation|point\s+of\s+contact|primary|secondary|tertiary)\b"
    r"|(?:handles?|owns?|receives?|fields?|triages?)\s+(?:all\s+|the\s+)?escalat"
    r"|(?:has|have)\s+the\s+(?:final|last)\s+(?:word|say|call|decision)|decides?\b)"
)
# Before the one named: they are the one asking ("a request from the Sales team", "reported
# by the on-call engineer"), or the one speaking ("you are the incident commander", "As the
# on-call engineer, assign …").
_NOT_BROUGHT_IN_BEFORE = re.compile(
    r"(?i)(?:(?:request|requests|question|questions|ticket|tickets|report|reports|message"
    r"|messages|email|emails|feedback|complaint|complaints)\s+(?:\w+\s+)?from"
    r"|(?:reported|raised|filed|opened|submitted|sent|created|found|discovered|written|asked"
    r"|requested|escalated|triggered|declared|initiated|started|paged)\s+by|\brole\s+of"
    r"|\b(?:you|we|i)(?:\s+are|'re|’re|\s+am|'m|\s+will\s+be)"
    # "doesn't require technical support", "not a path to reach the DBRE team"
    r"|\b(?:not|n't|n’t|never)(?:\s+[\w'’-]+){0,4}"
    r"|(?:^|[,.;:]\s*)as|\bbecom(?:e|es|ing)|\b(?:point|back-?up|cover|covers|covering)\s+for"
    r"|\bacts?\s+as|\bserves?\s+as"
    r"|(?<!help\s)(?<!assistance\s)(?<!support\s)(?<!advice\s)(?<!input\s)(?<!guidance\s)"
    r"(?<!approval\s)(?<!escalate\s)(?<!escalated\s)(?<!anyone\s)(?<!someone\s)"
    r"(?<!somebody\s)(?<!people\s)(?<!member\s)(?<!members\s)(?<!folks\s)(?<!person\s)"
    r"(?<!engineer\s)(?<!engineers\s)\bfrom)\s+(?:the\s+|a\s+|an\s+|your\s+|our\s+|their\s+)?$"
)
_DETERMINED = re.compile(r"(?i)(?:\b(?:the|a|an|your|our|their|its|his|her|my|any|each)|'s)\s+$")
_PARENTHESIS = re.compile(r"^\s*\([^()]{0,60}\)")
# After a name, a verb: that one does something, and is not brought in ("the on-call
# engineer should page …", "The VMT contacts …").
_NEXT_WORD = re.compile(r"^\s*([\w'’-]+)")
_AUXILIARIES = {
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "is", "are",
    "was", "were", "has", "have", "had", "does", "do", "did", "needs", "need", "wants", "gets",
    "get", "cannot", "be",
}  # fmt: skip


def people(
    sentence: str, initials: frozenset[str] = frozenset(), objects_only: bool = False
) -> list[str]:
    """Who a sentence brings in, as written, in order (see the module's doc); `initials`:
    the initials the document spells out as someone's; `objects_only`: only whom a verb
    that brings someone in names ("… and notifies senior leadership by email")."""
    found = _people(sentence, initials)
    if not objects_only:
        return [who for _, who in found]
    objects: list[str] = []
    last_end = -1
    colon = sentence.rfind(":")
    # "reach out to the core maintainers directly: Jane Doe, John Roe": the people listed by
    # name after whom a verb brings in hold that role
    listed = (
        {at for at, _ in _names_listed(sentence, [f for f in found if f[0] < colon])}
        if _LISTING_VERB.search(sentence[: max(colon, 0)])
        else set()
    )
    for at, who in found:
        gap = sentence[last_end:at] if last_end >= 0 else ""
        verb = _OBJECT_OF.search(sentence[:at])
        if verb or at in listed or (objects and _COORDINATED.match(gap)):
            objects.append(who)
            last_end = at + len(who)
    return objects


# A verb that brings someone in, said of who does it, right before whom: "the individual
# receiving the report notifies the Security Officer", "activates the SIRT" (a plain
# instruction, "Reach out to the on-call SRE", is a step).
_OBJECT_OF = re.compile(
    r"(?i)\b(?:notifie[sd]|pages|paged|escalate[sd]\s+(?:it\s+|this\s+)?to|alert(?:s|ed)"
    r"|contact(?:s|ed)|call(?:s|ed)\s+in|loop(?:s|ed)\s+in|engage[sd]|involve[sd]|activate[sd]"
    r"|wakes(?:\s+up)?|ping(?:s|ed)|inform(?:s|ed)|consult(?:s|ed)|summon(?:s|ed)"
    r"|mobili[sz]e[sd]|convene[sd]|reaches\s+out\s+to|ask(?:s|ed)"
    # "… and phones the Major Incident Manager", "emails the Registrar"
    # (not "emails", "texts", "calls": as often a plural noun, "suspicious emails targeting …")
    r"|phone[sd]|rings|texted|messaged|e-?mailed"
    # "… informs the Head of Infrastructure, who briefs the CIO"
    r"|brief(?:s|ed)|advis(?:es|ed)"
    # "they contact the maintainers of the vulnerable package": the team, in the plural
    r"|\b(?:they|we)\s+(?:then\s+|also\s+|will\s+|may\s+|can\s+|first\s+)*(?:contact|notify|inform"
    r"|alert|involve|engage|consult|page|ping|reach\s+out\s+to|coordinate\s+with|work\s+with)"
    # "issues are addressed to the mobile team", "forwarded to the security team"
    r"|(?:addressed|routed|forwarded|redirected|referred|handed(?:\s+over)?|passed(?:\s+on)?|transferred"
    r"|reassigned|raised)\s+to"
    # "subscribes the core reviewers to the bug", "coordinates with the PTL"
    r"|subscribe[sd]|invite[sd]|add(?:s|ed)|cc(?:s|'s|'d|ed)"
    r"|(?:coordinate[sd]|work(?:s|ed)|confirm(?:s|ed)|check(?:s|ed)|consult(?:s|ed)|liaise[sd]"
    r"|discussed|cleared|agreed|engage[sd])\s+with"
    # "… will investigate, and coordinate with relevant partners", "inform and engage with
    # those system owners": a second verb of one doer
    r"|\band\s+(?:coordinate|liaise|engage|work\s+closely)\s+with"
    r"|(?:seek(?:s)?|sought|get(?:s)?|got|request(?:s|ed)?)\s+(?:help|advice|input|assistance|guidance|review)\s+from"
    # "The Fix Team will notify the Fix Lead", "the CISO decides whether to notify the Provost"
    # "the TOC may involve the foundation's legal counsel": who it is up to them to bring in
    r"|\b(?:will|shall|must|should|would|may|might|can|could|to)\s+(?:also\s+|then\s+|immediately\s+|promptly\s+)?"
    r"(?:notify|page|escalate\s+(?:it\s+)?to|alert|contact|call\s+in|loop\s+in|engage|involve"
    r"|activate|wake(?:\s+up)?|ping|inform|consult|summon|mobili[sz]e|convene|reach\s+out\s+to|brief"
    r"|subscribe|invite|add|coordinate\s+with|work\s+with|confirm\s+with|check\s+with"
    r"|liaise\s+with|(?:seek|get|request)\s+(?:help|advice|input|assistance|guidance|review)\s+from)"
    # "Incidents that cannot be resolved by the service desk within 30 minutes …": the rung
    # before the one it passes to
    r"|(?:can(?:no|')t|could\s*not|couldn't)\s+be\s+(?:resolved|fixed|handled|solved|answered)\s+by"
    r"|(?:is|are)(?:\s+not|n't)\s+(?:resolved|fixed|handled|solved|answered)\s+by)\s+"
    r"(?:(?:one|any|some|all|each)\s+of\s+)?"
    r"(?:the\s+|a\s+|an\s+|your\s+|our\s+|their\s+|its\s+|any\s+|those\s+|these\s+)?"
    r"(?:other\s+|another\s+)?$"  # "who will involve other maintainers"
)


_ON_CALL_SPACED = re.compile(r"(?i)\b(on) (call) (?=([A-Za-z]+)\b)")


def _hyphened(match: re.Match[str]) -> str:
    """ "on call " as "on-call " where a noun for who follows ("the on call human")."""
    if _head(match.group(3), "on-call", frozenset()):
        return f"{match.group(1)}-{match.group(2)} "
    return match.group(0)


@functools.lru_cache(maxsize=4096)  # pure, and a long document repeats its sentences
def _people(sentence: str, initials: frozenset[str]) -> tuple[tuple[int, str], ...]:
    """Each one a sentence brings in, with where it is said."""
    # "the on call human": read as "on-call human" (as long, so the name is cut as written)
    read = _ON_CALL_SPACED.sub(_hyphened, sentence) if "on call" in sentence.lower() else sentence
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(read)]
    found: list[tuple[int, str]] = []
    n = 0
    state = _Said()
    while n < len(tokens):
        token = tokens[n][0]
        if token[:1] in "#@" or "@" in token:
            if (who := _addressed(token)) and not _a_place_or_a_tool(tokens, n, found):
                at, who = _with_their_name(sentence, tokens, n, found, who)
                found.append((at, who))
            n += 1
            continue
        if not _in_run(tokens, n):
            n += 1
            continue
        last = n  # a run of words with no stop word between them
        while last + 1 < len(tokens) and _in_run(tokens, last + 1):
            last += 1
        reach = last  # past the run where a phrase goes on ("VP of Engineering")
        for first, end in _segments(sentence, tokens, n, last, initials):
            who, reach_end = _named(sentence, tokens, first, end, initials, state)
            reach = max(reach, reach_end)
            if who:
                found.append((tokens[first][1], who))
        n = reach + 1
    return tuple(found + _names_listed(sentence, found))


# "… any of the core maintainers directly: Jane Doe, John Roe or Max Mustermann.": the
# people who hold the role, by their names (a first name and a surname each).
_LISTING_VERB = re.compile(
    r"(?i)\b(?:reach(?:ing)?\s+out|contact|page|call|ping|e-?mail|escalate|notify|message|ask)"
)
_PERSON = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
_NAMES_AFTER_COLON = re.compile(
    rf":\s*({_PERSON}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_PERSON})*)\s*[.;]?\s*$"
)


def _names_listed(sentence: str, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The people a sentence lists by name after a colon, once it named whom they are."""
    listed = _NAMES_AFTER_COLON.search(sentence)
    if not listed or not found or found[-1][0] >= listed.start():
        return []
    start = listed.start(1)
    return [(start + m.start(), m.group(0)) for m in re.finditer(_PERSON, listed.group(1))]


def _with_their_name(
    sentence: str, tokens: list[Token], n: int, found: list[tuple[int, str]], who: str
) -> tuple[int, str]:
    """A handle or address with the person's name it follows ("Alice Smith (@alice)", "Bob
    Jones jane@example.org"): the name is how the document calls them."""
    if who.startswith("#"):
        return tokens[n][1], who  # a channel is no one's
    opened = n > 0 and tokens[n - 1][0] in ("(", "<")
    name_end = n - 1 if opened else n
    first = name_end
    while (
        first > max(0, name_end - 3)
        and _PERSONAL.fullmatch(tokens[first - 1][0])
        and not _verb(tokens[first - 1][0].lower())
    ):
        first -= 1
    # one name before a bracket ("Alice (@alice)"), else a first name and a surname
    if name_end - first < (1 if opened else 2) or (found and found[-1][0] >= tokens[first][1]):
        return tokens[n][1], who  # no name before it, or a role named already
    close = {"(": ")", "<": ">"}.get(tokens[n - 1][0]) if opened else None
    closed = close and n + 1 < len(tokens) and tokens[n + 1][0] == close
    # "Li Wei (@liwei on GitHub)": the name, the bracket says more than the handle
    last = (n + 1 if closed else name_end - 1) if opened else n
    return tokens[first][1], sentence[tokens[first][1] : tokens[last][2]]


_PERSONAL = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


_KEPT_IN = {"pinned", "bookmarked", "documented", "linked", "listed", "archived", "logged"}


def _a_place_or_a_tool(tokens: list[Token], n: int, found: list[tuple[int, str]]) -> bool:
    """Whether a channel or handle is where someone just named is reached ("ping the IT team
    in #it-infra") or the tool that pages them ("use @oncall to page …")."""
    before = [t[0].lower() for t in tokens[max(0, n - 3) : n]]
    if before[-1:] and before[-1] in ("use", "using", "via", "through"):
        return True
    # "the support lounge (pinned in both #support and #chapter-se)": where a thing is kept
    if any(w in _KEPT_IN for w in [t[0].lower() for t in tokens[max(0, n - 6) : n]]):
        return True
    if before[-1:] in (["in"], ["on"]) and found:
        return tokens[n - 1][1] - (found[-1][0] + len(found[-1][1])) <= 2
    # "reach the maintainers on Matrix at #proj:matrix.org", "email the lead at x@y.org":
    # the address where someone just named is reached, not someone else
    return before[-1:] == ["at"] and bool(found)


def _in_run(tokens: list[Token], n: int) -> bool:
    token = tokens[n][0]
    lowered = token.lower()
    if token == "IT":  # "the IT team", not "it"
        return True
    if lowered in _ORDINALS and n and tokens[n - 1][0].lower() in _ARTICLES:
        return True  # "the next on-call", "a second engineer"
    if lowered == "help" and tokens[n + 1 : n + 2] and tokens[n + 1][0].lower() == "desk":
        return True  # "the help desk staff", not "ask for help"
    return (
        _word(token)
        and "@" not in token
        and lowered not in _STOP
        and not lowered.endswith(("n't", "n’t"))
        and not (len(lowered) > 4 and lowered.endswith("ly") and token.islower())
    )


def _segments(
    sentence: str, tokens: list[Token], first: int, last: int, initials: frozenset[str]
) -> list[tuple[int, int]]:
    """A run cut at its verbs: "Page Support Manager on-call" → "Support Manager on-call";
    "the on-call engineer pages" → "on-call engineer" (a verb after a head is a verb; "the
    release managers" keeps its first word)."""
    words = [t[0] for t in tokens[first : last + 1]]
    start = 0
    help_desk = [w.lower() for w in words[:2]] == ["help", "desk"]  # a desk, not "help"
    if (
        len(words) > 1
        and _verb(words[0])
        and not help_desk
        and _verb_place(sentence, tokens, first, initials)
    ):
        start = 1  # "Ask Tech Lead", "Contact release managers"
    cuts: list[tuple[int, int]] = []
    for n in range(start + 1, len(words)):
        word = words[n].lower()
        after = tokens[first + n + 1][0].lower() if first + n + 1 < len(tokens) else ""
        before_head = _head(words[n - 1], words[n - 2] if n > 1 else "", initials)
        verb_form = word != _base(word) or (_verb(word) and before_head)
        object_follows = after in ("the", "a", "an", "this", "that", "their", "it", "them", "all")
        head = _head(words[n], words[n - 1], initials)
        # "The security team leads the response", not "give the Support Lead a heads-up"
        plural_verb = object_follows and word.endswith("s")
        if verb_form and _verb(word) and (not head or plural_verb):
            cuts.append((first + start, first + n - 1))
            start = n + 1
    if start < len(words):
        cuts.append((first + start, last))
    return [(a, b) for a, b in cuts if a <= b]


def _verb_place(sentence: str, tokens: list[Token], at: int, initials: frozenset[str]) -> bool:
    """Whether the word at `at` stands where a verb may ("Ask …", ", then page …"), not
    after an article or a name it goes on ("the release managers", "developers and release
    managers")."""
    if _DETERMINED.search(sentence[: tokens[at][1]]):
        return False
    before = tokens[at - 1][0].lower() if at else ""
    if before in ("and", "or") and at >= 2:
        return not _head(tokens[at - 2][0], tokens[at - 3][0] if at >= 3 else "", initials)
    return before in _VERB_PLACE


def _addressed(token: str) -> str:
    """A #channel, an @handle or an email address, as written."""
    token = token.rstrip(".")
    if _EMAIL.fullmatch(token):
        return token
    if _CHANNEL.fullmatch(token) or (
        _HANDLE.fullmatch(token) and token.lower() not in _NOT_HANDLES
    ):
        return token
    return ""


def _department(tokens: list[Token], at: int) -> bool:
    if tokens[at][0].lower() not in _DEPARTMENTS:
        return False
    n = at - 1
    while n >= 0 and tokens[n][0].lower() in ("to", "in", "with", "up"):
        n -= 1  # "escalate to", "loop in", "check with", "follow up with"
    if n < 0 or n + 1 < at and tokens[n + 1][0].lower() == "in" and tokens[n][0].lower() != "loop":
        return False
    return _base(tokens[n][0].lower()) in BRING_IN_VERBS


class _Said:
    """The last name read in a sentence, and whether it was one asking or speaking: a name
    coordinated with it shares its part ("raised by the EOC or Incident Manager")."""

    end = -1
    not_brought_in = False


# "The on-call engineer and an incident commander should enlist help": both do it.
_COORDINATED_DOER = re.compile(
    r"(?i)^\s*,?\s*(?:and|or|&)\s+(?:the\s+|an?\s+|your\s+|our\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+"
    r"\s+(?:should|must|will|shall|can|may|needs?\s+to)\s"
)
# Between two names of one enumeration: "A, B and C", "A or B", "A/B", and of one chain:
# "notifies the CIO, then General Counsel".
_COORDINATED = re.compile(
    # "…, and finally the CTO": the last of the chain
    r"^\W*(?:,\s*)?(?:(?:and|or|&|/|then|and\s+then)\s+)?(?:(?:finally|lastly|ultimately),?\s+)?"
    r"(?:the\s+|a\s+|an\s+)?\W*$"
)


def _named(
    sentence: str,
    tokens: list[Token],
    first: int,
    last: int,
    initials: frozenset[str],
    said: _Said | None = None,
) -> tuple[str, int]:
    """The noun phrase words first..last make, with what extends it ("on-call", "of
    Engineering"), if it ends on a head, names someone to bring in, and is not who brings
    them in; and the index of its last token."""
    words = [t[0] for t in tokens[first : last + 1]]
    named = _personal_name(words, initials)
    if named:  # "the maintainer Jane Doe": the role, then who holds it
        last -= named
        words = words[:-named]
    if not _head(words[-1], words[-2] if len(words) > 1 else "", initials) and not (
        first == last and _department(tokens, first)
    ):
        return "", last
    end, extended = _extended(tokens, last)
    # "another developer": one like the speaker, named by the word before
    another = first > 0 and tokens[first - 1][0].lower() in ("another", "other")
    if _names_no_one(sentence, tokens, words, first, end, extended or another):
        return "", end
    at = tokens[first][1]
    if named and end == last:
        end += named  # the person's name is part of who is brought in
    after = sentence[tokens[end][2] :]
    after = after[m.end() :] if (m := _PARENTHESIS.match(after)) else after  # "X (ABBR) is …"
    said = said or _Said()
    not_brought_in = _asking_or_speaking(sentence, at, said)
    said.end, said.not_brought_in = tokens[end][2], not_brought_in
    # ("escalation to more team members is possible": whom the escalation goes to)
    doer = _doer(after) and not _AFTER_BRINGING_IN.search(sentence[:at])
    if doer or _COORDINATED_DOER.match(after) or not_brought_in:
        return "", end
    if another:
        at = tokens[first - 1][1]  # "another team member": not the one handing over
    return sentence[at : tokens[end][2]], end


# A bringing-in said as a noun, right before whom it goes to: "escalation to the database
# team is possible", "a hand-off to the next shift", "the page to the secondary goes out".
_AFTER_BRINGING_IN = re.compile(
    r"(?i)\b(?:escalations?|hand-?offs?|hand-?overs?|referrals?|pages?|notifications?"
    r"|transfers?)\s+(?:is\s+made\s+|goes\s+|go\s+)?to\s+(?:the\s+|a\s+|an\s+|your\s+|our\s+"
    r"|their\s+|its\s+)?(?:(?:more|other|another|further|additional)\s+)?$"
)


def _asking_or_speaking(sentence: str, at: int, said: _Said) -> bool:
    """Whether the one named at `at` asks or speaks rather than is brought in, said before
    them or shared with the name they are coordinated with."""
    coordinated = said.end >= 0 and bool(_COORDINATED.match(sentence[said.end : at]))
    return bool(_NOT_BROUGHT_IN_BEFORE.search(sentence[:at])) or (
        coordinated and said.not_brought_in
    )


# Where or when the one named is, said after them: "on shift", "in charge", "for the service".
_PLACE_AFTER = re.compile(
    r"(?i)^\s*(?:on|in|at|for|from|of)\s+(?:the\s+|a\s+|that\s+|this\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?=(?:will|should|must|can|may|is|are|has|have)\b|[\w-]+(?:s|ed)\b)"
)
_CLOSING = re.compile(r"^[\s)\]*_`\"'’”]+|^\s*\w+ly\b")


def _doer(after: str) -> bool:
    """Whether a verb follows a name (past a closing mark or an adverb): the one named does
    something ("The Fix Team urgently develops a fix")."""
    while m := _CLOSING.match(after):
        after = after[m.end() :]
    if m := _PLACE_AFTER.match(after):  # "The support engineer on shift brings …"
        after = after[m.end() :]
    if _BROUGHT_IN.match(after):
        return False
    word = _NEXT_WORD.match(after)
    if not word:
        return False
    lowered = word.group(1).lower()
    if lowered in _AUXILIARIES or lowered.endswith(("n't", "n’t")):
        return True
    return _verb(lowered) and lowered not in _STOP


# "the Information System Security Officer (ISSO)", "the SRC (Security Response Committee)":
# initials a document spells out as someone's.
_SPELLED = re.compile(r"((?:[\w&/'’-]+\s+){0,5}[\w'’-]+)\s+\(\s*([A-Z][A-Z&]{1,5})s?\s*\)")
_SPELLED_AFTER = re.compile(r"\b([A-Z][A-Z&]{1,5})s?\s+\(\s*((?:[\w&/'’-]+\s+){0,5}[\w'’-]+)\s*\)")


_INITIALS_SAID = re.compile(r"\(\s*[A-Z][A-Z&]|[A-Z][A-Z&]{1,5}s?\s+\(")


def spelled_out(texts: Iterable[str]) -> dict[str, str]:
    """The initials each text spells out as someone's name ("Incoming Engineer On-Call
    (IEOC)"), each with the name."""
    found: dict[str, str] = {}
    for text in texts:
        if not _INITIALS_SAID.search(text):
            continue
        for match in _SPELLED.finditer(text):
            name = _ends_on_head(match.group(1))
            if name:
                found.setdefault(match.group(2), name)
        for match in _SPELLED_AFTER.finditer(text):
            name = _ends_on_head(match.group(2))
            if name:
                found.setdefault(match.group(1), name)
    return found


def _ends_on_head(words: str) -> str:
    """The name in words that end on a head, from its first capitalised word ("the
    Information System Security Officer" → "Information System Security Officer")."""
    split = words.split()
    if not _head(split[-1], split[-2] if len(split) > 1 else "", frozenset()):
        return ""
    capitals = [n for n, w in enumerate(split) if w[:1].isupper()]
    return " ".join(split[capitals[0] :]) if capitals else " ".join(split[-2:])
