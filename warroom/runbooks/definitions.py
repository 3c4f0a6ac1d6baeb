"""Items that say what a term is rather than what to do: "**Embargo**: A period during
which …", "**MTTR**: Mean time to recovery", and "### Containment" over "- Containment limits
the damage" (a sentence about the phase, not a step in it)."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.not_steps import acts
from warroom.runbooks.procedure import process_sentence
from warroom.runbooks.vocabulary import IMPERATIVE, _imperative, _words, clean

# "**Embargo**: A period during which …", "**Reporter**: The person who …": what a term
# means, a noun and the clause that picks it out, no one told to do anything.
_DEFINITION = re.compile(
    r"(?i)^\W*(?:an?|any|one|the|someone|anyone|those|people|issues?|reports?)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:who|whom|that|which|whose|what|where|during|between|in\s+which)\b"
    # "**CVE**: Refers to …", "**MTTR**: Means …", "**Embargo**: Is the period …", "Also
    # called …", "Usually a Tuesday": the label's meaning, or what it usually is.
    r"|^\W*(?:is|are|means|refers\s+to|stands\s+for|short\s+for|also\s+(?:called|known)"
    r"|usually|typically|normally|generally)\b"
)
# Verbs of describing a term: "**Severity**: The severity decides …", "**Embargo**: An
# embargo lasts …".
_DESCRIBES = r"(?:is|are|means|refers|lasts|covers|applies|decides|describes|defines|depends)"


def _term(entry: Entry) -> list[str]:
    """The words of an item's label when it may name a term ("**Embargo**": a few words
    over text of its own), or none: an instruction, or a sentence ("Categorize the type of
    attack." over its notes)."""
    label, words = entry.text.strip(" *_:"), _words(entry.text)
    if not entry.detail or entry.children or not words or len(words) > 5:
        return []
    if _imperative(label) or label.endswith((".", "!", "?")) or {"the", "a", "an"} & set(words):
        return []
    return words


def defines(entry: Entry) -> bool:
    """ "**Term**: what it means" in a list of steps: a label that names a concept (not an
    action, not who acts) and a text that defines or describes it, not an instruction nor a
    deed of a process ("**Triage**: The coordinator confirms the report" is a step)."""
    words, said = _term(entry), entry.detail
    if not words or _imperative(said) or acts(Entry(said)):
        return False
    # The label again as the subject, then what it is or does: said of the term, not done.
    restated = re.match(
        rf"(?i)^\W*(?:the|an?|this|each|every)?\s*{re.escape(words[-1])}\w{{0,2}}\s+{_DESCRIBES}\b",
        said,
    )
    if restated or _spelled_out(entry.text.strip(" *_:"), said):
        return True
    if process_sentence(said):
        return False
    # "**Private reports**: only the team can see them": a label naming a thing, not an
    # action ("**Patch**", "**Triage**") nor a time ("**Day 7**"), over text that tells no
    # one to do anything describes the thing.
    return bool(_DEFINITION.match(said)) or not _action_or_time(words)


# "Notification", "Acknowledgement", "Disclosure", "Release": the noun of a deed.
_DEED = re.compile(r"(?:ication|ation|ion|ment|ure|al|ing)$")
_TIME = re.compile(r"^(?:t|day|days|week|weeks|hour|hours|minute|minutes|step|phase|stage)$")


def _action_or_time(words: list[str]) -> bool:
    """A label that names a deed ("Patch", "Fix development", "Notification": its head noun,
    the last word, a verb or a verb's noun; "Private reports" names things) or a time."""
    head = words[-1]
    stem = _DEED.sub("", head)
    if not head.endswith("s") and any(
        w in IMPERATIVE for w in (head, stem, f"{stem}e", f"{stem}y", f"{stem}ate")
    ):
        return True
    return any(_TIME.match(w) or any(ch.isdigit() for ch in w) for w in words)


_MINOR = {"of", "and", "the", "to", "for", "in", "on", "a", "an", "&"}


def _spelled_out(label: str, said: str) -> bool:
    """ "**MTTR**: Mean time to recovery, …", "**CVE**: Common Vulnerabilities and Exposures":
    an abbreviation and its words, a glossary's line."""
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,5}s?", label):
        return False
    letters = label.rstrip("s").lower()
    words = re.findall(r"[\w'-]+", said)[: len(letters) * 2]
    # "OpenStack Security Advisory" spells "OSSA": each capital inside a word counts too;
    # "Mean Time To Recovery" spells "MTTR" with its small words, "CVE" without them.
    spelled = ["".join(w[0] + re.sub(r"[^A-Z]", "", w[1:]) for w in kept).lower()
               for kept in (words, [w for w in words if w.lower() not in _MINOR])]  # fmt: skip
    return any(initials.startswith(letters) for initials in spelled)


def restates(entry: Entry, heading: str) -> bool:
    """ "### Containment" over "- Containment limits the damage": the heading's own word as
    the subject of what it is or does, a sentence about the phase rather than a step in it
    ("The security team investigates" under "Security team" is someone acting)."""
    words = _words(clean(heading))
    head = words[-1] if words else ""
    if len(head) < 4 or entry.children or _imperative(entry.text) or acts(entry):
        return False
    if re.search(r"(?:er|or|ist|ant|team|lead|owner|staff|group|committee)s?$", head):
        return False  # "### Reviewers" over "- Reviewers check the patch": who does it
    said = re.match(
        rf"(?i)^\W*(?:the\s+|an?\s+|this\s+|our\s+)?{re.escape(head)}s?\s+"
        r"(?:is|are|means|(?!(?:was|has|does)\b)[a-z]{3,}[^s\W]s)\b",
        entry.text,
    )
    return bool(said) and not process_sentence(entry.text)
