"""A summary's restatements: under "## Process Flow Summary", "## At a glance", "## TL;DR",
an item that says again, in fewer words, what the document said before ("Enter firefighting
mode." after "the team enters **firefighting mode**") is the same step, not a second one to
tick. What the summary says for the first time stays a step."""

from __future__ import annotations

import re

from warroom.runbooks.model import Section
from warroom.runbooks.vocabulary import _words

_SUMMARY = re.compile(
    r"(?i)\b(?:summary|summari[sz]ed|recap|at\s+a\s+glance|tl;?\s*dr|quick\s+reference"
    r"|cheat\s*-?sheet|in\s+(?:brief|short)|overview)\b"
)
# Words that say nothing of what is done: a restatement is judged by the others.
_STOP = {
    "the", "and", "for", "with", "that", "this", "from", "into", "are", "was", "were", "has",
    "have", "had", "its", "their", "our", "your", "any", "all", "of", "to", "in", "on", "at",
    "by", "is", "be", "it", "if", "as", "or", "an", "a", "should", "must", "will", "can",
    "may", "there", "when", "then", "after", "before",
}  # fmt: skip


def _stems(text: str) -> set[str]:
    """A text's words that say something, each by its first five letters ("enters" and
    "enter", "severity" and "severe" alike; "it's", "don't" say nothing)."""
    return {w[:5] for w in _words(text) if w not in _STOP and len(w) >= 3 and "'" not in w}


def restated(sections: list[Section], said: list[tuple[str, int]]) -> list[Section]:
    """The sections with a summary's restatements taken out of its phases and put aside,
    each with its reason. `said`: the document's inline texts and their lines."""
    # (not the document's title: "# Overview" over a whole plan is no summary of it)
    summaries = [s for s in sections if s.kind == "phase" and len(s.path) > 1
                 and any(map(_SUMMARY.search, s.path[1:]))]  # fmt: skip
    if not summaries:
        return sections
    start = min(s.line for s in summaries)
    before = [(_stems(text), line) for text, line in said if line < start]
    aside = []
    for section in summaries:
        again = [e for e in section.entries if _said_before(_stems(e.text), before)]
        if again and len(again) < len(section.entries):
            section.entries = [e for e in section.entries if e not in again]
        elif again:
            section.kind = "not placed"
        else:
            continue
        reason = f"said again in “{section.heading}”, a summary of what is written above"
        aside.append(Section(section.path, again[0].line, section.block, "not placed", again,
                             reason=reason))  # fmt: skip
    return [s for s in sections if s.kind == "phase" or s not in summaries] + aside


def _said_before(item: set[str], before: list[tuple[set[str], int]]) -> bool:
    """Whether one earlier text holds three quarters of an item's words (two at least)."""
    if len(item) < 2:
        return False
    return any(len(item & earlier) * 4 >= len(item) * 3 for earlier, _ in before)
