"""What a document that states nothing else is read as: its lists of instructions or
sentences, or its numbered headings, as its steps, rather than importing nothing."""

from __future__ import annotations

import re

from markdown_it.token import Token

from warroom.runbooks.model import Entry, Section
from warroom.runbooks.not_steps import SETTLED, not_a_step
from warroom.runbooks.outline import _inline_text
from warroom.runbooks.procedure import _SENTENCE, numbering, told
from warroom.runbooks.steps import ORDERED_THINGS
from warroom.runbooks.vocabulary import _imperative, clean


def rather_than_nothing(sections: list[Section], tokens: list[Token]) -> list[Section]:
    """A document with no levels, roles or steps in any shape read above would import as
    nothing: its lists of two or more items (not reference lists) are then its steps, each
    under its heading, or its numbered headings, or else what its prose about an incident
    tells the reader to do, rather than refusing a document that does state a process."""
    if any(s.kind in ("phase", "levels", "roles") for s in sections):
        return sections
    for section in sections:
        if section.kind == "not placed" and section.block == "list":
            _list_rather_than_nothing(section)
    _numbered_headings_rather_than_nothing(sections)
    if any(s.kind == "phase" for s in sections):
        return sections
    return sorted([*sections, *_told_in_prose(tokens)], key=lambda s: s.line)


# What an incident is called: a paragraph about one may tell the reader what to do in it; one
# about requests or access ("For requests related to DNS, use the form:") does not.
_INCIDENT = re.compile(
    r"(?i)\b(?:incidents?|breach(?:es|ed)?|outages?|emergenc(?:y|ies)|compromised?|attacks?"
    r"|vulnerabilit(?:y|ies)|downtime|disruptions?|leak(?:s|ed)?|exposed|stolen|lost)\b"
)
# "If you discover or suspect a breach …, including …, you must email …": the instruction
# after a condition that has commas of its own.
_CONDITION = re.compile(r"(?i)^(?:if|when|whenever|where|once|should|in\s+case)\b")


def _told_in_prose(tokens: list[Token]) -> list[Section]:
    """The instructions to the reader in paragraphs about an incident (a short page: "If you
    suspect a data breach, you must immediately email the incident team. Keep the files where
    they are."), each paragraph's under its heading."""
    found: list[Section] = []
    path: tuple[str, ...] = ()
    for n, token in enumerate(tokens[:-1]):
        inline = tokens[n + 1]
        if token.type == "heading_open":
            path = (*path[: int(token.tag[1:]) - 1], clean(_inline_text(inline)))
        if token.type != "paragraph_open" or token.level != 0 or not token.map:
            continue
        text = clean(_inline_text(inline))
        if not _INCIDENT.search(text):
            continue
        line = token.map[0] + 1
        said = [Entry(s, "", line) for s in _SENTENCE.split(text) if _instruction(s)]
        if said:
            found.append(Section(path, line, "prose", "phase", said, line,
                                 reason="the document states nothing else: its instructions "
                                 "in prose about an incident"))  # fmt: skip
    return found


def _instruction(sentence: str) -> bool:
    if not_a_step(sentence):
        return False
    if told(sentence):
        return True
    if not _CONDITION.match(sentence):
        return False
    rests = sentence.split(", ")[1:]
    return any(told(", ".join(rests[n:])) for n in range(len(rests)))


def _list_rather_than_nothing(section: Section) -> None:
    """A list not placed, taken as steps where the document states nothing else."""
    if (
        len(section.entries) >= 2
        and not section.reason.startswith(SETTLED)
        and _mostly_sentences(section.entries)
        # A tool or link list names things; one under "On-call rotation handover" whose
        # items are instructions ("Check that the pager works.") is what is done.
        and (not section.reason.startswith("a reference section") or _told(section.entries))
    ):
        reason = "its list taken as steps"
    elif section.reason.startswith(ORDERED_THINGS):
        reason = "its numbered list taken as steps"  # "1. CVSSv3 base score.": its only order
    elif len(leaves := _leaves(section.entries)) >= 2 and _told(leaves):
        # "- Response" over "- During business hours" over the instructions
        section.entries = leaves
        reason = "its nested instructions taken as steps"
    else:
        return
    section.kind, section.title = "phase", section.heading if section.path else "Steps"
    section.heading_line = section.heading_line or section.line
    section.reason = f"the document states nothing else: {reason}"


def _leaves(entries: list[Entry]) -> list[Entry]:
    """The innermost items of a list, at any depth, in their order."""
    return [leaf for e in entries for leaf in (_leaves(e.children) if e.children else [e])]


def _numbered_headings_rather_than_nothing(sections: list[Section]) -> None:
    """ "## 1. Breathe", "## 2. Open a room", "### Acknowledge the page" over prose, where the
    document states nothing else: its numbered or instruction headings are its steps, in
    their order, one phase."""
    if any(s.kind in ("phase", "levels", "roles") for s in sections):
        return
    numbered = [
        s for s in sections
        if s.reason == "text only" and s.block == "prose"
        and (numbering(s.heading)[0] or _imperative(s.heading))
    ]  # fmt: skip
    if len(numbered) < 2:
        return
    first = numbered[0]
    title = first.path[-2] if len(first.path) > 1 else "Steps"
    for section in numbered:
        section.kind, section.title, section.heading_line = "phase", title, first.line
        section.entries = [Entry(numbering(section.heading)[1], "", section.line)]
        section.reason = "the document states nothing else: its numbered headings taken as steps"


def _told(entries: list[Entry]) -> bool:
    return sum(_imperative(e.text) for e in entries) * 2 > len(entries)


def _mostly_sentences(entries: list[Entry]) -> bool:
    """Whether most items are instructions or whole sentences ("The security team
    acknowledges the report."), not names, links or fields."""
    said = [e.text for e in entries]
    whole = [
        t for t in said
        if _imperative(t) or (len(t.split()) >= 4 and t.endswith(".") and not _DEFINES.match(t))
    ]  # fmt: skip
    return len(whole) * 2 > len(said)


# "Review: the security team reviews the report.": a term (a state, a word) and what it means.
_DEFINES = re.compile(r"^[*_]*[\w-]+(?:\s+[\w-]+){0,2}[*_]*\s*:\s+\S")
