"""Lists: whether a list is steps (a phase), levels, roles, a role's duties, escalation,
or not placed (contact lists, tool lists, link lists), with the reason."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import TIER, _who, escalation_chain, unanswered
from warroom.runbooks.levels import level_name
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.procedure import ALTERNATIVES, alternatives, is_label
from warroom.runbooks.prose import GLOSSARY
from warroom.runbooks.roles import role_name
from warroom.runbooks.vocabulary import CODE, ROLE_WORDS, _heading_kind, _imperative, _words


def _head(entry: Entry) -> Entry:
    """ "Primary On-Call (P1): First responder" as name and description (for lists of roles,
    levels or people, not steps)."""
    if entry.detail or entry.cells:
        return entry
    match = re.match(r"^([^:–—]{1,60}?)\s*(?::|\s[–—-])\s+(.+)$", entry.text)
    if match and len(_words(match.group(1))) <= 7:
        return Entry(match.group(1), match.group(2), entry.line)
    return entry


def _classify_list(
    entries: list[Entry], boxed: bool, ordered: bool, path: tuple[str, ...], kinds: list[str],
    lead: str, role: str, line: int,
) -> list[Section]:  # fmt: skip
    """What a list is: steps (with, where its steps name people to page, an escalation chain
    too), levels, roles, escalation, a role's responsibilities, or nothing placed."""
    sections = _classify_list_as(entries, boxed, ordered, path, kinds, lead, role, line)
    reference = any(x.reason.startswith("a reference section") for x in sections)
    if not reference and not any(x.kind == "escalation" for x in sections):
        # An item that says who to bring in ("If it's urgent, page the on-call engineer"),
        # at any depth; escalation_chain decides from the item's own words.
        named = [
            Entry(who, e.text, e.line)
            for e in [*entries, *(c for e in entries for c in e.children)]
            for who in escalation_chain(e.text, False)
        ]
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
    for rule in (rules.glossary, rules.reference, rules.announced, rules.tiers, rules.levels, rules.duties,
                 rules.escalation, rules.roles, rules.steps):  # fmt: skip
        if (found := rule()) is not None:
            return found
    rules.section.reason = "not steps, roles, levels or escalation"
    return [rules.section]


_PAGED = re.compile(r"(?i)\b(?:paged|called|notified|contacted|escalated\s+to)\b")


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
        self.lead_kind = _heading_kind(lead, path) if lead.endswith(":") and len(lead) < 80 else ""
        self.context = {self.near, self.lead_kind, self.heading_kind} - {""}
        self.section = Section(path, line, "list", "not placed", entries)
        self.heads = [_head(e) for e in entries]
        self.imperative = sum(_imperative(e.text) for e in entries)

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
        ):
            # Tool and access lists, rotations, link lists: ticked boxes or not, what a team has.
            self.section.reason = "a reference section (tools, access, rotation, contacts or links)"
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
        if ("levels" in self.context and named >= max(2, len(self.entries) // 2)) or (
            coded >= 2 and coded * 2 >= len(self.entries)
        ):
            found = [h for h, lv in zip(self.heads, levels, strict=True) if lv]
            return self.taken("levels", found, "its items name severity levels")
        return None

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
        # "**Secondary**: paged if the primary does not acknowledge": who, and when paged.
        paged = [
            Entry(who, h.detail, h.line)
            for h in self.heads
            if _PAGED.search(h.detail) and (who := _who(h.text))
        ]
        if len(paged) >= 2 and len(paged) * 2 >= len(self.entries) and self.imperative == 0:
            return self.taken("escalation", paged, "who is paged, and when, item by item")
        return None

    def escalation(self) -> list[Section] | None:
        if "escalation" not in self.context or self.imperative * 2 > len(self.entries):
            return None
        people = [h for h in self.heads if _who(h.text)]
        if people and len(people) * 2 >= len(self.entries):
            return self.taken(
                "escalation", people, "people to bring in, under an escalation heading"
            )
        return None

    def roles(self) -> list[Section] | None:
        roles = [role_name(h.text, announced=self.near == "roles") for h in self.heads]
        # Anywhere, a list whose every item is a role's name ("- Incident Commander").
        every = len(roles) >= 2 and all(roles) and self.imperative == 0
        if not every and (
            self.near != "roles" or sum(map(bool, roles)) < max(1, len(self.entries) // 2)
        ):
            return None
        found = [h for h, r in zip(self.heads, roles, strict=True) if r]
        for entry, named in zip(found, [r for r in roles if r], strict=True):
            entry.cells = {"short": named[1], "name": named[0], "responsibilities": entry.detail}
        return self.taken("roles", found, "its items name roles, under a roles heading")

    def steps(self) -> list[Section] | None:
        count, orders = len(self.entries), f"{self.imperative} of its {len(self.entries)} items"
        orders += " are instructions"
        about = self.context & {"levels", "roles"}
        if self.ordered and (self.imperative * 2 >= count or not about):
            return self.as_steps(f"a numbered list; {orders}")
        if self.context & {"steps", "escalation"} and self.imperative * 3 >= count:
            return self.as_steps(f"under “{self.heading}”, a procedure heading; {orders}")
        if self.imperative * 2 > count and not about:
            return self.as_steps(orders)
        return None

    def as_steps(self, reason: str) -> list[Section]:
        section = self.section
        section.kind, section.role, section.reason = "phase", self.role, reason
        if choice := _alternatives(self.entries, self.lead, self.path, self.line):
            section.entries, section.reason = [choice], "one decision among options"
            return [section]
        # "2. If no response in 15 min, page the secondary": a numbered escalation process.
        process = "escalation" in self.context or any(unanswered(e.text) for e in self.entries)
        chain = [
            Entry(who, e.text, e.line)
            for e in self.entries
            for who in escalation_chain(e.text, process)
        ]
        if chain and process:
            return [section, Section(self.path, self.line, "list", "escalation", chain,
                                     reason="people its steps bring in")]  # fmt: skip
        return [section]


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
