"""Incident ids (LETTERS-NUMBER, such as INC-42 or DRILL-7) and statuses. Light enough for start-up.

An id has one written form: upper-case letters, a dash, the number without leading zeros
(`inc-042` is INC-42), and the number is at most MAX_NUMBER, so that every id warroom makes
is one it reads back.
"""

from __future__ import annotations

import re

from warroom.core.errors import UsageError

MAX_PREFIX = 16  # letters
MAX_NUMBER = 999_999_999
# ASCII only: "INC-٤٢" is not INC-42. Leading zeros are read, and dropped.
ID_PATTERN = re.compile(rf"([A-Z]{{1,{MAX_PREFIX}}})-0*([0-9]{{1,9}})")
DEFAULT_PREFIX = "INC"
STATUSES = ("investigating", "identified", "mitigating", "monitoring", "resolved")
UNTITLED = "Untitled incident"  # the title of one opened by id before anyone named it


def parse_incident_id(text: str) -> tuple[str, str, int]:
    """("INC-42", "INC", 42) from "INC-42", "inc-42" or "INC-042"; a UsageError for anything
    else."""
    canonical = text.strip().upper()
    match = ID_PATTERN.fullmatch(canonical) if len(canonical) <= 64 else None
    if not match:
        shown = text if len(text) <= 64 else text[:60] + "…"
        if re.fullmatch(r"[A-Z]+-[0-9]+", canonical[:200]):
            raise UsageError(
                f"{shown!r} is not an incident id: at most {MAX_PREFIX} letters, and a number "
                f"up to {MAX_NUMBER:,}"
            )
        raise UsageError(
            f"{shown!r} is not an incident id: write it as LETTERS-NUMBER, e.g. INC-42"
        )
    prefix, number = match.group(1), int(match.group(2))
    return f"{prefix}-{number}", prefix, number


def incident_id(prefix: str, number: int) -> str:
    """The id for a prefix and a number; a UsageError when the number is past MAX_NUMBER."""
    if number > MAX_NUMBER:
        raise UsageError(f"no {prefix} id left: {prefix}-{MAX_NUMBER:,} is the largest")
    return f"{prefix}-{number}"
