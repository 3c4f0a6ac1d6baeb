"""Lists: whether a list is steps (a phase), levels, roles, a role's duties, escalation,
or not placed (contact lists, tool lists, link lists), with the reason."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import _who, escalation_chain
from warroom.runbooks.levels import level_name
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.procedure import ALTERNATIVES, alternatives
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
        named = [
            Entry(who, e.text, e.line)
            for e in entries
            if "escalat" in e.text.lower()
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
    heading_kind = next((k for k in reversed(kinds) if k), "")
    near = kinds[-1] if kinds else ""
    # A label just before the list ("**Steps:**", "After your shift:") says what it is.
    lead_kind = _heading_kind(lead, path) if lead.endswith(":") and len(lead) < 80 else ""
    context = {near, lead_kind, heading_kind} - {""}
    section = Section(path, line, "list", "not placed", entries)

    def steps(reason: str) -> list[Section]:
        section.kind, section.role, section.reason = "phase", role, reason
        if choice := _alternatives(entries, lead, path, line):
            section.entries, section.reason = [choice], "one decision among options"
            return [section]
        chain = [
            Entry(who, e.text, e.line)
            for e in entries
            for who in escalation_chain(e.text, "escalation" in context)
        ]
        if chain and "escalation" in context:
            return [section, Section(path, line, "list", "escalation", chain,
                                     reason="people its steps bring in")]  # fmt: skip
        return [section]

    if GLOSSARY.search(path[-1] if path else "") and (defined := _defined_roles(entries)):
        section.kind, section.entries = "roles", defined
        section.reason = "roles a glossary defines"
        return [section]
    if near == "skip" or (heading_kind == "skip" and not near) or lead_kind == "skip":
        # Tool and access lists, rotations, link lists: ticked boxes or not, what a team has.
        section.reason = "a reference section (tools, access, rotation, contacts or links)"
        return [section]
    if boxed:
        return steps("a checklist: boxes to tick")
    if lead_kind == "steps" or re.match(r"(?i)^(steps|procedure|actions|checklist)\b", lead):
        return steps(f"steps, as “{lead}” says")
    heads = [_head(e) for e in entries]
    levels = [level_name(h.text) for h in heads]
    coded = sum(bool(CODE.match(h.text)) for h in heads)
    if ("levels" in context and sum(map(bool, levels)) >= max(2, len(entries) // 2)) or (
        coded >= 2 and coded * 2 >= len(entries)
    ):
        section.kind = "levels"
        section.entries = [h for h, lv in zip(heads, levels, strict=True) if lv]
        section.reason = "its items name severity levels"
        return [section]
    # Under a role's heading a list is its duties, unless the heading itself announces steps
    # ("Steps for Scribe", "Scribe checklist"): "Communications Officer" is not a procedure.
    said_steps = re.search(
        r"(?i)^steps\s+for\b|\b(steps|checklist|procedure)\b", path[-1] if path else ""
    )
    if role and (near != "steps" or role_name(path[-1] if path else "")) and not said_steps:
        section.kind, section.reason = "roles", f"the duties of {role}, under its heading"
        section.entries = [Entry(role, "; ".join(e.text for e in entries), line,
                                 {"responsibilities": "\n".join(e.text for e in entries)})]  # fmt: skip
        return [section]
    imperative = sum(_imperative(e.text) for e in entries)
    if "escalation" in context and imperative * 2 <= len(entries):
        people = [h for h in heads if _who(h.text)]
        if people and len(people) * 2 >= len(entries):
            section.kind, section.entries = "escalation", people
            section.reason = "people to bring in, under an escalation heading"
            return [section]
    roles = [role_name(h.text, announced=near == "roles") for h in heads]
    if near == "roles" and sum(map(bool, roles)) >= max(1, len(entries) // 2):
        section.kind = "roles"
        section.entries = [h for h, r in zip(heads, roles, strict=True) if r]
        for entry, found in zip(section.entries, [r for r in roles if r], strict=True):
            entry.cells = {"short": found[1], "name": found[0], "responsibilities": entry.detail}
        section.reason = "its items name roles, under a roles heading"
        return [section]
    orders = f"{imperative} of its {len(entries)} items are instructions"
    if ordered and (imperative * 2 >= len(entries) or not context & {"levels", "roles"}):
        return steps(f"a numbered list; {orders}")
    if context & {"steps", "escalation"} and imperative * 3 >= len(entries):
        return steps(f"under “{path[-1] if path else ''}”, a procedure heading; {orders}")
    if imperative * 2 > len(entries) and not context & {"levels", "roles"}:
        return steps(orders)
    section.reason = "not steps, roles, levels or escalation"
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
                             {"short": found[1], "name": found[0], "responsibilities": head.detail}))  # fmt: skip
    return out
