"""Lists: whether a list is steps (a phase), levels, roles, a role's duties, escalation,
or not placed (contact lists, tool lists, link lists), with the reason."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.escalation import TIER, escalation_chain, leads_in, listed_after
from warroom.runbooks.escalation_cues import unanswered
from warroom.runbooks.escalation_who import _who, rung
from warroom.runbooks.levels import level_name, level_word
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.procedure import (
    ALTERNATIVES,
    alternatives,
    appoints,
    aside,
    is_label,
    process_sentence,
)
from warroom.runbooks.prose import GLOSSARY
from warroom.runbooks.roles import role_name
from warroom.runbooks.vocabulary import CODE, ROLE_WORDS, _heading_kind, _imperative, _words, clean

_NAME_AND_MEANING = re.compile(r"^([^:–—]{1,60}?)\s*(?::|\s[–—-])\s+(.+)$")


def _head(entry: Entry) -> Entry:
    """ "Primary On-Call (P1): First responder" as name and description (for lists of roles,
    levels or people, not steps)."""
    if entry.detail or entry.cells:
        return entry
    match = _NAME_AND_MEANING.match(entry.text)
    if match and len(_words(match.group(1))) <= 7:
        return Entry(match.group(1), match.group(2), entry.line)
    return entry


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
        # An item that says who to bring in ("If it's urgent, page the on-call engineer"),
        # at any depth; escalation_chain decides from the item's own words.
        named = [
            Entry(who, e.text, e.line)
            for e in [*entries, *(c for e in entries for c in e.children)]
            for who in escalation_chain(e.text, False)
        ] + [x for e in entries for x in listed_after(e)]  # "escalate to:" over its people
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
    for rule in (rules.glossary, rules.tiers, rules.reference, rules.levels, rules.notified,
                 rules.not_steps, rules.announced, rules.duties, rules.escalation, rules.roles, rules.steps):  # fmt: skip
        if (found := rule()) is not None:
            return found
    rules.section.reason = "not steps, roles, levels or escalation"
    return [rules.section]


_PAGED = re.compile(
    r"(?i)\b(?:paged|called|notified|contacted|escalated\s+to"
    r"|(?:takes|gets|receives)\s+(?:the\s+|every\s+|all\s+)?(?:pages?|alerts?|calls?))\b"
)


_BRING_IN = re.compile(
    r"(?i)\b(?:notif\w*|escalat\w*|contacted|inform(?:ed)?|paged?|paging|called|alerted)\b"
)


def _relative(text: str) -> tuple[str, str]:
    """ "a backup engineer, who is paged if …" → ("a backup engineer", "who is paged if …")."""
    name, comma, rest = text.partition(", who ")
    return (name, f"who {rest}") if comma else (text, "")


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
        self.lead_kind = _lead_kind(lead, path)
        self.context = {self.near, self.lead_kind, self.heading_kind} - {""}
        self.section = Section(path, line, "list", "not placed", entries)
        self.heads = [_head(e) for e in entries]
        # "For an incident longer than 30 minutes:" over "- Recruit …": a condition whose
        # sub-list is instructions is one too.
        self.imperative = sum(
            _imperative(e.text) or (e.text.endswith(":") and _steps_below(e)) for e in entries
        )

    def taken(self, kind: str, entries: list[Entry], reason: str) -> list[Section]:
        self.section.kind, self.section.entries, self.section.reason = kind, entries, reason
        return [self.section]

    def glossary(self) -> list[Section] | None:
        defined = _defined_roles(self.entries)
        # Outside a glossary, a list is roles only if every item defines one ("Scribe: keeps
        # the timeline"), and not under a procedure heading.
        every = len(defined) == len(self.entries) and "steps" not in self.context
        defined = defined if GLOSSARY.search(self.heading) or every else []
        return self.taken("roles", defined, "roles a glossary defines") if defined else None

    def reference(self) -> list[Section] | None:
        if (
            self.near == "skip"
            or (self.heading_kind == "skip" and not self.near)
            or (self.lead_kind == "skip")
        ) and not self.instructions():
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
        if self.all_roles():
            return None
        reason = _not_steps(self.entries, self.lead, self.path, self.imperative)
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
            or (len(worded) >= 3 and len(worded) == len(self.entries) and not self.tasks())
        ):
            found = [h for h, lv in zip(self.heads, levels, strict=True) if lv]
            return self.taken("levels", found, "its items name severity levels")
        return None

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
        if not self.role or said_steps or (self.near == "steps" and not role_name(self.heading)):
            return None
        texts = _duties(self.entries)
        duty = Entry(self.role, "; ".join(texts), self.line, {"responsibilities": "\n".join(texts)})
        return self.taken("roles", [duty], f"the duties of {self.role}, under its heading")

    def tiers(self) -> list[Section] | None:
        """ "Level 1: Support engineer" under an escalation heading: rungs and who is on each,
        not severity levels."""
        people = [
            Entry(who, h.text, h.line)
            for h in self.heads
            if TIER.match(h.text.strip(" *")) and (who := _who(h.detail))
        ]
        if "escalation" in self.context and people and len(people) * 2 >= len(self.entries):
            return self.taken("escalation", people, "who is on each rung of an escalation ladder")
        # "**Tier 1**: Customer support", "Level 2 – Support engineers": a support ladder
        # says so by its rungs, under any heading.
        rungs = [
            Entry(who, h.text, h.line)
            for h in self.heads
            if (who := rung(f"{h.text}: {h.detail}" if h.detail else h.text))
        ]
        if len(rungs) >= 2 and len(rungs) * 2 >= len(self.entries):
            return self.taken("escalation", rungs, "who is on each rung of a support ladder")
        # "**Secondary**: paged if the primary does not acknowledge": who, and when paged.
        # "a backup on-call engineer, who is paged if …": the same, said in a relative clause.
        said = [(h.text, h.detail) if h.detail else _relative(h.text) for h in self.heads]
        paged = [
            Entry(who, detail, h.line)
            for h, (name, detail) in zip(self.heads, said, strict=True)
            if _PAGED.search(detail) and (who := _who(name))
        ]
        if len(paged) >= 2 and len(paged) * 2 >= len(self.entries) and self.imperative == 0:
            return self.taken("escalation", paged, "who is paged, and when, item by item")
        return None

    def notified(self) -> list[Section] | None:
        """ "…must include the following notifications within 24 hours:" over a list of
        officials: who is brought in, in that order."""
        if not (self.lead.endswith(":") and (_BRING_IN.search(self.lead) or leads_in(self.lead))):
            return None
        return self.people(f"after “{self.lead[:40]}”")

    def escalation(self) -> list[Section] | None:
        if "escalation" not in self.context:
            return None
        return self.people("under an escalation heading")

    def people(self, where: str) -> list[Section] | None:
        if self.imperative * 2 > len(self.entries):
            return None
        people = [h for h in self.heads if _who(h.text)]
        if people and len(people) * 2 >= len(self.entries):
            return self.taken("escalation", people, f"people to bring in, {where}")
        return None

    def roles(self) -> list[Section] | None:
        roles = [role_name(h.text, announced=self.near == "roles") for h in self.heads]
        if not self.all_roles() and (
            self.near != "roles" or sum(map(bool, roles)) < max(1, len(self.entries) // 2)
        ):
            return None
        found = [h for h, r in zip(self.heads, roles, strict=True) if r]
        for entry, named in zip(found, [r for r in roles if r], strict=True):
            entry.cells = {"short": named[1], "name": named[0], "responsibilities": entry.detail}
        return self.taken("roles", found, "its items name roles, under a roles heading")

    def steps(self) -> list[Section] | None:
        count, orders = len(self.entries), f"{self.imperative} of its {len(self.entries)} items"
        names = sum(map(_a_name, self.entries))
        if (not self.imperative or self.ordered) and names * 2 > count:
            self.section.reason = "names (channels, teams, things), not instructions"
            return [self.section]
        orders += " are instructions"
        if self.ordered and not self.imperative and all(map(_thing, self.entries)):
            # "1. CVSSv3 base score.", "2. CVSSv2 base score.": things in an order of preference.
            self.section.reason = f"{ORDERED_THINGS} (no item says what is done), not steps"
            return [self.section]
        about = self.context & {"levels", "roles"}
        if self.ordered and (self.imperative * 2 >= count or not about):
            return self.as_steps(f"a numbered list; {orders}")
        if self.context & {"steps", "escalation"} and self.imperative * 3 >= count:
            return self.as_steps(f"under “{self.heading}”, a procedure heading; {orders}")
        if self.imperative * 2 > count and not about:
            return self.as_steps(orders)
        if sum(map(_acts, self.entries)) * 2 > count and not about:
            return self.as_steps("its items say who does what, in turn: a process")
        done = sum(process_sentence(e.text) for e in self.entries)
        if self.near == "steps" and not about and done * 2 > count:
            return self.process()
        return None

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
            section.entries, section.reason = [choice], "one decision among options"
            return [section]
        section.entries = [
            e
            for e in _unfolded(self.entries)
            if not (_done_to_reader(e.text) or _remark(e.text) or _asked(e))
        ]
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
            return [section, Section(self.path, self.line, "list", "escalation", chain,
                                     reason="people its steps bring in")]  # fmt: skip
        return [section]


# "Issue a notification via one or more of the following:": what follows is the step's
# channels or options, not steps of their own.
_CHOICES = re.compile(r"(?i)\b(?:one\s+or\s+more\s+of|any\s+of|via|through|using)\b")


# "Consider using a private change", "Optionally, mail the patches": ways to do the
# instruction above, not steps of their own.
_SUGGESTS = re.compile(
    r"(?i)^\W*(?:consider|optionally|you\s+(?:may|might|could|can)|e\.g\.|for\s+example)\b"
)


def _suggestions(subs: list[Entry]) -> bool:
    return bool(subs) and all(_SUGGESTS.match(c.text) for c in subs)


_CONDITION_WORDS = {"if", "when", "once", "upon", "after", "before", "for", "during", "while"}


def _lead_in(entry: Entry) -> bool:
    """ "More information on the roles:", "Communication channels:" over its sub-list of
    steps: a label for the steps below, not a step itself. An instruction that announces its
    sub-list ("Notify the following people:") is one, and so is a condition ("If the issue
    is urgent:", what a responder checks before the steps), and a label whose sub-list is not
    steps (its detail says what it means)."""
    if not (entry.text.endswith(":") and _steps_below(entry)):
        return False
    words = _words(entry.text)
    if not words or words[0] in _CONDITION_WORDS:
        return False
    return len(words) <= 8 and "," not in entry.text and not _imperative(entry.text)


# "Block activity based on what was found, e.g.:": the sub-list gives examples of how.
_FOR_EXAMPLE = re.compile(r"(?i)\b(?:e\.g\.|for\s+example|for\s+instance|such\s+as)\W*$")


# "Schedule a retrospective. The retro is an opportunity to do the following:": the sub-list
# is what the meeting covers, its agenda, not steps to tick.
_AGENDA = re.compile(r"(?i)\b(?:agenda|an\s+opportunity\s+to)\b")


def _steps_below(entry: Entry) -> bool:
    """An item whose own sub-list is instructions, at any depth, where the item is a lead-in
    rather than an instruction ("If anything is suspicious, do the following:" over "- Preserve
    logs."), or where the sub-items say who does each ("**Developer**: Attempt to replicate …"):
    those are steps too. Under an instruction, unassigned sub-items say how it is done."""
    subs = entry.children
    if not subs or sum(_imperative(c.text) for c in subs) * 2 <= len(subs) or _suggestions(subs):
        return False
    said = f"{entry.text} {entry.detail.split('; ')[0]}"
    if (
        ALTERNATIVES.search(entry.text)
        or _CHOICES.search(entry.text)
        or _FOR_EXAMPLE.search(entry.text)
        or _AGENDA.search(said)
    ):
        return False
    # "Send a sitrep to:" over "- Post in #incident-response", "- Email the security team":
    # an instruction that announces its sub-list is done by doing each.
    announced = entry.text.endswith(":")
    return (
        announced
        or not _imperative(entry.text)
        or sum("owner" in c.cells for c in subs) >= 2
        or _instructions_in_sentences(entry.text, subs)
        or any(map(appoints, subs))  # "Start a call" over "Identify an incident lead", …
    )


def _instructions_in_sentences(text: str, subs: list[Entry]) -> bool:
    """ "1. Handle new problem reports." over "- Within a day, acknowledge you received the
    report.", "- Open the draft advisory as soon as the problem is known.": an instruction
    that names a stage of the work over whole-sentence instructions, each a step to tick."""
    if not text.endswith(".") or ". " in text.rstrip(".") or _suggestions(subs):
        return False  # a stage is named in one sentence; suggestions say how to do it
    whole = [c for c in subs if c.text.endswith(".") and len(_words(c.text)) >= 5]
    return len(subs) >= 2 and sum(_imperative(c.text) for c in whole) * 3 >= len(subs) * 2


def _unfolded(entries: list[Entry]) -> list[Entry]:
    """The steps of a list in their order: each item, then the steps its sub-list states."""
    out: list[Entry] = []
    for entry in entries:
        # "1. Handle new reports." over its steps in sentences names a stage, not a step.
        # "More information on the roles:" over its steps names them.
        if not (_instructions_in_sentences(entry.text, entry.children) or _lead_in(entry)):
            out.append(entry)
        if _steps_below(entry):
            out += _unfolded(entry.children)
    return out


def _alternatives(
    entries: list[Entry], lead: str, path: tuple[str, ...], line: int
) -> Entry | None:
    """ "Possible actions:" over "1. **Disable feature** (if isolated)", "2. **Roll back** (if
    new code)": options to choose from, one decision rather than a box for each."""
    conditional = sum(bool(re.search(r"\(\s*if\b|\bif\b.*\)$", e.text, re.I)) for e in entries)
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


# "TBD", "TODO", "N/A", "…", "<insert name>", "[Add steps here]", "Link to relevant docs"
_PLACEHOLDER = re.compile(
    r"(?i)^\W*(?:tbd|tba|todo|fixme|n/?a|xxx|\.{3}|…)\W*$|^\s*(?:<[^<>]*>|\[[^\[\]]*\])\s*$"
    r"|^\W*links?\s+to\s+(?:the\s+)?(?:relevant|related|your|other)\b"
    r"|^\W*(?:insert|add|describe|fill\s+in|list|enter|write)\b.*\b(?:here|below)\W*$"
    r"|^\W*(?:tbd|todo|fixme)\b\s*:"
    # "Describe how incidents are detected", "List the channels your team uses": a template's
    # guidance to whoever fills it in, not what a responder does.
    r"|^\W*(?:describe|explain|outline|specify|detail|list|define)\s+(?:how|what|who|when|where"
    r"|why|which|whether|your|the\s+(?:process|steps|ways?|people|channels?|tools?)\b[^.]*\byour)\b"
)
# A form's field: "Date:", "Root cause: <insert>", "Owner: TBD"
_FIELD = re.compile(r"^([^:]{1,40}):\s*(.*)$")
_ASKS = {
    "what", "how", "is", "are", "was", "were", "did", "do", "does", "who", "why", "when",
    "which", "where", "can", "could", "should", "would", "has", "have", "will", "whether",
}  # fmt: skip
# A lead that says what something holds: "The report should contain:", "The team includes:",
# "use the following channels:"; not "Take the following actions:".
_CONTENTS = re.compile(
    r"(?i)\b(?:contains?|includes?|including|consists?\s+of|comprises?|such\s+as|e\.g\."
    r"|for\s+example|examples?|the\s+following\s+(?!(?:steps?|actions?|tasks?|procedures?|process"
    r"|workflow|sequence|order|timeline|phases?|stages?)\b)\w+)"
)
_STEP_WORDS = re.compile(
    r"(?i)\b(steps?|procedures?|checklists?|actions?|tasks?|to[- ]dos?|do the following)\b"
)
# Headings over what is not a responder's procedure: advice, policy, background, what an
# outside reporter does in a disclosure policy.
_NOT_PROCEDURE = re.compile(
    r"(?i)\b(?:tips?|tricks|advice|best\s+practices?|principles?|charter|expectations|philosophy"
    r"|background|faqs?|frequently\s+asked|supported\s+versions?|version\s+support"
    r"|revision\s+history|examples\s+of|what\s+to\s+include|goals?|purpose|mission|values"
    r"|compensation|on-call\s+pay|time\s+off|holidays?|overtime)\b|^\W*why\b"
    # "# Policy" in a policy document: what must hold, the procedure comes under its own heading
    r"|^\W*(?:policy|policies|policy\s+statements?)\W*$"
    r"|^\W*(?:how\s+(?:do\s+i\s+|to\s+)|when\s+(?:not\s+)?(?:to\s+)?|where\s+to\s+)?report(?:ing)?\s+"
    r"(?:a\s+|an\s+)?(?:security\s+|suspected\s+)?"
    r"(?:vulnerabilit\w*|bugs?|security\s+(?:issues?|bugs?|problems?|vulnerabilit\w*))"
)


# "$CVE", "$PROJECT_NAME": a variable of a message, filled in when it is sent ("{name}" is
# not one: braces are as often a command's or a URL's; nor "[ACCEPTED]", a status tag).
_VARIABLE = re.compile(r"\$[A-Z][A-Z0-9_]{2,}\b")
# A message's first line: a mail header or a greeting ("Subject: …", "Hello all,").
MESSAGE_OPENER = re.compile(
    r"(?i)^\W*(?:subject\s*:\s*\S|(?:to|cc|from)\s*:\s*\S+@"
    r"|(?:dear|hi|hello|greetings)\b[^.!?:]{0,60}[,!:]\s*$)"
)

ORDERED_THINGS = "things in order"
# The reasons above: a list given one is not taken as steps even when a document states
# nothing else.
SETTLED = ("questions to answer", "a form's fields", "what “", "advice, policy", "names (",
           "placeholders", "conditions or criteria", "the text of a message")  # fmt: skip


def _owned(entry: Entry) -> Entry:
    """ "**Coordinator**: Open an issue in the tracker": the step is what follows the role
    that owns it (its children too: "- Upon receipt:" over such lines)."""
    children = [_owned(c) for c in entry.children]
    if entry.detail and not entry.cells and _imperative(entry.detail) and _doer(entry.text):
        return Entry(entry.detail, "", entry.line, {"owner": entry.text}, children)
    if children != entry.children:
        return Entry(entry.text, entry.detail, entry.line, entry.cells, children)
    return entry


_AGENT = re.compile(r"(?:er|or|ist|ant|lead|team|owner)s?$")


def _doer(label: str) -> bool:
    """A label that names who acts: a role ("Incident Commander"), or a person's noun
    ("Developer", "Maintainers"), not an instruction ("Declare incident") or a topic."""
    words = _words(label)
    if not words or len(words) > 4 or _imperative(label):
        return False
    return bool(role_name(label)) or (len(words) <= 3 and bool(_AGENT.search(words[-1])))


def placeholder(text: str) -> bool:
    """Text not written yet: "TBD", "<insert name>", "[Link to relevant docs]"."""
    return not text.strip() or bool(_PLACEHOLDER.search(text.strip()))


_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
_WH = {"what", "whether", "which", "who", "why", "where", "how"}


def _question(entry: Entry) -> bool:
    # "If so, how severe is it? (This decides the response.)": the remark does not count.
    text = _REMARK.sub("", entry.text).rstrip(" *_")
    words = _words(text)
    if not words or _imperative(entry.text):
        return False  # "Check Sentry: error spikes?" is an instruction that asks what to look for
    # "What credential was deactivated and when": what to find out, asked without a mark.
    return text.endswith("?") or (words[0] in _ASKS and "?" in text) or words[0] in _WH


def _asked(entry: Entry) -> bool:
    """A question among the steps ("When did the attacker gain access?", a sub-list of what to
    look at below it): what to find out; one the item goes on to answer ("**What if a vendor
    breaks embargo?** The team …") is a step."""
    answered = (entry.detail and not entry.children) or _ANSWERED.search(entry.text)
    return _question(entry) and not answered


_ANSWERED = re.compile(r"\?\s+[A-Z]")


def _field(entry: Entry) -> bool:
    """ "Date:", "Impact: TBD": a field to fill in, its value empty or a placeholder."""
    if entry.children:
        return False
    field = _FIELD.match(entry.text if not entry.detail else f"{entry.text}: {entry.detail}")
    if field is None or not placeholder(field.group(2)):
        return False
    # "Incident Commander: <name>": a role (or a level) whose holder is left to fill in.
    return not (role_name(field.group(1)) or level_name(field.group(1)))


# "GSA IT will triage and let you know", "This should instruct you how to …": another's part,
# the reader only on the receiving end.
_TO_READER = re.compile(
    r"^(?!(?:you|we|i)\b)[^.;:]{0,90}?\b(?:will|should|may|can)\b[^.;:]{0,60}\byou\b", re.I
)


def _done_to_reader(text: str) -> bool:
    return bool(_TO_READER.match(text))


# "Note: this step is optional …", "NB: the reporter is credited …": a remark on the steps.
_REMARK_LABEL = re.compile(r"(?i)^\W*(?:note|nb|n\.b\.|tip|hint|aside|fyi|caveat)\b\W*[:–—-]")


# "This email should be actionable: …", "It is important to …", "Because …": a remark on
# the step before, or why it is done.
_ABOUT_IT = re.compile(
    r"(?i)^\W*(?:(?:this|that|these|those|it)\s+(?:is|are|was|were|means?|ensures?|helps?"
    r"|allows?|gives|will|should|can|may|might|makes?|email|message|step)\b|because\b)"
)


# "See the deployment guide", "For CI issues, refer to the CI playbook", "More playbooks are
# available in …": where to read more, not a step.
_POINTER = re.compile(
    r"(?i)^\W*(?:see\b|refer\s+to\b|for\s+more\b|(?:for|on)\s+[^,]{3,60},\s+(?:see|refer\s+to)\b"
    r"|more\s+[\w\s-]{3,40}?\s+(?:is|are)\s+(?:available|listed|described)\b)"
)


def _remark(text: str) -> bool:
    return bool(_REMARK_LABEL.match(text) or _ABOUT_IT.match(text) or _POINTER.match(text))


# "**AWS CloudTrail** enabled with a multi-region trail — the audit record": a state to have.
_STATE_OF = re.compile(
    r"^[^.;:—–]{2,60}?\b(?:is\s+|are\s+|has\s+|have\s+)?(?:enabled|configured|in place|turned on)\b"
)


# "The checks are all configured in the monitoring service to:": what a tool is set to do.
_CONFIGURED = re.compile(r"(?i)\b(?:configured|set\s+up|set)\b[^:]{0,60}\bto:$")


def _in_place(entry: Entry) -> bool:
    """An item that says something is set up, not what to do."""
    return bool(_STATE_OF.match(entry.text)) and not _imperative(entry.text)


# "The members will share various tasks as listed below:": who takes which part of the work.
_SHARED = re.compile(
    r"(?i)\b(?:share|split|divide)s?\b.{0,30}\b(?:tasks|duties|responsibilities)\b.*:$"
)
# "Identify when the activity was first detected (Date of Detection)": the field it fills.
_FIELD_NAMED = re.compile(
    r"\((?:[A-Z][a-z]+|of|and|or|the|to)(?:\s+(?:[A-Z][a-z]+|of|and|or|the|to))+\)$"
)


def _fills(entry: Entry) -> bool:
    """An item that ends with the name of the report field it fills, in capitals."""
    return bool(_FIELD_NAMED.search(entry.text.rstrip(" .")))


def _a_name(entry: Entry) -> bool:
    """ "Private Repositories", "Security Release Stewards": a name, not an instruction."""
    text = re.sub(r"\([^()]*\)", "", entry.text).strip()
    words = text.split()
    if not words or _imperative(text) or text.endswith((".", "!", "?")) or entry.detail:
        return False
    capitalised = sum(w[:1].isupper() for w in words if len(w) > 3)
    return len(words) <= 3 or capitalised * 3 >= len([w for w in words if len(w) > 3]) * 2


_FINITE = re.compile(
    r"(?i)\b(?:is|are|was|were|will|should|must|shall|can|may|has|have|gets?|receives?|sends?)\b"
)
# "An incident starts when:", "Membership criteria", "To be eligible, a distributor should:"
_CRITERIA = re.compile(
    r"(?i)\b(?:criteria|criterion|eligib\w*|qualif\w*|membership|prerequisites?"
    r"|(?:starts?|begins?|is\s+declared|is\s+an\s+incident)\s+(?:when|if)"
    r"|(?:any|one)\s+of\s+the\s+following\s+(?:is|are|applies|apply|happens?)\b"
    # "An incident is defined as an event that … Some examples include:"
    r"|(?:is|are)\s+(?:defined|considered|classified)\s+as\b.*\bexamples?\b)"
    # "When to roll back", "When should I declare an incident?", "What is an incident?"
    r"|^\W*when\s+(?:to|should|do|must|is\s+it)\b|^\W*what\s+(?:is|counts\s+as)\s+an?\s+incident\b"
)


def _thing(entry: Entry) -> bool:
    """ "CVSSv3 base score.", "Base risk score reported by a scanner.": a short name of a
    thing, not an instruction or a sentence that says who does what."""
    return not (entry.children or _clause(entry)) and len(_words(entry.text)) <= 8


def _clause(entry: Entry) -> bool:
    """An item that says who does what ("The report is acknowledged"), not a named thing
    ("Statement of support: a few sentences …"): a verb before any label's colon."""
    head = entry.text.split(": ", 1)[0]
    return _imperative(head) or bool(_FINITE.search(head))


# "The security team investigates the report", "If accepted, the team works on a fix", "We
# publish the advisory": a sentence whose subject is someone who acts.
_ACTOR = re.compile(
    r"(?i)^(?:(?:if|when|once|after|upon|before)\b[^,]{0,80},\s*)?(?:we\s+\w+|(?:the|a|an|our|each)"
    r"\s+(?:[\w-]+\s+){0,4}?(?:team|committee|maintainers?|reporters?|members?|developers?|person"
    r"|owners?|leads?|managers?|engineers?|responders?|coordinators?|group|staff|officers?)"
    r"(?:,[^,]{1,40},)?\s+(?!is\b|are\b|was\b|were\b|has\b|have\b)\w+)"
)


def _acts(entry: Entry) -> bool:
    return len(_words(entry.text)) >= 5 and bool(_ACTOR.match(entry.text))


def _lead_kind(lead: str, path: tuple[str, ...]) -> str:
    """What the label before a list announces. A short label reads like a heading ("Steps:",
    "Escalation contacts:"); a sentence announces steps only in so many words ("Take these
    steps:"), not by naming its subject ("The incident response team includes:")."""
    if not lead.endswith(":") or len(lead) >= 80:
        return ""
    kind = _heading_kind(lead, path)
    if kind == "steps" and len(_words(lead)) > 4 and not _STEP_WORDS.search(lead):
        return ""
    return kind


def _not_steps(entries: list[Entry], lead: str, path: tuple[str, ...], imperative: int) -> str:
    """Why a list is not steps whatever its heading, or ""."""
    count = len(entries)
    if message := _message(entries, lead, path):
        return f"the text of a message ({message}), not steps"
    if sum(map(_question, entries)) * 2 > count:
        return "questions to answer, not steps"
    if sum(map(_field, entries)) * 2 > count or sum(map(_fills, entries)) * 2 > count:
        return "a form's fields to fill in"
    if _SHARED.search(lead):
        return "duties shared out among people, not steps"
    if sum(map(_in_place, entries)) * 2 > count or _CONFIGURED.search(lead):
        return "a configuration to have in place, not steps"
    said = lead.endswith(":") and _CONTENTS.search(lead) and not _STEP_WORDS.search(lead)
    # What a report contains is named, not told: items that say who does what are a process.
    if said and imperative * 2 < count and sum(map(_clause, entries)) * 2 <= count:
        return f"what “{lead.rstrip(':')}” names, not steps"
    if _advice_lead(lead):
        return f"advice, policy or a reporter's instructions (after “{lead}”), not steps"
    if _CRITERIA.search(lead if lead.endswith(":") else "") or _CRITERIA.search(
        path[-1] if path else ""
    ):
        return "conditions or criteria (when it applies, who qualifies), not steps"
    return _under_advice(path)


def _message(entries: list[Entry], lead: str, path: tuple[str, ...]) -> str:
    """A list that is part of a message to send: under a heading or label that calls it a
    template (not the document's title: a whole plan can be one), or with its items' variables
    to fill in ("Thank the reporter, $CREDIT")."""
    heading = path[-1] if len(path) > 1 else ""
    if _heading_kind(heading, ()) == "templates" or re.search(r"(?i)\btemplate\b", lead):
        return "a template"
    if sum(bool(_VARIABLE.search(e.text)) for e in entries) * 2 > len(entries):
        return "its variables to fill in"
    return ""


def _advice_lead(lead: str) -> bool:
    """ "Here are the primary expectations:", "Our goals:": a label over advice or values."""
    return (
        lead.endswith(":")
        and len(_words(lead)) <= 10
        and bool(_NOT_PROCEDURE.search(lead))
        and not _STEP_WORDS.search(lead)
    )


@functools.lru_cache(maxsize=1024)  # pure, and asked again for every list under a heading
def _under_advice(path: tuple[str, ...]) -> str:
    for heading in reversed(path[1:] or path):
        if _NOT_PROCEDURE.search(clean(heading)):
            return f"advice, policy or a reporter's instructions (under “{heading}”), not steps"
        # A procedure heading nearer than any advice heading; a question ("What's the
        # interaction of …?") is an entry of the FAQ above it, whatever words it uses.
        if _heading_kind(heading, ()) == "steps" and not heading.rstrip(" *_").endswith("?"):
            break
    return ""
