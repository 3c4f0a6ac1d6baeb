"""A role's name read from the words of a sentence: "the incident lead is" → "incident
lead", "a scribe", "the primary on-call engineer"; not "an on-call rotation" (a thing) or
"the package manager" (a program)."""

from __future__ import annotations

import re

from warroom.runbooks.vocabulary import ROLE_NOUNS, ROLE_WORDS, singular

# Function words before a name ("the", "our", "acting", "serve"): a name starts after them.
_ARTICLE = {
    "the", "a", "an", "our", "your", "their", "its", "his", "her", "this", "that", "as", "of",
    "to", "and", "or", "by", "for", "with", "from", "is", "are", "be", "who", "any", "each",
    "every", "one", "two", "new", "current", "designated", "assigned", "all", "in", "on", "at",
    "initial", "first", "acting", "interim", "main", "overall", "also", "then", "serve",
}  # fmt: skip

_ON_CALL_WORDS = {"on-call", "oncall"}  # "is the secondary on-call engineer"
# People's nouns that name a role after "on-call" ("the on-call developer"), not alone
_ON_CALL_PEOPLE = {"person", "developer", "dev", "sre", "administrator", "admin", "operator",
                   "member", "technician", "staff"}  # fmt: skip

# Role nouns that name a role after any word ("comms lead", "the DRI").
_STRONG_NOUNS = {"commander", "liaison", "scribe", "lead", "leader", "coordinator", "officer",
                 "manager", "dri", "captain", "messenger", "steward"}  # fmt: skip

# Role nouns a sentence may name alone ("a scribe"); the others need a word before them
# ("the security officer", not "the manager").
_ALONE = {"commander", "liaison", "scribe", "coordinator", "captain", "messenger", "steward",
          "handler", "triager", "spokesperson", "deputy", "facilitator", "note-taker",
          "notetaker", "recorder", "communicator"}  # fmt: skip
_NOUNS = _STRONG_NOUNS | _ALONE | {"owner", "responder", "on-call", "oncall", "contact", "sponsor"}
# Words after a role noun that make it a modifier: "an on-call rotation", "the lead role".
_MODIFIED = {"rotation", "schedule", "shift", "rota", "channel", "team", "role", "duty",
             "process", "handbook", "checklist", "training", "meeting", "tool", "alias",
             "group", "queue", "calendar", "board", "pager", "phone", "guide", "hand-off",
             "handoff", "handover", "note", "period", "week"}  # fmt: skip

# Words before a role noun that are no part of its name ("the relevant owner").
_NOT_MODIFIER = {"other", "same", "relevant", "appropriate", "next", "previous", "right",
                 "respective", "following", "each", "this", "that", "their", "whole",
                 "available", "suitable", "responsible", "possible", "best", "person",
                 "people"}  # fmt: skip

# Words before a role noun that make it a program or a thing ("the package manager installs",
# "the error handler returns", "the ingress controller routes").
_TOOLISH = {"package", "task", "window", "password", "secret", "secrets", "file", "display",
            "boot", "device", "memory", "resource", "session", "version", "dependency", "alert",
            "event", "error", "exception", "signal", "request", "connection", "ingress",
            "replication", "certificate", "traffic", "node", "job", "queue", "log",
            "load", "state", "disk", "volume", "container", "workflow"}  # fmt: skip


def _role_phrase(words: list[str], nouns: set[str]) -> str:
    """The words up to the first role noun ("incident lead is" → "incident lead"), if they
    read as a role's name."""
    text = " ".join(words)
    if contact := re.match(r"(?i)point\s+(?:of\s+contact|person)\b", text):
        return contact.group(0)
    kept: list[str] = []
    # "the primary on-call engineer": a role noun after a role noun goes on with the name
    nouns = nouns - {"contact"}
    for n, raw in enumerate(words):
        word = _phrase_word(raw)
        if word is None:
            return ""
        if (word.lower() in _NOT_MODIFIER or word.lower().endswith("ed")) and not kept:
            continue  # "the relevant owner", "a dedicated note-taker"
        kept.append(word)
        noun = _noun(word)
        after = singular(words[n + 1].lower().strip(".,;:!?")) if n + 1 < len(words) else ""
        if raw == word and _used_otherwise(word, after, nouns):
            return ""
        # "the on-call developer", "the on-call person": who is on call, by any person's noun
        people = _ON_CALL_PEOPLE if noun in _ON_CALL_WORDS else set()
        if noun in nouns and (raw != word or after not in nouns | ROLE_NOUNS | people):
            toolish = {w.lower() for w in kept} & _TOOLISH  # "the package manager": a program
            return " ".join(kept) if _a_name(kept, noun) and not toolish else ""
        if noun in nouns:
            nouns = nouns | ROLE_NOUNS | people
        if raw != word:  # punctuation ends the phrase before a role noun came
            return ""
    return ""


def _a_name(kept: list[str], noun: str) -> bool:
    """Whether words up to a role noun name a role: two or more ("incident lead"), or a noun
    that stands alone ("a scribe"); who is on call by a role's word ("primary on-call", not
    "a business-hours only oncall")."""
    if noun in _ON_CALL_WORDS:
        return len(kept) >= 2 and _noun(kept[-2]) in ROLE_WORDS
    return len(kept) >= 2 or noun in _ALONE


def _used_otherwise(word: str, after: str, nouns: set[str]) -> bool:
    """Whether a role's word, by the word after it, names a thing ("an on-call rotation") or
    is a verb ("a maintainer leads the work")."""
    noun = _noun(word)
    return (noun in nouns and after in _MODIFIED) or (noun != word.lower() and after in _OBJECT)


# (a pronoun too: "the person who declared the incident leads it")
_OBJECT = {"the", "a", "an", "its", "their", "our", "your", "this", "that", "his", "her",
           "it", "them", "him", "us", "you", "everyone"}  # fmt: skip


def _phrase_word(raw: str) -> str | None:
    """A word of a role's name without its punctuation, or None where the name cannot go
    on: a function word, a symbol, "(*responders*)" in brackets, "most logical"."""
    word = raw.strip(".,;:!?()\"“”'*")
    lowered = word.lower()
    if not word or lowered in _ARTICLE or not re.fullmatch(r"[\w-]+", word):
        return None
    if raw.startswith("(") or lowered in ("most", *_MODALS):
        return None  # "the pledge will lead to": a verb, not a name
    return word


_MODALS = ("will", "would", "shall", "should", "can", "could", "may", "might", "must")


def _noun_phrase(words: str) -> str:
    """The words after the last function word: "serve in incident lead" → "incident lead"."""
    kept: list[str] = []
    for word in reversed(words.split()):
        if word.lower() in _ARTICLE:
            break
        kept.insert(0, word)
    return " ".join(kept)


def _noun(word: str) -> str:
    """A role noun as the vocabulary has it: singular, without "co-" ("co-facilitators")."""
    return singular(re.sub(r"^co-", "", word.lower().strip(".,;:!?")))
