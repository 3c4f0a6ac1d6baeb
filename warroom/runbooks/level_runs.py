"""The runs of sibling labels a document holds, whichever block holds them: the headings
under one heading (each with the text under it), a list's items at any depth (their lead
words or bold terms, the item over a sub-list its lead-in), a table's first column and its
header row (each with its row's or column's cells), a stretch of "**Term**: text" or
"P1 incidents …" paragraphs, the names one sentence lists ("critical (P1) or routine (P2)")
and the sentences of one paragraph each led by a level. Whether a run is a scale of levels
is level_series's to weigh."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from warroom.runbooks.level_scales import _RANK
from warroom.runbooks.levels import COLOURS_SAID
from warroom.runbooks.outline import _bold_lead, _html_tables, _inline_text, _md_table
from warroom.runbooks.vocabulary import clean


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


# A scale's ends: colours are a scale only where their place grades incidents (level_scales).
_WORD_RANK = {w: r for w, r in _RANK.items() if w not in COLOURS_SAID}
_RANKED_ALT = "|".join(sorted(_WORD_RANK, key=len, reverse=True))
# A level's code: "P1", "Sev-2", "severity 3", "S1"
_CODE_ALT = r"(?:severity|sev|priority|p|s)[\s-]?\d{1,2}"


_TERM = re.compile(r"^([^:–—]{1,60}?)\s*(?::|\s[–—-]\s)\s*(.*)$", re.DOTALL)


def _label(inline: Token, line: int) -> Label:
    """An item's or paragraph's label and what follows it: "**Critical**: outage",
    "Severity 1 (Critical): outage", "Urgent – within 1 hour", or the whole short text."""
    if lead := _bold_lead(inline):
        return Label(clean(lead[0]).rstrip(" :"), line, clean(lead[1]).lstrip(":-–— "))
    text = clean(_inline_text(inline))
    if term := _TERM.match(text):
        return Label(term.group(1), line, term.group(2))
    if led := _LED.match(text):  # "P1 incidents page the on-call at once."
        return Label(led.group("lead"), line, text)
    return Label(text, line)


# A sentence led by a level and what it grades: "P1 incidents page the on-call at any hour",
# "High-urgency alerts wake you up", "A critical issue is fixed within a day".
_LED = re.compile(
    rf"(?i)^(?:an?\s+|the\s+)?(?P<lead>{_CODE_ALT}"
    rf"|(?:non-?)?(?:{_RANKED_ALT})(?:[- ](?:severity|priority|urgency|impact))?)\s+"
    r"(?:incidents?|issues?|alerts?|tickets?|requests?|outages?|bugs?|pages?|cases?"
    r"|vulnerabilit(?:y|ies)|problems?)\b\s*\S"
)


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
        if _names_one(t.content) and (
            _bold_lead(t) or _TERM.match(t.content) or _LED.match(clean(_inline_text(t)))
        ):
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
        at = self.tokens[i].map
        line = at[0] + 1 if at else 0
        head, rows, end = _md_table(self.tokens, i)
        numbered = [(line + 2 + n, row) for n, row in enumerate(rows)]
        self.runs += table_runs(head, numbered, self.path(), self.near())
        return end + 1

    def html(self, t: Token, line: int) -> None:
        """The runs of the tables an HTML block holds."""
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
        plain = clean(_MARKS.sub("", text))
        heading = self.path()[-1:] if self.stack else ()
        sentences = _SENTENCE.split(plain)
        for sentence in sentences:
            if labels := listed(sentence, line):
                self.runs.append(Run(labels, "prose", self.path(), " ".join((*heading, sentence))))
        # "High urgency alerts call your phone. Low urgency alerts send an email.": sentences
        # of one paragraph, each led by a level and what it grades
        led = [Label(m.group("lead"), line, s) for s in sentences if (m := _LED.match(s))]
        if len(led) >= 2:
            self.runs.append(Run(led, "led", self.path(), " ".join((*heading, plain))))


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_MARKS = re.compile(r"[*_`]")
_NAMED = re.compile(
    rf"(?i)(?<![\w-])(?P<label>{_CODE_ALT}|(?:non-?)?(?:{_RANKED_ALT}))"
    r"(?:[- ](?:severity|priority|impact|urgency)\b)?(?![\w-])"
    r"(?:\s*\(\s*(?P<alias>[^()]{1,30}?)\s*\))?"
)
# A level's name, in lower case: the quick test of whether a text names two
_NAMED_LOWER = re.compile(rf"(?<![\w-])(?:{_CODE_ALT}|(?:{_RANKED_ALT}))(?![\w])")


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


_CODE_ALONE = re.compile(r"(?i)^(?:severity|sev|priority|prio|p|s)\s*[-:#_ ]?\s*\d{1,2}$")


def _named(match: re.Match[str], line: int) -> Label:
    """A name in a sentence with what its brackets say: a code ("critical (P1)") or what
    it means ("high urgency (page immediately)")."""
    said = match.group("alias") or ""
    if _CODE_ALONE.match(said):
        return Label(match.group("label"), line, "", {}, said)
    return Label(match.group(0).split("(")[0].strip(), line, said)


def table_runs(
    head: list[str], rows: list[tuple[int, list[str]]], path: tuple[str, ...], near: str
) -> list[Run]:
    """A table's first column (its header names what each column says) and its header row
    (its first column names what each row says)."""
    cells = [row for _, row in rows]
    if not rows:
        return []
    out = []
    if all(len(row) >= 2 for row in cells):
        out.append(Run(_down(head, rows), "table", path, f"{near} {' '.join(head)}"))
    if len(head) >= 3:
        firsts = " ".join(row[0] for row in cells if row)
        out.append(Run(_across(head, rows), "table", path, f"{near} {firsts}", across=True))
    return out


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
