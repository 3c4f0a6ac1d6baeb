"""What a table's columns and cells say: RACI letters, rows in order, a step's detail from
its row, columns of a work list or of a severity scale, a log of past incidents, a ladder's
rung."""

from __future__ import annotations

import re

_RACI_CELL = re.compile(r"(?i)^(?:[RACIS](?:\s*[/,+&]?\s*[RACIS]){0,3}|[-–—]?)$")


def _in_order(cells: list[str]) -> bool:
    """Two or more rows numbered 1, 2, 3 … (a number may repeat)."""
    numbers = [c.strip().rstrip(".") for c in cells]
    if len(numbers) < 2 or not all(n.isdigit() for n in numbers):
        return False
    return [int(n) for n in numbers] == sorted(int(n) for n in numbers)


_HOW = re.compile(
    r"\b(?:commands?|how|details?|notes?|scripts?|query|queries|code|instructions?)\b"
)


def _how(columns: list[str], cells: dict[str, str]) -> str:
    """A step's detail from its row: one column's cell as written (a command copied as it
    is), several named by their columns."""
    if len(columns) == 1:
        return cells.get(columns[0], "").strip()
    return _cells(columns, [cells.get(n, "") for n in columns])


def _cells(header: list[str], row: list[str]) -> str:
    """ "Goal: …; Tag: …": a row's cells named by their column."""
    named = zip(header, row, strict=False)
    return "; ".join(f"{h}: {c}" if h else c for h, c in named if c.strip())


# Columns of a backlog or a task list: its priorities rank work, they define no scale.
_WORK = re.compile(r"\b(task|owner|assignee|assigned|status|due|ticket|estimate|story|points?)\b")
# Columns of a severity scale: what a level means, how fast it is answered.
_SEVERITY_COLUMN = re.compile(r"\W*(?:sev(?:erity)?|priority|prio)\W*")
_SCALE = re.compile(r"(?i)(impact|defin|criteria|descri|mean|example|respon|update|sla|when)")


def _work_items(names: list[str]) -> bool:
    """ "| Priority | Task | Owner |": a list of work, not a severity scale."""
    return any(_WORK.search(n) for n in names) and not any(_SCALE.search(n) for n in names)


def _a_log(names: list[str], levels: list[str]) -> bool:
    """A table of past incidents (a date column, or the same level on several rows) is a
    log, not a severity scale."""
    dated = any(n in ("date", "time", "when", "started", "opened", "id", "#") for n in names)
    return dated or len(set(levels)) < len(levels)


def _rung_of(header: list[str], cell: str) -> str:
    """ "1" under a "Tier" column is "Tier 1"; under an "Order" column ("| Order | Who |"
    over "| 1 | Security on-call |"), the first rung of who is called in turn."""
    if cell.strip().isdigit() and header:
        if re.fullmatch(r"(?i)\s*(tier|level|line)\s*", header[0]):
            return f"{header[0].strip()} {cell.strip()}"
        if re.fullmatch(
            r"(?i)\s*(?:call\s+|contact\s+|escalation\s+)?(?:order|sequence|rank)\s*", header[0]
        ):
            return f"Level {cell.strip()}"
    return cell
