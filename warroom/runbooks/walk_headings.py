"""Headings in the walk: each opens its section's path, and is itself a step ("### 3. Open the
incident"), a level ("### SEV1"), a role, or the heading of what follows."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import TIER, escalated_to
from warroom.runbooks.escalation_who import rung
from warroom.runbooks.levels import coded_heading, level_name
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.not_steps import advice
from warroom.runbooks.outline import _inline_text
from warroom.runbooks.procedure import is_step_heading, numbering
from warroom.runbooks.roles import SECTION_WORDS, identifier, reader_role, role_name
from warroom.runbooks.vocabulary import (
    CODE,
    _heading_kind,
    _imperative,
    _words,
    clean,
    parse_window,
)
from warroom.runbooks.walk_state import WalkState, window_title

# "## Part 3 — Contain", "Chapter 2: Respond": a part of the document, whose sections hold
# the steps, not a step.
_PART = re.compile(r"(?i)^\W*(?:part|chapter|section|appendix)\s+[\dIVX]")
# "Role: Scribe", "Steps for the Scribe", "Scribe responsibilities": a role's own heading
_ROLE_HEADING = re.compile(r"(?i)^\W*(role\b|steps\s+for\b)|(role|responsibilities|duties)\W*$")
_GRADED = re.compile(r"(?i)\b(severity|priority|impact)\b")  # "Impact: high"


class HeadingsWalk(WalkState):
    """Reads each heading: a step, a level, a role or a plain heading."""

    def heading(self, i: int, line: int) -> int:
        level = int(self.tokens[i].tag[1])
        title = clean(_inline_text(self.tokens[i + 1]))
        self.headings[:] = [h for h in self.headings if h[0] < level]
        parents = self.path()
        self.headings.append((level, title, line))
        self.heading_used.setdefault(line, False)
        self.lead = self.lead_role = ""
        self.bold_level = None
        self.rung_heading = 0
        self.message = None
        # "## Notify sec-announce" among others like it, unless they are advice ("## Tips")
        unnumbered = line in self.instruction_run and not any(map(advice, (title, *parents[-1:])))
        if (
            (is_step_heading(title) or unnumbered)
            and _heading_kind(title, ()) != "skip"
            and not (level_name(numbering(title)[1]) or CODE.match(title))
            and not _PART.match(title)
        ):
            self.step_heading(title, parents, line, unnumbered)
        else:
            self.heading_entry(title, parents, line)
        return i + 3

    def step_heading(
        self, title: str, parents: tuple[str, ...], line: int, unnumbered: bool = False
    ) -> None:
        """ "### 3. Open the incident": a step of the phase its parent heading is; one of a
        run of unnumbered instruction headings too, whose prose may state steps of its own."""
        words = parse_window(numbering(title)[1])[0]
        entry = Entry(words, "", line)
        self.step_at[line] = entry
        if unnumbered:
            self.run_steps.add(line)
        parent_line = self.headings[-2][2] if len(self.headings) > 1 else line
        section = Section((*parents, title), line, "heading", "phase", [entry],
                          heading_line=parent_line,
                          reason="an instruction heading among others like it" if unnumbered
                          else "a numbered instruction heading")  # fmt: skip
        if not (anchor := self.anchor()) and parents:
            section.title = window_title(parents[-1])
        elif anchor:
            section.heading_line, section.title = anchor[0], window_title(anchor[1])
        else:
            section.title = "Procedure"
        self.sections.append(section)
        self.heading_used[line] = self.heading_used[parent_line] = True

    def heading_entry(self, title: str, parents: tuple[str, ...], line: int) -> None:
        """A heading that is itself a role or a severity level."""
        parent_kinds = [_heading_kind(p, ()) for p in parents[1:] or parents]
        if _heading_kind(title, parents) == "skip":
            return
        words = numbering(title)[1]  # "2.1 Incident Manager", "### 2 – Moderate severity"
        if self.level_heading(title, words, parents, parent_kinds, line):
            return
        role = role_name(words)
        explicit = _ROLE_HEADING.search(clean(words))
        in_roles = "roles" in parent_kinds[-2:] if parent_kinds else False
        if not role and parents and _WHOSE_PARTS.search(parents[-1]) and _a_part(title, parents):
            # "## Roles" over "### Communications", "### Legal": each heading under it is a
            # part of the response, whatever its words
            role = role_name(words, announced=True)
        if not role and (reader := reader_role(words)):
            self.add(Section((*parents, title), line, "heading", "roles",
                             [Entry(reader[0], "", line, {"short": reader[1]})],
                             reason="the role a guide is written for"))  # fmt: skip
            return
        if role and (explicit or in_roles or len(_words(role[0])) <= 4):
            self.add(Section((*parents, title), line, "heading", "roles",
                             [Entry(role[0], "", line, {"short": role[1]})], heading_line=line,
                             reason="a heading that names a role"))  # fmt: skip
            self.role_at[line] = role[0]

    def level_heading(
        self, title: str, words: str, parents: tuple[str, ...], parent_kinds: list[str], line: int
    ) -> bool:
        """A heading that names a severity level, or a rung of a support ladder."""
        if parent_kinds[-1:] == ["escalation"] and TIER.match(words.strip(" *")):
            self.rung_heading = line  # "### Level 1" over who is on it
            return True
        # "## Level 2 – Support engineers": a rung, not a severity; "### Escalating to the
        # secondary": who is next
        if who := rung(words) or escalated_to(words):
            self.add(Section((*parents, title), line, "heading", "escalation",
                             [Entry(who, "", line)], heading_line=line,
                             reason="a heading that names a rung of a support ladder"))  # fmt: skip
            return True
        if named := self.counted.get(line) or self.classes.get(line):
            entry = Entry(title, "", line, {"=name": named})
            why = "a counted scale names" if line in self.counted else "names a class"
            self.add(Section((*parents, title), line, "heading", "levels", [entry],
                             heading_line=line, reason=f"a heading {why}"))  # fmt: skip
            self.level_at[line] = entry
            return True
        level = level_name(words)
        in_levels = ("levels" in parent_kinds[-2:] if parent_kinds else False) or line in self.scale
        in_escalation = bool(parent_kinds) and parent_kinds[-1] == "escalation"  # "Level 1: …"
        says = _GRADED.search(words) and len(_words(words)) <= 4
        if not (level and not in_escalation and (coded_heading(title) or in_levels or says)):
            return False
        # "### 1. Critical": the level is the heading's words, its numbering is no part of it
        worded = (says or not level_name(title)) and not CODE.match(words)
        self.named_level(Entry(words if worded else title, "", line), (*parents, title), words)
        return True

    def named_level(self, entry: Entry, path: tuple[str, ...], words: str) -> None:
        """A heading's level, and what is written under it as what the level means."""
        self.add(Section(path, entry.line, "heading", "levels", [entry], heading_line=entry.line,
                         reason="a heading that names a level"))  # fmt: skip
        # "P1/P2 Process", "SEV1 procedure": what is done for the level, not what it means;
        # the list under it is the procedure
        if not _LEVEL_PROCEDURE.search(words):
            self.level_at[entry.line] = entry


_LEVEL_PROCEDURE = re.compile(
    r"(?i)\b(?:process|procedures?|steps|workflow|checklist|playbook|runbook)\b"
)


# A heading over the parts of a response, each a heading of its own: "## Roles", "## Roles
# and responsibilities", "## Responsibilities", "## Who does what".
_WHOSE_PARTS = re.compile(r"(?i)^\W*(?:[\d.]+\s*)?(?:(?:incident|response|key)\s+)?(?:roles\b|"
                          r"responsibilities\W*$|who\s+does\s+what)")  # fmt: skip


def _a_part(title: str, parents: tuple[str, ...]) -> bool:
    """Whether a heading under a roles heading names a part of the response: a short name
    (not a question, a sentence, a section of the text, or a heading of another kind)."""
    words = _words(title)
    if not 1 <= len(words) <= 4 or title.rstrip().endswith(("?", ".", ":")):
        return False
    if identifier(title):
        return False
    # "### Communications" says a procedure's word, and names the part that communicates
    kind = _heading_kind(title, parents)
    return not SECTION_WORDS.search(title) and kind in ("", "steps") and not _imperative(title)
