"""Lists: whether a list is steps (a phase), levels, roles, a role's duties, escalation,
or not placed (contact lists, tool lists, link lists), with the reason. What a list is when
it is not steps is in not_steps.py; when an item's sub-list is steps, in sub_lists.py."""

from __future__ import annotations

import re

from warroom.runbooks.definitions import defines, restates
from warroom.runbooks.escalation import announces_people, escalation_chain, handed_on, listed_after
from warroom.runbooks.escalation_cues import unanswered
from warroom.runbooks.escalation_who import _who, rung
from warroom.runbooks.level_scales import two_levels
from warroom.runbooks.levels import level_name, level_word
from warroom.runbooks.list_escalation import (
    BRING_IN,
    PAGED,
    WHEN_LEAD,
    items_bring_in,
    on_rung,
    person_named,
    relative,
    rung_entry,
    turned_to,
)
from warroom.runbooks.list_items import _alternatives, _defined_roles, _duties, _head, _owned
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.not_steps import (
    STEP_WORDS,
    a_name,
    acts,
    done_to_reader,
    lead_kind,
    not_steps,
    outcome,
    placeholder,
    remark,
    thing,
    wording,
)
from warroom.runbooks.procedure import (
    aside,
    process_sentence,
    told,
)
from warroom.runbooks.prose import GLOSSARY
from warroom.runbooks.prose_deeds import done_state
from warroom.runbooks.questions import asked
from warroom.runbooks.role_lists import listed_roles
from warroom.runbooks.roles import blank, held_by, role_name
from warroom.runbooks.step_leads import named_instruction
from warroom.runbooks.sub_lists import lead_done, listed_below, steps_below, unfolded
from warroom.runbooks.vocabulary import CODE, _imperative, gerund


def _classify_list(
    entries: list[Entry], boxed: bool, ordered: bool, path: tuple[str, ...], kinds: list[str],
    lead: str, role: str, line: int,
) -> list[Section]:  # fmt: skip
    """What a list is: steps (with, where its steps name people to page, an escalation chain
    too), levels, roles, escalation, a role's responsibilities, or nothing placed."""
    entries = [_owned(e) for e in entries]
    written = [e for e in entries if not placeholder(e.text) or e.children]
    if len(written) < len(entries):
        # "TBD", "<insert …>", "[Link to relevant docs]": left to fill in, not a step.
        blank = [e for e in entries if e not in written]
        left = Section(
            path, line, "list", "not placed", blank, reason="placeholders left to fill in"
        )
        if not written:
            return [left]
        return [*_classify_list(written, boxed, ordered, path, kinds, lead, role, line), left]
    sections = _classify_list_as(entries, boxed, ordered, path, kinds, lead, role, line)
    reference = any(x.reason.startswith("a reference section") for x in sections)
    if not reference and not any(x.kind == "escalation" for x in sections):
        named = items_bring_in(entries, kinds) or turned_to(entries, lead)
        if named:
            sections.append(Section(path, line, "list", "escalation", named,
                                    reason="people its items escalate to"))  # fmt: skip
    return sections


def _classify_list_as(
    entries: list[Entry], boxed: bool, ordered: bool, path: tuple[str, ...], kinds: list[str],
    lead: str, role: str, line: int,
) -> list[Section]:  # fmt: skip
    """The first rule that recognises the list decides; each says why."""
    rules = _ListRules(entries, boxed, ordered, path, kinds, lead, role, line)
    # Levels and rungs first: "**Severity 1** examples:" under a lead that says "examples";
    # who is paged in turn even in a rotation's list.
    for rule in (rules.blanks, rules.glossary, rules.tiers, rules.reference, rules.levels, rules.notified,
                 rules.not_steps, rules.announced, rules.duties, rules.escalation, rules.roles, rules.steps):  # fmt: skip
        if (found := rule()) is not None:
            return found
    rules.section.reason = "not steps, roles, levels or escalation"
    if below := listed_below(entries):
        # the list describes; what one of its items' sub-lists tells to do is steps
        steps = Section(path, line, "list", "phase", below, role=role,
                        reason="instructions listed under an item that describes")  # fmt: skip
        return [steps, rules.section]
    return [rules.section]


# "The incident response team is made up of:", "Team members are:": who a team is, next
_TEAM_LEAD = re.compile(
    r"(?i)\b(?:team|crew|committee|group)\b.{0,40}\b(?:made\s+up\s+of|consists?\s+of"
    r"|comprises?|includes?|members\s+are|is\s+formed\s+(?:of|from)|are)\s*:$"
)
# "These additional roles are external to …:", "The following roles are assigned …:": a
# sentence of any length whose subject is the roles the list names
_ROLES_LEAD = re.compile(
    r"(?i)^(?:these|the\s+following|the\s+other|other)\s+(?:[\w-]+\s+){0,2}roles\b.*:$"
)
# "Technical Contact", "Point person": a form's line for a person's name
_FORM_PERSON = re.compile(r"(?i)\b(?:contact|person)\W*$")
# "Incident Response Team", "Team members", "Response crew": a heading over who the team is
_TEAM_HEADING = re.compile(r"(?i)\b(?:team|crew|committee|members|staff)\s*$")


# A lead that opens with the event its list answers: what is done when it happens, steps
# rather than the standing duties of the role it names.
_ON_EVENT = re.compile(
    r"(?i)^\W*(?:when|whenever|once|as\s+soon\s+as|after|if)\b[^:]{3,160},[^:]*:$"
)

_CHECKLISTS = re.compile(r"(?i)\b(?:checklists?|steps\s+for|procedures\s+for)\b")


# Over 300 lines on purpose: one short method per way a list states a fact, tried in order,
# all reading the same list in its context.
class _ListRules:
    """A list and its context (its heading path, the label before it, the role whose section
    it is in); each method is one way a list states a fact, or None."""

    def __init__(
        self, entries: list[Entry], boxed: bool, ordered: bool, path: tuple[str, ...],
        kinds: list[str], lead: str, role: str, line: int,
    ) -> None:  # fmt: skip
        self.entries, self.boxed, self.ordered, self.path = entries, boxed, ordered, path
        self.lead, self.role, self.line = lead, role, line
        self.heading = path[-1] if path else ""
        self.heading_kind = next((k for k in reversed(kinds) if k), "")
        self.near = kinds[-1] if kinds else ""
        # A label just before the list ("**Steps:**", "After your shift:") says what it is.
        self.lead_kind = lead_kind(lead, path)
        self.context = {self.near, self.lead_kind, self.heading_kind} - {""}
        self.section = Section(path, line, "list", "not placed", entries)
        self.heads = [_head(e) for e in entries]
        # "For an incident longer than 30 minutes:" over "- Recruit …": a condition whose
        # sub-list is instructions is one too.
        # After "the team can take steps such as:", "- Rotating secrets" is one of them.
        # Under a procedure heading ("## Fix" over "- Restarting the relay container") too.
        doing = (lead.endswith(":") and bool(STEP_WORDS.search(lead))) or self.near == "steps"
        # "Cleanup - organise the removal of …", "Planning - track the changes …": steps each
        # named first, where the list names three or more so (two may be a form's fields).
        named = [named_instruction(e.text) for e in entries]
        named = named if sum(named) >= 3 else [False] * len(entries)
        # Under "## Closing checklist", "Status page updated" is a box to tick, said as a state.
        ticked = bool(_CHECKLISTS.search(f"{self.heading} {lead}"))
        self.imperative = sum(
            _imperative(e.text)
            or told(e.text)  # "You can run `hab sup status` to …": the reader told what to do
            or (ticked and done_state(e.text))
            or (e.text.endswith(":") and steps_below(e))
            or (doing and gerund(e.text))
            or said
            for e, said in zip(entries, named, strict=True)
        )

    def taken(self, kind: str, entries: list[Entry], reason: str) -> list[Section]:
        self.section.kind, self.section.entries, self.section.reason = kind, entries, reason
        return [self.section]

    def glossary(self) -> list[Section] | None:
        defined = _defined_roles(self.entries)
        # Outside a glossary, a list is roles only if every item defines one ("Scribe: keeps
        # the timeline"), and not under a procedure heading.
        every = len(defined) == len(self.entries) and "steps" not in self.context
        if not every and len(defined) >= 2 and len(defined) * 2 >= len(self.entries):
            every = self.people_defined()
        glossary = bool(GLOSSARY.search(self.heading))
        # (not "Secondary: the team lead": who is next, read by the escalation rules)
        duties = not self.context & {"escalation", "levels"}
        found, reason = listed_roles(defined if glossary or every else [], self.heads,
                                     self.lead, glossary, duties)  # fmt: skip
        return self.taken("roles", found, reason) if found else None

    def people_defined(self) -> bool:
        """ "- **Problem Manager** - finds the root cause" beside "- **Service Desk** - takes
        calls": labels and what they are, none an instruction ("Old IC: brief the new IC"),
        nor who is paged next ("**Secondary**: paged if …"), and not where the roles', steps'
        or escalation's own rules read it; the labels that define roles are roles."""
        if self.imperative or self.context & {"roles", "steps", "escalation"}:
            return False
        if not all(h.detail and not _imperative(h.detail) for h in self.heads):
            return False
        return sum(bool(PAGED.search(h.detail)) for h in self.heads) < 2

    def blanks(self) -> list[Section] | None:
        """ "- Incident Manager: ________", "- Technical Lead: [Name, phone]": a template's form
        of who holds each role, its labels the roles (most of them roles by their words)."""
        # Most of the form left blank ("- Library helpdesk: help@…" may be filled in already):
        # the blank lines are the roles.
        heads = [h for h in self.heads if h.detail and blank(h.detail)]
        if len(heads) < 2 or len(heads) * 3 < len(self.heads) * 2:
            return None
        # "Technical Contact: ________": a person to name, as a role's word says
        if sum(bool(role_name(h.text) or _FORM_PERSON.search(h.text)) for h in heads) * 2 <= len(
            heads
        ):
            return None
        named = [(h, role_name(h.text, announced=True)) for h in heads]
        found = [Entry(h.text, "", h.line, {"short": r[1], "name": r[0]}) for h, r in named if r]
        rest = [e for e, h in zip(self.entries, self.heads, strict=True) if h not in heads]
        left = [Section(self.path, self.line, "list", "not placed", rest,
                        reason="filled in on the form of who holds each role")] if rest else []  # fmt: skip
        return [*self.taken("roles", found, "a form of who holds each role, left blank"), *left]

    def reference(self) -> list[Section] | None:
        if (
            self.near == "skip"
            or (self.heading_kind == "skip" and not self.near)
            or (self.lead_kind == "skip")
        ) and not (self.instructions() or unanswered(self.lead)):
            # (not "If you cannot resolve the issue, see the following resources:": where to
            # turn for help, read as who is brought in)
            # Tool and access lists, rotations, link lists: ticked boxes or not, what a team has.
            self.section.reason = "a reference section (tools, access, rotation, contacts or links)"
            return [self.section]
        return None

    def all_roles(self) -> bool:
        """Anywhere, a list whose every item is a role's name ("- Incident Commander")."""
        named = [role_name(h.text) for h in self.heads]
        return len(named) >= 2 and all(named) and self.imperative == 0

    def instructions(self) -> bool:
        """A numbered list whose items tell the responder what to do ("1. Check [status
        page](…)"): steps in order, whatever words its heading or lead-in uses (a tool or link
        list names things, in no order)."""
        return self.ordered and self.imperative * 2 > len(self.entries)

    def not_steps(self) -> list[Section] | None:
        """Questions to answer, a form's fields, what a report contains, advice, policy or a
        reporter's instructions: none is a step, boxes or not (a list of roles is roles)."""
        if self.all_roles() or self.roles_said():
            return None
        reason = not_steps(self.entries, self.lead, self.path, self.imperative)
        if reason:
            self.section.reason = reason
            return [self.section]
        return None

    def announced(self) -> list[Section] | None:
        if self.boxed:
            return self.as_steps("a checklist: boxes to tick")
        if self.lead_kind == "steps" or re.match(
            r"(?i)^(steps|procedure|actions|checklist)\b", self.lead
        ):
            return self.as_steps(f"steps, as “{self.lead}” says")
        return None

    def levels(self) -> list[Section] | None:
        levels = [level_name(h.text) for h in self.heads]
        coded = sum(bool(CODE.match(h.text)) for h in self.heads)
        named = sum(map(bool, levels))
        # "- **Critical**: the platform is down", "- Low – cosmetic": every item a different
        # level word, then what it means.
        # "- Critical (CVSS 9.0-10.0)": the same, with a score range for what it means.
        worded = {
            level_word(h.text)
            for h in self.heads
            if (h.detail or "(" in h.text or len(h.text.split()) == 1) and level_word(h.text)
        }
        if (
            ("levels" in self.context and named >= max(2, len(self.entries) // 2))
            or (coded >= 2 and coded * 2 >= len(self.entries))
            or (self.worded_scale(worded) and not self.tasks())
        ):
            found = [h for h, lv in zip(self.heads, levels, strict=True) if lv]
            return self.taken("levels", found, "its items name severity levels")
        return None

    def worded_scale(self, worded: set[str]) -> bool:
        """Every item a different level word: three or more, or two that make a scale
        ("- **Major incident**: …" / "- **Minor incident**: …", "Urgent" / "Non-urgent")."""
        if len(worded) >= 3:
            return len(worded) == len(self.entries)
        return len(worded) == 2 and two_levels([h.text for h in self.heads])

    def tasks(self) -> bool:
        """ "- **High**: upgrade the database": work ranked by priority (a backlog), its items
        instructions rather than what a level means."""
        if re.search(
            r"(?i)\b(backlog|to-?do|roadmap|tasks|work items|tickets)\b", " ".join(self.path)
        ):
            return True
        said = [h.detail for h in self.heads if h.detail]
        return bool(said) and sum(map(_imperative, said)) * 2 > len(said)

    def duties(self) -> list[Section] | None:
        # Under a role's heading a list is its duties, unless the heading itself announces
        # steps ("Steps for Scribe", "Scribe checklist"): "Communications Officer" is not a
        # procedure.
        said_steps = re.search(r"(?i)^steps\s+for\b|\b(steps|checklist|procedure)\b", self.heading)
        # A heading above announces them for every role ("# Role Checklists" over "## Scribe"
        # over "### Initiate"): each list under a role is that role's to tick, however its
        # items are worded ("Spins up the call", "Scribe role assigned").
        above = next((t for t in self.path[:-1] if _CHECKLISTS.search(t)), "")
        if self.role and above and not said_steps:
            return self.as_steps(f"the checklist of {self.role}, as “{above}” says")
        if not self.role or said_steps or (self.near == "steps" and not role_name(self.heading)):
            return None
        if _ON_EVENT.match(self.lead):
            return None  # "Whenever the SE pings the team, the on-support engineer shall:"
        texts = _duties(self.entries)
        duty = Entry(self.role, "; ".join(texts), self.line, {"responsibilities": "\n".join(texts)})
        return self.taken("roles", [duty], f"the duties of {self.role}, under its heading")

    def tiers(self) -> list[Section] | None:
        """ "Level 1: Support engineer" under an escalation heading: rungs and who is on each,
        not severity levels."""
        people = [rung_entry(who, h) for h in self.heads if (who := on_rung(h))]
        if "escalation" in self.context and people and len(people) * 2 >= len(self.entries):
            return self.taken("escalation", people, "who is on each rung of an escalation ladder")
        # "**Tier 1**: Customer support", "Level 2 – Support engineers": a support ladder
        # says so by its rungs, under any heading.
        rungs = [
            rung_entry(who, h)
            for h in self.heads
            if (who := rung(f"{h.text}: {h.detail}" if h.detail else h.text))
        ]
        if len(rungs) >= 2 and len(rungs) * 2 >= len(self.entries):
            return self.taken("escalation", rungs, "who is on each rung of a support ladder")
        # "**Secondary**: paged if the primary does not acknowledge": who, and when paged.
        # "a backup on-call engineer, who is paged if …": the same, said in a relative clause.
        said = [(h.text, h.detail) if h.detail else relative(h.text) for h in self.heads]
        paged = [
            Entry(who, detail, h.line)
            for h, (name, detail) in zip(self.heads, said, strict=True)
            if PAGED.search(detail) and (who := _who(name))
        ]
        if len(paged) >= 2 and len(paged) * 2 >= len(self.entries) and self.imperative == 0:
            return self.taken("escalation", paged, "who is paged, and when, item by item")
        return None

    def notified(self) -> list[Section] | None:
        """ "…must include the following notifications within 24 hours:" over a list of
        officials: who is brought in, in that order."""
        if not (
            self.lead.endswith(":") and (BRING_IN.search(self.lead) or announces_people(self.lead))
        ):
            return None
        return self.people(f"after “{self.lead[:40]}”", announces_people(self.lead))

    def escalation(self) -> list[Section] | None:
        if "escalation" not in self.context:
            return None
        return self.people("under an escalation heading")

    def people(self, where: str, led_in: bool = False) -> list[Section] | None:
        """Who the items name, each one an item; `led_in`: a lead-in names them as who
        ("Escalate to:"), so "**Legal** – when a customer threatens action" is who, when."""
        if self.imperative * 2 > len(self.entries) and not led_in:
            return None
        if WHEN_LEAD.search(self.lead):
            return None  # "Escalate to the DBA if:" over when to, not over whom
        people = [p for h in self.heads if (p := person_named(h, led_in))]
        if people and len(people) * 2 >= len(self.entries):
            return self.taken("escalation", people, f"people to bring in, {where}")
        return None

    def roles_said(self) -> bool:
        """ "The following roles are assigned during an incident:" over "- Note Taker: …": a
        sentence before the list says its items are roles, and most of them are named so.
        "The incident response team is made up of:", "## Incident Response Team": the list
        says who the team is, and most of its items are roles by their words."""
        if self.imperative * 2 > len(self.entries):
            return False
        if self.lead_kind == "roles" or _ROLES_LEAD.search(self.lead):
            named = [role_name(h.text, announced=True) for h in self.heads]
            return sum(map(bool, named)) * 2 > len(self.entries)
        if self.imperative or not (
            _TEAM_LEAD.search(self.lead) or _TEAM_HEADING.search(self.heading)
        ):
            return False
        return sum(bool(role_name(h.text)) for h in self.heads) * 2 > len(self.entries)

    def roles(self) -> list[Section] | None:
        said = self.near == "roles" or self.roles_said()
        roles = [role_name(h.text, announced=said) for h in self.heads]
        if not self.all_roles() and (
            not said or sum(map(bool, roles)) < max(1, len(self.entries) // 2)
        ):
            return None
        found = [h for h, r in zip(self.heads, roles, strict=True) if r]
        for entry, named in zip(found, [r for r in roles if r], strict=True):
            entry.cells = {"short": named[1], "name": named[0], "responsibilities": entry.detail}
            # "Jane Doe — Incident Commander": who holds it, then the role by its words
            held = role_name(entry.detail) if entry.detail and len(entry.detail) <= 60 else None
            if held and said and not role_name(entry.text):
                entry.cells = {"short": held[1], "name": held[0], "usually": entry.text}
            if person := held_by(entry.text, said):  # "Jane Doe, Head of Library IT"
                entry.cells = {"short": person[1], "name": person[0], "usually": person[2]}
        return self.taken("roles", found, "its items name roles, under a roles heading")

    def steps(self) -> list[Section] | None:
        """The list as steps, or as not steps with why, or None when it says neither."""
        if reason := self.not_steps_reason():
            self.section.reason = reason
            return [self.section]
        count, about = len(self.entries), self.context & {"levels", "roles"}
        orders = f"{self.imperative} of its {count} items are instructions"
        if reason := self.steps_reason(orders, bool(about)):
            return self.as_steps(reason)
        done = sum(
            process_sentence(e.text) or _imperative(e.text) or lead_done(e) for e in self.entries
        )
        if self.near == "steps" and not about and done * 2 > count:
            return self.process()
        return None

    def not_steps_reason(self) -> str:
        """Why a list is not steps, though it may look so: names, things in order, numbered
        lines no one is told to do ("" when none of these)."""
        count = len(self.entries)
        names = sum(map(a_name, self.entries))
        if (not self.imperative or self.ordered) and names * 2 > count:
            return "names (channels, teams, things), not instructions"
        if self.ordered and not self.imperative and all(map(thing, self.entries)):
            # "1. CVSSv3 base score.", "2. CVSSv2 base score.": things in an order of preference.
            return f"{ORDERED_THINGS} (no item says what is done), not steps"
        done = sum(acts(e) or process_sentence(e.text) for e in self.entries)
        if (
            self.ordered
            and not self.imperative
            and not done
            and not self.context & {"steps", "escalation"}
        ):
            # "1. The report is acknowledged", "2. A fix is prepared": numbered, but no item
            # tells anyone what to do and no heading or label says these are the steps.
            return "a numbered list with no instruction, under no procedure heading"
        return ""

    def steps_reason(self, orders: str, about: bool) -> str:
        """Why a list is steps: numbered, under a procedure heading, mostly instructions, or
        who does what in turn ("" when none of these); `about`: under a levels or roles
        heading."""
        count = len(self.entries)
        if self.ordered and (self.imperative * 2 >= count or not about):
            return f"a numbered list; {orders}"
        if self.context & {"steps", "escalation"} and self.imperative * 3 >= count:
            return f"under “{self.heading}”, a procedure heading; {orders}"
        if self.imperative * 2 > count and not about:
            return orders
        if sum(map(acts, self.entries)) * 2 > count and not about:
            return "its items say who does what, in turn: a process"
        return ""

    def process(self) -> list[Section]:
        """A process in sentences, its remarks and its words to the reporter ("please
        explain your issue briefly") left out, each with its reason."""
        asides = [e for e in self.entries if aside(e.text)]
        self.entries = [e for e in self.entries if e not in asides]
        taken = self.as_steps(f"under “{self.heading}”, its items say what is done")
        if asides:
            taken.append(Section(self.path, asides[0].line, "list", "not placed", asides,
                                 reason="remarks, or words to the one who reports"))  # fmt: skip
        return taken

    def as_steps(self, reason: str) -> list[Section]:
        section = self.section
        for entry in self.entries if self.ordered else []:
            entry.cells.setdefault("ordered", "yes")  # due in turn within a time box
        section.kind, section.role, section.reason = "phase", self.role, reason
        if choice := _alternatives(self.entries, self.lead, self.path, self.line):
            section.entries, section.reason = [choice], DECISION
            return [section]
        worded = wording(self.entries, self.lead, self.path)
        section.entries = [
            e
            for e in unfolded(self.entries)
            if not (
                done_to_reader(e.text) or remark(e.text) or asked(e) or outcome(e) or defines(e)
            )
            and e not in worded
            and not restates(e, self.heading)
        ]
        return [section, *self.brought_in(section)]

    def brought_in(self, section: Section) -> list[Section]:
        """Whom the steps bring in: the people an escalation process names in turn, or
        those its steps hand on to (as one section, or none)."""
        # "2. If no response in 15 min, page the secondary": a numbered escalation process.
        process = "escalation" in self.context or any(unanswered(e.text) for e in self.entries)
        # "Reach out to the CSM. If there is no CSM, reach out to …": the item's prose after
        # its first sentence may name the next one
        chain = [
            Entry(who, e.text, e.line)
            for e in self.entries
            for who in escalation_chain(f"{e.text} {e.detail}" if process else e.text, process)
        ] + [x for e in self.entries for x in listed_after(e)]  # "escalate to:" over its people
        process = process or any(listed_after(e) for e in self.entries)
        if chain and process:
            return [Section(self.path, self.line, "list", "escalation", chain,
                            reason="people its steps bring in")]  # fmt: skip
        # "… notifies the Security Officer", "the Security Officer … notifies senior leadership"
        if handed := handed_on(section.entries):
            return [Section(self.path, self.line, "list", "escalation", handed,
                            reason="people its steps hand on to")]  # fmt: skip
        return []


ORDERED_THINGS = "things in order"
DECISION = "one decision among options"
