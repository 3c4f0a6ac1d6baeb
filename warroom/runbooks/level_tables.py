"""Tables whose levels run across: a priority matrix (impact by urgency, its cells the
levels), and a scale with its levels as the column headers, read one row per level."""

from __future__ import annotations

import re

from warroom.runbooks.levels import level_name
from warroom.runbooks.model import Entry

# "| Impact / Urgency | High | Medium | Low |": a matrix names the two things it crosses.
_AXES = re.compile(r"(?i)impact|urgen|likelihood|probabilit|severit|scope|business")


def _matrix(header: list[str], body: list[tuple[int, list[str]]]) -> list[Entry]:
    """ "| Impact / Urgency | High | Low |" over "| **High** | P1 | P2 |": a priority matrix,
    whose cells are the levels (each once, in the order first met); its row and column
    headers are the grades it crosses, not levels."""
    inner = [(at, cell) for at, row in body for cell in row[1:] if cell.strip()]
    if len(header) < 3 or len(body) < 2 or len(inner) < 4:
        return []
    if not all(level_name(cell) for _, cell in inner) or not _crosses_grades(header, body):
        return []
    seen: dict[str, Entry] = {}
    for at, cell in inner:
        named = level_name(cell)
        if named and named[0].lower() not in seen:
            seen[named[0].lower()] = Entry(cell.strip(), "", at)
    return list(seen.values()) if len(seen) >= 2 else []


def _crosses_grades(header: list[str], body: list[tuple[int, list[str]]]) -> bool:
    """Named axes over the first column, or level words on both sides ("Urgency: High" by
    "Impact: Low")."""
    corner = f"{header[0]} {header[1]} {body[0][1][0] if body[0][1] else ''}"
    if len({a.lower() for a in _AXES.findall(corner)}) >= 2:
        return True
    return all(level_name(h) for h in header[1:]) and all(
        row and level_name(row[0]) for _, row in body
    )


def _transposed(
    header: list[str], body: list[tuple[int, list[str]]], line: int
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """ "| | SEV1 | SEV2 |" over "| Response | 15 min | 1 h |": one row per level."""
    header = _numbered_across(header)
    levels = [bool(level_name(h)) for h in header[1:]]
    if len(levels) < 2 or sum(levels) < len(levels) or level_name(header[0] if header else ""):
        return header, body
    names = [(row[0] if row else "") or f"row {n}" for n, (_, row) in enumerate(body, 1)]
    rows = [(line, [h] + [row[c] if c < len(row) else "" for _, row in body])
            for c, h in enumerate(header) if c > 0]  # fmt: skip
    return ["level", *names], rows


# "Severity level", "Priority": a corner cell that names the scale its columns number
_SCALE_CORNER = re.compile(r"(?i)\b(severity|priority|sev|level|category)\b")


def _numbered_across(header: list[str]) -> list[str]:
    """ "| Severity level | 1 | 2 | 3 |": levels numbered across the header, each named by the
    scale the corner cell names ("Severity 1")."""
    corner = _SCALE_CORNER.search(header[0]) if header else None
    cells = [h.strip() for h in header[1:]]
    if not corner or len(cells) < 2 or not all(re.fullmatch(r"\d{1,2}", c) for c in cells):
        return header
    return [header[0], *(f"{corner.group(1).capitalize()} {c}" for c in cells)]
