"""Durations as incident responders write and read them: T+00:23:10, 15m, < 1 hour."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {
    "ms": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")


def parse_duration(text: str) -> float:
    """Seconds in a duration such as "15s", "1h30m", "300ms", "2 hours", "T+5m".

    Raises ValueError on anything it cannot read: a duration is never silently zero.
    """
    raw = text.strip().lower()
    body = raw.removeprefix("t+").strip()
    if not body:
        raise ValueError(f"empty duration {text!r}")
    total = 0.0
    pos = 0
    for match in _PART.finditer(body):
        if body[pos : match.start()].strip():
            break
        unit = _UNITS.get(match.group(2))
        if unit is None:
            raise ValueError(f"unknown unit {match.group(2)!r} in duration {text!r}")
        total += float(match.group(1)) * unit
        pos = match.end()
    else:
        if pos and not body[pos:].strip():
            return total
    raise ValueError(f"cannot read duration {text!r} (write it like 15s, 5m, 1h30m)")


def format_duration(seconds: float) -> str:
    """A short human duration: 45s, 15m, 1h, 1h30m, 6m01s, 2d.

    Whole seconds cut down, never rounded up: the same rule as T+ and the console's spans,
    so 88.6 s reads 1m28s everywhere; minutes and seconds after a larger unit have two
    digits, as the console's spans write them."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    # The largest unit, then the next one down when it is not zero (cut down, not rounded)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d{hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"
    return f"{minutes}m{secs:02d}s" if secs else f"{minutes}m"


def short_span(seconds: float) -> str:
    """Time spent in a state: 45s, 4m12s, 2h05m (seconds kept under an hour)."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def t_plus(elapsed: timedelta | float) -> str:
    """Time since the incident was declared, as T+hh:mm:ss (days roll into hours)."""
    total = elapsed.total_seconds() if isinstance(elapsed, timedelta) else elapsed
    sign = "-" if total < 0 else "+"
    total = abs(int(total))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"T{sign}{hours:02d}:{minutes:02d}:{secs:02d}"


def mm_ss(seconds: float) -> str:
    """A countdown as mm:ss (hours folded into minutes)."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
