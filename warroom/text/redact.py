"""Secrets warroom expanded from `${VAR}` in its config (action environments, webhook URLs,
endpoint headers): replaced by `${VAR}` wherever text would otherwise be stored or shown.

An action that prints its token, a webhook whose error echoes its URL, a header in an error
message: the value is known (warroom put it there), so it is taken out again before anything
reaches the timeline, an export, the screen or a message.
"""

from __future__ import annotations

import threading
from typing import Any

MIN_LENGTH = 4  # a shorter value ("1", "yes") would blank ordinary words, and guards nothing

_known: dict[str, str] = {}  # value → the variable it came from
_lock = threading.Lock()


def remember(name: str, value: str) -> None:
    """A value warroom read from `$name` to put into a command, a URL or a header."""
    if len(value) >= MIN_LENGTH:
        with _lock:
            _known[value] = name


def redact(text: str) -> str:
    if not _known or not text:
        return text
    for value, name in sorted(_known.items(), key=lambda kv: -len(kv[0])):
        if value in text:
            text = text.replace(value, "${" + name + "}")
    return text


def redact_data(value: Any) -> Any:
    """The same through JSON-like data (a timeline entry's data)."""
    if not _known:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(v) for v in value]
    return value
