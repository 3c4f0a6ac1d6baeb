"""The walk through a document: headings give each block its path and context; each
block goes to the classifier of its shape and comes back as sections."""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from markdown_it import MarkdownIt
from markdown_it.token import Token

from warroom.runbooks.build import Report
from warroom.runbooks.code import COMMANDS, _classify_code
from warroom.runbooks.escalation import TIER, at_levels, escalated_to
from warroom.runbooks.escalation_who import _who, rung
from warroom.runbooks.level_scales import (
    class_headings,
    counted_scale,
    lead_scale,
    level_headings,
    level_paragraphs,
    prefer_defined,
)
from warroom.runbooks.level_sentences import (
    detail_levels,
    rated_issues,
    severity_labels,
    worded_items,
)
from warroom.runbooks.levels import coded_heading, level_lead, level_line_run, level_name
from warroom.runbooks.markup import normalise
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import (
    _all_headings,
    _bold_lead,
    _html_tables,
    _inline_text,
    _list_entries,
    _md_table,
)
from warroom.runbooks.procedure import (
    is_label,
    is_step_heading,
    labelled,
    lettered_step,
    numbering,
    promised_steps,
    prose_steps,
    step_named,
    time_box,
)
from warroom.runbooks.prose import (
    _bold,
    item_roles,
    level_mentions,
    names_a_role,
    not_a_step,
    prose_facts,
)
from warroom.runbooks.role_mentions import (
    formed_teams,
    initials_doers,
    named_terms,
    task_doers,
    used_abbreviations,
)
from warroom.runbooks.roles import as_heading_role, role_name
from warroom.runbooks.steps import MESSAGE_OPENER, ORDERED_THINGS, SETTLED, _classify_list
from warroom.runbooks.tables import _classify_table
from warroom.runbooks.vocabulary import (
    CODE,
    _heading_kind,
    _imperative,
    _words,
    clean,
    parse_window,
)

_DETAIL_SENTENCES = 3  # of a step heading's prose kept as its detail


def import_runbook(text: str, name: str = "imported", source: str = "RUNBOOK.md") -> Report:
    """The document's sections, each taken as a kind, and the playbook data they make."""
    with _collector_paused():
        sections = read_sections(text)
        report = Report(playbook={}, sections=sections, source=source, name=name)
        report.rebuild()
    return report


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a document is read: the parse makes
    hundreds of thousands of tokens that refcounting frees, and each collection pass would
    walk them all again (a fifth of a large import's time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_sections(text: str) -> list[Section]:
    tokens = _markdown().parse(normalise(text))
    return _Walk(tokens).run()


@functools.cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


_T = TypeVar("_T")


class _Walk:
    """One pass over the tokens; the heading stack is the context of every block."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.sections: list[Section] = []
        self.headings: list[tuple[int, str, int]] = []  # (level, title, line)
        self.heading_used: dict[int, bool] = {}
        self.role_at: dict[int, str] = {}  # heading line → the role it is about
        self.level_at: dict[int, Entry] = {}  # heading line → the level it defines
        self.step_at: dict[int, Entry] = {}  # heading line → the step it is
        self.lead = ""  # the paragraph just before a block: "**Steps:**", "Template:"
        self.lead_line = 0  # where that paragraph starts
        self.lead_role = ""  # "The **incident lead** is responsible for:": the list is its duties
        self.prose_steps: list[Section] = []  # sentences under "Step 1: Reception", held back
        # Sentences under any procedure heading that say what is done: a document's steps
        # only when it states no levels, roles or steps in any other shape.
        self.said_steps: list[Section] = []
        # "We will assign a severity": the team's steps when nothing else states any.
        self.promised: list[Section] = []
        self.documents: list[tuple[str, int, tuple[str, ...], int]] = []  # markdown in a block
        # Every heading's words, numbering dropped: a list of them is a table of contents.
        self.all_headings = _all_headings(tokens)
        self.titles = {_said(numbering(h[1])[1]) for h in self.all_headings}
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

    # -- context -----------------------------------------------------------------------------
    def path(self) -> tuple[str, ...]:
        return tuple(h[1] for h in self.headings)

    def here(self) -> int:
        return self.headings[-1][2] if self.headings else 0

    def kinds(self) -> list[str]:
        # A document's title ("# Escalation Procedures") is not what each section under it is.
        return [
            "" if h[0] == 1 and n < len(self.headings) - 1 else _heading_kind(h[1], ())
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

    def add(self, section: Section) -> None:
        section.heading_line = section.heading_line or self.here()
        if section.kind == "roles" and section.block != "heading" and self.role_at:
            for entry in section.entries:  # "the incident lead" under "## Security Incident Lead"
                entry.text = as_heading_role(entry.text, self.nearest(self.role_at) or "")
        if section.kind == "phase" and not section.title and (anchor := self.anchor()):
            section.heading_line, section.title = anchor[0], _window_title(anchor[1])
        self.sections.append(section)
        self.heading_used[section.heading_line] = True  # placed or listed: not "text only"

    # -- the pass ----------------------------------------------------------------------------
    def run(self) -> list[Section]:
        handlers: dict[str, Callable[[int, int], int]] = {
            "heading_open": self.heading,
            "paragraph_open": self.paragraph,
            "bullet_list_open": self.listing,
            "ordered_list_open": self.listing,
            "table_open": self.table,
            "html_block": self.html,
            "fence": self.code,
            "code_block": self.code,
        }
        i = 0
        while i < len(self.tokens):
            t = self.tokens[i]
            handler = handlers.get(t.type)
            i = handler(i, (t.map[0] + 1) if t.map else 0) if handler else i + 1
        # A step's prose is its steps only where no list or block under its heading states them.
        listed = {s.heading_line for s in self.sections if s.kind == "phase"}
        for section in self.prose_steps:
            if section.heading_line not in listed:
                self.add(section)
        # Headings whose content went nowhere are part of the "not placed" list too.
        for _level, title, line in self.all_headings:
            if not self.heading_used.get(line, True) and line not in self.role_at:
                self.sections.append(Section((title,), line, "prose", "not placed",
                                             [Entry(title, "", line)], heading_line=line,
                                             reason="text only"))  # fmt: skip
        self.said()  # before the documents in code blocks: the prose states the process
        self.nested()
        if not any(s.kind == "phase" for s in self.sections):
            for section in self.promised:
                self.add(section)
        self.sections += at_levels(self.sections)  # "### P1 … Page the on-call engineer."
        self.sections.sort(key=lambda s: (s.line, s.block != "heading"))
        prefer_defined(self.sections)  # the scale a document defines, not words it mentions
        _rather_than_nothing(self.sections)
        self.terms()
        return self.sections

    def terms(self) -> None:
        """Roles the document uses as terms, wherever it says them (after the blocks, so a
        document that states nothing else still has its lists read as steps)."""
        # The inline markdown as written: emphasis and links do not hide a capitalised name.
        said = [(t.content, t.map[0] + 1) for t in self.tokens if t.type == "inline" and t.map]
        known = {_plain(e.text) for s in self.sections if s.kind == "roles" for e in s.entries}
        known |= {_plain(e.cells.get("name", "")) for s in self.sections for e in s.entries}
        found = named_terms(said)
        # A role called only by its initials, unless they abbreviate a role already found.
        shorts = {
            e.cells.get("short") for s in self.sections if s.kind == "roles" for e in s.entries
        }
        shorts |= {e.cells.get("short") for e in found}
        found += [e for e in initials_doers(said) if e.text not in shorts]
        found += task_doers(said)  # "Request a CVE (ADMIN)": who does each task
        found += formed_teams(said)  # "will form the initial response team"
        for entry in (e for e in found if _plain(e.text) not in known):  # where it is defined
            self.sections.append(Section((), entry.line, "prose", "roles", [entry],
                                         reason="a role the document names as a term"))  # fmt: skip
        self.abbreviations(said)
        self.sections.sort(key=lambda s: (s.line, s.block != "heading"))

    def abbreviations(self, said: list[tuple[str, int]]) -> None:
        """ "asking the IC first": the abbreviation of a role found without one."""
        entries = [e for s in self.sections if s.kind == "roles" for e in s.entries]
        shortened = {_plain(e.cells.get("name") or e.text) for e in entries if e.cells.get("short")}
        names = {_plain(n): n for e in entries if (n := e.cells.get("name") or e.text)}
        unshortened = [n for plain, n in names.items() if plain not in shortened]
        for entry in used_abbreviations(unshortened, said):
            self.sections.append(Section((), entry.line, "prose", "roles", [entry],
                                         reason=f"{entry.text} said as “{entry.cells['short']}”"))  # fmt: skip

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
        if (
            is_step_heading(title)
            and _heading_kind(title, ()) != "skip"
            and not (level_name(numbering(title)[1]) or CODE.match(title))
            and not _PART.match(title)
        ):
            self.step_heading(title, parents, line)
        else:
            self.heading_entry(title, parents, line)
        return i + 3

    def step_heading(self, title: str, parents: tuple[str, ...], line: int) -> None:
        """ "### 3. Open the incident": a step of the phase its parent heading is."""
        words = parse_window(numbering(title)[1])[0]
        entry = Entry(words, "", line)
        self.step_at[line] = entry
        parent_line = self.headings[-2][2] if len(self.headings) > 1 else line
        section = Section((*parents, title), line, "heading", "phase", [entry],
                          heading_line=parent_line, reason="a numbered instruction heading")  # fmt: skip
        if not (anchor := self.anchor()) and parents:
            section.title = _window_title(parents[-1])
        elif anchor:
            section.heading_line, section.title = anchor[0], _window_title(anchor[1])
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
        explicit = re.search(r"(?i)^\W*(role\b|steps\s+for\b)|(role|responsibilities|duties)\W*$",
                             clean(words))  # fmt: skip
        in_roles = "roles" in parent_kinds[-2:] if parent_kinds else False
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
        says = re.search(r"(?i)\b(severity|priority|impact)\b", words) and len(_words(words)) <= 4
        if not (level and not in_escalation and (coded_heading(title) or in_levels or says)):
            return False
        # "### 1. Critical": the level is the heading's words, its numbering is no part of it
        worded = (says or not level_name(title)) and not CODE.match(words)
        entry = Entry(words if worded else title, "", line)
        self.add(Section((*parents, title), line, "heading", "levels", [entry], heading_line=line,
                         reason="a heading that names a level"))  # fmt: skip
        self.level_at[line] = entry
        return True

    def paragraph(self, i: int, line: int) -> int:
        if i + 1 >= len(self.tokens):
            return i + 1
        inline = self.tokens[i + 1]
        self.lead = clean(_inline_text(inline))
        self.lead_line = line
        self.opens_message(self.tokens[i].level)
        if self.level_paragraph(inline, line) or self.rung_paragraph(inline, line):
            return i + 3
        level = self.nearest(self.level_at)
        step = self.step_at.get(self.here())
        if self.headings and (lettered := lettered_step(self.lead, line)):
            step = None  # "A. Confirm the incident.": a step of its own, not the heading's detail
            self.add(Section(self.path(), line, "prose", "phase", [lettered], self.here(),
                             reason="a lettered paragraph that states an instruction"))  # fmt: skip
        if level is not None:  # "**Response Time:** < 15 minutes" under "### SEV1"
            level.detail = f"{level.detail}; {self.lead}" if level.detail else self.lead
        elif step is not None and step.detail.count(". ") < _DETAIL_SENTENCES:
            step.detail = f"{step.detail} {self.lead}".strip()
        self.lead_role = ""
        if self.headings and (step_named(self.headings[-1][1]) or self.procedure()):
            self.held_back(line)
        self.promises(line)
        if level is None:
            named: list[str] = []
            for section in prose_facts(inline, line, self.path(), self.kinds()):
                self.add(section)
                if section.kind == "roles" and len(section.entries) == 1:
                    self.lead_role = section.entries[0].text if self.lead.endswith(":") else ""
                named += [_plain(e.text) for e in section.entries if section.kind == "roles"]
            self.role_label(inline, line, named)
        return i + 3

    def opens_message(self, depth: int) -> None:
        """ "Subject: …", "Hello all,": the lists after it under this heading, at its depth,
        are what the message says."""
        if self.message is None and MESSAGE_OPENER.match(self.lead):
            self.message = depth

    def role_label(self, inline: Token, line: int, said: list[str]) -> None:
        """ "**Incident Commander**" or "Scribe:" alone on a line: a role, and the list
        after it its duties."""
        children = [c for c in inline.children or []
                    if c.type != "softbreak" and (c.type != "text" or c.content.strip())]  # fmt: skip
        bold = len(children) >= 3 and children[0].type == "strong_open"
        bold = bold and children[-1].type == "strong_close"
        if self.lead_role or not (bold or self.lead.endswith(":")) or len(self.lead) > 60:
            return
        if found := role_name(self.lead.rstrip(": ")):
            if _plain(found[0]) not in said:  # not already taken from the paragraph's bold
                self.add(Section(self.path(), line, "prose", "roles",
                                 [Entry(found[0], "", line, {"short": found[1]})],
                                 reason="a role's name on a line of its own"))  # fmt: skip
            self.lead_role = found[0]

    def level_paragraph(self, inline: Token, line: int) -> bool:
        """ "**Critical**: remote code execution" among others like it, or under a levels
        heading; "**Critical**" alone takes the next paragraph as what it means."""
        said = None
        in_levels = "levels" in self.kinds()[-2:]
        if run := level_line_run(inline.content, line, in_levels):
            self.add(Section(self.path(), line, "prose", "levels", run,
                             reason="lines of a paragraph each led by a level"))  # fmt: skip
            return True
        if line in self.scale or in_levels:
            # a sentence led by a level's word is a level where such paragraphs make a
            # scale together, not under a level's own heading (what it says of that level)
            said = level_lead(inline, worded=line in self.scale)
        if said is None and self.bold_level is not None:
            self.bold_level.detail, self.bold_level = self.lead, None
            return True
        if said is None:
            return False
        entry = Entry(*said, line)
        self.bold_level = entry if not entry.detail else None
        self.add(Section(self.path(), line, "prose", "levels", [entry],
                         reason="a paragraph led by a level"))  # fmt: skip
        return True

    def rung_paragraph(self, inline: Token, line: int) -> bool:
        """ "**Tier 1** – Customer support team", or the first sentence under a bare "### Level
        1" of an escalation section: who is on that rung of the ladder."""
        lead = _bold_lead(inline)
        said = lead and TIER.match(clean(lead[0]).strip(" *:–—-"))
        who = rung(f"{lead[0]}: {lead[1]}") if lead and said else ""
        if not who and self.rung_heading and self.rung_heading == self.here():
            who = _who(re.split(r"(?<=[.!?])\s", self.lead)[0])
        self.rung_heading = 0
        if not who:
            return False
        self.add(Section(self.path(), line, "prose", "escalation", [Entry(who, self.lead, line)],
                         reason="who is on a rung of the ladder"))  # fmt: skip
        return True

    def promises(self, line: int) -> None:
        promised = [e for e in promised_steps(self.lead, line) if not not_a_step(e.text)]
        if promised:
            self.promised.append(Section(self.path(), line, "prose", "phase", promised,
                                         self.here(), reason="what the team says it will do"))  # fmt: skip

    def held_back(self, line: int) -> None:
        said = [e for e in prose_steps(self.lead, line) if not not_a_step(e.text)]
        if not said:
            return
        named = step_named(self.headings[-1][1])
        if not named and any(h[2] in self.step_at for h in self.headings):
            return  # under "### 1. Establish an incident lead" the prose says how: its detail
        if not named and self.headings[-1][1].endswith("?"):
            return  # "Where can I find out more?": an answer, not a procedure
        reason = (
            "sentences under a step's heading" if named else "sentences under a procedure heading"
        )
        section = Section(self.path(), line, "prose", "phase", said, self.here(),
                          reason=f"{reason} that say what is done")  # fmt: skip
        (self.prose_steps if named else self.said_steps).append(section)

    def listing(self, i: int, line: int) -> int:
        t = self.tokens[i]
        entries, end, boxed = _list_entries(self.tokens, i, 0)
        before = len(self.sections)
        level = self.nearest(self.level_at)
        role = self.lead_role or self.nearest(self.role_at) or ""
        if unlisted := self.unlisted(entries, t.level):
            self.add(Section(self.path(), line, "list", "not placed", entries, reason=unlisted))
        elif entries and level is not None and not boxed:
            said = "; ".join(e.text + (f": {e.detail}" if e.detail else "") for e in entries)
            level.detail = f"{level.detail} {said}" if level.detail else said
            self.add(Section(self.path(), line, "list", "levels", [],
                             reason=f"what {level.text} means"))  # fmt: skip
        elif (
            entries
            and labelled(entries)
            and self.kinds()[-1:] != ["skip"]
            and (
                not role  # a role's labelled duties stay its duties
                and (self.procedure() or t.type == "ordered_list_open")
            )
        ):
            self.labelled_list(entries, boxed, t.type == "ordered_list_open", line)
        elif entries:
            self.classified(_classify_list(entries, boxed, t.type == "ordered_list_open",
                                           self.path(), self.kinds(), self.lead, role,
                                           line))  # fmt: skip
        if level is None:
            self.levels_in_items(entries, self.sections[before:])
        self.roles_in_items(i, end, self.sections[before:])
        self.lead = self.lead_role = ""
        return end + 1

    def unlisted(self, entries: list[Entry], depth: int) -> str:
        """Why a list is nothing to place whatever it says, or ""."""
        if (
            len(entries) >= 2
            and sum(_said(e.text) in self.titles for e in entries) * 3 >= len(entries) * 2
        ):
            # "1. [Investigate](#5-investigate)": the headings below, each with its own text.
            return "a table of contents: the headings it names follow"
        if entries and self.message == depth:
            return "the text of a message (after its greeting), not steps"
        return ""

    def roles_in_items(self, start: int, end: int, taken: list[Section]) -> None:
        """Roles a list names at any depth: a sub-list whose every item is a role's name
        ("- [Incident Commander (IC)](…)"; not in a contact or tool list), and roles its
        items' sentences name (in any section: "raised by the engineer on call"). A list
        already `taken` as roles is read once."""
        if any(s.kind == "roles" for s in taken):
            return
        sub_lists = self.kinds()[-1:] != ["skip"]
        for j in range(start + 1, end):
            t = self.tokens[j]
            if t.type in ("bullet_list_open", "ordered_list_open") and sub_lists:
                entries = _list_entries(self.tokens, j, 0)[0]
                named = [(e, role_name(e.text)) for e in entries]
                if len(named) >= 2 and all(r for _, r in named):
                    found = [Entry(r[0], "", e.line, {"short": r[1]}) for e, r in named if r]
                    self.add(Section(self.path(), found[0].line, "list", "roles", found,
                                     reason="a sub-list of role names"))  # fmt: skip
            elif (
                t.type == "inline"
                and t.map
                and names_a_role(t.content)  # before its text is made: most items name none
                and (found := item_roles(clean(_inline_text(t)), t.map[0] + 1, tuple(_bold(t))))
            ):
                self.add(Section(self.path(), found[0].line, "list", "roles", found,
                                 reason="roles a list item names"))  # fmt: skip

    def levels_in_items(self, entries: list[Entry], taken: list[Section]) -> None:
        """ "Severity → high/medium/low", "sitreps (high: hourly; medium: 2x daily)": levels
        and their cadences named inside list items."""
        context = "levels" in self.kinds()[-2:]
        unplaced = [s for s in taken if s.kind == "not placed"]
        if len(unplaced) == len(taken) and (found := worded_items(entries)):
            self.add(Section(self.path(), found[0].line, "list", "levels", found,
                             reason="items each led by a level's word"))  # fmt: skip
            for section in unplaced:  # the same list: what it was taken as before
                self.sections.remove(section)
            return
        if len(unplaced) == len(taken) and (found := lead_scale(self.lead, entries)):
            self.add(Section(self.path(), found[0].line, "list", "levels", found,
                             reason=f"the scale, as “{self.lead}” says"))  # fmt: skip
            for section in unplaced:
                self.sections.remove(section)
            return
        if len(unplaced) == len(taken) and (found := severity_labels(entries)):
            # "**Bug**", "**Low-severity vulnerability**", …: the outcomes that are levels
            self.add(Section(self.path(), found[0].line, "list", "levels", found,
                             reason="items whose labels name a severity"))  # fmt: skip
            return
        for entry in [*entries, *(c for e in entries for c in e.children)]:
            if found := detail_levels(entry):  # "assign a severity:" over "i. High: …", …
                self.add(Section(self.path(), entry.line, "list", "levels", found,
                                 reason="levels the item's sub-items define"))  # fmt: skip
                continue
            said = f"{entry.text} {entry.detail}"
            found = level_mentions(said, entry.line, context) or rated_issues(said, entry.line)
            if found:
                self.add(Section(self.path(), entry.line, "list", "levels", found,
                                 reason="levels named in a list item"))  # fmt: skip

    def labelled_list(self, entries: list[Entry], boxed: bool, ordered: bool, line: int) -> None:
        """ "1. **Immediate Action**:" over a sub-list: each label is a phase of its sub-list."""
        rest = [e for e in entries if not is_label(e)]
        for entry in entries:
            if not is_label(entry):
                continue
            label = entry.text.rstrip(":")
            found = _classify_list(entry.children, boxed, ordered, (*self.path(), label),
                                   [*self.kinds(), _heading_kind(label, ()) or "steps"],
                                   f"{label}:", self.nearest(self.role_at) or "", entry.line)  # fmt: skip
            for section in found:
                if section.kind == "phase":
                    section.heading_line, section.title = entry.line, label
                    section.reason = f"the steps under “{label}”"
                self.add(section)
        if rest:  # in the document's order: where its first item stands
            self.classified(_classify_list(rest, boxed, ordered, self.path(), self.kinds(),
                                           self.lead, self.nearest(self.role_at) or "",
                                           rest[0].line))  # fmt: skip

    def classified(self, sections: list[Section]) -> None:
        step = self.step_at.get(self.here())
        for section in sections:
            if step is not None and section.kind == "not placed" and section.block == "list":
                # Notes under an instruction heading are what the step means.
                said = "; ".join(e.text for e in section.entries)
                step.detail = f"{step.detail}; {said}".strip("; ")
                section.reason = f"the detail of “{step.text}”"
            elif step is not None and section.kind == "escalation" and section.block == "list":
                # "Inform your team … you must also notify:" over who: the step says who too.
                said = "; ".join(e.cells.get("=name") or e.text for e in section.entries)
                step.detail = f"{step.detail}; {said}".strip("; ")
            self.add(section)

    def table(self, i: int, line: int) -> int:
        header, rows, end = _md_table(self.tokens, i)
        body = [(line + 2 + n, row) for n, row in enumerate(rows)]
        for section in _classify_table(header, body, self.path(), self.kinds(), line):
            self.add(section)
        self.lead = ""
        return end + 1

    def html(self, i: int, line: int) -> int:
        for header, body in _html_tables(self.tokens[i].content):
            for section in _classify_table(header, [(line + r - 1, row) for r, row in body],
                                           self.path(), self.kinds(), line):  # fmt: skip
                self.add(section)
        return i + 1

    def code(self, i: int, line: int) -> int:
        t = self.tokens[i]
        if _a_document(t.content, t.info):  # read as a document only if nothing else is stated
            self.documents.append((t.content, line, self.path(), self.here()))
        if t.content.strip():
            for section in _classify_code(t.content, t.info, self.path(), self.kinds(),
                                          self.lead, line, self.procedure(),
                                          self.lead_line if self.lead else 0):  # fmt: skip
                self.add(section)
                if section.entries and section.entries[0].line == self.lead_line:
                    self.forget_prose(self.lead_line)  # its sentences are taken with the block
            self.lead = ""
        return i + 1

    def said(self) -> None:
        """Sentences under procedure headings that say what is done ("The response team sets
        up a private list."): the document's steps where it writes its procedure in prose,
        the sentences outnumbering the steps its lists, tables and blocks state; each
        paragraph's where no list or block under its heading states steps."""
        listed = {s.heading_line for s in self.sections if s.kind == "phase"}
        said = [s for s in self.said_steps if s.heading_line not in listed]
        phases = [s for s in self.sections if s.kind == "phase"]
        in_prose = sum(len(s.entries) for s in phases if s.block == "prose" or s.reason == COMMANDS)
        written = sum(len(s.entries) for s in phases) - in_prose
        count = sum(len(s.entries) for s in said)
        alone = not any(s.kind in ("phase", "levels", "roles") for s in self.sections)
        # where the document states other facts, one sentence alone is no process
        if count > written and (alone or count + in_prose >= 2):
            for section in said:
                self.add(section)

    def forget_prose(self, line: int) -> None:
        """A paragraph's sentences held back as prose steps, taken by a block instead."""
        self.said_steps = [s for s in self.said_steps if s.line != line]
        self.prose_steps = [s for s in self.prose_steps if s.line != line]
        self.promised = [s for s in self.promised if s.line != line]

    def nested(self) -> None:
        """Documents written inside code blocks (a template to copy into an issue), when the
        document states no levels, roles or steps elsewhere: each is read as the document it
        is, under the block's heading, its lines where they stand, in place of the block."""
        if not self.documents or any(s.kind in ("phase", "levels", "roles") for s in self.sections):
            return
        for content, line, path, here in self.documents:
            self.sections = [s for s in self.sections if not (s.block == "code" and s.line == line)]
            for section in read_sections(content):
                section.path = (*path, *section.path)
                section.line += line
                section.heading_line = section.heading_line + line if section.heading_line else here
                for entry in section.entries:
                    entry.line += line
                self.sections.append(section)


# "## Part 3 — Contain", "Chapter 2: Respond": a part of the document, whose sections hold
# the steps, not a step.
_PART = re.compile(r"(?i)^\W*(?:part|chapter|section|appendix)\s+[\dIVX]")

_DOCUMENT_HEADING = re.compile(r"(?m)^#{2,6}\s+\S")


def _a_document(content: str, info: str) -> bool:
    """A code block that holds markdown (a template of a whole issue or report): marked as
    markdown, or unmarked with two or more "## " headings, where a shell comment has one #."""
    kind = info.strip().lower().split()[:1]
    if kind and kind[0] in ("markdown", "md"):
        return bool(_DOCUMENT_HEADING.search(content))
    return not kind and len(_DOCUMENT_HEADING.findall(content)) >= 2


def _said(text: str) -> str:
    """Text as words only, to match a list item against a heading."""
    return " ".join(_words(text))


def _plain(name: str) -> str:
    """A role's name as compared: lower-case words, the last in the singular."""
    words = _words(name)
    if words and len(words[-1]) > 3 and words[-1].endswith("s"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _window_title(title: str) -> str:
    """A phase's heading as its title: its numbering dropped, its time box kept for build."""
    number, words = numbering(title)
    return words if number else title


def _rather_than_nothing(sections: list[Section]) -> None:
    """A document with no levels, roles or steps in any shape read above would import as
    nothing: its lists of two or more items (not reference lists) are then its steps, each
    under its heading, rather than refusing a document that does state a process."""
    if any(s.kind in ("phase", "levels", "roles") for s in sections):
        return
    for section in sections:
        if section.kind == "not placed" and section.block == "list":
            _list_rather_than_nothing(section)
    _numbered_headings_rather_than_nothing(sections)


def _list_rather_than_nothing(section: Section) -> None:
    """A list not placed, taken as steps where the document states nothing else."""
    if (
        len(section.entries) >= 2
        and not section.reason.startswith(SETTLED)
        and _sentences(section.entries)
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


def _sentences(entries: list[Entry]) -> bool:
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
