"""What a list's items say besides steps: a name and its meaning, roles a glossary defines,
a role's duties, the role that owns a step, options to choose one of."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.procedure import ALTERNATIVES, alternatives, is_label
from warroom.runbooks.roles import _spelled_out, role_name
from warroom.runbooks.vocabulary import ROLE_WORDS, _imperative, _words

_NAME_AND_MEANING = re.compile(r"^([^:–—]{1,60}?)\s*(?::|\s[–—-])\s+(.+)$")


def _head(entry: Entry) -> Entry:
    """ "Primary On-Call (P1): First responder" as name and description (for lists of roles,
    levels or people, not steps)."""
    if entry.detail or entry.cells or _spelled_out(entry.text):
        return entry  # "IC — Incident Commander": one role, its abbreviation and its words
    match = _NAME_AND_MEANING.match(entry.text)
    if match and len(_words(match.group(1))) <= 7:
        return Entry(match.group(1), match.group(2), entry.line)
    return entry


# "**Roll back** (if new code)": an option and when it is taken
_CONDITIONAL = re.compile(r"\(\s*if\b|\bif\b.*\)$", re.I)


def _alternatives(
    entries: list[Entry], lead: str, path: tuple[str, ...], line: int
) -> Entry | None:
    """ "Possible actions:" over "1. **Disable feature** (if isolated)", "2. **Roll back** (if
    new code)": options to choose from, one decision rather than a box for each."""
    conditional = sum(bool(_CONDITIONAL.search(e.text)) for e in entries)
    said = ALTERNATIVES.search(lead) if lead.endswith(":") else None
    if len(entries) < 2 or not (said or conditional * 3 >= len(entries) * 2):
        return None
    options = [Entry(e.text, e.detail, e.line, {"option": "yes"}) for e in entries]
    return alternatives(options, lead or (path[-1] if path else ""), line)


def _defined_roles(entries: list[Entry]) -> list[Entry]:
    """ "**Incident Commander**: the person who …" in a glossary: a role and what it does."""
    out = []
    for head in (_head(e) for e in entries):
        found = role_name(head.text) if head.detail else None
        if found and _words(found[0])[-1] in ROLE_WORDS:
            out.append(Entry(head.text, head.detail, head.line,
                             {"short": found[1], "name": found[0], "responsibilities": head.detail},
                             head.children))  # fmt: skip
    return out


def _duties(entries: list[Entry]) -> list[str]:
    """A role's duties from the list under it: its items, or, where the items are labels
    over sub-lists ("Responsibilities:", "Authority:", "Not doing:"), what the labels list
    (what the role does not do left out)."""
    if not any(is_label(e) for e in entries):
        return [e.text for e in entries]
    duties: list[str] = []
    for entry in entries:
        if not is_label(entry):
            duties.append(entry.text)
        elif not re.search(r"(?i)\b(not|never|don't|doesn't|won't|out of scope)\b", entry.text):
            duties += [c.text for c in entry.children]
    return duties


def _owned(entry: Entry) -> Entry:
    """ "**Coordinator**: Open an issue in the tracker": the step is what follows the role
    that owns it (its children too: "- Upon receipt:" over such lines)."""
    children = [_owned(c) for c in entry.children]
    if entry.detail and not entry.cells and _imperative(entry.detail) and _names_a_doer(entry.text):
        return Entry(entry.detail, "", entry.line, {"owner": entry.text}, children)
    if children != entry.children:
        return Entry(entry.text, entry.detail, entry.line, entry.cells, children)
    return entry


_AGENT = re.compile(r"(?:er|or|ist|ant|lead|team|owner)s?$")


def _names_a_doer(label: str) -> bool:
    """A label that names who acts: a role ("Incident Commander"), or a person's noun
    ("Developer", "Maintainers"), not an instruction ("Declare incident") or a topic."""
    words = _words(label)
    if not words or len(words) > 4 or _imperative(label):
        return False
    return bool(role_name(label)) or (len(words) <= 3 and bool(_AGENT.search(words[-1])))
