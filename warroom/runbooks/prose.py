"""Facts stated in a paragraph rather than a list or a table.

- roles: "Role: X (ABBR)"; a role noun with the abbreviation it is given ("the escalation
  engineers (EEs)"); a role noun in bold ("appoints a **comms lead**"); a named role ("the
  Escalation Engineer role", "a “Coordinator” must be assigned");
- levels: read by prose_levels ("SEV-1: update every 15 minutes", "priorities are P1, P2
  and P3");
- escalation: "page the IMOC, then Infrastructure Leadership", "A → B → C", with a delay
  where the sentence gives one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from markdown_it.token import Token

from warroom.runbooks.escalation_paragraphs import paragraph_escalation
from warroom.runbooks.escalation_who import rung
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import _bold_lead, _inline_text
from warroom.runbooks.prose_levels import prose_levels
from warroom.runbooks.role_phrases import (
    _ALONE,
    _ON_CALL_WORDS,
    _STRONG_NOUNS,
    _noun_phrase,
    _role_phrase,
)
from warroom.runbooks.role_sentences import (
    _BODIES,
    _acting_roles,
    _appointed_roles,
    _initials_name,
    _said_roles,
    _singular_name,
    names_a_role,
)
from warroom.runbooks.roles import blank, defined_lines, holders, role_name
from warroom.runbooks.vocabulary import ROLE_NOUNS, clean, singular

GLOSSARY = re.compile(r"(?i)\b(glossary|definitions?|terminology|terms)\b")
# "becomes the initial Incident Commander", "is the incident lead", "acts as the comms lead"
_BECOMES = re.compile(
    r"\b(?:is|are|becomes|become|acts? as|acting as|serves? as|will be|assume the role of)\s+"
    r"(?:the|an?|its|their)\s+((?:[\w-]+\s+){0,3}?([\w-]+))\b(?=[\s.,;:!?)]|$)"
    r"(?:\s+[\w-]+){0,3}"
)
# "acts as incident manager", "serving as communications lead until …": a role taken on,
# named with no article
_AS_BARE = re.compile(
    r"\b(?:acts?|acting|serves?|serving|stands?\s+in)\s+as\s+(?!the\b|an?\b|its\b|their\b)"
    r"((?:[\w-]+\s+){0,2}[\w-]+)\b"
)
# "They are the DRI", "it effectively becomes the owner": what a role named before is
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[.;!?]\s+|,\s+)(?:[Tt]hey|[Hh]e|[Ss]he|[Ii]t)(?:\s+\w+ly)?\s*$"
)
# "by pinging the `Solana Labs` role": a chat's role, who is mentioned, not an incident's
_MENTION = re.compile(r"(?i)\b(?:ping\w*|mention\w*|tag\w*)\s+(?:the\s+)?[`@]?\W*$")
# "(the *reporter*)", "(the “reporter”)": a term the document defines for a person
_DEFINED = re.compile(r"\(\s*the\s+[*_\"“]+([\w][\w -]{1,30}?)[*_\"”]+\s*\)")
# "incident lead and messenger roles"
_PAIR_ROLES = re.compile(
    r"((?:[\w-]+\s+){1,3}?[\w-]+)\s+(?:and|or)\s+((?:[\w-]+\s+){0,2}[\w-]+)\s+roles\b"
)
# "the Escalation Engineer role", "the role of Incident Commander"
_NAMED_ROLE = re.compile(
    r"(?:\b[Tt]he|\b[Aa]n?)\s+[\"“']?((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)[\"”']?\s+role\b"
    r"|\brole\s+of\s+(?:the\s+|an?\s+)?[\"“']?((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)"
)
_QUOTED_ROLE = re.compile(
    r"[\"“]([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})[\"”]\s+(?:role|must be assigned|is assigned)"
)
# "Incident Commander (IC)", "the Communications Lead (or CL)", "Incident Manager [IM]"
_WITH_SHORT = re.compile(
    r"((?:[\w-]+\s+){1,4}?[\w-]+)\s*(?:\(\s*(?:(?:or|aka|a\.k\.a\.)\s+)?|\[\s*)[\"“'‘]?"
    r"([A-Z][A-Za-z]{1,5})[\"”'’]?\s*[)\]](?!\()"
)


def prose_facts(inline: Token, line: int, path: tuple[str, ...], kinds: list[str]) -> list[Section]:
    """The roles, levels and escalation a paragraph states, each as a section."""
    text = clean(_inline_text(inline))
    sections: list[Section] = []
    roles = prose_roles(text, _bold(inline), line, inline.content, kinds[-1:] == ["roles"])
    if kinds[-1:] == ["skip"] and not GLOSSARY.search(path[-1] if path else ""):
        # under a rotation or a tool list, only a role given with its abbreviation: "the
        # rotation is an Engineer On-Call (EOC) and a technical manager (TM)"
        # or one a template's contact list leaves to fill in ("Incident Lead: [Name, phone]")
        roles = [e for e in roles if e.cells.get("short") or e.cells.get("blank")]
    if roles:
        sections.append(Section(path, line, "prose", "roles", roles, reason="roles named in prose"))
    # "Tier 1 is the support team; Tier 2 is the on-call engineer": a ladder in one paragraph
    rungs = [Entry(who, "", line) for part in re.split(r"[.;]\s+", text) if (who := rung(part))]
    # (one rung a paragraph under an escalation heading: "**Tier 1 (Frontline):** Agents.")
    found = rungs if len(rungs) >= 2 or (rungs and "escalation" in kinds[-2:]) else []
    if not found:  # else who a sentence brings in, with its delay or condition
        said = paragraph_escalation(text, "escalation" in kinds[-2:])
        found = [Entry(who, when, line) for who, when in said]
    if found:
        sections.append(Section(path, line, "prose", "escalation", found,
                                reason="people a sentence brings in"))  # fmt: skip
    if kinds[-1:] == ["skip"]:  # a rotation's or a tool list's prose may still say who is next
        return sections
    sections += prose_levels(text, line, path, kinds)
    return sections


def _bold(inline: Token) -> list[str]:
    """The texts a paragraph sets in bold or in italics (a term a team marks as its own:
    "appoint a **comms lead**", "the *Ledger Keeper* records …")."""
    out: list[str] = []
    current: list[str] | None = None
    for child in inline.children or []:
        if child.type in ("strong_open", "em_open") and current is None:
            current, closing = [], child.type.replace("open", "close")
        elif current is not None and child.type == closing:
            out.append(clean("".join(current)))
            current = None
        elif current is not None and child.type in ("text", "code_inline"):
            current.append(child.content)
    return out


def prose_roles(
    text: str, bold: list[str], line: int, raw: str = "", in_roles: bool = False
) -> list[Entry]:
    """Roles a paragraph names; none is guessed from words that only look like one. `raw`:
    the paragraph with its emphasis marks, where a defined term shows ("the *reporter*");
    `in_roles`: under a roles heading, where "**Communications:** …" defines one too."""
    if not in_roles and not names_a_role(text) and "(the " not in (raw or text):
        return []  # no word of a role, no term defined: none of the patterns can match
    found: dict[str, Entry] = {}
    # "**Incident Manager**: coordinates the response": what follows is its duty.
    defined = {singular(d[0].lower()): d for d in defined_lines(raw or text, line, in_roles)}
    named = [(d[0], d[1]) for d in defined.values()]
    written = _written_roles(text, bold, raw)
    for name, short in [*named, *written, *_phrased_roles(text, bold, raw)]:
        name = " ".join(name.split()).strip(" :-–—,.")
        key = singular(name.lower())
        if name and key not in found and len(name.split()) <= 5:
            found[key] = Entry(_singular_name(name), "", line, {"short": short})
            if key in defined and blank(defined[key][2]):
                # "Incident Lead: [Name, phone]": a template's role, its holder left blank
                found[key].line, found[key].cells["blank"] = defined[key][3], "yes"
            elif key in defined:
                found[key].line = defined[key][3]
                found[key].cells["responsibilities"] = defined[key][2]
    for who, does in holders(text):  # the deed's words are the name, taken as written
        found.setdefault(
            who.lower(), Entry(who, "", line, {"=name": who, "responsibilities": does})
        )
    return sorted(found.values(), key=lambda e: _said_at(text, e.text))


def role_led(inline: Token) -> Entry | None:
    """A paragraph led by a role's name, then what the role does: the name in bold before
    its first sentence ("**Data Custodian.** Preserves evidence."), or alone on the first
    line of a definition ("Incident Commander" over "Owns the incident.")."""
    if lead := _bold_lead(inline):
        head, rest = clean(lead[0]), clean(lead[1])
        if not head.endswith("."):  # "**X**: …", "**X** – …" are read as defining lines
            return None
    else:
        head, _, rest = inline.content.partition("\n")
        head, rest = clean(head), clean(rest)
    if not rest[:1].isupper() or not re.fullmatch(r"[\w&/()' -]+\.?", head):
        return None  # "The Incident Commander\nwill decide …": a sentence run on
    found = role_name(head.rstrip("."))
    if not found or len(found[0].split()) > 5:
        return None
    return Entry(found[0], "", inline.map[0] + 1 if inline.map else 0,
                 {"short": found[1], "responsibilities": rest})  # fmt: skip


def _said_at(text: str, name: str) -> int:
    """Where a paragraph first says a role's name: roles are listed in the order written."""
    at = text.lower().find(name.lower())
    return at if at >= 0 else len(text)


def item_roles(text: str, line: int, bold: tuple[str, ...] = ()) -> list[Entry]:
    """Roles a list item's sentences name ("you'll have a co-facilitator", "the Incident
    Commander (IC)", "Designate **communication lead**"), its labels left to the list's own
    rules. `bold`: what the item sets in bold (a role noun in bold names a role)."""
    return [Entry(name, "", line, {"short": short}) for name, short in _item_roles(text, bold)]


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its items
def _item_roles(text: str, bold: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The roles (name, short) `item_roles` finds."""
    found: dict[str, tuple[str, str]] = {}
    if not names_a_role(text):
        return ()  # no word of a role in it: none of the patterns below can match
    initials = [(n, re.sub(r"s$", "", short)) for m in _WITH_SHORT.finditer(text)
                if (n := _initials_name(m.group(1), short := m.group(2)))
                and singular(n.split()[-1].lower()) not in _BODIES]  # fmt: skip
    emphasised = [r for r in _bold_roles(list(bold)) if not text.startswith(r[0])]  # not a label
    for name, short in [*initials, *emphasised, *_phrased_roles(text, [], "")]:
        name = " ".join(name.split()).strip(" :-–—,.")
        if name and len(name.split()) <= 5:
            found.setdefault(singular(name.lower()), (_singular_name(name), short))
    return tuple(found.values())


def _written_roles(text: str, bold: list[str], raw: str = "") -> Iterator[tuple[str, str]]:
    """Roles marked as such: "Role: X (ABBR)", "escalation engineers (EEs)", **comms lead**.
    `raw`: the paragraph as written, its lines apart."""
    for part in re.split(r"(?<=[.!?])\s+|\s*\n\s*", raw or text):
        # "**Role:** Incident Lead" over "**Name:**": one line of a form, without its marks
        part = re.sub(r"\*\*|__", "", part).strip()
        match = re.match(r"(?i)^role\s*:\s*(.+)$", part)
        if match and (role := role_name(f"Role: {match.group(1)}")):
            yield role
    for match in _WITH_SHORT.finditer(text):
        named = _initials_name(match.group(1), match.group(2))
        if named and not _others_body(text[: match.end(1)], named):
            yield named, re.sub(r"s$", "", match.group(2))
    yield from _bold_roles(bold)


# "their Product Security Incident Response Teams (PSIRT)", "the vendor's PSIRT": whose
_OTHERS = re.compile(r"(?i)(?:\btheir|\w['’]s)\s*$")


def _others_body(before: str, name: str) -> bool:
    """Whether a body named with its abbreviation is someone else's: teams in the plural
    (each vendor's), or said after "their" or another's name."""
    last = name.split()[-1].lower()
    if last.endswith("s") and singular(last) in _BODIES:
        return True
    return bool(singular(last) in _BODIES and _OTHERS.search(before[: -len(name)].rstrip()))


def _bold_roles(bold: list[str]) -> Iterator[tuple[str, str]]:
    """Phrases in bold that end with a role noun ("appoints a **comms lead**"), or name a
    body in capitals ("**Security Response Team**")."""
    for phrase in bold:
        words = phrase.lower().split()
        named_body = words[-1:] and words[-1] in _BODIES and phrase.istitle() and len(words) >= 2
        noun = words and (singular(words[-1]) in ROLE_NOUNS or named_body)
        if 1 <= len(words) <= 4 and noun and not phrase.endswith(":"):
            yield phrase[:1].upper() + phrase[1:], ""


def _phrased_roles(text: str, bold: list[str], raw: str) -> Iterator[tuple[str, str]]:
    """Roles a sentence names in so many words: "the Escalation Engineer role", "(the
    *reporter*)", "becomes the incident lead", "incident lead and messenger roles"."""
    for pattern in (_NAMED_ROLE, _QUOTED_ROLE):
        for match in pattern.finditer(text):
            if not _MENTION.search(text[max(0, match.start() - 24) : match.start()]):
                yield next(g for g in match.groups() if g), ""
    for match in _DEFINED.finditer(raw or text):
        yield match.group(1), ""
    for match in _BECOMES.finditer(text):
        if _PRONOUN_SUBJECT.search(text[max(0, match.start() - 40) : match.start()]):
            continue  # "They are the DRI coordinating it": a role already named, described
        if singular(match.group(2).lower()) in _STRONG_NOUNS:
            yield _noun_phrase(match.group(1)), ""
        elif phrase := _role_phrase(text[match.start(1) : match.end()].split()[:4],
                                    _STRONG_NOUNS | _ALONE | _ON_CALL_WORDS):  # fmt: skip
            yield phrase, ""  # "is its Incident Commander until …"
    for match in _AS_BARE.finditer(text):
        if phrase := _role_phrase(match.group(1).split(), _STRONG_NOUNS | _ALONE):
            yield phrase, ""
    for match in _PAIR_ROLES.finditer(text):
        first, second = match.groups()
        nouns = ROLE_NOUNS | _STRONG_NOUNS
        if singular(first.split()[-1].lower()) in nouns or first in bold:
            yield _noun_phrase(first), ""
        if (
            singular(second.split()[-1].lower()) in nouns
            or second in bold
            or (singular(first.split()[-1].lower()) in ROLE_NOUNS)
        ):
            yield _noun_phrase(second), ""
    yield from _said_roles(text)
    yield from _appointed_roles(text)
    yield from _acting_roles(text)
