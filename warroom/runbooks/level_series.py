"""Severity levels read as a series, whichever block carries them: two or more sibling
labels (headings under one heading, a list's items, a table's first column or its header
row, "**Term**: text" paragraphs, the names one sentence lists) that form a scale, weighed
with the words around them.

A series is codes with a shared prefix (P1, P2; SEV-1, SEV-2; Severity 1 … 4) or the words
of one ordered scale (critical, high, medium, low; major, minor; urgent, normal). The words
it is weighed with are its heading, the paragraph or item that leads in to it and what the
labels' own text says: severity, priority, impact, urgency, classification, and response
times. A series of priority or severity codes needs none; other codes (Level, Tier, S1) need
a word of grading and no word of escalation (they may be a support ladder's rungs); words
alone need a word of grading, or, three or more, response times. Each series keeps its
reason."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from markdown_it.token import Token

from warroom.runbooks.level_runs import _WORD_RANK, Label, Run, _Collector
from warroom.runbooks.level_scales import _entry_name
from warroom.runbooks.level_times import _in_figures
from warroom.runbooks.levels import (
    _LEVEL_NOUNS,
    _names_level,
    fit_name,
    level_name,
)
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.table_columns import _work_items
from warroom.runbooks.vocabulary import LEVEL_WORDS, _imperative, _words, clean, first_duration


@dataclass(frozen=True)
class Rung:
    """What a label is as a level: its family ("p", "sev", "level", … or "word"), its place
    in the family (a code's number, a word's rank) and its name and title."""

    family: str
    place: int
    name: str
    title: str


# A code's prefix, by family: "Sev 1", "SEV-2", "Severity 3", "P1", "Priority 2", "Level 1".

_FAMILIES = {
    "sev": "sev", "severity": "sev", "p": "p", "pri": "p", "prio": "p", "priority": "p",
    "level": "level", "lvl": "level", "l": "level", "tier": "tier", "impact": "impact",
    "s": "s", "category": "category", "cat": "category", "class": "category",
}  # fmt: skip
_CODED = re.compile(
    r"(?i)^(?P<prefix>severity|sev|priority|prio|pri|p|incident\s+level|level|lvl|l|tier"
    r"|impact|s|category|cat|class)\s*[-:#_ ]?\s*(?P<place>\d{1,2}|[A-E](?![\w'’]))"
    r"(?=$|[\s:()\[\],.;/|*–—-])"
)
# The families whose codes say they grade by themselves: "P1", "SEV-2", "Impact 3".
_STRONG = {"p", "sev", "impact"}
# Words of grading: the series is a scale of severity where they stand near it.
_GRADING = re.compile(
    r"(?i)severit|priorit|\bimpact|classif|categor|urgen|criticalit|triag|\bsla\b|\bsev\b"
    r"|response\s+times?|\bincident\s+(?:levels?|types?|classes)"
)
# Words of a support ladder's rungs: "Level 1 support", "Tier 2", "escalate to level 3".
_LADDER = re.compile(r"(?i)escalat|\btiers?\b|support\s+(?:levels?|lines?)|\bline\s+\d")


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its labels
def rung(text: str) -> Rung | None:
    """The level a label names, or None: "Severity 1 (Critical)", "P2", "Normal priority"."""
    label = re.sub(r"^\d{1,2}\s*[.)]\s+", "", clean(text).strip(" *_`:#"))
    if (coded := _CODED.match(label)) and _code_heads(label[coded.end() :]):
        family = _FAMILIES[coded.group("prefix").lower().split()[-1]]
        place = coded.group("place")
        found = level_name(label)
        name, title = found if found else (fit_name(coded.group(0)), "")
        return Rung(family, int(place) if place.isdigit() else ord(place.upper()) - 64,
                    name, title)  # fmt: skip
    words = _words(label)
    # "High-urgency alerts": the level's word joined to what it grades
    joined = _JOINED_WORD.match(words[0]) if words else None
    word = re.sub(r"^non-?", "", joined.group(1) if joined else words[0] if words else "")
    if word not in _WORD_RANK:
        return None
    if joined:
        found = (fit_name(label.split()[0]), "") if set(words[1:]) <= _LEVEL_NOUNS else None
    else:
        found = level_name(label) if _names_level(label) else None
    if not found:
        return None
    rank = _WORD_RANK[word] - (10 if words[0].startswith("non") else 0)
    return Rung("word", rank, found[0], found[1])


_JOINED_WORD = re.compile(r"^([a-z]+)-(?:severity|priority|urgency|impact|risk)$")


def _code_heads(rest: str) -> bool:
    """Whether what follows a code leaves it the label's head: nothing, punctuation, a level's
    word or noun ("P1 – Outage", "SEV1 Critical", "P2 incidents"), not "Category 1
    responders"."""
    if not rest.strip() or re.match(r"\s*[:(\[\-–—/|,.]", rest):
        return True
    first = _words(rest)[:1]
    return bool(first) and (first[0] in LEVEL_WORDS or first[0] in _LEVEL_NOUNS)


def _series(run: Run) -> tuple[Series, str] | None:
    """The longest stretch of the run's labels that is a series of one family, and the
    reason it is a scale of levels (None when it is none)."""
    best = _longest_stretch(run)
    if len(best) < 2 or len({r.place for _, r in best}) < len(best):
        return None
    if run.block == "table" and _a_grid(run):
        return None
    # A list or table holds a scale in most of its items, not in one corner of them.
    if run.block in ("list", "table") and len(best) * 2 < len(run.labels):
        return None
    for label, _ in best:
        label.settle()
    weighed = _weighed(run, best)
    if weighed and run.across and len(beside := _beside(run, weighed[0])) > len(best):
        added = ", ".join(f"“{r.name}”" for _, r in beside if r.place == -1)
        return beside, f"{weighed[1]}; with {added}, its column filled like theirs"
    return weighed


def _longest_stretch(run: Run) -> Series:
    """The longest stretch of the run's labels whose levels are of one family."""
    best: Series = []
    stretch: Series = []
    for label in [*run.labels, None]:
        found = _rungs_of(label) if label else []
        if found and label and (not stretch or _kin(stretch[0][1], found[0])):
            stretch += [(label, r) for r in found]
            continue
        best = max(best, stretch, key=len)
        stretch = [(label, r) for r in found] if label else []
    return best


def _beside(run: Run, series: Series) -> Series:
    """A scale across a table's header with a column beside it filled like the levels'
    (a response time in the same rows): "| | Production down | Urgent | Normal |" over
    "| Response | 30 minutes | 1 hour | 1 day |" is three levels, whatever the first's words."""
    timed = [
        row for row in series[0][0].cells
        if all(_time_said(label.cells.get(row, "")) for label, _ in series)
    ]  # fmt: skip
    if not timed:
        return series
    at = run.labels.index(series[0][0])
    ends = [(at - 1, 0), (at + len(series), len(series))]
    for n, where in sorted(ends, reverse=True):
        label = run.labels[n] if 0 <= n < len(run.labels) else None
        if label and _a_name(label.text) and all(_time_said(label.cells.get(r, "")) for r in timed):
            series = [
                *series[:where],
                (label, Rung("word", -1, fit_name(label.text), "")),
            ] + series[where:]
    return series


def _a_name(text: str) -> bool:
    return 0 < len(text.split()) <= 3 and not re.search(r"[\d:.?]", text)


def _time_said(text: str) -> bool:
    # ("1 business hour", "next business day": the desk's hours and days count)
    return first_duration(_in_figures(text)) is not None


def _rungs_of(label: Label) -> list[Rung]:
    """The levels a label names: one, or a group ("Critical and high severity",
    "Medium / Low": what is said is said of each)."""
    if one := _rung_of(label):
        return [one]
    parts = _GROUPED.split(_BRACKETED.sub("", clean(label.text)).strip(" *_:"))
    if not 2 <= len(parts) <= 4:
        return []
    words = [_words(part) for part in parts]
    if not all(w and w[0] in _WORD_RANK and set(w[1:]) <= _LEVEL_NOUNS for w in words):
        return []
    return [Rung("word", _WORD_RANK[w[0]], w[0].capitalize(), "") for w in words]


_BRACKETED = re.compile(r"\([^()]*\)")  # "(P1)": what the label adds in brackets
_GROUPED = re.compile(r"(?i)\s*(?:,\s*(?:and|or)?|/|&|\band\b|\bor\b)\s*")


def _rung_of(label: Label) -> Rung | None:
    """A label's level; "critical (P1)": the code in brackets names it, the word titles it."""
    if label.alias and (coded := rung(label.alias)) and coded.family != "word":
        return Rung(coded.family, coded.place, coded.name, coded.title or label.text)
    return rung(label.text)


def _kin(first: Rung, other: Rung) -> bool:
    return first.family == other.family


Series = list[tuple[Label, Rung]]


def _weighed(run: Run, series: Series) -> tuple[Series, str] | None:
    """The series with its reason, when the words around it make it a scale of levels."""
    family = series[0][1].family
    own = " ".join(f"{label.text} {label.said} {' '.join(label.cells)}" for label, _ in series)
    near = f"{run.near} {series[0][0].before}"
    graded = _GRADING.search(near) or _GRADING.search(own)
    timed = sum(_timed(label) for label, _ in series) * 2 >= len(series)
    names = ", ".join(r.name for _, r in series)
    where = f"{len(series)} {_BLOCKS[run.block]}"
    if _ranks_work(run, series):
        return None
    if family in _STRONG:
        if _LADDER.search(near) and not graded:
            return None
        return series, f"a series of level codes in {where} ({names})"
    said = graded.group(0).lower() if graded else ""
    if family != "word":
        if not graded or _LADDER.search(near):
            return None
        return series, f"a series of level codes in {where} ({names}), near “{said}”"
    if graded:
        return series, f"a scale of level words in {where} ({names}), near “{said}”"
    if timed and len(series) >= 3:
        return series, f"a scale of level words in {where} ({names}), each with a response time"
    return None


# "## Backlog", "| Priority | Task | Owner |": priorities that rank work define no scale
_WORK_PLACE = re.compile(r"(?i)\b(?:backlog|to-?dos?|roadmap|tasks|work\s+items)\b")


def _ranks_work(run: Run, series: Series) -> bool:
    """Levels that rank work rather than grade incidents: under a backlog's heading, beside
    a task list's columns, or (words) each over an instruction ("**High**: upgrade the
    database")."""
    if _WORK_PLACE.search(" ".join(run.path[-2:])):
        return True
    if _work_items(list(series[0][0].cells)):
        return True
    said = [label.said for label, _ in series if label.said]
    # (a heading's text is what is done at its level: "### Critical" over "Page the on-call")
    worded = series[0][1].family == "word" and run.block in ("list", "terms")
    return worded and bool(said) and sum(map(_imperative, said)) * 2 > len(said)


_BLOCKS = {"heading": "sibling headings", "list": "list items", "table": "table cells",
           "prose": "names in one sentence", "terms": "labelled paragraphs",
           "led": "sentences each led by a level"}  # fmt: skip


def _timed(label: Label) -> bool:
    return _time_said(" ".join((label.said, *label.cells.values())))


def _a_grid(run: Run) -> bool:
    """Levels in a table's cells, two or more columns of two or more rows: a priority matrix
    ("| Impact | High urgency | Low urgency |" over "| High | P1 | P2 |"), whose cells are the
    levels and whose first column and header the grades it crosses (the tables reader
    reads it)."""
    counts: dict[str, int] = {}
    for label in run.labels:
        for key, cell in label.cells.items():
            counts[key] = counts.get(key, 0) + bool(rung(cell))
    return sum(n >= 2 for n in counts.values()) >= 2


# -- the series as sections ------------------------------------------------------------------


def series_sections(tokens: list[Token]) -> list[Section]:
    """Every series of levels the document's blocks hold, a section each."""
    out = []
    for run in _Collector(tokens).collect():
        if not (weighed := _series(run)):
            continue
        series, reason = weighed
        entries = [
            Entry(label.text, label.said, label.line,
                  {**label.cells, "=name": _upper(r.name)}
                  | ({"=title": _upper(r.title)} if r.title else {}))
            for label, r in series
        ]  # fmt: skip
        block = "prose" if run.block in ("terms", "led") else run.block
        out.append(Section(run.path, entries[0].line, block, "levels", entries, reason=reason))
    return out


def _upper(name: str) -> str:
    """A level's name as a heading writes it: "urgent" in a sentence is "Urgent"."""
    return name[:1].upper() + name[1:] if name.islower() else name


def place_series(sections: list[Section], found: list[Section]) -> list[Section]:
    """The series of levels placed among the sections the walk found: a series whose levels
    are all found already adds nothing, and of the others only the levels not found yet;
    one that reads more levels from the blocks another reading took ("Critical / High" read
    as "Critical" alone) takes their place; the blocks a series takes are levels, not steps
    nor text left unplaced."""
    added = _not_found_yet(sections, found)
    taken = {e.line for s in added for e in s.entries}
    for section in sections:
        if section.kind == "phase" and section.block != "heading":
            section.entries = [e for e in section.entries if e.line not in taken]
    kept = [s for s in sections if s.entries and not (s.kind == "not placed" and s.line in taken)]
    return kept + added


def _not_found_yet(sections: list[Section], found: list[Section]) -> list[Section]:
    """The series with the levels no other reading found; a narrower reading of a series'
    lines emptied for it."""
    added: list[Section] = []
    # Each reading's level names read once, and the names known kept as counts that grow
    # and shrink with the readings (not recounted over every section for each series).
    readings = _Readings([s for s in sections if s.kind == "levels"])
    for section in found:
        named = [_name(e) for e in section.entries]
        readings.narrower_emptied(_by_line(section.entries, named))
        kept = [
            (e, n) for e, n in zip(section.entries, named, strict=True) if not readings.known(n)
        ]
        section.entries = [e for e, _ in kept]
        if section.entries:
            added.append(section)
            readings.names.update(n for _, n in kept)
    return added


class _Readings:
    """The levels other readings found, by name and by line."""

    def __init__(self, levels: list[Section]) -> None:
        self.levels = levels
        self.each = [[_name(e) for e in s.entries] for s in levels]
        self.lines = [_by_line(s.entries, n) for s, n in zip(levels, self.each, strict=True)]
        self.names = Counter(n for named in self.each for n in named)
        # (only a reading on one of a series' lines can be narrower than it)
        self.on_line: dict[int, list[int]] = {}
        for at, by_line in enumerate(self.lines):
            for line in by_line:
                self.on_line.setdefault(line, []).append(at)

    def known(self, name: str) -> bool:
        return self.names[name] > 0

    def narrower_emptied(self, theirs: dict[int, set[str]]) -> None:
        """The readings narrower than a series' emptied, their names no longer known."""
        for at in sorted({at for line in theirs for at in self.on_line.get(line, ())}):
            if self.levels[at].entries and _narrower(self.lines[at], theirs):
                self.levels[at].entries = []
                self.names.subtract(self.each[at])
                self.each[at], self.lines[at] = [], {}


def _by_line(entries: list[Entry], names: list[str]) -> dict[int, set[str]]:
    """The level names each line holds."""
    out: dict[int, set[str]] = {}
    for entry, name in zip(entries, names, strict=True):
        out.setdefault(entry.line, set()).add(name)
    return out


def _narrower(mine: dict[int, set[str]], theirs: dict[int, set[str]]) -> bool:
    """A reading of the series' lines that names fewer levels on one of them ("Critical"
    where the series reads "Critical / High")."""
    return set(mine) <= set(theirs) and any(mine[n] < theirs[n] for n in mine)


def _name(entry: Entry) -> str:
    """A level's name as levels are told apart: "Low-severity" is "Low"."""
    return _SUFFIX.sub("", _entry_name(entry))


_SUFFIX = re.compile(r"[- ](?:severity|priority|urgency|impact|risk|level)$")
