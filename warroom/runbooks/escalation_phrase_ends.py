"""Where a phrase that ends on a role's head really ends, and whether it names anyone: "on
call", "of the affected team", "of Engineering" or a person's name after it; a bare "team", a
tool, a rung's label, a level word, or one something is done to names no one to bring in."""

from __future__ import annotations

import re

from warroom.runbooks.escalation_who import _TOOLS
from warroom.runbooks.escalation_words import (
    _ARTICLES,
    _NEEDS_MODIFIER,
    _OF_NAMES,
    _OWNERS,
    _RUNGS,
    _STOP,
    _WHOSE,
    BRING_IN_VERBS,
    _base,
    _head,
    _verb,
    _word,
)
from warroom.runbooks.vocabulary import IMPERATIVE, LEVEL_WORDS

Token = tuple[str, int, int]

_TOOL = re.compile(rf"(?i)^(?:{_TOOLS})$")


def _personal_name(words: list[str], initials: frozenset[str]) -> int:
    """How many capitalised words after a lower-case head are a person's name ("maintainer
    Jane Doe", "project lead Maria"): 0 when the run does not end so."""
    for size in (2, 1):
        if len(words) > size:
            role, name = words[-size - 1], words[-size:]
            if (
                role.islower()
                and _head(role, words[-size - 2] if len(words) > size + 1 else "", initials)
                and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in name)
            ):
                return size
    return 0


def _names_no_one(
    sentence: str, tokens: list[Token], words: list[str], first: int, end: int, extended: bool
) -> bool:
    """Whether a phrase ending on a head still names no one to bring in: a bare "team", a
    tool, a rung's label, a level word or a reference, or one something is done to."""
    lowered = [w.lower() for w in words]
    if len(words) == 1 and _bare_or_label(sentence, tokens, lowered[0], end, extended):
        return True
    if len(words) > 6 or any(_TOOL.match(w) for w in lowered):
        return True
    if lowered in (["mailing", "list"], ["mailing", "lists"]):
        return True  # which list is told is in the words before ("the distros mailing list")
    if _a_thing_or_reference(words, lowered):
        return True
    return _done_to(tokens, first)


def _bare_or_label(sentence: str, tokens: list[Token], word: str, end: int, extended: bool) -> bool:
    """Whether a one-word phrase is a bare group noun or a rung's label."""
    single = word[:-1] if word.endswith("s") else word
    if not extended and (word in _NEEDS_MODIFIER or single in _NEEDS_MODIFIER):
        return True  # "the team", "a member": no one in particular
    # "Primary: PagerDuty": the rung's label, what follows is on it
    return single in _RUNGS and sentence[tokens[end][2] :].lstrip()[:1] in ":–—"


def _a_thing_or_reference(words: list[str], lowered: list[str]) -> bool:
    """Whether a phrase opening on a level word or a number is a thing or a reference."""
    # "urgent support", "SEC10 key personnel": a thing, a reference (a "Major Incident
    # Manager" is someone: the level names the incidents they manage)
    major_incident = len(lowered) >= 3 and lowered[1] in ("incident", "incidents")
    # "the emergency phone line": a line someone answers, the level word says when to call
    major_incident = major_incident or lowered[-1] in ("line", "hotline", "helpline")
    if lowered[0] in LEVEL_WORDS and not major_incident:
        return True
    # (not "the 24/7 on-call engineer": when they answer, part of who they are)
    return any(c.isdigit() for c in words[0]) and not _AROUND_THE_CLOCK.fullmatch(lowered[0])


_AROUND_THE_CLOCK = re.compile(r"24\s*[/x×]\s*7|24(?:/7/365|x7x365)|24-?h(?:ours?|r)?")


def _done_to(tokens: list[Token], first: int) -> bool:
    """Whether a name is the object of a verb that does not bring them in ("Update the
    incident commander", "Assign an IC"), at the start of a clause."""
    n = first - 1
    while n >= 0 and tokens[n][0].lower() in _ARTICLES | {"an", "this", "any", "each"}:
        n -= 1
    if n < 0:
        return False
    verb = tokens[n][0].lower()
    clause_start = n == 0 or tokens[n - 1][0] in (",", ";", ":", ".", "(", "-", "*", "and", "then")
    # ("if they are unavailable, use the backup engineer": someone used is brought in)
    return clause_start and verb in IMPERATIVE and _base(verb) not in BRING_IN_VERBS | {"use"}


_ON_WHAT = {"call", "duty", "support", "shift", "rota", "triage", "standby", "pager"}


def _extended(tokens: list[Token], end: int) -> tuple[int, bool]:
    """A phrase's end, with "on call" / "on duty", "of <Name>" and whose they are ("of the
    affected team") after it."""
    lowered = [t[0].lower() for t in tokens[end : end + 6]]
    # "the engineer on support", "the analyst on shift", "the developer on triage"
    if lowered[1:2] == ["on"] and lowered[2:3] and lowered[2] in _ON_WHAT:
        return end + 2, True
    if lowered[1:4] == ["as", "a", "whole"]:  # "the team as a whole": all of them
        return end + 3, True
    more = _whose(lowered) or _of_what(tokens, end, lowered)
    return (end + more, True) if more else (end, False)


def _whose(lowered: list[str]) -> int:
    """How many words after the head say whose they are ("the primary on-call of the
    affected team"): 0 when none do."""
    if lowered[1:2] in (["of"], ["for"], ["from"]) and lowered[2:3] and lowered[2] in _WHOSE:
        for m in range(3, min(len(lowered), 6)):
            single = lowered[m][:-1] if lowered[m].endswith("s") else lowered[m]
            if single in _OWNERS:
                return m
            if lowered[m] in _STOP or not _word(lowered[m]):
                break
    return 0


def _of_what(tokens: list[Token], end: int, lowered: list[str]) -> int:
    """How many words after a head like "VP" or "Head" name what they are of ("VP of
    Engineering", "the head of technology"): 0 when none do."""
    if lowered[0] not in _OF_NAMES or lowered[1:2] != ["of"]:
        return 0
    m = 2  # "VP of Engineering", "Head of IT Security"
    while (
        m < len(lowered)
        and m <= 4
        and tokens[end + m][0][:1].isupper()
        and not tokens[end + m][0].endswith(("'s", "’s"))
    ):
        m += 1
    if m > 2:
        return m - 1
    # "the head of technology", "the director of engineering": a department, lower case
    if lowered[0] in ("head", "director", "vp", "chief") and lowered[2:3]:
        department = lowered[2]
        if department.isalpha() and department not in _STOP and not _verb(department):
            return 2
    return 0
