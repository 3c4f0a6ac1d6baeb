"""The walk through a document: headings give each block its path and context; each
block goes to the classifier of its shape and comes back as sections."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

from warroom.runbooks.build import Report
from warroom.runbooks.code import COMMANDS
from warroom.runbooks.escalation import at_levels
from warroom.runbooks.escalation_sections import context_escalation
from warroom.runbooks.fallback import rather_than_nothing
from warroom.runbooks.level_scales import classes_together, colours_in_place, prefer_defined
from warroom.runbooks.level_series import place_series, series_sections
from warroom.runbooks.markup import normalise
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.parser import markdown
from warroom.runbooks.procedure import plainly_done
from warroom.runbooks.prose_levels import CLASSIFIED_AS
from warroom.runbooks.restated import restated
from warroom.runbooks.role_mentions import (
    formed_teams,
    initials_doers,
    named_bodies,
    named_terms,
    rotation_holders,
    task_doers,
    used_abbreviations,
)
from warroom.runbooks.steps import DECISION
from warroom.runbooks.timed_prose import timed_steps
from warroom.runbooks.walk_blocks import BlocksWalk
from warroom.runbooks.walk_headings import HeadingsWalk
from warroom.runbooks.walk_lists import ListsWalk
from warroom.runbooks.walk_paragraphs import ParagraphsWalk, asks_what_to_do, how_to_steps
from warroom.runbooks.walk_state import plain_name


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
    tokens = markdown().parse(normalise(text))
    return _Walk(tokens).run()


class _Walk(HeadingsWalk, ParagraphsWalk, ListsWalk, BlocksWalk):
    """One pass over the tokens, each block to the part that reads its shape (see
    walk_state.py for what the parts share)."""

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
        self.beside_commands()
        self.said()  # before the documents in code blocks: the prose states the process
        self.nested()
        if not any(s.kind == "phase" for s in self.sections):
            for section in self.promised:
                self.add(section)
        self.sections += at_levels(self.sections)  # "### P1 … Page the on-call engineer."
        self.sections += context_escalation(self.tokens, self.sections)  # who, by context
        # levels as a series of sibling labels, whichever block carries them
        self.sections = place_series(self.sections, series_sections(self.tokens))
        # The inline markdown as written, with its line: emphasis and links do not hide a
        # capitalised name.
        said = [(t.content, t.map[0] + 1) for t in self.tokens if t.type == "inline" and t.map]
        # In reading order; people one paragraph brings in by where it names them, whichever
        # reader found them, so the ladder runs as the paragraph tells it.
        # (a name broken over two lines is found too)
        paragraphs = {line: " ".join(text.lower().split()) for text, line in said}
        self.sections.sort(key=lambda s: (s.line, s.block != "heading", _named_at(s, paragraphs)))
        classes_together(self.sections, CLASSIFIED_AS)  # "classified as P1 if …" twice or more
        prefer_defined(self.sections)  # the scale a document defines, not words it mentions
        colours_in_place(self.sections)  # a dashboard's colours are not a scale of levels
        self.sections = rather_than_nothing(self.sections, self.tokens)
        self.sections = restated(self.sections, said)  # "## Summary": the steps said again
        self.terms(said)
        return self.sections

    def terms(self, said: list[tuple[str, int]]) -> None:
        """Roles the document uses as terms, wherever it says them (after the blocks, so a
        document that states nothing else still has its lists read as steps)."""
        known = {plain_name(e.text) for e in self._roles()}
        known |= {plain_name(e.cells.get("name", "")) for s in self.sections for e in s.entries}
        # A role found already is added again only for the abbreviation the term gives it
        # ("Implementation Engineers (IEs)" in a heading, "The Implementation Engineer leads").
        shortened = {
            plain_name(e.cells.get("name") or e.text) for e in self._roles() if e.cells.get("short")
        }
        for entry in self._named_terms(said):
            if plain_name(entry.text) in known and not (
                entry.cells.get("short") and plain_name(entry.text) not in shortened
            ):
                continue
            # where it is defined
            self.sections.append(Section((), entry.line, "prose", "roles", [entry],
                                         reason="a role the document names as a term"))  # fmt: skip
        self.abbreviations(said)
        self.sections.sort(key=lambda s: (s.line, s.block != "heading"))

    def _roles(self) -> list[Entry]:
        """The roles found so far."""
        return [e for s in self.sections if s.kind == "roles" for e in s.entries]

    def _named_terms(self, said: list[tuple[str, int]]) -> list[Entry]:
        """Every reader's roles named as terms in the document's sentences."""
        found = named_terms(said)
        # A role called only by its initials, unless they abbreviate a role already found.
        shorts = {e.cells.get("short") for e in self._roles()}
        shorts |= {e.cells.get("short") for e in found}
        found += [e for e in initials_doers(said) if e.text not in shorts]
        found += task_doers(said)  # "Request a CVE (ADMIN)": who does each task
        found += formed_teams(said)  # "will form the initial response team"
        found += rotation_holders(said)  # "the Mini Support Rotation (MSR) runner"
        found += named_bodies(said)  # "the Security Incident Response Team (SIRT)" … "the SIRT"
        return found

    def abbreviations(self, said: list[tuple[str, int]]) -> None:
        """ "asking the IC first": the abbreviation of a role found without one."""
        entries = [e for s in self.sections if s.kind == "roles" for e in s.entries]
        shortened = {
            plain_name(e.cells.get("name") or e.text) for e in entries if e.cells.get("short")
        }
        names = {plain_name(n): n for e in entries if (n := e.cells.get("name") or e.text)}
        unshortened = [n for plain, n in names.items() if plain not in shortened]
        for entry in used_abbreviations(unshortened, said):
            self.sections.append(Section((), entry.line, "prose", "roles", [entry],
                                         reason=f"{entry.text} said as “{entry.cells['short']}”"))  # fmt: skip

    def beside_commands(self) -> None:
        """An operational runbook's procedure written as paragraphs, some over the commands
        they run ("Scale the workers up:" over `kubectl scale …`), some not ("Check the queue
        depth on the dashboard."): under a heading whose steps are written so, or that asks
        what to do ("What do I do when I get paged?"), every paragraph's instructions are
        steps, in their order."""
        commanded = {s.heading_line for s in self.sections if s.reason == COMMANDS}
        asked = {line for _level, title, line in self.all_headings if asks_what_to_do(title)}
        headings = commanded | asked
        for section in self.told_steps:
            if section.heading_line in headings:
                self.forget_prose(section.line)  # not weighed again as the prose's process
                self.add(section)

    def said(self) -> None:
        """Sentences under procedure headings that say what is done ("The response team sets
        up a private list."): the document's steps where it writes its procedure in prose,
        the sentences outnumbering the steps its lists, tables and blocks state; each
        paragraph's where no list or block under its heading states steps."""
        # Unnumbered instruction headings ("## Notify sec-announce") frame the prose under
        # them: they are weighed after it, not against it.
        framing = [s for s in self.sections if s.kind == "phase" and s.line in self.run_steps]
        framed = {id(s) for s in framing}
        written, taken = self._prose_procedure(framed)
        for section in taken:
            self.add(section)
        # Otherwise, where the lists state the procedure, the prose sentences done at a moment
        # of the response ("## After the Incident", "When the call begins, set a timer").
        kept = {id(s) for s in taken}
        left = [s for s in self.said_steps if id(s) not in kept]
        # where a list states the heading's steps, the prose above it leads in to them
        listed = {s.heading_line for s in self.sections if s.kind == "phase"
                  and s.block == "list" and s.reason != DECISION}  # fmt: skip
        how = how_to_steps([s for s in left if s.heading_line not in listed], self.how_to_at,
                           self.all_headings)  # fmt: skip
        for section in how:
            self.add(section)
        for section in timed_steps([s for s in left if s not in how]):
            self.add(section)
        self._drop_framing_headings(framing, framed, written)

    def _prose_procedure(self, framed: set[int]) -> tuple[int, list[Section]]:
        """The steps the lists, tables and blocks state, and the prose sentences taken as the
        procedure (none unless they outnumber those steps)."""
        sections = [s for s in self.sections if id(s) not in framed]
        listed = {s.heading_line for s in sections if s.kind == "phase"}
        said = [s for s in self.said_steps if s.heading_line not in listed]
        phases = [s for s in sections if s.kind == "phase"]
        in_prose = sum(len(s.entries) for s in phases if s.block == "prose" or s.reason == COMMANDS)
        written = sum(len(s.entries) for s in phases) - in_prose
        count = sum(len(s.entries) for s in said)
        alone = not any(s.kind in ("phase", "levels", "roles") for s in sections)
        # where the document states other facts, one sentence alone is no process
        taken = _outweighs(said, written) and (alone or count + in_prose >= 2)
        return written, said if taken else []

    def _drop_framing_headings(
        self, framing: list[Section], framed: set[int], written: int
    ) -> None:
        """An instruction heading whose prose or list states its steps is their heading, not
        a step ("## Declare an incident" over the list of how)."""
        stated = {s.heading_line for s in self.sections if s.kind == "phase"
                  and id(s) not in framed}  # fmt: skip
        steps = [f for f in framing if f.line not in stated]
        # Like the prose: the headings are the procedure where they outnumber the steps the
        # lists, tables and blocks state; beside a longer list they are its topics.
        stated |= {f.line for f in framing} if len(steps) <= written else set()
        self.sections = [s for s in self.sections if id(s) not in framed
                         or s.line not in stated]  # fmt: skip

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


def _outweighs(said: list[Section], written: int) -> bool:
    """Whether the sentences that say what is done state the process rather than the lists:
    those in the plain shapes (an instruction, a duty, a team's deed) outnumber the steps the
    lists state; or, where no list states one, two or more in any shape (a process written
    in the passive: "A log is kept", "the advisory is published")."""
    plain = sum(plainly_done(e.text) for s in said for e in s.entries)
    return plain > written or (not written and sum(len(s.entries) for s in said) >= 2)


def _named_at(section: Section, paragraphs: dict[int, str]) -> int:
    """Where in its paragraph an escalation section's first person is named (0 otherwise)."""
    if section.kind != "escalation":
        return 0
    text = paragraphs.get(section.line, "")
    found = [at for e in section.entries if (at := text.find(e.text.lower())) >= 0]
    return min(found, default=0)
