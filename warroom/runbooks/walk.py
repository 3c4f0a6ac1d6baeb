"""The walk through a document: headings give each block its path and context; each
block goes to the classifier of its shape and comes back as sections."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from warroom.runbooks.build import Report
from warroom.runbooks.code import _classify_code
from warroom.runbooks.escalation import escalation_chain
from warroom.runbooks.levels import _level_lines, level_name
from warroom.runbooks.markup import normalise
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import (
    _all_headings,
    _html_tables,
    _inline_text,
    _list_entries,
    _md_table,
)
from warroom.runbooks.roles import role_name
from warroom.runbooks.steps import _classify_list
from warroom.runbooks.tables import _classify_table
from warroom.runbooks.vocabulary import CODE, DURATION, _has, _heading_kind, _words, clean


def import_runbook(text: str, name: str = "imported", source: str = "RUNBOOK.md") -> Report:
    """The document's sections, each taken as a kind, and the playbook data they make."""
    sections = read_sections(text)
    report = Report(playbook={}, sections=sections, source=source, name=name)
    report.rebuild()
    return report


def read_sections(text: str) -> list[Section]:
    text = normalise(text)
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(text)
    sections: list[Section] = []
    headings: list[tuple[int, str, int]] = []  # (level, title, line)
    heading_used: dict[int, bool] = {}
    role_at: dict[int, str] = {}  # heading line → the role it is about
    level_at: dict[int, Entry] = {}  # heading line → the level it defines
    lead = ""  # the paragraph just before a block: "**Steps:**", "Communication Template:"

    def path() -> tuple[str, ...]:
        return tuple(h[1] for h in headings)

    def here() -> int:
        return headings[-1][2] if headings else 0

    def kinds() -> list[str]:
        # A document's title ("# Escalation Procedures") is not what each section under it is.
        return [
            "" if h[0] == 1 and n < len(headings) - 1 else _heading_kind(h[1], ())
            for n, h in enumerate(headings)
        ]

    def level_here() -> Entry | None:
        return next((level_at[h[2]] for h in reversed(headings) if h[2] in level_at), None)

    def role_here() -> str:
        return next((role_at[h[2]] for h in reversed(headings) if h[2] in role_at), "")

    def add(section: Section) -> None:
        section.heading_line = section.heading_line or here()
        sections.append(section)
        heading_used[section.heading_line] = True  # placed or listed: not "text only"

    i = 0
    while i < len(tokens):
        t = tokens[i]
        line = (t.map[0] + 1) if t.map else 0
        if t.type == "heading_open":
            level = int(t.tag[1])
            title = clean(_inline_text(tokens[i + 1]))
            headings[:] = [h for h in headings if h[0] < level]
            parents = path()
            headings.append((level, title, line))
            heading_used.setdefault(line, False)
            lead = ""
            _heading_entry(title, parents, line, add, role_at, level_at)
            i += 3
            continue
        level = level_here()
        if t.type == "paragraph_open" and i + 1 < len(tokens):
            inline = tokens[i + 1]
            lead = clean(_inline_text(inline))
            if level is not None:  # "**Response Time:** < 15 minutes" under "### SEV1"
                level.detail = f"{level.detail}; {lead}" if level.detail else lead
            else:
                _prose(inline, line, path(), kinds(), add)
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            entries, i, boxed = _list_entries(tokens, i, 0)
            if entries and level is not None and not boxed:
                said = "; ".join(e.text + (f": {e.detail}" if e.detail else "") for e in entries)
                level.detail = f"{level.detail} {said}" if level.detail else said
                add(Section(path(), line, "list", "levels", [],
                            reason=f"what {level.text} means"))  # fmt: skip
            elif entries:
                for section in _classify_list(entries, boxed, t.type == "ordered_list_open",
                                              path(), kinds(), lead, role_here(), line):  # fmt: skip
                    add(section)
            lead = ""
        elif t.type == "table_open":
            header, rows, i = _md_table(tokens, i)
            body = [(line + 2 + n, row) for n, row in enumerate(rows)]
            add(_classify_table(header, body, path(), kinds(), line))
            lead = ""
        elif t.type == "html_block":
            for header, body in _html_tables(t.content):
                add(_classify_table(header, [(line + r - 1, row) for r, row in body], path(),
                                    kinds(), line))  # fmt: skip
        elif t.type in ("fence", "code_block") and t.content.strip():
            for section in _classify_code(t.content, t.info, path(), kinds(), lead, line):
                add(section)
            lead = ""
        i += 1

    # Headings whose content went nowhere are part of the "not placed" list too.
    for _level, title, line in _all_headings(tokens):
        if not heading_used.get(line, True) and line not in role_at:
            sections.append(Section((title,), line, "prose", "not placed", [Entry(title, "", line)],
                                    heading_line=line, reason="text only"))  # fmt: skip
    sections.sort(key=lambda s: (s.line, s.block != "heading"))
    return sections


def _heading_entry(title: str, parents: tuple[str, ...], line: int, add, role_at, level_at) -> None:  # type: ignore[no-untyped-def]
    """A heading that is itself a role or a severity level."""
    parent_kinds = [_heading_kind(p, ()) for p in parents[1:] or parents]
    if _heading_kind(title, parents) == "skip":
        return
    level = level_name(title)
    in_levels = "levels" in parent_kinds[-2:] if parent_kinds else False
    in_escalation = bool(parent_kinds) and parent_kinds[-1] == "escalation"  # "Level 1: …"
    if level and not in_escalation and (CODE.match(clean(title).strip(" *")) or in_levels):
        entry = Entry(title, "", line)
        add(Section((*parents, title), line, "heading", "levels", [entry], heading_line=line))
        level_at[line] = entry
        return
    role = role_name(title)
    explicit = re.search(r"(?i)^\W*(role\b|steps\s+for\b)|(role|responsibilities|duties)\W*$",
                         clean(title))  # fmt: skip
    in_roles = "roles" in parent_kinds[-2:] if parent_kinds else False
    if role and (explicit or in_roles or len(_words(role[0])) <= 4):
        add(Section((*parents, title), line, "heading", "roles",
                    [Entry(role[0], "", line, {"short": role[1]})], heading_line=line))  # fmt: skip
        role_at[line] = role[0]


def _prose(inline: Token, line: int, path: tuple[str, ...], kinds: list[str], add) -> None:  # type: ignore[no-untyped-def]
    """Facts stated in a paragraph: "Role: X (ABBR)", escalation chains, per-level lines."""
    text = clean(_inline_text(inline))
    for part in re.split(r"(?<=[.!?])\s+|\s*\n\s*", text):
        match = re.match(r"(?i)^role\s*:\s*(.+)$", part)
        if match and (role := role_name(f"Role: {match.group(1)}")):
            add(
                Section(
                    path, line, "prose", "roles", [Entry(role[0], "", line, {"short": role[1]})]
                )
            )
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        chain = escalation_chain(sentence, "escalation" in kinds[-2:])
        timed = len(chain) == 1 and DURATION.search(sentence)  # "… to L2 if unresolved in 15m"
        found += [Entry(who, sentence if timed else "", line) for who in chain]
    if found:
        add(Section(path, line, "prose", "escalation", found))
    levels = _level_lines(text, line)
    if levels and (
        "levels" in kinds[-2:] or any(_has(e.detail, ("update", "every")) for e in levels)
    ):
        add(Section(path, line, "prose", "levels", levels))
