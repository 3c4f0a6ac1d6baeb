"""Roles a sentence says someone is, appoints or makes act: "the person on call", "appoint a
comms lead", "the Incident Lead coordinates the response"; and a role's name with its
initials ("escalation engineers (EEs)")."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from warroom.runbooks.role_mentions import said_of_someone
from warroom.runbooks.role_phrases import (
    _ALONE,
    _ARTICLE,
    _MODALS,
    _NOUNS,
    _noun,
    _noun_phrase,
    _role_phrase,
)
from warroom.runbooks.roles import DOERS
from warroom.runbooks.vocabulary import IMPERATIVE, ROLE_NOUNS, ROLE_WORDS, singular

# "the person on call owns the incident", "the Engineer On Call"
# "the engineer on duty", "the developer on shift": who is on the rota now (a manager on
# duty is who escalations go to)
_ON_CALL = re.compile(
    r"(?i)\bthe\s+(?:(?:person|one)\s+(?:who\s+is\s+)?(on[- ]call)"
    r"|((?:engineer|developer|technician|administrator)\s+on[- ](?:call|duty|shift)))\b"
)
# "start out as a Secondary", "serve as the Incident Commander", "fill the secondary role"
_AS_A = re.compile(
    r"\b(?:[Aa]s|[Bb]e)\s+(?:an?|the)\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\b(?![\w-])"
    r"|\bthe\s+([a-z][\w-]*)\s+role\b"
)
# "has three roles: incident commander, communications lead and subject matter expert",
# "the roles are the commander, the scribe and the liaison"
_ROLES_ARE = re.compile(
    r"(?i)\broles\b(?:\s+(?:during|in|for|of)\s+(?:an?\s+|the\s+|each\s+|every\s+)?[\w-]+)?"
    r"(?:\s+(?:are|include)\s*:?|\s*[:–—])\s+((?:(?:the\s+|an?\s+)?[\w-]+(?:\s+[\w-]+){0,3}"
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){1,8}(?:the\s+|an?\s+)?[\w-]+(?:\s+[\w-]+){0,3})"
    r"(?=\s*[.;]|$)"
)
# "the recorder's job", "the incident commander's responsibility": a person's part
_JOB_OF = re.compile(
    r"(?i)\bthe\s+((?:[\w-]+\s+){0,2}[\w-]+)['’]s\s+(?:job|responsibilit\w*|role|dut\w+|tasks?)\b"
)
# A named body with its abbreviation ("Product Security Committee (PSC)") acts as a role.
# (a "staff" too: "the Security Operations Staff (SOS)" is a body, named as one)
_BODIES = {"team", "committee", "council", "group", "board", "squad", "crew", "staff"}


def _said_roles(text: str) -> Iterator[tuple[str, str]]:
    """Roles a sentence says someone is or has: "the person on call", "three roles: …",
    "start out as a Secondary", "the recorder's job"."""
    for match in _ON_CALL.finditer(text):
        yield match.group(1) or match.group(2), ""
    for match in _ROLES_ARE.finditer(text):  # "three roles: incident commander, scribe and …"
        yield from _enumerated_roles(match.group(1))
    for match in _AS_A.finditer(text):  # "start out as a Secondary", "the secondary role"
        said = match.group(1) or match.group(2)
        if singular(said.split()[-1].lower()) in ROLE_WORDS:
            yield said, ""
    for match in _JOB_OF.finditer(text):  # "It is the recorder's job to find …"
        if phrase := _role_phrase(match.group(1).split(), _NOUNS | ROLE_NOUNS):
            yield phrase, ""
    for match in _ON_A_ROTA.finditer(text):  # "If you are on secondary on-call"
        yield match.group(1), ""
    for match in _HELD_BY.finditer(text):  # "the current security coordinator (Ana Diaz)"
        phrase = _noun_phrase(match.group(1))
        if len(phrase.split()) >= 2 and _role_phrase(phrase.split(), _NOUNS | ROLE_NOUNS) == phrase:
            yield phrase, ""


# "If you are on secondary on-call", "while you're on primary on call": a rung of the rota
# someone is on, the part they have
_ON_A_ROTA = re.compile(
    r"(?i)\b(?:are|is|be|being|you['’]re|i['’]m)\s+on\s+((?:primary|secondary|backup|tertiary)"
    r"\s+on[- ]?call)\b"
)


# "the current security coordinator (Ana Diaz)", "the incident lead (@ana)": a role and, in
# brackets, the person who holds it
# (or with no brackets, a link's words: "the current security coordinator Ana Diaz")
_HELD_BY = re.compile(
    r"\b(?:[Tt]he|[Oo]ur|[Yy]our)\s+((?:[\w-]+\s+){0,3}[\w-]+)\s*(?:\(\s*(?:@[\w-]+"
    r"|[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s*\)"
    r"|(?<=[a-z])\s(?=[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+(?:[\s,.;:)]|$)))"
)


# A sentence that gives someone a role: "establish who your incident lead is", "appoint a
# comms lead", "assume the role of incident lead", "the release manager will decide".
_APPOINTS = re.compile(
    r"(?i)\b(?:establish\w*|appoint\w*|assign\w*|designat\w*|nominat\w*|elect\w*|choos\w*|chosen"
    r"|pick\w*|select\w*|identify|identifie\w*|form\w*\s+a\s+team|assum\w*|tak\w+\s+on|names"
    r"|acts?\s+as|serves?\s+as|becomes?|will|must|shall|should|is\s+responsible|owns?"
    r"|role\s+of|find\w*|(?:work|coordinat|collaborat|liais|partner)\w*\s+with)\b"
)
# An order that appoints, the role right after it without an article ("Designate
# communication lead"); with one, the sentence is read as any that appoints.
_APPOINT_BARE = re.compile(
    r"(?:^|(?<=[.;:!?]\s)|(?<=\n))\s*(?:[Ii]dentify|[Dd]esignate|[Aa]ppoint|[Aa]ssign|[Nn]ame"
    r"|[Nn]ominate|[Ee]lect|[Cc]hoose|[Pp]ick|[Ss]elect)\s+(?!an?\b|the\b)"
)
# "appointed as technical lead": a role given with no article before it, after "as"
_STARTER = re.compile(r"(?i)(?:^|\b(?:a|an|the|this|your|our|role\s+of|(?<=ed\s)as))\s+")
_SUBJECT = ("The ", "This ")
# Any word of a role: a text without one names no role (checked once, before the patterns).
_ROLE_HINTS = {
    part
    for word in ROLE_WORDS
    | ROLE_NOUNS
    | _NOUNS
    | _BODIES
    | DOERS
    | {"role", "whoever", "duty", "person"}
    for part in re.findall(r"[a-z]{3,}", word)
}


@functools.lru_cache(maxsize=16384)  # pure, and asked again for the same item by several rules
def names_a_role(text: str) -> bool:
    """Whether a text has any word of a role (a set lookup per word: most texts have none)."""
    return any(w in _ROLE_HINTS or w[:-1] in _ROLE_HINTS for w in _LETTERS.findall(text.lower()))


_LETTERS = re.compile(r"[a-z]{3,}")


# "Every incident has an incident commander, who …", "an Incident Lead, who drives the
# response": a role's name before "who" is a person's.
_HAS_WHO = re.compile(r"(?i)\b(?:an?|one|the)\s+((?:[\w-]+\s+){0,3}?[\w-]+),?\s+who\b")
# "the commander may also have a deputy": a role that stands alone, said to be there.
_HAS_ONE = re.compile(r"(?i)\b(?:has|have|needs?)\s+(?:also\s+)?an?\s+([\w-]+)\b")
# "Each incident has an incident lead", "larger incidents also get a technical lead": a role an
# incident is given, named by two words or more
_GETS = re.compile(
    r"(?i)\b(?:has|have|needs?|gets?|requires?)\s+(?:also\s+|always\s+)?an?\s+(?=[\w-]+\s+[\w-])"
)


def _enumerated_roles(listed: str) -> Iterator[tuple[str, str]]:
    """The names in "incident commander, communications lead and subject matter expert",
    where most of them end with a role's word (the rest then named by the same list)."""
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed)
    names = [" ".join(w) for p in parts if 1 <= len(w := _noun_phrase(p).split()) <= 4]
    roles = [n for n in names if _noun(n.split()[-1]) in ROLE_WORDS | _NOUNS]
    if len(names) == len(parts) and len(roles) * 2 > len(names):
        yield from ((n, "") for n in names)


def _appointed_roles(text: str) -> Iterator[tuple[str, str]]:
    """Role nouns named in a sentence that appoints or gives someone a role."""
    yield from _roles_before_who(text)
    yield from _roles_given(text)
    for match in _APPOINT_BARE.finditer(text):  # "Identify incident lead", "Designate scribe"
        if phrase := _role_phrase(text[match.end() : match.end() + 120].split()[:4], _NOUNS):
            yield phrase, ""
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        if _APPOINTS.search(sentence) or sentence.startswith(_SUBJECT):
            yield from _sentence_appointed(sentence)


def _roles_before_who(text: str) -> Iterator[tuple[str, str]]:
    """Roles said to be there: "an incident commander, who …", "has a deputy"."""
    for match in _HAS_WHO.finditer(text):
        if phrase := _role_phrase(match.group(1).split(), _NOUNS | ROLE_NOUNS):
            yield phrase, ""
    for match in _HAS_ONE.finditer(text):
        if _noun(match.group(1)) in _ALONE:
            yield match.group(1), ""


def _roles_given(text: str) -> Iterator[tuple[str, str]]:
    """Roles an incident is given: "Each incident has an incident lead and a comms lead"."""
    for match in _GETS.finditer(text):
        words = text[match.end() : match.end() + 120].split()[:6]
        if phrase := _role_phrase(words[:4], _NOUNS):
            yield phrase, ""
            rest = words[len(phrase.split()) :]
            joined = rest[:1] in (["and"], ["or"]) and rest[1:2] in (["a"], ["an"], ["the"])
            if joined and (more := _role_phrase(rest[2:6], _NOUNS)):
                yield more, ""


def _sentence_appointed(sentence: str) -> Iterator[tuple[str, str]]:
    """Roles after each article of a sentence that appoints someone (or whose subject is a
    role), and a second one joined to it by "and"/"or"."""
    for start in _STARTER.finditer(sentence):
        # "The support engineer will reply", "This recorder is not …": the subject of a
        # sentence may be any role.
        subject = start.start() == 0 and sentence.startswith(_SUBJECT)
        nouns = _NOUNS | ROLE_NOUNS if subject else _NOUNS
        words = sentence[start.end() : start.end() + 160].split()[:6]  # a name is short
        if phrase := _role_phrase(words[:4], nouns):
            yield phrase, ""
            # "find a scribe and communicator": the role named after it too
            rest = words[len(phrase.split()) : len(phrase.split()) + 2]
            if rest[:1] in (["and"], ["or"]) and _role_phrase(rest[1:], _ALONE):
                yield rest[1].strip(".,;:!?"), ""


# Where a clause starts, and the article of its subject: "…; a Communications Lead keeps
# stakeholders informed", "Once a fix is ready, the security coordinator requests a CVE".
_CLAUSE_ARTICLE = re.compile(
    r"(?:^|[.;:,!?]\s+|\b(?:and|but|while|whereas|then)\s+)(?:[Tt]he|[Aa]n?|[Oo]ur|[Ee]ach)\s+"
    # "the team's on-support engineer shall": whose it is, then the role
    r"(?:(?:[\w-]+\s+)?[\w-]+['’]s\s+)?"
)
# Verbs said of a role that are no instruction's verb ("the Incident Lead leads the call").
_ROLE_VERBS = {"leads", "chairs", "oversees", "drives", "owns", "acts", "serves", "liaises",
               "decides", "approves", "keeps", "runs", "writes", "sends"}  # fmt: skip


def _acting_roles(text: str) -> Iterator[tuple[str, str]]:
    """Roles a clause makes its subject, with a verb said of someone after them: "the
    Incident Lead coordinates the response", "a release manager prepares the release" (not
    "the engineer applies": one word of a role names one only if it stands alone)."""
    if not names_a_role(text):
        return
    for start in _CLAUSE_ARTICLE.finditer(text):
        words = text[start.end() : start.end() + 120].split()[:6]
        for size in range(1, min(5, len(words))):
            phrase, verb = words[:size], words[size]
            if not re.fullmatch(r"[\w-]+", phrase[-1]):
                continue
            # "the site administrators put the service into downtime": many, then their verb
            many = _plural_role(phrase[-1]) and (verb in IMPERATIVE or verb in _MODALS)
            # "the on-call engineer will", "the team's on-support engineer shall": a role of
            # two words or more, then what it is bound to do
            # (not "will be appointed as …", "will be paged": done to them, not by them)
            then = words[size + 1] if size + 1 < len(words) else ""
            bound = verb.rstrip(":") in _MODALS and then not in ("be", "not", "have")
            bound = bound and len(phrase) >= 2 and _role_last(phrase)
            if not _said_of_someone(verb) and not many and not bound:
                continue
            nouns = _NOUNS | ROLE_NOUNS | (ROLE_WORDS if many else set())
            if (named := _role_phrase(phrase, nouns)) == " ".join(phrase):
                yield named, ""
            break


def _role_last(phrase: list[str]) -> bool:
    """Whether a phrase ends with a role's word ("support engineer")."""
    return singular(phrase[-1].lower()) in ROLE_WORDS


def _plural_role(word: str) -> bool:
    """Whether a word is a role's noun in the plural ("administrators", "engineers")."""
    lowered = word.lower()
    return (
        lowered.endswith("s") and singular(lowered) != lowered and singular(lowered) in ROLE_WORDS
    )


def _said_of_someone(verb: str) -> bool:
    """Whether a word is a verb in the third person said of someone ("coordinates",
    "applies", "leads")."""
    return verb in _ROLE_VERBS or (
        re.fullmatch(r"[a-z]{4,}s", verb) is not None and said_of_someone(verb)
    )


def _initials_name(before: str, short: str) -> str:
    """The words before "(EE)" whose initials make the abbreviation and whose last word is a
    role noun: "The escalation engineers (EEs)" → "escalation engineers"."""
    letters = re.sub(r"s$", "", short).lower()
    words = before.split()
    # "Incident Manager on call (IMOC)", "Engineer on duty (EOD)": the role noun before "on".
    on = [w.lower() for w in words[-3:-1]] if len(words) >= 3 else []
    noun = words[-3] if on and on[1] == "on" and words[-1].lower() in ("call", "duty") else ""
    if not words or singular((noun or words[-1]).lower()) not in ROLE_NOUNS | _BODIES:
        return ""
    for size in range(min(len(words), 5), 0, -1):
        chosen = words[-size:]
        if chosen[0].lower() in _ARTICLE:
            continue
        if letters in initials_of(chosen):
            return " ".join(chosen)
    return ""


def initials_of(words: list[str]) -> set[str]:
    """The initials words may be shortened to, a hyphenated word counted whole or part by
    part: "Engineer On-Call" is "EO" or "EOC"."""
    whole = "".join(w[0] for w in words).lower()
    parts = "".join(p[0] for w in words for p in w.split("-") if p).lower()
    return {whole, parts}


def _singular_name(name: str) -> str:
    words = name.split()
    # "Communications", "Operations": a function's name, not a plural
    if not re.search(r"(?i)(?:ions|ics)$", words[-1]):
        words[-1] = singular(words[-1])
    name = " ".join(words)
    return name[:1].upper() + name[1:]
