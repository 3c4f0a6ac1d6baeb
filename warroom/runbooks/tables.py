"""Tables in either markup: levels, roles (role tables, RACI), escalation, or not placed
(contact tables, logs), decided from the column names and the heading above."""

from __future__ import annotations

from warroom.runbooks.escalation import _who
from warroom.runbooks.levels import level_name
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.roles import role_name
from warroom.runbooks.vocabulary import _has


def _classify_table(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...],
    kinds: list[str], line: int,
) -> list[Section]:  # fmt: skip
    """What a table states, from its column names and the heading above it; a table with
    the levels as its column headers is read across."""
    if not header and body:
        header, body = body[0][1], body[1:]
    header, body = _transposed(header, body, line)
    section = _classify_rows(header, body, path, kinds, line)
    if section.kind == "roles" and "escalation" in kinds[-2:]:
        # "| Role | Responsibility | When to engage |" under "Communication & Escalation":
        # the roles, and the order they are brought in.
        return [section, Section(path, line, "table", "escalation",
                                 [Entry(e.text, "", e.line) for e in section.entries],
                                 reason="the roles an escalation table brings in")]  # fmt: skip
    return [section]


def _transposed(
    header: list[str], body: list[tuple[int, list[str]]], line: int
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """ "| | SEV1 | SEV2 |" over "| Response | 15 min | 1 h |": one row per level."""
    levels = [bool(level_name(h)) for h in header[1:]]
    if len(levels) < 2 or sum(levels) < len(levels) or level_name(header[0] if header else ""):
        return header, body
    names = [(row[0] if row else "") or f"row {n}" for n, (_, row) in enumerate(body, 1)]
    rows = [(line, [h] + [row[c] if c < len(row) else "" for _, row in body])
            for c, h in enumerate(header) if c > 0]  # fmt: skip
    return ["level", *names], rows


def _classify_rows(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...],
    kinds: list[str], line: int,
) -> Section:  # fmt: skip
    names = [h.lower() for h in header]
    entries = [
        Entry(row[0] if row else "", "", at, dict(zip(names, row, strict=False)))
        for at, row in body if any(c.strip() for c in row)
    ]  # fmt: skip
    section = Section(path, line, "table", "not placed", entries,
                      reason=f"table ({', '.join(header)})")  # fmt: skip
    near = next((k for k in reversed(kinds) if k), "")

    def column(*words: str) -> int | None:
        return next((n for n, h in enumerate(names) if any(w in h for w in words)), None)

    level_col = column("level", "severity", "sev", "priority", "prio", "classification")
    if level_col and _a_log(names, [row[level_col] for _, row in body if len(row) > level_col]):
        section.reason = f"a log of incidents ({', '.join(header)})"
        return section
    role_col = column("role", "title", "position")
    duty_col = column("responsib", "duty", "duties", "description", "does")
    first = [row[0] for _, row in body if row]
    if (
        role_col is not None
        and duty_col is not None
        and column("level", "tier", "after", "order") is None
    ):
        near = "roles"
    if near == "escalation" or column("escalat") == 0:
        who = column("who", "contact", "escalat", "role", "team", "person", "name")
        if who is not None:
            for entry in entries:
                entry.text = entry.cells.get(names[who], "")
                entry.detail = " ".join(v for k, v in entry.cells.items() if k != names[who])
            section.entries = [e for e in entries if _who(e.text)]
            if section.entries:
                section.kind = "escalation"
                return section
    if level_col is not None or (
        first and sum(bool(level_name(c)) for c in first) * 2 > len(first)
    ):
        col = level_col if level_col is not None else 0
        found = [e for e in entries if level_name(e.cells.get(names[col], "") if names else e.text)]
        if found:
            for entry in found:
                entry.text = entry.cells.get(names[col], entry.text)
            section.kind, section.entries = "levels", found
            return section
    if role_col is not None and (duty_col is not None or near == "roles"):
        for entry in entries:
            entry.text = entry.cells.get(names[role_col], "")
            if duty_col is not None:
                entry.cells["responsibilities"] = entry.cells.get(names[duty_col], "")
        section.entries = [e for e in entries if e.text]
        section.kind = "roles"
        return section
    raci = [h for h in header[1:] if role_name(h, announced=near == "roles")]
    if raci and (_has(" ".join(names[:1]), ("activity", "step", "task", "process", "action"))):
        section.kind = "roles"
        section.entries = [Entry(h, "", line) for h in raci]
        return section
    return section


def _a_log(names: list[str], levels: list[str]) -> bool:
    """A table of past incidents (a date column, or the same level on several rows) is a
    log, not a severity scale."""
    dated = any(n in ("date", "time", "when", "started", "opened", "id", "#") for n in names)
    return dated or len(set(levels)) < len(levels)
