"""Counted words as a person writes them: "1 item", "2 items", "0 events"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 task", "3 tasks"; `many` for a word that does not just take an s ("1 was", "2 were")."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def were(count: int) -> str:
    """The verb that agrees with a count: "1 was", "2 were"."""
    return plural(count, "was", "were")
