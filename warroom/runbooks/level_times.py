"""How often and how soon, as a level's text or cells say it: an update cadence in words
("twice a day", "hourly", "every 2 hours"), a count in words ("one business day", "an
hour"), what is no target ("> 4 weeks") and what is a cadence, not a response time
("every 20 minutes")."""

from __future__ import annotations

import re

from warroom.runbooks.vocabulary import first_duration


def cadence_seconds(text: str) -> float | None:
    """How often a level's updates come, as a cell or clause says it: "every 2 hours",
    "Daily", "twice a day", "every hour" (None for "As needed")."""
    if (seconds := first_duration(text)) is not None:
        return seconds
    if per_day := _PER_DAY.search(text):
        times = (per_day.group(1) or per_day.group(2)).lower()
        count = {"once": 1, "twice": 2, "three": 3}.get(times.split()[0]) or int(
            re.sub(r"\D", "", times) or 1
        )
        return 86400.0 / max(count, 1)
    if word := _CADENCE_WORD.search(text):
        return _CADENCE_SECONDS[word.group(1).lower()[:4]]
    return None


_PER_DAY = re.compile(
    r"(?i)\b(once|twice|three\s+times|\d+\s*(?:x|times))\s+(?:a|per|each)\s+day\b"
    r"|\b(twice)\s+daily\b"
)
_CADENCE_WORD = re.compile(r"(?i)\b(hourly|daily|weekly|(?<=every )(?:hour|day|week))\b")
_CADENCE_SECONDS = {"hour": 3600.0, "dail": 86400.0, "day": 86400.0, "week": 604800.0}


_LONGER = re.compile(r"(?i)(?:>|≥|>=|\bmore than|\bover|\bat least|\blonger than)\s*\d")


def _in_figures(text: str) -> str:
    """ "within one business day", "a working day", "an hour": the count in figures."""
    text = re.sub(r"(?i)\bworking\s+(?=days?\b)", "business ", text)
    # "Next business day": within one
    text = re.sub(r"(?i)\bnext\s+business\s+day\b", "1 business day", text)
    # "4 business hours": hours of the desk's day, counted as hours
    text = re.sub(r"(?i)\b(?:business|working|office)\s+(?=hours?\b)", "", text)
    return re.sub(
        r"(?i)\b(?:one|an?)\s+(?=(?:business\s+)?(?:day|hour|week|minute)s?\b)", "1 ", text
    )


# "every 20 minutes", "every hour": how often, not how soon
_CADENCE_SAID = re.compile(r"(?i)\bevery\s+(?:\d+(?:\.\d+)?\s*)?[a-z]+")
