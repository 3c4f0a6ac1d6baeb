"""Levels said several at once in one paragraph, list or cell: sentences each led by a
level's code or word, the levels issues are rated by, a tracker's scoped labels, the
levels an item's sub-items define, the names in capitals a table cell lists."""

from __future__ import annotations

import re

from warroom.runbooks.levels import (
    _JOINED,
    _SPEAKS_OF_LEVELS,
    _WORD_ALT,
    _WORDED_SENTENCE,
    _names_level,
    fit_name,
)
from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import CODE, LEVEL_WORDS, _words, clean

# "P1 incidents page the on-call at once.": a sentence about one level, led by its code.
_CODED_SENTENCE = re.compile(
    r"(?i)^(?:an?\s+|the\s+)?(?P<code>(?:sev(?:erity)?|priority|p)\s*[-:#_ ]?\s*\d{1,2})\b"
    r"\s*(?:incidents?|issues?|bugs?|alerts?|tickets?|outages?)?\s*[:,–—-]?\s+(?P<rest>\w.+)$"
)


def coded_sentences(text: str, line: int) -> list[Entry]:
    """ "P1 incidents page the on-call immediately. P2 incidents wait until morning.": two or
    more sentences each led by a different level's code, and what each says of it."""
    sentences = [s for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]
    found = [m for s in sentences if (m := _CODED_SENTENCE.match(s.strip()))]
    codes = {re.sub(r"\W", "", m.group("code").lower()) for m in found}
    if len(codes) < 2 or len(found) < len(sentences):
        return []
    said = [re.sub(r"(?i)^(?:is|are|means)\s+", "", m.group("rest")).rstrip(". ;") for m in found]
    return [
        Entry(m.group("code"), rest.rstrip(";"), line) for m, rest in zip(found, said, strict=True)
    ]


def worded_sentences(text: str, line: int) -> list[Entry]:
    """Sentences each led by a different level's word and the kind of issue it rates, three
    or more in a paragraph: "Critical issues are fixed at once. High issues …"."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]
    found = [m for s in sentences if (m := _WORDED_SENTENCE.match(s))]
    if len({m.group("word").lower() for m in found}) < 3:
        return []
    return [Entry(m.group("word").capitalize(), m.group(0).rstrip(". ;"), line) for m in found]


# "Critical means the issue can be exploited remotely": a level, then what it means.
_LEVEL_MEANS = re.compile(
    rf"(?i)^(?P<word>{_WORD_ALT})(?:[- ](?:severity|priority|impact|risk))?"
    r"\s+(?:means|indicates|denotes|covers|applies\s+to|is\s+(?:used\s+)?for)\s+\w"
)


def worded_items(entries: list[Entry]) -> list[Entry]:
    """A list whose every item is a sentence led by a different level's word and the kind of
    issue it rates ("- **Critical severity issues** are fixed within 7 days."), three or more:
    each a level, the sentence what it says of it."""
    found = [
        (e, m)
        for e in entries
        if (m := _WORDED_SENTENCE.match(clean(e.text)) or _LEVEL_MEANS.match(clean(e.text)))
    ]
    words = {m.group("word").lower() for _, m in found}
    if len(found) < len(entries) or len(words) < min(3, len(entries)) or len(words) < 2:
        return []
    said = [(e, m, f"{e.text} {e.detail}".strip()) for e, m in found]
    return [Entry(m.group("word").capitalize(), text, e.line) for e, m, text in said]


# "…; i. High: the incident is catastrophic; …": a part of an item's detail led by a level
# (a sub-item's marker before it) and a colon.
_DETAIL_LEVEL = re.compile(
    rf"(?i)(?:^|;\s)\s*(?:(?:[ivx]+|[a-z]|\d{{1,2}})[.)]\s+)?"
    rf"(?P<level>{_WORD_ALT}|{CODE.pattern})\s*(?::|\s[–—-])\s+(?=\S)"
)


def detail_levels(entry: Entry) -> list[Entry]:
    """Levels a list item's sub-items or paragraphs define one by one ("assign a severity
    level:" over "i. High: …", "i. Medium: …", "i. Low: …"): two or more under an item that
    speaks of severity, or three or more."""
    if not any(mark in entry.detail for mark in (":", " –", " —", " -")):
        return []  # (most items' details name no level: the pattern is not tried on them)
    marks = list(_DETAIL_LEVEL.finditer(entry.detail))
    names = {m.group("level").lower() for m in marks}
    if len(names) < (2 if _SPEAKS_OF_LEVELS.search(entry.text) else 3) or len(names) < len(marks):
        return []
    return [
        Entry(m.group("level"),
              entry.detail[m.end() : marks[n + 1].start() if n + 1 < len(marks) else None]
              .strip(" ;"), entry.line)
        for n, m in enumerate(marks)
    ]  # fmt: skip


def severity_labels(entries: list[Entry]) -> list[Entry]:
    """The items of a list of outcomes whose labels say which severity they are ("**Low-severity
    vulnerability**: …", "**High-severity vulnerability**: …" among "**Bug**: …"), two or
    more different ones."""
    found = [e for e in entries if _JOINED.match(e.text.split()[0] if e.text.split() else "")]
    if len({e.text.split()[0].lower() for e in found}) < 2:
        return []
    return [Entry(e.text, e.detail, e.line) for e in found]


# "priority::high", "severity/critical", "sev:1": a scoped label a tracker sets for a level.
_SCOPED_LABEL = re.compile(
    r"(?i)(?<![\w:/])(?P<label>(?:severity|priority|sev|prio|impact)(?:::|/|:)(?P<value>[\w-]+))"
)


def scoped_labels(sentence: str, line: int) -> list[Entry]:
    """Levels a sentence names as the labels an issue tracker sets ("we label it with
    `priority::high`, `priority::higher`, or `priority::highest`"), two or more: each named
    by its value, the label as written its title."""
    found = {m.group("label").lower(): m for m in _SCOPED_LABEL.finditer(sentence)}
    if len(found) < 2:
        return []
    return [
        Entry(m.group("label"), "", line,
              {"=name": fit_name(m.group("value")), "=title": m.group("label")})
        for m in found.values()
    ]  # fmt: skip


# "critical and high", "critical, high or medium": level words one after another
_WORD_RUN = rf"(?P<run>{_WORD_ALT}(?:(?:\s*,\s*|\s*,?\s+(?:and|or)\s+){_WORD_ALT})*)"
# "critical and high severity issues", "medium or low ones", "low-impact bugs": level words
# before the issues they rate.
_RATED = re.compile(
    rf"(?i)(?<![\w-]){_WORD_RUN}"
    r"[- ](?:(?:severity|impact|risk)\b|(?:(?:severity|impact|risk|priority)[- ])?"
    r"(?:security\s+)?(?:issues?|vulnerabilit(?:y|ies)|bugs?|flaws?|reports?|ones|cves?)\b)"
)


# "issues rated critical or high are fixed at once": the levels after the verb that rates
_RATED_AS = re.compile(
    rf"(?i)\b(?:rated|graded|classed|classified|categori[sz]ed)\s+(?:as\s+)?"
    rf"{_WORD_RUN}\b"
)


def _start(match: re.Match[str]) -> int:
    return match.start()


def rated_issues(text: str, line: int) -> list[Entry]:
    """Levels a paragraph rates issues by, a few at a time ("critical and high severity issues
    get a dedicated release; medium and low ones wait for the next"): three or more different
    level words before the issues they rate, in the order said."""
    if len(set(_words(text)) & LEVEL_WORDS) < 3:
        return []  # (three level words at least: the pattern is not tried on other text)
    names: dict[str, str] = {}
    plain = re.sub(r"[*_`]", "", text)  # "**critical** or **high** issues"
    for match in sorted((*_RATED.finditer(plain), *_RATED_AS.finditer(plain)), key=_start):
        for word in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group("run")):
            names.setdefault(word.lower(), word)
    if len(names) < 3:
        return []
    return [Entry(word, "", line) for word in names.values()]


# "NO IMPACT – Event has no impact NO IMPACT TO SERVICES – …": names in capitals, each
# followed by a dash and what it means.
_CAPITAL_NAME = re.compile(
    r"(?:^|(?<=\s))([A-Z][A-Z0-9/&'-]*(?:\s+[A-Z0-9/&'-]+)*[A-Z0-9])\s+[-–—]\s*"
)


def levels_in_cell(cell: str) -> list[Entry]:
    """The levels one table cell lists, each in capitals with its meaning (the cell of a
    scale's row: "Functional impact" | "NO IMPACT – … MINIMAL IMPACT – …")."""
    marks = [m for m in _CAPITAL_NAME.finditer(cell) if len(m.group(1)) >= 3]
    if len(marks) < 2 or marks[0].start() != 0:
        return []
    return [
        Entry(
            m.group(1),
            cell[m.end() : marks[n + 1].start() if n + 1 < len(marks) else None].strip(),
            0,
            {"=name": fit_name(m.group(1).title()), "=title": m.group(1)},
        )
        for n, m in enumerate(marks)
    ]


# "**Severity:** Warning", "Priority: P2": a field that states the level of an alert or issue
_LEVEL_LABEL = re.compile(r"(?i)^(?:(?:alert|incident|issue)\s+)?(?:severity|priority|sev)$")


def level_field(entry: Entry) -> list[Entry]:
    """The one level a list item's field states ("- **Severity:** Warning" in an alert's
    runbook): the label says severity and the value is a level's name alone."""
    label, value = clean(entry.text).strip(" *_:"), clean(entry.detail).strip(" *_.`")
    if not value and ":" in label:
        label, value = (part.strip(" *_.`") for part in label.split(":", 1))
    if not (_LEVEL_LABEL.match(label) and value and len(value.split()) <= 3):
        return []
    return [Entry(value, "", entry.line)] if _names_level(value) else []
