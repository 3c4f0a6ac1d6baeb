"""What the walk through a document keeps as it goes: the heading stack, the lead before a
block, what each heading is (a role, a level, a step), the sections found; and the words
that compare a heading, a role's name or a phase's title."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

from markdown_it.token import Token

from warroom.runbooks.level_scales import (
    class_headings,
    counted_scale,
    level_headings,
    level_paragraphs,
)
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import _all_headings
from warroom.runbooks.procedure import instruction_run, numbering, time_box
from warroom.runbooks.roles import as_heading_role
from warroom.runbooks.vocabulary import _heading_kind, _words, singular

_T = TypeVar("_T")


_STAGES = re.compile(r"(?i)\bprocess\W*$")


class WalkState:
    """One pass over the tokens; the heading stack is the context of every block. What the
    walk's parts share: the sections found so far, the headings above the block, the lead
    before it, and `add` to place a section under them."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.sections: list[Section] = []
        self.headings: list[tuple[int, str, int]] = []  # (level, title, line)
        # the path and kinds of the headings as they were last asked for (asked for every
        # block, they change only at a heading)
        self._above: tuple[tuple[int, str, int], ...] = ()
        self._path: tuple[str, ...] = ()
        self._kinds: list[str] = []
        self.heading_used: dict[int, bool] = {}
        self.role_at: dict[int, str] = {}  # heading line → the role it is about
        self.level_at: dict[int, Entry] = {}  # heading line → the level it defines
        self.step_at: dict[int, Entry] = {}  # heading line → the step it is
        self.run_steps: set[int] = set()  # of those, the unnumbered ones (see below)
        self.lead = ""  # the paragraph just before a block: "**Steps:**", "Template:"
        self.lead_line = 0  # where that paragraph starts
        self.lead_role = ""  # "The **incident lead** is responsible for:": the list is its duties
        self.prose_steps: list[Section] = []  # sentences under "Step 1: Reception", held back
        # Sentences under any procedure heading that say what is done: a document's steps
        # only when it states no levels, roles or steps in any other shape.
        self.said_steps: list[Section] = []
        # Of those, the paragraphs that tell how their instruction heading is done ("## Add
        # support-only users" over "Go to the Support Center. Click on your name …").
        self.how_to_at: set[int] = set()
        # Instructions in paragraphs: steps under a heading whose steps are written as prose
        # over commands ("Scale the workers up:" over `kubectl scale …`), or asking what to do.
        self.told_steps: list[Section] = []
        # "We will assign a severity": the team's steps when nothing else states any.
        self.promised: list[Section] = []
        self.documents: list[tuple[str, int, tuple[str, ...], int]] = []  # markdown in a block
        # Every heading's words, numbering dropped: a list of them is a table of contents.
        self.all_headings = _all_headings(tokens)
        # "## Select an Incident Manager", "## Notify sec-announce": unnumbered step headings
        self.instruction_run = instruction_run(self.all_headings)
        self.titles = {as_words(numbering(h[1])[1]) for h in self.all_headings}
        # Headings and paragraphs that name levels together ("### Critical", "### High", …).
        self.scale = level_headings(self.all_headings) | level_paragraphs(tokens)
        # "three tracks: PUBLIC, PRIVATE, and URGENT" over "### PUBLIC", …: levels by count.
        self.counted = counted_scale(tokens, self.all_headings)
        # "## Tracks" over "### PRIVATE", "### PUBLIC track": classes its sub-headings name.
        self.classes = class_headings(tokens, self.all_headings)
        self.bold_level: Entry | None = None  # "**Critical**" alone: the next paragraph says
        self.rung_heading = 0  # "### Level 1" under an escalation heading: its text says who
        # "Subject: …" or "Hello all," written under the heading: a message to send follows,
        # at the depth of its greeting (one quoted ends with its quote).
        self.message: int | None = None
        # The heading under which a paragraph said steps follow ("… steps you can take:")
        # and paragraphs, not a list, state them (0: none).
        self.steps_said_at = 0

    # -- context -----------------------------------------------------------------------------
    def path(self) -> tuple[str, ...]:
        self._read_headings()
        return self._path

    def here(self) -> int:
        return self.headings[-1][2] if self.headings else 0

    def kinds(self) -> list[str]:
        self._read_headings()
        return list(self._kinds)  # a copy: callers extend theirs

    def _read_headings(self) -> None:
        if tuple(self.headings) == self._above:
            return
        self._above = tuple(self.headings)
        self._path = tuple(h[1] for h in self.headings)
        # A document's title ("# Escalation Procedures") is not what each section under it is,
        # unless it names the process its sections are the stages of ("# Vulnerability
        # Management Process" over "## Confirmation", "## Public Disclosure").
        self._kinds = [
            ("steps" if _STAGES.search(h[1]) else "")
            if h[0] == 1 and n < len(self.headings) - 1
            else _heading_kind(h[1], ())
            for n, h in enumerate(self.headings)
        ]

    def nearest(self, found: Mapping[int, _T]) -> _T | None:
        return next((found[h[2]] for h in reversed(self.headings) if h[2] in found), None)

    def anchor(self) -> tuple[int, str] | None:
        """The nearest heading with a time box ("### 1. Detection & Triage (0-5 minutes)"):
        what is written under its sub-headings belongs to its phase and its due offset."""
        for _level, title, line in reversed(self.headings):
            if time_box(title) is not None and self.step_at.get(line) is None:
                return line, title
        return None

    def procedure(self) -> bool:
        return "steps" in self.kinds() or self.anchor() is not None

    def forget_prose(self, line: int) -> None:
        """A paragraph's sentences held back as prose steps, taken by a block instead."""
        self.said_steps = [s for s in self.said_steps if s.line != line]
        self.prose_steps = [s for s in self.prose_steps if s.line != line]
        self.promised = [s for s in self.promised if s.line != line]
        self.told_steps = [s for s in self.told_steps if s.line != line]

    def add(self, section: Section) -> None:
        section.heading_line = section.heading_line or self.here()
        if section.kind == "roles" and section.block != "heading" and self.role_at:
            for entry in section.entries:  # "the incident lead" under "## Security Incident Lead"
                entry.text = as_heading_role(entry.text, self.nearest(self.role_at) or "")
        if section.kind == "phase" and not section.title and (anchor := self.anchor()):
            section.heading_line, section.title = anchor[0], window_title(anchor[1])
        self.sections.append(section)
        self.heading_used[section.heading_line] = True  # placed or listed: not "text only"


def as_words(text: str) -> str:
    """Text as words only, to match a list item against a heading."""
    return " ".join(_words(text))


def plain_name(name: str) -> str:
    """A role's name as compared: lower-case words, the last in the singular."""
    words = _words(name)
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def window_title(title: str) -> str:
    """A phase's heading as its title: its numbering dropped, its time box kept for build."""
    number, words = numbering(title)
    return words if number else title
