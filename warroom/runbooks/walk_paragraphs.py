"""Paragraphs in the walk: the lead before the next block, a heading's detail, the roles,
levels and escalation a paragraph states, and its sentences held back as steps."""

from __future__ import annotations

import re

from markdown_it.token import Token

from warroom.runbooks.escalation import TIER
from warroom.runbooks.escalation_lines import rung_lines
from warroom.runbooks.escalation_who import _who, rung
from warroom.runbooks.level_sentences import coded_sentences
from warroom.runbooks.levels import level_lead, level_line_run
from warroom.runbooks.list_leads import SENTENCE_END
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.not_steps import MESSAGE_OPENER, STEPS_TO_TAKE, _under_advice, not_a_step
from warroom.runbooks.outline import _bold_lead, _inline_text
from warroom.runbooks.procedure import (
    numbered_sentences,
    promised_steps,
    prose_steps,
    step_named,
    told,
)
from warroom.runbooks.prose import prose_facts, role_led
from warroom.runbooks.role_mentions import said_of_someone
from warroom.runbooks.roles import role_name
from warroom.runbooks.step_leads import bold_instruction, lettered_step, numbered_lead
from warroom.runbooks.vocabulary import _imperative, clean
from warroom.runbooks.walk_state import WalkState, plain_name

_DETAIL_SENTENCES = 3
# "How do I yank a release?": a question whose answer is the procedure.
_HOW_DO_I = re.compile(
    r"(?i)^\W*how\s+(?:do|can|should)\s+(?:i|we|you)\b"
)  # of a step heading's prose kept as its detail


# "What do I do when I get paged?", "The disk is full, what now?": an on-call page's question
# whose answer is what to do.
_WHAT_TO_DO = re.compile(
    r"(?i)\bwhat\s+(?:do|should|can|must)\s+(?:i|we|you)\s+do\b|\bwhat\s+now\W*$"
)


def asks_what_to_do(title: str) -> bool:
    return title.rstrip(" *_").endswith("?") and bool(_WHAT_TO_DO.search(title))


class ParagraphsWalk(WalkState):
    """Reads each paragraph under the headings above it."""

    def paragraph(self, i: int, line: int) -> int:
        """A paragraph: a level's or rung's line, a heading's detail, steps held back, and
        the facts it states; the index after it."""
        if i + 1 >= len(self.tokens):
            return i + 1
        inline = self.tokens[i + 1]
        self.lead = clean(_inline_text(inline))
        self.lead_line = line
        self.opens_message(self.tokens[i].level)
        if self.rung_lines(inline, line) or self.level_paragraph(inline, line):
            return i + 3
        if self.rung_paragraph(inline, line):
            return i + 3
        level = self.nearest(self.level_at)
        step = self.step_at.get(self.here())
        if self.lettered_paragraph(inline, line):
            step = None  # "A. Confirm the incident.": a step of its own, not the heading's detail
        self.heading_detail(level, step)
        self.lead_role = ""
        after = self.tokens[i + 3].type if i + 3 < len(self.tokens) else ""  # the next block
        if numbered := numbered_sentences(self.lead, line):
            # "Steps: 1. Create a review. 2. Draft the advisory. …": numbered by its writer
            self.add(Section(self.path(), line, "prose", "phase", numbered, self.here(),
                             reason="sentences numbered as steps in a paragraph"))  # fmt: skip
        elif self.headings and (
            step_named(self.headings[-1][1]) or self.procedure() or self.how_to(self.lead)
        ):
            self.held_back(line, inline.content, after.endswith("list_open"))
            if self.how_to(self.lead):
                self.how_to_at.add(line)
        self.instructions(line)
        self.promises(line)
        self.announced_steps(after, line)
        if level is None:
            self.stated_facts(inline, line)
        return i + 3

    def announced_steps(self, after: str, line: int) -> None:
        """ "… there are a few steps you can take (in order):" over paragraphs, not a list:
        each paragraph's instructions after it, under that heading, are those steps. `after`:
        the type of the token after the paragraph."""
        if self.lead.endswith(":"):
            self.steps_said_at = (
                self.here() if after == "paragraph_open" and STEPS_TO_TAKE.search(self.lead) else 0
            )
            return
        if not self.steps_said_at or self.steps_said_at != self.here():
            return
        said = self.told_steps_in(line)
        if not said:
            self.steps_said_at = 0  # the steps have ended
            return
        self.forget_prose(line)
        self.add(Section(self.path(), line, "prose", "phase", said, self.here(),
                         reason="instructions after a lead that announces steps"))  # fmt: skip

    def told_steps_in(self, line: int) -> list[Entry]:
        """The paragraph's sentences that tell the reader what to do, as steps."""
        return [e for e in prose_steps(self.lead, line) if told(e.text) and not not_a_step(e.text)]

    def how_to(self, lead: str) -> bool:
        """Instructions under a heading that is one ("## Add support-only users": "Go to the
        Support Center. Click on your name …"): how that is done, in prose."""
        title = clean(self.headings[-1][1])
        if self.headings[-1][2] in self.instruction_run:
            return False  # a run of instruction headings: the procedure's steps (see walk)
        return _imperative(title) and not title.endswith("?") and told(lead)

    def lettered_paragraph(self, inline: Token, line: int) -> bool:
        """ "A. Confirm the incident." or "**1. Open the ticket** The lead …" under a heading:
        a step of its own, taken."""
        if not self.headings:
            return False
        bold = _bold_lead(inline)
        lettered = (
            lettered_step(self.lead, line)
            or numbered_lead(bold, line)
            or bold_instruction(bold, line)
        )
        if lettered is None:
            return False
        self.add(Section(self.path(), line, "prose", "phase", [lettered], self.here(),
                         reason="a paragraph led by its step: lettered, numbered or in bold"))  # fmt: skip
        return True

    def heading_detail(self, level: Entry | None, step: Entry | None) -> None:
        """The paragraph as the detail of the level or the step whose heading it is under
        ("**Response Time:** < 15 minutes" under "### SEV1"); a step's, while it is short."""
        if level is not None:
            level.detail = f"{level.detail}; {self.lead}" if level.detail else self.lead
        elif step is not None and step.detail.count(". ") < _DETAIL_SENTENCES:
            step.detail = f"{step.detail} {self.lead}".strip()

    def stated_facts(self, inline: Token, line: int) -> None:
        """The roles, levels and escalation a paragraph states, and a role's name alone on
        its line."""
        named: list[str] = []
        for section in prose_facts(inline, line, self.path(), self.kinds()):
            self.add(section)
            if section.kind == "roles" and len(section.entries) == 1:
                self.lead_role = section.entries[0].text if self.lead.endswith(":") else ""
            named += [plain_name(e.text) for e in section.entries if section.kind == "roles"]
        self.role_label(inline, line, named)
        self.role_paragraph(inline, line)

    def role_paragraph(self, inline: Token, line: int) -> None:
        """ "**Data Custodian.** Preserves evidence.", or "Scribe" over "Keeps the notes.": a
        role and what it does; under a role's heading, "Coordinates the team." says what
        that role does."""
        if self.kinds()[-1:] == ["skip"]:
            return
        # a line break or a bold lead: what a paragraph led by a role's name needs
        led = "\n" in inline.content or inline.content.startswith(("**", "__"))
        entry = role_led(inline) if led else None
        heading_role = self.headings[-1][2] in self.role_at if self.headings else False
        if entry is None and heading_role and _led_by_a_deed(self.lead):
            role = self.role_at[self.headings[-1][2]]
            entry = Entry(role, "", line, {"responsibilities": self.lead})
        if entry is not None:
            self.add(Section(self.path(), line, "prose", "roles", [entry],
                             reason="a role and what it does"))  # fmt: skip

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
            if plain_name(found[0]) not in said:  # not already taken from the paragraph's bold
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
            if said and len(coded_sentences(self.lead, line)) >= 2:
                said = None  # "**Severity 1** incidents are … **Severity 2** …": the prose's
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

    def rung_lines(self, inline: Token, line: int) -> bool:
        """ "Level 1: the on-call engineer" / "Level 2: the team lead" under an escalation
        heading: a rung to a line, not levels of severity."""
        if "escalation" not in self.kinds()[-2:]:
            return False
        if not (lines := rung_lines(inline.content, line)):
            return False
        self.add(Section(self.path(), line, "prose", "escalation", lines,
                         reason="lines of a paragraph each led by a rung"))  # fmt: skip
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

    def instructions(self, line: int) -> None:
        """The paragraph's instructions to the reader ("Check the queue depth on the
        dashboard."), kept for a heading whose other steps are instructions over the commands
        they run, or that asks what to do (see `beside_commands` in walk)."""
        if not self.headings or self.kinds()[-1:] == ["skip"] or _under_advice(self.path()):
            return
        if any(h[2] in self.step_at or h[2] in self.role_at for h in self.headings[-1:]):
            return  # a step's detail, or what a role is
        said = self.told_steps_in(line)
        if said:
            self.told_steps.append(Section(self.path(), line, "prose", "phase", said, self.here(),
                                           reason="instructions in prose beside commands"))  # fmt: skip

    def held_back(self, line: int, written: str, list_next: bool = False) -> None:
        said = [e for e in prose_steps(self.lead, line) if not not_a_step(e.text)]
        if list_next:  # "Use Copilot Chat in Agent mode:" over a list leads in to it
            said = [e for e in said if not e.text.endswith(":")]
        if not said:
            return
        named = step_named(self.headings[-1][1])
        if not named and self.not_a_procedure_here():
            return
        if not named and _one_step(said, self.lead, written):
            # A paragraph led by an instruction is one step: the sentences after it say how.
            said = [Entry(said[0].text, self.lead[len(said[0].text) :].strip(), line)]
        _own_lines(said, written, line)
        reason = (
            "sentences under a step's heading" if named else "sentences under a procedure heading"
        )
        section = Section(self.path(), line, "prose", "phase", said, self.here(),
                          reason=f"{reason} that say what is done")  # fmt: skip
        (self.prose_steps if named else self.said_steps).append(section)

    def not_a_procedure_here(self) -> str:
        """Why the prose under this heading, not a step's own, is not the procedure's steps
        ("" when it may be)."""
        if _under_advice(self.path()):
            return "advice"  # "## Scope", "### Background": what is set out beside the procedure
        # an unnumbered instruction heading's prose may state its steps (see `said` in walk)
        if any(h[2] in self.step_at and h[2] not in self.run_steps for h in self.headings):
            return "a step's detail"  # under "### 1. Establish an incident lead" the prose says how
        if self.headings[-1][2] in self.role_at:
            return "who a role is"  # under "## Security Incident Lead" the prose says who it is
        asked = self.headings[-1][1]
        if asked.endswith("?") and not (_HOW_DO_I.match(asked) or asks_what_to_do(asked)):
            return "an answer"  # "Where can I find out more?": an answer, not a procedure
        return ""


# "You can add support-only users to your tenant": what the reader is able to do, not a step.
_CAN = re.compile(r"(?i)^\W*you\s+(?:can|may|could|might)\b")


def how_to_steps(
    said: list[Section], how_to_at: set[int], headings: list[tuple[int, str, int]]
) -> list[Section]:
    """Paragraphs that tell how their instruction heading is done ("## Add support-only
    users" over "To add one, go to the Support Center. Click on your name, …"): that
    heading's procedure, whatever the lists beside it state; its instructions only. A heading
    of one word ("### Assess") names a phase, and one instruction under it is advice."""
    titles = {line: title for _level, title, line in headings}
    told_here: dict[int, list[Section]] = {}
    for section in said:
        if section.line not in how_to_at or len(titles.get(section.heading_line, "").split()) < 2:
            continue
        section.entries = [e for e in section.entries if told(e.text) and not _CAN.match(e.text)]
        told_here.setdefault(section.heading_line, []).append(section)
    # a paragraph of two or more instructions shows the heading's procedure is in prose
    return [
        s
        for taken in told_here.values()
        if any(_instructions(s) >= 2 for s in taken)
        for s in taken
        if s.entries
    ]


def _instructions(section: Section) -> int:
    """How many sentences of a paragraph's steps, their details too, tell the reader."""
    said = " ".join(f"{e.text} {e.detail}" for e in section.entries)
    return sum(map(told, SENTENCE_END.split(said)))


def _led_by_a_deed(text: str) -> bool:
    """Whether a paragraph starts with a verb said of someone ("Coordinates the team")."""
    first = text.split(" ", 1)[0]
    return first[:1].isupper() and said_of_someone(first.lower())


# "Next, …", "Then …", "After that, …", "Finally, …": the next step, in turn.
_IN_TURN = re.compile(
    r"(?i)^\W*(?:next|then|after\s+that|afterwards|finally|lastly|second(?:ly)?|third(?:ly)?)\b"
)


def _one_step(said: list[Entry], lead: str, written: str) -> bool:
    """A paragraph led by an instruction whose next sentences run on in the same lines: one
    step and how it is done. Instructions each on a line of their own are steps each."""
    if len(said) < 2 or not lead.startswith(said[0].text) or not told(said[0].text):
        return False
    if any(_IN_TURN.match(e.text) and told(e.text) for e in said[1:]):
        return False  # "First, roll back the deploy. Next, confirm …. Finally, post …": in turn
    lines = [clean(x) for x in written.splitlines()]
    return not all(any(x.startswith(e.text[:20]) for x in lines) for e in said[1:])


def _own_lines(said: list[Entry], written: str, line: int) -> None:
    """Each sentence's source the line it starts on, not its paragraph's first (where its
    opening words are found as written)."""
    lines = [clean(x) for x in written.splitlines()]
    for entry in said:
        head = entry.text[:24]
        entry.line = line + next((n for n, x in enumerate(lines) if head in x), 0)
