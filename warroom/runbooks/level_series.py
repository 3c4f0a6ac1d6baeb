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
from dataclasses import dataclass, field

from markdown_it.token import Token

from warroom.runbooks.level_scales import _RANK
from warroom.runbooks.levels import (
    _LEVEL_NOUNS,
    _in_figures,
    _names_level,
    fit_name,
    level_name,
)
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import _bold_lead, _inline_text
from warroom.runbooks.table_columns import _work_items
from warroom.runbooks.vocabulary import LEVEL_WORDS, _imperative, _words, clean, first_duration


@dataclass
class Label:
    """One sibling's label and what its block says of it."""

    text: str  # "Severity 1 (Critical)", "Urgent", "critical"
    line: int
    said: str = ""  # its meaning, response time, cadence
    cells: dict[str, str] = field(default_factory=dict)  # a table's cells by column or row
    alias: str = ""  # "critical (P1)": the code in brackets after the word
    before: str = ""  # a heading's: the text of the section before it (its lead-in)
    # the text under it not read yet (read only for a series: most labels are none)
    more: list[Token] = field(default_factory=list)
    prior: list[Token] = field(default_factory=list)

    head: Token | None = None  # a list item's first line

    def own(self) -> str:
        """A list item's own line, whole."""
        if self.text or self.head is None:
            return f"{self.text} {self.said}"
        return clean(_inline_text(self.head))

    def settle(self) -> None:
        """What it says and what leads in to it, read from the text under it."""
        if self.more:
            said = "; ".join(clean(_inline_text(t)) for t in self.more)
            self.said, self.more = f"{self.said}; {said}".strip("; "), []
        if self.prior:
            self.before, self.prior = " ".join(clean(_inline_text(t)) for t in self.prior), []


@dataclass
class Run:
    """Sibling labels one block holds, with where they stand."""

    labels: list[Label]
    block: str  # "heading", "list", "table", "prose"
    path: tuple[str, ...]
    near: str  # the heading and the lead-in: the words the series is weighed with
    across: bool = False  # a table's header row, each label over its column


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
# A scale's ends: colours are a scale only where their place grades incidents (level_scales).
_COLOURS = {"red", "amber", "green", "yellow", "orange"}
_WORD_RANK = {w: r for w, r in _RANK.items() if w not in _COLOURS}


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
    word = re.sub(r"^non-?", "", words[0]) if words else ""
    if word not in _WORD_RANK or not _names_level(label):
        return None
    found = level_name(label)
    if not found:
        return None
    rank = _WORD_RANK[word] - (10 if words[0].startswith("non") else 0)
    return Rung("word", rank, found[0], found[1])


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
    best: Series = []
    stretch: Series = []
    for label in [*run.labels, None]:
        found = _rung_of(label) if label else None
        if found and label and (not stretch or _kin(stretch[0][1], found)):
            stretch.append((label, found))
            continue
        best = max(best, stretch, key=len)
        stretch = [(label, found)] if found and label else []
    places = {r.place for _, r in best}
    for label, _ in best:
        label.settle()
    if len(best) < 2 or len(places) < len(best):
        return None
    # A list or table holds a scale in most of its items, not in one corner of them.
    if run.block in ("list", "table") and len(best) * 2 < len(run.labels):
        return None
    weighed = _weighed(run, best)
    if weighed and run.across and len(beside := _beside(run, weighed[0])) > len(best):
        added = ", ".join(f"“{r.name}”" for _, r in beside if r.place == -1)
        return beside, f"{weighed[1]}; with {added}, its column filled like theirs"
    return weighed


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
           "prose": "names in one sentence", "terms": "labelled paragraphs"}  # fmt: skip


def _timed(label: Label) -> bool:
    return _time_said(" ".join((label.said, *label.cells.values())))


# -- the runs of sibling labels a document holds ---------------------------------------------

_TERM = re.compile(r"^([^:–—]{1,60}?)\s*(?::|\s[–—-]\s)\s*(.*)$", re.DOTALL)


def _label(inline: Token, line: int) -> Label:
    """An item's or paragraph's label and what follows it: "**Critical**: outage",
    "Severity 1 (Critical): outage", "Urgent – within 1 hour", or the whole short text."""
    if lead := _bold_lead(inline):
        return Label(clean(lead[0]).rstrip(" :"), line, clean(lead[1]).lstrip(":-–— "))
    text = clean(_inline_text(inline))
    if term := _TERM.match(text):
        return Label(term.group(1), line, term.group(2))
    return Label(text, line)


_PASSED = {"paragraph_open", "paragraph_close", "heading_close"}


class _Collector:
    """One pass over the tokens, gathering the runs: each heading's siblings, each list's
    items, each table's first column and header row, each stretch of labelled paragraphs,
    and the names each sentence lists."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.runs: list[Run] = []
        self.stack: list[tuple[int, str, int]] = []  # the open headings
        self.lead_token: Token | None = None  # the last paragraph
        self.lists: list[tuple[list[Label], str, tuple[str, ...]]] = []  # open lists
        self.items: list[Label] = []  # the open list items, outermost first
        self.terms: list[Label] = []  # labelled paragraphs since the last block
        self.headings: list[tuple[int, str, int]] = []
        self.bodies: dict[int, list[Token]] = {}  # heading line → the text under it

    def path(self) -> tuple[str, ...]:
        return tuple(title for _, title, _ in self.stack)

    @property
    def lead(self) -> str:
        """The last paragraph's text."""
        return clean(_inline_text(self.lead_token)) if self.lead_token else ""

    def near(self) -> str:
        return " ".join((*self.path()[-2:], self.lead))

    def collect(self) -> list[Run]:
        i = 0
        tokens = self.tokens
        while i < len(tokens):
            # (paragraphs' and items' ends say nothing: most tokens are passed over here)
            i = self.token(i) if tokens[i].type not in _PASSED else i + 1
        self.close_terms()
        self.heading_runs()
        return self.runs

    def token(self, i: int) -> int:
        t = self.tokens[i]
        line = t.map[0] + 1 if t.map else 0
        if t.type == "heading_open":
            self.close_terms()
            title = clean(_inline_text(self.tokens[i + 1]))
            level = int(t.tag[1])
            self.stack = [h for h in self.stack if h[0] < level] + [(level, title, line)]
            self.headings.append((level, title, line))
            self.bodies[line] = []
            self.sentences(self.tokens[i + 1], line)
            return i + 3
        if t.type in ("bullet_list_open", "ordered_list_open"):
            self.close_terms()
            # (the parent item's own text: what its sub-list is)
            lead = self.items[-1].own() if self.items else self.lead
            self.lists.append(([], " ".join((*self.path()[-2:], lead)), self.path()))
        elif t.type in ("bullet_list_close", "ordered_list_close") and self.lists:
            labels, near, path = self.lists.pop()
            self.runs.append(Run(labels, "list", path, near))
        elif t.type == "list_item_open" and self.lists:
            self.items.append(Label("", line))
            self.lists[-1][0].append(self.items[-1])
        elif t.type == "list_item_close" and self.items:
            self.items.pop()
        elif t.type == "table_open":
            self.close_terms()
            return self.table(i)
        elif t.type == "inline":
            self.inline(t, line)
        elif t.type in ("fence", "code_block", "html_block") and not self.items:
            self.close_terms()
            if t.type == "html_block":
                self.html(t, line)
        return i + 1

    def inline(self, t: Token, line: int) -> None:
        if self.stack:
            self.bodies[self.stack[-1][2]].append(t)
        self.sentences(t, line)
        if self.items:
            current = self.items[-1]
            if current.head is None:  # the item's own first line: its label
                current.head = t
                if _names_one(t.content):  # (most items name no level: not read as one)
                    label = _label(t, line)
                    current.text, current.said = label.text, label.said
            else:
                current.more.append(t)
            for outer in self.items[:-1]:
                outer.more.append(t)
            return
        if _names_one(t.content) and (_bold_lead(t) or _TERM.match(t.content)):
            self.terms.append(_label(t, line))
        elif self.terms:  # the meaning under a bold line ("**Critical**" over its paragraph)
            self.terms[-1].more.append(t)
        self.lead_token = t

    def close_terms(self) -> None:
        if len(self.terms) >= 2:
            self.runs.append(Run(self.terms, "terms", self.path(), self.near()))
        self.terms = []

    def table(self, i: int) -> int:
        """A markdown table's runs."""
        from warroom.runbooks.outline import _md_table

        at = self.tokens[i].map
        line = at[0] + 1 if at else 0
        head, rows, end = _md_table(self.tokens, i)
        numbered = [(line + 2 + n, row) for n, row in enumerate(rows)]
        self.runs += table_runs(head, numbered, self.path(), self.near())
        return end + 1

    def html(self, t: Token, line: int) -> None:
        """The runs of the tables an HTML block holds."""
        from warroom.runbooks.outline import _html_tables

        if "<table" not in t.content.lower():
            return
        for head, rows in _html_tables(t.content):
            numbered = [(line + at - 1, row) for at, row in rows]
            self.runs += table_runs(head, numbered, self.path(), self.near())

    def heading_runs(self) -> None:
        """Sibling headings under one heading, each with the text under it; weighed with
        their parent's title and the paragraph before the first of them."""
        groups: dict[int, list[tuple[int, str, int]]] = {}
        parents: list[tuple[int, str, int]] = []
        titles = {0: ""}
        for heading in self.headings:
            parents = [p for p in parents if p[0] < heading[0]]
            groups.setdefault(parents[-1][2] if parents else 0, []).append(heading)
            parents.append(heading)
            titles[heading[2]] = heading[1]
        # the last paragraphs of the section before each heading: what leads in to it
        previous = {h[2]: self.bodies[p[2]][-4:]
                    for p, h in zip(self.headings, self.headings[1:], strict=False)}  # fmt: skip
        for parent, siblings in groups.items():
            if len(siblings) < 2:
                continue
            labels = [Label(t, line, more=self.bodies[line], prior=previous.get(line, []))
                      for _, t, line in siblings]  # fmt: skip
            self.runs.append(Run(labels, "heading", (titles[parent],), titles[parent]))

    def sentences(self, inline: Token, line: int) -> None:
        """The names one sentence lists: "critical (P1) or routine (P2)", "P1/P2"."""
        text = _inline_text(inline)
        # (most text names no two levels: the sentences are not split)
        if len(text) > 2000 or not _two_named(text):
            return
        for sentence in _SENTENCE.split(clean(_MARKS.sub("", text))):
            if labels := listed(sentence, line):
                heading = self.path()[-1:] if self.stack else ()
                self.runs.append(Run(labels, "prose", self.path(), " ".join((*heading, sentence))))


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_MARKS = re.compile(r"[*_`]")
_WORD_ALT = "|".join(sorted(_WORD_RANK, key=len, reverse=True))
_NAMED = re.compile(
    rf"(?i)(?<![\w-])(?P<label>(?:severity|sev|priority|p|s)[\s-]?\d{{1,2}}|(?:non-?)?(?:{_WORD_ALT}))"
    r"(?![\w-])(?:[- ](?:severity|priority|impact|urgency))?(?:\s*\(\s*(?P<alias>[^()]{1,30}?)\s*\))?"
)
# A level's name, in lower case: the quick test of whether a text names two
_NAMED_LOWER = re.compile(
    rf"(?<![\w-])(?:(?:severity|sev|priority|p|s)[\s-]?\d{{1,2}}|(?:{_WORD_ALT}))(?![\w-])"
)


def _names_one(text: str) -> bool:
    """Whether the start of a line names a level (the quick test before it is read)."""
    return bool(_NAMED_LOWER.search(text[:120].lower()))


def _two_named(text: str) -> bool:
    lower = text.lower()
    first = _NAMED_LOWER.search(lower)
    return bool(first and _NAMED_LOWER.search(lower, first.end()))


_BETWEEN = re.compile(r"(?i)^\s*(?:,\s*(?:and|or)?|\bor\b|\band\b|/|>|\|)\s*$")
# After the names: a level's noun, or the sentence's end ("routine (P2).", "P1/P2 severities")
_AFTER = re.compile(
    r"(?i)^(?:\s*$|\s*[.,;:)!?]|\s+(?:severit|priorit|impact|incident|issue|bug|vulnerab|level"
    r"|categor|ticket|request|alert|outage|case|report|risk|ones?\b|rating|class"
    # "rated as urgent (P1), normal (P2) or low (P3) by the agent": the sentence goes on
    r"|(?:by|for|in|on|at|with|depending|according|based|if|when|where|which|that)\b))"
)


# Before the names, what makes the sentence the scale's definition: it counts the scale
# ("there are two severities, …"), sorts into it ("classifies incidents as either …") or
# names it ("Priorities are …", "Severity levels: …").
_DEFINES = re.compile(
    r"(?i)(?:\b(?:two|three|four|five|six|seven|[2-7])\s+(?:[\w-]+\s+){0,2}?"
    r"(?:severit\w*|priorit\w*|levels?|categor\w*|class\w*|ratings?|grades?|types?)\b[^.]{0,30}"
    r"|\b(?:classif\w*|categori[sz]\w*|rated|rates?|graded|prioriti[sz]\w*|ranked)\b[^.]{0,40}?"
    r"\b(?:as|into|by)\s+(?:either\s+|one\s+of\s+(?:the\s+)?)?(?:an?\s+)?"
    r"|\b(?:severit\w*|priorit\w*|levels|categories|classes)\s*(?:are|is|:|\(|of)\s*(?:either\s+)?"
    # "Our alerts are either high urgency (…) or low urgency (…)": the alternatives of all
    r"|\beither\s+)$"
)


def listed(sentence: str, line: int) -> list[Label]:
    """The names a sentence lists one after another, two or more joined by commas, "or",
    "and", slashes: each with the code in brackets after it, when it gives one."""
    found = list(_NAMED.finditer(sentence))
    if len(found) < 2:
        return []
    chains: list[list[re.Match[str]]] = [[]]
    for match in found:
        if chains[-1] and not _BETWEEN.match(sentence[chains[-1][-1].end() : match.start()]):
            chains.append([])
        chains[-1].append(match)
    chain = max(chains, key=len)
    if len(chain) < 2 or not _AFTER.match(sentence[chain[-1].end() :]):
        return []
    if not _DEFINES.search(sentence[: chain[0].start()]):
        return []  # "a postmortem for all S1 and S2 incidents": a scale named, not defined
    return [_named(m, line) for m in chain]


def _named(match: re.Match[str], line: int) -> Label:
    """A name in a sentence with what its brackets say: a code ("critical (P1)") or what
    it means ("high urgency (page immediately)")."""
    said = match.group("alias") or ""
    if said and (coded := rung(said)) and coded.family != "word":
        return Label(match.group("label"), line, "", {}, said)
    return Label(match.group(0).split("(")[0].strip(), line, said)


def table_runs(
    head: list[str], rows: list[tuple[int, list[str]]], path: tuple[str, ...], near: str
) -> list[Run]:
    """A table's first column (its header names what each column says) and its header row
    (its first column names what each row says)."""
    cells = [row for _, row in rows]
    # "| Impact | High urgency | Low urgency |" over "| High | P1 | P2 |": a priority matrix,
    # whose cells are the levels and whose first column and header the grades it crosses
    # (the tables reader reads it)
    if _a_grid(cells) or not rows:
        return []
    out = []
    if all(len(row) >= 2 for row in cells):
        out.append(Run(_down(head, rows), "table", path, f"{near} {' '.join(head)}"))
    if len(head) >= 3:
        firsts = " ".join(row[0] for row in cells if row)
        out.append(Run(_across(head, rows), "table", path, f"{near} {firsts}", across=True))
    return out


def _a_grid(cells: list[list[str]]) -> bool:
    """Levels in the body's cells, two or more columns of two or more rows: a matrix."""
    columns = [
        k for k in range(1, max(map(len, cells), default=0))
        if sum(bool(rung(row[k])) for row in cells if len(row) > k) >= 2
    ]  # fmt: skip
    return len(columns) >= 2


def _down(head: list[str], rows: list[tuple[int, list[str]]]) -> list[Label]:
    """The first column's labels, each with its row's cells by column."""
    keys = [h.lower() for h in head[1:]]
    return [
        Label(row[0], line, "", {k: c for k, c in zip(keys, row[1:], strict=False) if k})
        for line, row in rows
    ]


def _across(head: list[str], rows: list[tuple[int, list[str]]]) -> list[Label]:
    """The header row's labels, each with its column's cells by row."""
    line = rows[0][0] - 2
    return [
        Label(h, line, "", {row[0].lower(): row[k] for _, row in rows if len(row) > k and row[0]})
        for k, h in enumerate(head)
        if k
    ]


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
        block = "prose" if run.block == "terms" else run.block
        out.append(Section(run.path, entries[0].line, block, "levels", entries, reason=reason))
    return out


def _upper(name: str) -> str:
    """A level's name as a heading writes it: "urgent" in a sentence is "Urgent"."""
    return name[:1].upper() + name[1:] if name.islower() else name


def place_series(sections: list[Section], found: list[Section]) -> list[Section]:
    """The series of levels placed among the sections the walk found: a series whose levels
    are all found already adds nothing; the blocks a series takes are levels, not steps nor
    text left unplaced."""
    known = {_name(e) for s in sections if s.kind == "levels" for e in s.entries}
    taken: set[int] = set()
    added = []
    for section in found:
        if {e.cells["=name"].lower() for e in section.entries} <= known:
            continue
        known |= {e.cells["=name"].lower() for e in section.entries}
        taken |= {e.line for e in section.entries}
        added.append(section)
    for section in sections:
        if section.kind == "phase" and section.block != "heading":
            section.entries = [e for e in section.entries if e.line not in taken]
    kept = [s for s in sections if s.entries and not (s.kind == "not placed" and s.line in taken)]
    return kept + added


def _name(entry: Entry) -> str:
    found = (entry.cells["=name"], "") if entry.cells.get("=name") else level_name(entry.text)
    return found[0].lower() if found else ""
