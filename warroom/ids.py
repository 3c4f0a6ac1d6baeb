"""Incident ids (LETTERS-NUMBER, such as INC-42 or DRILL-7) and statuses. Light enough for start-up."""

from __future__ import annotations

import re

from warroom.errors import UsageError

ID_PATTERN = re.compile(r"^([A-Z]+)-([0-9]{1,9})$")  # ASCII only: "INC-٤٢" is not INC-42
DEFAULT_PREFIX = "INC"
STATUSES = ("investigating", "identified", "mitigating", "monitoring", "resolved")
UNTITLED = "Untitled incident"  # the title of one opened by id before anyone named it


def parse_incident_id(text: str) -> tuple[str, str, int]:
    """("INC-42", "INC", 42) from "INC-42" or "inc-42"; a UsageError for anything else."""
    canonical = text.strip().upper()
    match = ID_PATTERN.match(canonical)
    if not match:
        raise UsageError(f"{text!r} is not an incident id: write it as LETTERS-NUMBER, e.g. INC-42")
    return canonical, match.group(1), int(match.group(2))
