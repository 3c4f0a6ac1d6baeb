"""Escalation read from tables: a column that says when each row is brought in, an owner or
"Escalate to" column read down, and the stages of an escalation matrix read across."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import escalation_chain
from warroom.runbooks.escalation_stages import STAGES_READ
from warroom.runbooks.escalation_who import _who
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.roles import role_name

# each row's role is brought in makes the table an escalation, whatever the heading over it.
_WHEN_COLUMN = re.compile(
    r"(?i)\bescalat\w*\s+(?:when|after|if)\b"
    r"|\bwhen\s+to\s+(?:escalate|contact|engage|page|call|involve|notify|bring\s+in)\b"
)


def _when_to_bring_in(header: list[str]) -> bool:
    return any(_WHEN_COLUMN.search(h) for h in header[1:])


def _owner_column(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...], line: int,
    section: Section,
) -> list[Section]:  # fmt: skip
    """ "| Task | Owner |" over "| Declare | Incident Commander |": the roles who do each
    row, beside the steps."""
    if section.kind == "roles":
        return []
    said = r"(?i)^(?:owner|who|responsible|assigned\s+to|assignee|role|by)\b"
    for col, name in enumerate(header):
        cells = [(at, row[col]) for at, row in body if len(row) > col and row[col].strip()]
        named = [(at, role) for at, c in cells if (role := role_name(c))]
        if col and re.match(said, name.strip()) and len(named) >= 2 and len(named) == len(cells):
            found = [Entry(r[0], "", at, {"short": r[1]}) for at, r in named]
            return [Section(path, line, "table", "roles", found,
                            reason=f"the roles the “{name}” column names")]  # fmt: skip
    return []


def _escalation_column(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...], line: int,
    section: Section,
) -> list[Section]:  # fmt: skip
    """ "| Severity | Meaning | Escalate to |": who each row brings in, beside the levels;
    without such a column, a cell that says so ("Escalate to the CTO after 1h")."""
    if section.kind == "escalation":
        return []
    if staged := _stage_columns(header, body, path, line):
        # who each stage brings in, by title, are the roles the matrix names
        named = [(e.line, r) for e in staged.entries if (r := role_name(e.text))]
        roles = [Entry(r[0], "", at, {"short": r[1]}) for at, r in named]
        return [staged] + [Section(path, line, "table", "roles", roles,
                                   reason="the roles an escalation matrix brings in")] * bool(roles)  # fmt: skip
    col = next((n for n, h in enumerate(header) if n and _BRINGS_IN.search(h)), None)
    found: dict[str, Entry] = {}
    for at, row in body:
        cells = [row[col] if col < len(row) else ""] if col is not None else row[1:]
        for cell in cells:
            for entry in _cell_people(cell, at, row[0] if row and col is not None else None):
                found.setdefault(entry.text, entry)
    if not found:
        return []
    said = f"the “{header[col]}” column" if col is not None else "the table's cells"
    return [Section(path, line, "table", "escalation", list(found.values()),
                    reason=f"who {said} brings in")]  # fmt: skip


# A column that says who is brought in: "Escalate to", "Who to contact", "Notify", "Page".
_BRINGS_IN = re.compile(
    r"(?i)escalat|\bwho\s+to\s+(?:contact|call|page|notify|escalate|involve|inform)"
    r"|^\s*(?:notify|page|call|inform|involve)\b"
)


# A column that is one stage of an escalation matrix: "Escalation 1 (15 min)", "Escalation
# N+1", "Level 2", "Tier 3"; and the stage before them: "First responder", "Initial contact".
_STAGE = re.compile(
    r"(?i)^\W*(?:escalation|level|tier|l)\s*(?:\d|n\b)|escalation\s+(?:\d|n\b)"
    # "| Severity | Initial responder | 15 min | 1 hour |": who is brought in after how long
    r"|^\W*(?:after\s+|t\s*\+\s*|\+)?\d+\s*(?:m|mins?|minutes?|h|hrs?|hours?|d|days?)\W*$"
)
_FIRST_STAGE = re.compile(
    r"(?i)^\W*(?:first|initial|primary)\s+(?:responder|contact|owner|line|escalation)"
    r"|^\W*(?:owner|manager|on[- ]?call|responder)\b"
)


# A first column that says when: "Time", "When", "After", "Delay", "Elapsed".
_WHEN_FIRST = re.compile(r"^\W*(?:time|when|after|delay|elapsed|t\s*\+)\b")
# A cell that is a delay or "immediately".
_A_DELAY = re.compile(
    r"(?i)\bimmediate(?:ly)?\b|\d+\s*(?:m|mins?|minutes?|h|hrs?|hours?|d|days?)\b"
)


# "| Role | Primary | Secondary | Escalation |": stages named by rank.
_RANK_STAGE = re.compile(
    r"(?i)^\W*(?:primary|secondary|tertiary|backup|escalation)"
    r"(?:\s+(?:contact|on[- ]?call|responder))?\W*$"
)


def _stages(header: list[str], body: list[tuple[int, list[str]]]) -> list[int]:
    """The columns of an escalation matrix's stages, in order; none unless two or more."""
    stages = [n for n, h in enumerate(header) if n and _STAGE.search(h)]
    if len(stages) < 2:
        stages = [n for n, h in enumerate(header) if n and _RANK_STAGE.search(h)]
        # a rota ("| Week | Primary | Secondary |" over people's names) is no escalation:
        # the cells must name roles
        cells = [row[n] for _, row in body for n in stages if n < len(row) and row[n].strip()]
        if len(stages) < 2 or sum(bool(role_name(c)) for c in cells) * 2 <= len(cells):
            return []
    before = stages[0] - 1
    if before > 0 and _FIRST_STAGE.search(header[before]):
        stages.insert(0, before)
    return stages


def _stage_columns(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...], line: int
) -> Section | None:
    """ "| Severity | First responder | Escalation 1 (15 min) | Escalation 2 (30 min) |": each
    column is the next stage of one escalation, so a row read across names who is brought
    in, in order (a single "Escalate to" column is read down instead)."""
    if not (stages := _stages(header, body)):
        return None
    found: dict[str, Entry] = {}
    for at, row in body:
        for col in stages:
            cell = row[col] if col < len(row) else ""
            # "Product Owner / Program Manager": either, both brought in at that stage
            for part in re.split(r"\s+/\s+", cell):
                for who in escalation_chain(part, True) or [_who(part)]:
                    if who:
                        found.setdefault(who, Entry(who, f"{row[0]}: {header[col]}", at))
    if len(found) < 2:
        return None
    return Section(path, line, "table", "escalation", list(found.values()),
                   reason=f"{STAGES_READ} ({', '.join(header)})")  # fmt: skip


def _cell_people(cell: str, at: int, row_name: str | None) -> list[Entry]:
    """Who one cell brings in; `row_name`: the cell is in an "Escalate to" column, its row's
    name the detail."""
    said = escalation_chain(cell, row_name is not None)
    if row_name is not None:
        return [Entry(w, row_name, at) for w in said or [_who(cell)] if w]
    timed = cell if len(said) == 1 else ""  # a delay is whose only if one is named
    return [Entry(w, timed, at) for w in said]
