"""Lists in the walk: each list to its classifier with its lead and headings, then the roles
and levels its items name, and its sections under the step heading above it."""

from __future__ import annotations

import re

from warroom.runbooks.help_leads import help_places, instruction_over, lead_step
from warroom.runbooks.level_scales import lead_scale, levels_labelled
from warroom.runbooks.level_sentences import (
    detail_levels,
    level_field,
    rated_issues,
    severity_labels,
    worded_items,
)
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.not_steps import _CRITERIA
from warroom.runbooks.outline import _inline_text, _list_entries
from warroom.runbooks.procedure import is_label, labelled
from warroom.runbooks.prose import _bold, item_roles
from warroom.runbooks.prose_levels import level_mentions
from warroom.runbooks.role_sentences import names_a_role
from warroom.runbooks.roles import role_name
from warroom.runbooks.steps import _classify_list
from warroom.runbooks.vocabulary import ROLE_WORDS, _heading_kind, _words, clean
from warroom.runbooks.walk_state import WalkState, as_words

_ROLES_HEADING = re.compile(r"(?i)\broles?\b")
# "Database On-call – who is paged …", "Database On-call: …": an item's label before its text
_LABEL = re.compile(r"\s*(?::\s|\s[–—-]\s|\s?\(|[–—-]\s)")


class ListsWalk(WalkState):
    """Reads each list under the headings and the lead above it."""

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
        elif entries and self.labelled_steps(entries, role, t.type == "ordered_list_open"):
            self.labelled_list(entries, boxed, t.type == "ordered_list_open", line)
        elif entries:
            self.classified(_classify_list(entries, boxed, t.type == "ordered_list_open",
                                           self.path(), self.kinds(), self.lead, role,
                                           line))  # fmt: skip
        if entries and level is None:
            self.help_lead(entries, self.sections[before:])
        if level is None:
            self.levels_in_items(entries, self.sections[before:])
        self.roles_among_contacts(entries, self.sections[before:])
        self.roles_in_items(i, end, self.sections[before:])
        self.roles_of_one_form(entries, self.sections[before:])
        self.lead = self.lead_role = ""
        return end + 1

    def labelled_steps(self, entries: list[Entry], role: str, ordered: bool) -> bool:
        """Whether a list of bold labels over their text is steps with their details."""
        return (
            labelled(entries)
            and not levels_labelled(entries)  # "1. **Severity 1 (Critical)**" over its sub-list
            and self.kinds()[-1:] != ["skip"]
            # under "## Roles", "1. **Technical Lead**" over its sub-list is a role's duties
            and not (self.kinds()[-1:] == ["roles"] and self.roles_labelled(entries))
            and not role  # a role's labelled duties stay its duties
            and (self.procedure() or ordered or _procedure_labelled(entries))
        )

    def help_lead(self, entries: list[Entry], taken: list[Section]) -> None:
        """ "Escalate to the cluster administrator if:" over the conditions, "If you cannot
        resolve the issue, see the following resources:" over links: the lead is a step whose
        detail is the list (unless the list is the steps it leads in to), and the places
        after a lead that says the steps did not work are where help comes from."""
        if not self.lead or any(s.kind == "phase" for s in taken):
            return
        if _CRITERIA.search(self.path()[-1] if self.path() else ""):
            return  # under "Escalation criteria": when to, not what to do
        # a list of links or channels, read as a reference; a list of people is read as
        # such by the escalation rules
        linked = any(s.reason.startswith("a reference section") for s in taken)
        if step := lead_step(self.lead, self.lead_line, entries):
            self.forget_prose(self.lead_line)  # taken here, with its list
            for section in taken:
                if section.kind == "not placed":  # read as the step's detail
                    section.reason = f"the detail of the step before it, “{self.lead}”"
            self.add(Section(self.path(), self.lead_line, "prose", "phase", [step],
                             reason="an instruction over the list it leads in to"))  # fmt: skip
        elif (
            not linked
            and all(s.kind == "not placed" for s in taken)
            and (step := instruction_over(self.lead, self.lead_line, entries))
        ):
            self.forget_prose(self.lead_line)
            for section in taken:  # read as the step's detail
                section.reason = f"the detail of the step before it, “{self.lead}”"
            self.add(Section(self.path(), self.lead_line, "prose", "phase", [step],
                             reason="an instruction over the cases its list names"))  # fmt: skip
        if linked and (places := help_places(self.lead, entries)):
            self.add(Section(self.path(), places[0].line, "list", "escalation", places,
                             reason=f"where help comes from, after “{self.lead}”"))  # fmt: skip

    def roles_labelled(self, entries: list[Entry]) -> bool:
        """Whether most of a list's labels name roles ("**Technical Lead**",
        "**Communications**" under a roles heading)."""
        named = [role_name(e.text.rstrip(":"), announced=True) for e in entries if is_label(e)]
        return sum(map(bool, named)) * 2 > len(named)

    def unlisted(self, entries: list[Entry], depth: int) -> str:
        """Why a list is nothing to place whatever it says, or ""."""
        if (
            len(entries) >= 2
            and sum(as_words(e.text) in self.titles for e in entries) * 3 >= len(entries) * 2
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

    def roles_among_contacts(self, entries: list[Entry], taken: list[Section]) -> None:
        """ "## Roles & Contacts" over "- **Incident Lead:** by default, @ana" and "- **Security
        Contact:** the advisory form": under a heading that names roles beside what a team has,
        the items whose label names a role by its words are roles (the rest stay a reference)."""
        title = self.path()[-1] if self.path() else ""
        if not _ROLES_HEADING.search(title) or not any(
            s.reason.startswith("a reference section") for s in taken
        ):
            return
        found = [
            Entry(named[0], e.detail, e.line, {"short": named[1], "usually": e.detail})
            for e in entries
            if e.detail and (named := role_name(e.text))
        ]
        if found:
            self.add(Section(self.path(), found[0].line, "list", "roles", found,
                             reason=f"the roles “{title}” names"))  # fmt: skip

    def roles_of_one_form(self, entries: list[Entry], taken: list[Section]) -> None:
        """ "- Support Manager On-call (SMOC) – …", "- Customer Emergencies on-call (CEOC) – …",
        "- Database On-call – …": where two items or more name roles that end alike, an item
        whose label ends so too names one, with no abbreviation or role noun of its own."""
        found = [e for s in taken if s.kind == "roles" for e in s.entries]
        endings = [_words(e.text)[-1] for e in found if _words(e.text)]
        shared = {w for w in endings if endings.count(w) >= 2 and w not in ROLE_WORDS}
        if not shared:
            return
        known = {e.text.lower() for e in found}
        more = []
        for entry in entries:
            label = _LABEL.split(entry.text, maxsplit=1)[0].strip(" *_")
            words = _words(label)
            if 2 <= len(words) <= 5 and words[-1] in shared and label.lower() not in known:
                more.append(Entry(label, "", entry.line, {"short": ""}))
        if more:
            self.add(Section(self.path(), more[0].line, "list", "roles", more,
                             reason="its label ends as the roles beside it do"))  # fmt: skip

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
            if found := level_field(entry):  # "- **Severity:** Warning"
                self.add(Section(self.path(), entry.line, "list", "levels", found,
                                 reason="a level a field states"))  # fmt: skip
                continue
            said = f"{entry.text} {entry.detail}"
            found = level_mentions(said, entry.line, context) or rated_issues(said, entry.line)
            if found:
                self.add(Section(self.path(), entry.line, "list", "levels", found,
                                 reason="levels named in a list item"))  # fmt: skip

    def labelled_list(
        self, entries: list[Entry], boxed: bool, ordered: bool, line: int,
        within: tuple[tuple[str, ...], list[str]] | None = None,
    ) -> None:  # fmt: skip
        """ "1. **Immediate Action**:" over a sub-list: each label is a phase of its sub-list;
        a label over labels ("**Reporting Procedure**:" over "1. **Notification**:", …) is
        the procedure they are the phases of."""
        path, kinds = within or (self.path(), self.kinds())
        # (under a procedure heading, a label's labelled sub-list is read as one list, its
        # labels leading in to their steps; elsewhere only the procedure's own stages are)
        procedure = self.procedure()
        rest = [e for e in entries if not is_label(e)]
        for entry in entries:
            if not is_label(entry):
                continue
            label = entry.text.rstrip(":")
            kind = _heading_kind(label, ()) or "steps"
            if within is not None and kind != "skip":
                kind = "steps"  # "Severity Confirmation" is a stage of the procedure above it
            if kind == "steps" and labelled(entry.children) and within is None and not procedure:
                self.labelled_list(entry.children, boxed, ordered, entry.line,
                                   ((*path, label), [*kinds, kind]))  # fmt: skip
                continue
            lead = f"{label}:" if within is None else ""  # a stage's name is read as steps
            found = _classify_list(entry.children, boxed, ordered, (*path, label),
                                   [*kinds, kind], lead, self.nearest(self.role_at) or "",
                                   entry.line)  # fmt: skip
            for section in found:
                if section.kind == "phase":
                    section.heading_line, section.title = entry.line, label
                    section.reason = f"the steps under “{label}”"
                self.add(section)
        if rest:  # in the document's order: where its first item stands
            self.classified(_classify_list(rest, boxed, ordered, path, kinds,
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


def _procedure_labelled(entries: list[Entry]) -> bool:
    """ "**Reporting Procedure**:" among "**Reporting Channels**:", "**Who Can Report**:": a
    label that names a procedure over its own labelled stages, wherever the list stands."""
    return any(
        is_label(e) and _heading_kind(e.text.rstrip(":"), ()) == "steps" and labelled(e.children)
        for e in entries
    )
