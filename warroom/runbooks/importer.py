"""Turn a team's markdown runbook into a playbook file they can review and keep editing.

The document is read with markdown-it-py (tokens, not line regexes) and cut into blocks: each
list, table (markdown or HTML), code block and role or severity heading, under its heading
path. Each block becomes a `Section` of one kind (a phase of steps, roles, severity levels,
escalation, templates) or is left "not placed", with the reason; the review screen can change
any of those choices before `build` turns the sections into playbook data.

Nothing is made up: every fact comes from a line of the document and keeps that line
(`source = "RUNBOOK.md:123"`). Where the document states no severity scale or no roles, the
playbook says `extends = "default"` and borrows them when loaded. Mojibake is repaired with
ftfy; odd markdown is never fatal.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from warroom.core import limits
from warroom.core.timefmt import format_duration, parse_duration
from warroom.text.safe import safe_line, safe_text

KINDS = ("phase", "roles", "levels", "escalation", "templates", "not placed", "dropped")
BORROW_FROM = "default"
COLOURS = ["#e5484d", "#f76b15", "#ffc53d", "#5b8def", "#8e8c99", "#8e8c99"]
# The keys the built-in playbook gives these roles, so items naming them tick for the same role.
KNOWN_ROLES = {
    "incident commander": "ic",
    "technical lead": "tech",
    "tech lead": "tech",
    "communications lead": "comms",
    "communications": "comms",
    "scribe": "scribe",
}
ROLE_WORDS = {
    "commander", "lead", "leader", "liaison", "scribe", "deputy", "manager", "coordinator",
    "expert", "experts", "officer", "owner", "responder", "responders", "reporter", "engineer",
    "captain", "chair", "chairs", "director", "communicator", "analyst", "handler",
    "investigator", "specialist", "representative", "writer", "approver", "sme", "smes", "ic",
    "primary", "secondary", "managers", "leads", "commanders", "liaisons", "sre", "sres",
}  # fmt: skip
PROCEDURE_WORDS = (
    "step", "procedure", "checklist", "during", "action", "what to do", "runbook", "playbook",
    "response", "respond", "process", "workflow", "task", "investigat", "triage", "mitigat",
    "contain", "eradicat", "recover", "remediat", "communicat", "follow-up", "follow up",
    "after", "before", "handoff", "hand-off", "prepar", "detect", "declar", "resolv", "verif",
    "post-incident", "postmortem", "post-mortem", "immediate", "first", "checks", "contact",
    "rollback", "restore", "fix", "identify", "assess", "escalat", "notify", "on-call", "oncall",
    "followup",
)  # fmt: skip
SKIP_WORDS = (
    "table of contents", "contents", "additional reading", "further reading", "reading",
    "additional information", "see also", "links", "glossary", "prerequisite", "training",
    "graduation", "who are they", "how can i become", "why have one", "what is it", "scope",
    "references", "resources", "license", "licence", "changelog", "faq",
)  # fmt: skip
TEMPLATE_WORDS = ("template", "update", "alert", "notice", "email", "message", "announcement")
LEVEL_WORDS = {
    "critical", "high", "medium", "moderate", "low", "major", "minor", "urgent", "severe",
    "informational", "info", "cosmetic", "emergency", "warning", "normal", "trivial", "blocker",
}  # fmt: skip
IMPERATIVE = {
    "acknowledge", "ack", "add", "alert", "analyze", "analyse", "announce", "apply", "ask",
    "assemble", "assess", "assign", "attach", "be", "block", "call", "cancel", "capture",
    "change", "check", "clean", "click", "close", "collect", "communicate", "complete",
    "confirm", "consider", "contact", "contain", "coordinate", "copy", "create", "declare",
    "decide", "delegate", "delete", "deploy", "determine", "disable", "disconnect", "document",
    "drain", "draft", "email", "enable", "engage", "ensure", "escalate", "establish", "estimate",
    "evaluate", "execute", "file", "fill", "find", "fix", "flush", "follow", "gather", "get",
    "give", "go", "hand", "handle", "identify", "implement", "inform", "initiate", "inspect",
    "install", "investigate", "invite", "isolate", "join", "keep", "kill", "launch", "leave",
    "let", "link", "list", "log", "look", "make", "mark", "merge", "message", "migrate",
    "mitigate", "monitor", "move", "navigate", "note", "notify", "open", "page", "perform",
    "ping", "plan", "post", "prefix", "prepare", "preserve", "prioritize", "provide", "publish",
    "purge", "put", "quarantine", "read", "reassign", "rebuild", "record", "recover", "reduce",
    "reinforce", "reinstate", "release", "remove", "rename", "reopen", "reply", "report",
    "request", "reset", "resolve", "restart", "restore", "retain", "review", "revert",
    "revoke", "roll", "rollback", "rotate", "run", "scale", "schedule", "scope", "select",
    "send", "set", "setup", "share", "shut", "shutdown", "snapshot", "start", "stop", "submit",
    "switch", "take", "tell", "test", "thank", "track", "transfer", "trigger", "try", "turn",
    "update", "upload", "use", "validate", "verify", "wait", "watch", "write",
}  # fmt: skip
CODE = re.compile(
    r"\b(?P<code>(?:sev(?:erity)?|priority|prio|incident\s+level|level|p|s|l)\s*[-:#_ ]?\s*\d{1,2})\b",
    re.IGNORECASE,
)
DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(seconds?|secs?|minutes?|mins?|m|hours?|hrs?|hr|h|days?|d|weeks?|w|"
    r"business\s+days?)\b",
    re.IGNORECASE,
)
ABBREVIATION = re.compile(
    r"\(\s*([A-Z][A-Za-z&]{0,3}[A-Z][A-Za-z&]{0,4}|[A-Z][a-z]{2,9}(?=\s*\)\s*$))\s*\)"
)
UNPLACED_SHOWN = 40


# -- what a document is cut into ----------------------------------------------------------------
@dataclass
class Entry:
    """One thing a block says: a list item (nested items as its detail), a table row (by
    column), a heading (its section's text as detail), or a template."""

    text: str
    detail: str = ""
    line: int = 0
    cells: dict[str, str] = field(default_factory=dict)  # "=name": as a reviewer wrote it


@dataclass
class Section:
    """A block of the document under its heading path, and what it is taken as."""

    path: tuple[str, ...]
    line: int
    block: str  # "list", "table", "code", "heading", "prose"
    kind: str  # one of KINDS
    entries: list[Entry]
    heading_line: int = 0  # blocks under one heading make one phase
    role: str = ""  # steps of a role's section are that role's ("Steps for Scribe")
    reason: str = ""  # why it is not placed
    title: str = ""  # a phase's name, editable in the review

    @property
    def heading(self) -> str:
        return self.path[-1] if self.path else "(top)"

    def describe(self) -> str:
        where = " › ".join(self.path) or "(top)"
        return f"line {self.line}: {where}: {self.block}" + (
            f" ({self.reason})" if self.reason else ""
        )


@dataclass
class Report:
    """What the importer found: the sections with their kinds, and the playbook they make."""

    playbook: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    source: str = "RUNBOOK.md"
    name: str = "imported"
    notes: list[str] = field(default_factory=list)

    @property
    def levels(self) -> list[str]:
        return [s["name"] for s in self.playbook.get("severities", [])]

    @property
    def roles(self) -> list[str]:
        return [r["name"] for r in self.playbook.get("roles", [])]

    @property
    def phases(self) -> list[str]:
        return [p["title"] for p in self.playbook.get("phases", [])]

    @property
    def items(self) -> int:
        return sum(len(p["items"]) for p in self.playbook.get("phases", []))

    @property
    def templates(self) -> list[str]:
        return list(self.playbook.get("templates", {}))

    @property
    def escalation(self) -> list[str]:
        return [e["who"] for e in self.playbook.get("escalation", [])]

    @property
    def levels_found(self) -> bool:
        return bool(self.playbook.get("severities"))

    @property
    def roles_found(self) -> bool:
        return bool(self.playbook.get("roles"))

    @property
    def unplaced(self) -> list[str]:
        return [s.describe() for s in self.sections if s.kind == "not placed"]

    def rebuild(self) -> None:
        """The playbook again, after the review changed sections."""
        self.playbook, self.notes = build(self.sections, self.name, self.source)

    def summary(self) -> str:
        borrowed = f"borrowed from {BORROW_FROM}"
        lines = [
            f"levels:     {', '.join(self.levels) or borrowed}"
            + (" (from the document)" if self.levels else ""),
            f"roles:      {', '.join(self.roles) or borrowed}"
            + (" (from the document)" if self.roles else ""),
            f"phases:     {len(self.phases)} ({', '.join(self.phases) or 'none'})",
            f"items:      {self.items}",
            f"templates:  {', '.join(self.templates) or 'none'}",
            f"escalation: {' → '.join(self.escalation) or 'none'}",
        ]
        lines += [f"note: {n}" for n in self.notes]
        unplaced = self.unplaced
        if unplaced:
            lines.append(f"not placed ({len(unplaced)}; review by hand):")
            lines += [f"  - {u}" for u in unplaced[:UNPLACED_SHOWN]]
            if len(unplaced) > UNPLACED_SHOWN:
                lines.append(f"  … and {len(unplaced) - UNPLACED_SHOWN} more")
        return "\n".join(lines)


# -- reading ------------------------------------------------------------------------------------
def read_runbook(path: Path) -> str:
    """A runbook's text; an empty, unreadable or non-text file is a one-line error."""
    from warroom.core.errors import UsageError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    text = data.decode("utf-8", errors="replace")
    if b"\x00" in data or text.count("\ufffd") > max(8, len(text) // 100):
        raise UsageError(f"{path}: is not a text file (a markdown runbook is UTF-8 text)")
    if not text.strip():
        raise UsageError(f"{path}: is empty")
    return text


def clean(text: str) -> str:
    """Emoji-free, single-spaced text (mojibake is repaired once, for the whole document)."""
    if not text.isascii():
        text = "".join(ch for ch in text if not _is_emoji(ch))
    return re.sub(r"\s+", " ", text).strip()


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and ord(ch) > 0x2BFF or ch in "\ufe0f\u200d"


def slug(text: str, limit: int = 24) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", clean(text).lower()).strip("-")
    if len(value) > limit:  # cut between words where there is one
        cut = value[: limit + 1].rfind("-")
        value = value[:cut] if cut > limit // 2 else value[:limit]
    return value.strip("-") or "phase"


def parse_window(text: str) -> tuple[str, float | None]:
    """A heading without its time box, and the box's upper bound in seconds.

    "ASSESS [0-5 minutes]" → ("ASSESS", 300); "Response (5-30 min)" → ("Response", 1800);
    "T+0 to T+5" → 300 (minutes when no unit is given); "REVIEW [Within 48 hours]" → 172800.
    """
    patterns = [
        r"[\[(]\s*(?:within\s+)?(?:T\+)?\d+(?:\s*(?:-|–|to)\s*(?:T\+)?\d+)?\s*[a-z]*\s*[\])]",
        r"T\+\d+\s*(?:-|–|to)\s*T\+\d+\s*[a-z]*",
        r"\b\d+\s*(?:-|–|to)\s*\d+\s*(?:minutes|minute|mins|min|hours|hour|h|m)\b",
    ]
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if not match:
            continue
        box = match.group(0)
        numbers = re.findall(r"\d+", box)
        unit = re.search(
            r"(minutes|minute|mins|min|hours|hour|days|day|weeks|week|h|m|d)\b", box, re.I
        )
        try:
            seconds = parse_duration(f"{numbers[-1]} {unit.group(1) if unit else 'min'}")
        except ValueError:
            seconds = None
        title = (text[: match.start()] + text[match.end() :]).strip(" -–:")
        return title or text, seconds
    return text, None


def parse_response(text: str) -> float | None:
    """ "< 15 minutes", "5 min", "< 1 hour", "1 week", "Immediate" → seconds (None if unreadable)."""
    value = clean(text).lower()
    if value.startswith("immediate"):
        return 0.0
    value = re.sub(r"^(?:<|≤|<=|within|under|up to)\s*", "", value)
    value = re.split(r"[(,;/]", value)[0].strip()
    try:
        return parse_duration(value)
    except ValueError:
        return None


def first_duration(text: str) -> float | None:
    """The first duration written anywhere in a text ("ack within 15 minutes" → 900)."""
    if re.search(r"\bimmediate(ly)?\b", text, re.IGNORECASE) and not DURATION.search(text):
        return 0.0
    for number, unit in DURATION.findall(text):
        unit = "d" if unit.lower().startswith("business") else unit
        with contextlib.suppress(ValueError):
            return parse_duration(f"{number} {unit}")
    return None


# -- markdown to blocks -------------------------------------------------------------------------
def _inline_text(token: Token) -> str:
    """An inline token's text without markdown emphasis, code marks or links."""
    if not token.children:
        return token.content
    parts = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I)
        ):
            parts.append(" ")
    return "".join(parts)


def _bold_lead(token: Token) -> tuple[str, str] | None:
    """ "**Declare incident**: Post in #channel" → ("Declare incident", "Post in #channel")."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) < 3 or children[0].type != "strong_open":
        return None
    end = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    if end is None:
        return None
    lead = "".join(c.content for c in children[:end] if c.type in ("text", "code_inline"))
    rest = "".join(
        c.content if c.type in ("text", "code_inline") else " " for c in children[end + 1 :]
    )
    return lead, rest


def _split_lead(token: Token) -> tuple[str, str]:
    """An item's text and detail: a bold lead followed by ':' or a dash is the text."""
    lead = _bold_lead(token)
    if lead:
        head, rest = clean(lead[0]).rstrip(":"), clean(lead[1])
        if head and (not rest or re.match(r"^[:\-–—]", rest) or lead[0].rstrip().endswith(":")):
            return head, rest.lstrip(":-–— ")
    return clean(_inline_text(token)), ""


_BOX = re.compile(r"^\s*\[([ xX])\]\s+")


def _list_entries(tokens: list[Token], start: int, base: int) -> tuple[list[Entry], int, bool]:
    """The top-level items of the list opening at `start` (nested items and paragraphs as the
    item's detail); the index of its closing token; whether any item is a checkbox."""
    entries: list[Entry] = []
    depth = 0
    boxed = False
    current: Entry | None = None
    i = start
    while i < len(tokens):
        t = tokens[i]
        if t.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif t.type == "list_item_open" and depth == 1:
            current = None
        elif t.type == "inline" and current is None and depth == 1:
            box = _BOX.match(t.content)
            if box:
                boxed = True
                t = _strip_box(t)
            text, detail = _split_lead(t)
            if len(text) > 100 and (cut := text.find(". ", 20, 100)) > 0:
                # A paragraph of an item: its first sentence is the step, the rest its detail.
                text, rest = text[: cut + 1], text[cut + 2 :]
                detail = f"{rest}; {detail}" if detail else rest
            current = Entry(text, detail, base + (t.map[0] if t.map else 0) + 1)
            entries.append(current)
        elif t.type == "inline" and current is not None:
            more = clean(_BOX.sub("", _inline_text(t)))
            if more:
                current.detail = f"{current.detail}; {more}" if current.detail else more
        elif t.type in ("fence", "code_block") and current is not None and t.content.strip():
            current.detail = (current.detail + "\n" if current.detail else "") + t.content.strip()
        i += 1
    return [e for e in entries if e.text or e.detail], i, boxed


def _strip_box(token: Token) -> Token:
    """The inline token with its leading "[ ] " removed from the first text child."""
    children = list(token.children or [])
    if children and children[0].type == "text":
        first = Token("text", "", 0)
        first.content = _BOX.sub("", children[0].content)
        children[0] = first
    copy = Token("inline", "", 0)
    copy.children = children
    copy.content = _BOX.sub("", token.content)
    copy.map = token.map
    return copy


def _md_table(tokens: list[Token], start: int) -> tuple[list[str], list[list[str]], int]:
    header: list[str] = []
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_head = False
    i = start
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            current = []
        elif t.type == "tr_close" and current is not None:
            (header.extend if in_head else rows.append)(current)  # type: ignore[operator]
        elif t.type == "inline" and current is not None:
            current.append(clean(_inline_text(t)))
        i += 1
    return header, rows, i


class _HtmlTables(HTMLParser):
    """Tables in an HTML block: header cells and rows of cell texts (list items in a cell on
    their own lines), with the line each row starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str], list[tuple[int, list[str]]]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._heads: list[str] = []
        self._rows: list[tuple[int, list[str]]] = []
        self._row_line = 0
        self._header_row = False
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._heads, self._rows = [], []
        elif tag == "tr" and self._depth == 1:
            self._row, self._header_row, self._row_line = [], False, self.getpos()[0]
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._header_row |= tag == "th"
        elif tag in ("li", "p", "br") and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = "\n".join(clean(part) for part in "".join(self._cell).split("\n"))
            self._row.append(text.strip("\n"))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._header_row and not self._heads and not self._rows:
                self._heads = self._row
            elif any(cell.strip() for cell in self._row):
                self._rows.append((self._row_line, self._row))
            self._row = None
        elif tag == "table" and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self.tables.append((self._heads, self._rows))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html_tables(html: str) -> list[tuple[list[str], list[tuple[int, list[str]]]]]:
    parser = _HtmlTables()
    with contextlib.suppress(Exception):  # broken HTML leaves what was read
        parser.feed(html)
        parser.close()
    return parser.tables


def _front_matter(text: str) -> str:
    """YAML front matter blanked (its lines kept, so line numbers stay true)."""
    match = re.match(r"\A---[ \t]*\n.*?\n---[ \t]*\n", text, re.DOTALL)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]


# -- what a heading or a block is ---------------------------------------------------------------
def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower())


def _has(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(w in lowered for w in words)


def role_name(text: str, announced: bool = False) -> tuple[str, str] | None:
    """(name, abbreviation) if a heading or item names a role: "Role: Incident Manager On Call
    (IMOC)", "### Incident Commander (IC) 👨‍💼", "Steps for Fix Lead", "Scribe Responsibilities".
    `announced`: the context says it is a role (a role table, "X role:"), whatever its words."""
    text = clean(text).strip(" :*-–—")
    text = re.sub(r"\s*\([^)]{12,}\)\s*$", "", text)  # "(manage build and release …)"
    short = ""
    abbreviation = ABBREVIATION.search(text)
    if abbreviation:
        short = abbreviation.group(1)
        text = (text[: abbreviation.start()] + text[abbreviation.end() :]).strip()
    text = re.sub(r"\s+", " ", text).strip(" :-–—")
    if not short and (lead := re.match(r"^([A-Z][A-Z0-9&]{1,7})\s+[-–—:]\s+(.+)$", text)):
        short, text = lead.group(1), lead.group(2)  # "EOC - Engineer On Call"
    explicit = None  # "Role: X", "Steps for X": X is a role whatever its words
    suffixed = None  # "X Responsibilities": X is a role if it sounds like one
    for pattern in (r"(?i)^role\s*[:\-–]\s*(?:the\s+)?(.+)$",
                    r"(?i)^steps\s+for\s+(?:the\s+|an?\s+)?(.+)$"):  # fmt: skip
        if match := re.match(pattern, text):
            explicit = match.group(1).strip(" :-–—")
    if explicit is None and (
        match := re.match(r"(?i)^(.+?)\s+(?:role|responsibilities|duties|checklist|tasks)$", text)
    ):
        suffixed = match.group(1).strip(" :-–—")
    name = explicit or suffixed or text
    words = _words(name)
    if announced and len(words) > 5:
        # "Incident Manager Information about IM onboarding": a link's words after the role.
        last = max((n for n, w in enumerate(words) if w in ROLE_WORDS), default=-1)
        if 0 <= last < len(words) - 1:
            name = " ".join(name.split()[: last + 1])
            words = words[: last + 1]
    if not words or len(words) > 6 or name.endswith("?"):
        return None
    # "Engineer on Call (EOC) Responsibilities": a heading that says so, with its abbreviation.
    said = explicit or announced or (suffixed and short)
    if not said and words[-1] not in ROLE_WORDS:
        return None
    if CODE.fullmatch(short) or short.upper() in ("TBD", "TODO", "OPTIONAL", "WIP"):
        short = ""
    return name[:1].upper() + name[1:], short


def level_name(text: str) -> tuple[str, str] | None:
    """(name, title) if the text names a severity level: "SEV-1", "Sev1: Critical (Full
    Outage)", "Severity:1 Critical", "P1 - Critical", "CRITICAL (P0)", "Critical"."""
    text = clean(text).strip(" *:-–—")
    match = CODE.search(text)
    if match and (match.start() == 0 or text[: match.start()].strip(" ([").lower() in LEVEL_WORDS):
        code = re.sub(r"\s*[:#_]\s*|\s+", " ", match.group("code")).strip()
        code = code.upper() if len(code) <= 6 else code
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ()[]:-–—")
        rest = re.sub(r"^[\s()\[\]:\-–—]+|[\s()\[\]:\-–—]+$", "", rest)
        return _fit(code), rest
    words = text.split()
    if words and words[0].lower().strip(",.") in LEVEL_WORDS and len(words) <= 6:
        return _fit(words[0].strip(",.").capitalize() if words[0].isupper() else words[0]), (
            " ".join(words[1:]).strip(" ()[]:-–—")
        )
    return None


def _fit(name: str, limit: int = 16) -> str:
    """A name within the field's limit, cut between words, never inside one."""
    if len(name) <= limit:
        return name
    kept = ""
    for word in name.split():
        if len(kept) + len(word) + bool(kept) > limit:
            break
        kept = f"{kept} {word}".strip()
    return kept or name.split()[0][:limit]


def _heading_kind(title: str, parents: tuple[str, ...]) -> str:
    """What a heading announces: "skip", "roles", "levels", "escalation", "templates",
    "steps", or "" (nothing in particular)."""
    lowered = title.lower()
    if _has(lowered, SKIP_WORDS) and not _has(lowered, ("action", "checklist", "step")):
        return "skip"
    if _has(lowered, ("escalat", "who to page", "contact chain", "call tree", "paging order")):
        return "escalation"
    if _has(lowered, ("severit", "priorit", "classification", "levels", "impact level")):
        return "levels"
    if re.search(r"\broles?\b|\bteam members\b|raci", lowered):
        return "roles"
    if _has(lowered, ("template",)):
        return "templates"
    if _has(lowered, PROCEDURE_WORDS):
        return "steps"
    return ""


def _imperative(text: str) -> bool:
    words = _words(text)
    if not words:
        return False
    if re.match(r"^(?:the\s+)?(?:[A-Z][\w-]*\s+){1,4}(?:will|should|must|shall|needs? to)\b", text):
        return True  # "The Fix Lead will cherry-pick …": a step with its doer
    doer = re.match(r"(?i)^(?:the\s+)?(?:[\w-]+\s+){1,3}to\s+(\w+)", text)
    if doer and doer.group(1).lower() in IMPERATIVE:
        return True  # "Code owner to submit a public PR"
    first = words[0]
    if first in ("before", "after", "once", "when", "if", "until") and "," in text:
        return _imperative(text.split(",", 1)[1].strip())
    if first in ("don't", "do", "never", "always", "if", "when", "once", "as", "for", "before",
                 "after", "immediately", "first", "then", "optionally", "optional"):  # fmt: skip
        return len(words) > 1 and (words[1] in IMPERATIVE or first in ("if", "when", "once"))
    return first in IMPERATIVE


# -- the walk -----------------------------------------------------------------------------------
def import_runbook(text: str, name: str = "imported", source: str = "RUNBOOK.md") -> Report:
    """The document's sections, each taken as a kind, and the playbook data they make."""
    sections = read_sections(text)
    report = Report(playbook={}, sections=sections, source=source, name=name)
    report.rebuild()
    return report


def read_sections(text: str) -> list[Section]:
    import ftfy

    text = _front_matter(ftfy.fix_text(text))
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(text)
    sections: list[Section] = []
    headings: list[tuple[int, str, int]] = []  # (level, title, line)
    heading_used: dict[int, bool] = {}
    role_at: dict[int, str] = {}  # heading line → the role it is about
    level_at: dict[int, Entry] = {}  # heading line → the level it defines
    lead = ""  # the paragraph just before a block: "**Steps:**", "Communication Template:"

    def path() -> tuple[str, ...]:
        return tuple(h[1] for h in headings)

    def here() -> int:
        return headings[-1][2] if headings else 0

    def kinds() -> list[str]:
        # A document's title ("# Escalation Procedures") is not what each section under it is.
        return [
            "" if h[0] == 1 and n < len(headings) - 1 else _heading_kind(h[1], ())
            for n, h in enumerate(headings)
        ]

    def level_here() -> Entry | None:
        return next((level_at[h[2]] for h in reversed(headings) if h[2] in level_at), None)

    def role_here() -> str:
        return next((role_at[h[2]] for h in reversed(headings) if h[2] in role_at), "")

    def add(section: Section) -> None:
        section.heading_line = section.heading_line or here()
        sections.append(section)
        heading_used[section.heading_line] = True  # placed or listed: not "text only"

    i = 0
    while i < len(tokens):
        t = tokens[i]
        line = (t.map[0] + 1) if t.map else 0
        if t.type == "heading_open":
            level = int(t.tag[1])
            title = clean(_inline_text(tokens[i + 1]))
            headings[:] = [h for h in headings if h[0] < level]
            parents = path()
            headings.append((level, title, line))
            heading_used.setdefault(line, False)
            lead = ""
            _heading_entry(title, parents, line, add, role_at, level_at)
            i += 3
            continue
        level = level_here()
        if t.type == "paragraph_open" and i + 1 < len(tokens):
            inline = tokens[i + 1]
            lead = clean(_inline_text(inline))
            if level is not None:  # "**Response Time:** < 15 minutes" under "### SEV1"
                level.detail = f"{level.detail}; {lead}" if level.detail else lead
            else:
                _prose(inline, line, path(), kinds(), add)
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            entries, i, boxed = _list_entries(tokens, i, 0)
            if entries and level is not None and not boxed:
                said = "; ".join(e.text + (f": {e.detail}" if e.detail else "") for e in entries)
                level.detail = f"{level.detail} {said}" if level.detail else said
                add(Section(path(), line, "list", "levels", [],
                            reason=f"what {level.text} means"))  # fmt: skip
            elif entries:
                for section in _classify_list(entries, boxed, t.type == "ordered_list_open",
                                              path(), kinds(), lead, role_here(), line):  # fmt: skip
                    add(section)
            lead = ""
        elif t.type == "table_open":
            header, rows, i = _md_table(tokens, i)
            body = [(line + 2 + n, row) for n, row in enumerate(rows)]
            add(_classify_table(header, body, path(), kinds(), line))
            lead = ""
        elif t.type == "html_block":
            for header, body in _html_tables(t.content):
                add(_classify_table(header, [(line + r - 1, row) for r, row in body], path(),
                                    kinds(), line))  # fmt: skip
        elif t.type in ("fence", "code_block") and t.content.strip():
            for section in _classify_code(t.content, t.info, path(), kinds(), lead, line):
                add(section)
            lead = ""
        i += 1

    # Headings whose content went nowhere are part of the "not placed" list too.
    for _level, title, line in _all_headings(tokens):
        if not heading_used.get(line, True) and line not in role_at:
            sections.append(Section((title,), line, "prose", "not placed", [Entry(title, "", line)],
                                    heading_line=line, reason="text only"))  # fmt: skip
    sections.sort(key=lambda s: (s.line, s.block != "heading"))
    return sections


def _all_headings(tokens: list[Token]) -> list[tuple[int, str, int]]:
    return [
        (int(t.tag[1]), clean(_inline_text(tokens[n + 1])), t.map[0] + 1 if t.map else 0)
        for n, t in enumerate(tokens)
        if t.type == "heading_open" and n + 1 < len(tokens)
    ]


def _heading_entry(title: str, parents: tuple[str, ...], line: int, add, role_at, level_at) -> None:  # type: ignore[no-untyped-def]
    """A heading that is itself a role or a severity level."""
    parent_kinds = [_heading_kind(p, ()) for p in parents[1:] or parents]
    if _heading_kind(title, parents) == "skip":
        return
    level = level_name(title)
    in_levels = "levels" in parent_kinds[-2:] if parent_kinds else False
    in_escalation = bool(parent_kinds) and parent_kinds[-1] == "escalation"  # "Level 1: …"
    if level and not in_escalation and (CODE.match(clean(title).strip(" *")) or in_levels):
        entry = Entry(title, "", line)
        add(Section((*parents, title), line, "heading", "levels", [entry], heading_line=line))
        level_at[line] = entry
        return
    role = role_name(title)
    explicit = re.search(r"(?i)^\W*(role\b|steps\s+for\b)|(role|responsibilities|duties)\W*$",
                         clean(title))  # fmt: skip
    in_roles = "roles" in parent_kinds[-2:] if parent_kinds else False
    if role and (explicit or in_roles or len(_words(role[0])) <= 4):
        add(Section((*parents, title), line, "heading", "roles",
                    [Entry(role[0], "", line, {"short": role[1]})], heading_line=line))  # fmt: skip
        role_at[line] = role[0]


def _prose(inline: Token, line: int, path: tuple[str, ...], kinds: list[str], add) -> None:  # type: ignore[no-untyped-def]
    """Facts stated in a paragraph: "Role: X (ABBR)", escalation chains, per-level lines."""
    text = clean(_inline_text(inline))
    for part in re.split(r"(?<=[.!?])\s+|\s*\n\s*", text):
        match = re.match(r"(?i)^role\s*:\s*(.+)$", part)
        if match and (role := role_name(f"Role: {match.group(1)}")):
            add(
                Section(
                    path, line, "prose", "roles", [Entry(role[0], "", line, {"short": role[1]})]
                )
            )
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        chain = escalation_chain(sentence, "escalation" in kinds[-2:])
        timed = len(chain) == 1 and DURATION.search(sentence)  # "… to L2 if unresolved in 15m"
        found += [Entry(who, sentence if timed else "", line) for who in chain]
    if found:
        add(Section(path, line, "prose", "escalation", found))
    levels = _level_lines(text, line)
    if levels and (
        "levels" in kinds[-2:] or any(_has(e.detail, ("update", "every")) for e in levels)
    ):
        add(Section(path, line, "prose", "levels", levels))


def _level_lines(text: str, line: int) -> list[Entry]:
    """ "SEV-1: update every 15 minutes" lines of a paragraph, as level entries."""
    out = []
    for part in re.split(r"\s*\n\s*|(?<=[.;])\s+(?=(?:sev|p|priority)\s*-?\d)", text, flags=re.I):
        match = re.match(rf"^\s*{CODE.pattern}\s*[:\-–—]\s*(?P<rest>.+)$", part, re.I)
        if match:
            out.append(Entry(match.group("code"), match.group("rest"), line))
    return out


def escalation_chain(text: str, escalation_context: bool) -> list[str]:
    """Who is brought in, in order, from prose: "A → B → C", "page the IMOC, then
    Infrastructure Leadership", "escalate to the Secondary"."""
    arrows = re.split(r"\s*(?:→|->|⟶|=>|➡)\s*", text)
    if len(arrows) >= 3 or (len(arrows) == 2 and escalation_context):
        return [w for w in (_who(a) for a in arrows) if w]
    lowered = text.lower()
    if not (escalation_context or "escalat" in lowered
            or re.search(r"\b(page|call|notify)\b[^.]*,?\s+then\b", lowered)):  # fmt: skip
        return []
    out: list[str] = []
    verbs = r"(?:pages?|paging|escalate(?:s|d)?(?:\s+\w+){0,3}?\s+to|escalation\s+(?:will\s+be|is|goes)\s+to|notify|call|engage|contact)"
    for match in re.finditer(rf"(?i)(?<![\w-]){verbs}\s+(.+?)(?:[.;!?](?:\s|$)|$)", text):
        clause = match.group(1)
        for part in re.split(
            r"(?i),?\s+(?:and\s+)?then\s+(?:page\s+|call\s+|notify\s+|escalate\s+to\s+)?", clause
        ):
            who = _who(part)
            if who and who not in out:
                out.append(who)
    return out


def _who(text: str) -> str:
    text = clean(text)
    text = re.split(
        r"(?i)\s+(?:who|which|if|when|for|to\s+\w+e\b|so|because|until|via|by|in\s+(?:slack|pagerduty|the)|immediately|now|asap|directly|first|after|within|at\s+once)\b|[,(:]",
        text,
    )[0]
    text = re.sub(r"(?i)^(?:the|a|an|your|our)\s+", "", text.strip(" .;-–—*"))
    words = _words(text)
    if not words or len(words) > 7 or words[0] in ("you", "them", "us", "me", "him", "her", "it",
                                                     "someone", "this", "that", "anyone"):  # fmt: skip
        return ""
    return (
        text[:1].upper() + text[1:] if text[:1].islower() and words[0] not in ("on-call",) else text
    )


def _head(entry: Entry) -> Entry:
    """ "Primary On-Call (P1): First responder" as name and description (for lists of roles,
    levels or people, not steps)."""
    if entry.detail or entry.cells:
        return entry
    match = re.match(r"^([^:–—]{1,60}?)\s*(?::|\s[–—-])\s+(.+)$", entry.text)
    if match and len(_words(match.group(1))) <= 7:
        return Entry(match.group(1), match.group(2), entry.line)
    return entry


def _classify_list(
    entries: list[Entry], boxed: bool, ordered: bool, path: tuple[str, ...], kinds: list[str],
    lead: str, role: str, line: int,
) -> list[Section]:  # fmt: skip
    """What a list is: steps (with, where its steps name people to page, an escalation chain
    too), levels, roles, escalation, a role's responsibilities, or nothing placed."""
    sections = _classify_list_as(entries, boxed, ordered, path, kinds, lead, role, line)
    if not any(x.kind == "escalation" for x in sections):
        named = [
            Entry(who, e.text, e.line)
            for e in entries
            if "escalat" in e.text.lower()
            for who in escalation_chain(e.text, False)
        ]
        if named:
            sections.append(Section(path, line, "list", "escalation", named,
                                    reason="people its items escalate to"))  # fmt: skip
    return sections


def _classify_list_as(
    entries: list[Entry], boxed: bool, ordered: bool, path: tuple[str, ...], kinds: list[str],
    lead: str, role: str, line: int,
) -> list[Section]:  # fmt: skip
    heading_kind = next((k for k in reversed(kinds) if k), "")
    near = kinds[-1] if kinds else ""
    # A label just before the list ("**Steps:**", "After your shift:") says what it is.
    lead_kind = _heading_kind(lead, path) if lead.endswith(":") and len(lead) < 80 else ""
    context = {near, lead_kind, heading_kind} - {""}
    section = Section(path, line, "list", "not placed", entries)

    def steps() -> list[Section]:
        section.kind, section.role = "phase", role
        chain = [
            Entry(who, e.text, e.line)
            for e in entries
            for who in escalation_chain(e.text, "escalation" in context)
        ]
        if chain and "escalation" in context:
            return [section, Section(path, line, "list", "escalation", chain,
                                     reason="people its steps bring in")]  # fmt: skip
        return [section]

    if boxed:
        return steps()
    if near == "skip" or (heading_kind == "skip" and not near):
        section.reason = "a reference section"
        return [section]
    if lead_kind == "steps" or re.match(r"(?i)^(steps|procedure|actions|checklist)\b", lead):
        return steps()
    heads = [_head(e) for e in entries]
    levels = [level_name(h.text) for h in heads]
    coded = sum(bool(CODE.match(h.text)) for h in heads)
    if ("levels" in context and sum(map(bool, levels)) >= max(2, len(entries) // 2)) or (
        coded >= 2 and coded * 2 >= len(entries)
    ):
        section.kind = "levels"
        section.entries = [h for h, lv in zip(heads, levels, strict=True) if lv]
        return [section]
    if role and near != "steps" and not re.match(r"(?i)^steps\s+for\b", path[-1] if path else ""):
        section.kind, section.reason = "roles", "responsibilities"
        section.entries = [Entry(role, "; ".join(e.text for e in entries), line,
                                 {"responsibilities": "\n".join(e.text for e in entries)})]  # fmt: skip
        return [section]
    imperative = sum(_imperative(e.text) for e in entries)
    if "escalation" in context and imperative * 2 <= len(entries):
        people = [h for h in heads if _who(h.text)]
        if people and len(people) * 2 >= len(entries):
            section.kind, section.entries = "escalation", people
            return [section]
    roles = [role_name(h.text, announced=near == "roles") for h in heads]
    if near == "roles" and sum(map(bool, roles)) >= max(1, len(entries) // 2):
        section.kind = "roles"
        section.entries = [h for h, r in zip(heads, roles, strict=True) if r]
        for entry, found in zip(section.entries, [r for r in roles if r], strict=True):
            entry.cells = {"short": found[1], "name": found[0], "responsibilities": entry.detail}
        return [section]
    if ordered and (imperative * 2 >= len(entries) or not context & {"levels", "roles"}):
        return steps()
    if context & {"steps", "escalation"} and imperative * 3 >= len(entries):
        return steps()
    if imperative * 2 > len(entries) and not context & {"levels", "roles"}:
        return steps()
    section.reason = "not steps, roles, levels or escalation"
    return [section]


def _classify_table(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...],
    kinds: list[str], line: int,
) -> Section:  # fmt: skip
    if not header and body:
        header, body = body[0][1], body[1:]
    names = [h.lower() for h in header]
    entries = [
        Entry(row[0] if row else "", "", at, dict(zip(names, row, strict=False)))
        for at, row in body if any(c.strip() for c in row)
    ]  # fmt: skip
    section = Section(path, line, "table", "not placed", entries,
                      reason=f"table ({', '.join(header)})")  # fmt: skip
    near = next((k for k in reversed(kinds) if k), "")

    def column(*words: str) -> int | None:
        return next((n for n, h in enumerate(names) if any(w in h for w in words)), None)

    level_col = column("level", "severity", "sev", "priority", "prio")
    role_col = column("role", "title", "position")
    duty_col = column("responsib", "duty", "duties", "description", "does")
    first = [row[0] for _, row in body if row]
    if (
        role_col is not None
        and duty_col is not None
        and column("level", "tier", "after", "order") is None
    ):
        near = "roles"
    if near == "escalation" or column("escalat") == 0:
        who = column("who", "contact", "escalat", "role", "team", "person", "name")
        if who is not None:
            for entry in entries:
                entry.text = entry.cells.get(names[who], "")
                entry.detail = " ".join(v for k, v in entry.cells.items() if k != names[who])
            section.entries = [e for e in entries if _who(e.text)]
            if section.entries:
                section.kind = "escalation"
                return section
    if level_col is not None or (
        first and sum(bool(level_name(c)) for c in first) * 2 > len(first)
    ):
        col = level_col if level_col is not None else 0
        found = [e for e in entries if level_name(e.cells.get(names[col], "") if names else e.text)]
        if found:
            for entry in found:
                entry.text = entry.cells.get(names[col], entry.text)
            section.kind, section.entries = "levels", found
            return section
    if role_col is not None and (duty_col is not None or near == "roles"):
        for entry in entries:
            entry.text = entry.cells.get(names[role_col], "")
            if duty_col is not None:
                entry.cells["responsibilities"] = entry.cells.get(names[duty_col], "")
        section.entries = [e for e in entries if e.text]
        section.kind = "roles"
        return section
    raci = [h for h in header[1:] if role_name(h, announced=near == "roles")]
    if raci and (_has(" ".join(names[:1]), ("activity", "step", "task", "process", "action"))):
        section.kind = "roles"
        section.entries = [Entry(h, "", line) for h in raci]
        return section
    return section


def _classify_code(
    content: str, info: str, path: tuple[str, ...], kinds: list[str], lead: str, line: int
) -> list[Section]:
    text = content.strip("\n")
    block = Section(path, line, "code", "not placed", [], reason=f"{info or 'code'} block")
    levels = [
        (n, m) for n, raw in enumerate(text.splitlines())
        if (m := re.match(r"^\s*Level\s*\d+\s*:\s*(.+)$", raw, re.IGNORECASE))
    ]  # fmt: skip
    if levels:
        lines = text.splitlines()
        for n, match in levels:
            before = lines[n - 1] if n else ""
            condition = re.search(r"\((.+)\)", before)
            block.entries.append(
                Entry(
                    clean(match.group(1)),
                    clean(condition.group(1)) if condition else "",
                    line + 1 + n,
                )  # fmt: skip
            )
        block.kind = "escalation"
        return [block]
    role_blocks = list(
        re.finditer(r"^([A-Z][\w ]+?) role:\s*\n((?:\s*-.*\n?)+)", text + "\n", re.MULTILINE)
    )
    if role_blocks:
        for match in role_blocks:
            found = role_name(match.group(1), announced=True)
            if found:
                duties = [clean(x.lstrip(" -")) for x in match.group(2).splitlines() if x.strip()]
                at = line + 1 + text[: match.start()].count("\n")
                block.entries.append(Entry(found[0], "", at, {"short": found[1],
                                                              "responsibilities": "\n".join(duties)}))  # fmt: skip
        block.kind = "roles"
        return [block]
    arrows = escalation_chain(" ".join(text.split()), "escalation" in kinds[-2:])
    if arrows and len(text.splitlines()) <= 12 and "escalation" in kinds[-2:]:
        block.kind, block.entries = "escalation", [Entry(w, "", line) for w in arrows]
        return [block]
    label = next((x for x in (lead, path[-1] if path else "") if _has(x, TEMPLATE_WORDS)), "")
    written = [x for x in text.splitlines() if x.strip()]
    listed = [x for x in written if re.match(r"^\s*(?:\d+[.)]|[-*+])\s+\S", x)]
    if not _has(lead, ("template",)) and len(listed) >= 2 and len(listed) * 3 >= len(written) * 2:
        # Steps written as a list inside a code block ("```\n1. Acknowledge the alert\n…").
        tokens = MarkdownIt("commonmark").parse(text)
        sections: list[Section] = []
        for n, token in enumerate(tokens):
            if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
                entries, _, boxed = _list_entries(tokens, n, line)
                sections += _classify_list(entries, boxed, token.type == "ordered_list_open",
                                           path, kinds, lead, "", line + 1)  # fmt: skip
        if any(x.kind != "not placed" for x in sections):
            for x in sections:
                x.block = "code"
            return sections
    if label and info.lower() not in ("mermaid", "bash", "sh", "shell", "python", "yaml", "json",
                                      "sql", "console", "javascript", "js"):  # fmt: skip
        block.kind = "templates"
        block.entries = [Entry(label.rstrip(":"), text + "\n", line)]
    return [block]


# -- sections to playbook data ------------------------------------------------------------------
def playbook_toml(report: Report) -> str:
    """The playbook file to write: what was taken, with a header that says where it came from
    and what it borrows."""
    import tomli_w

    borrowed = [p for p in ("severities", "roles") if p not in report.playbook]
    header = (
        f"# Imported from {report.source} by `warroom playbook import`: review before use.\n"
        "# Every `source` is the line of the runbook a fact came from.\n"
    )
    if borrowed:
        header += (
            f"# The runbook states no {' and no '.join(borrowed)}: they are borrowed from the "
            f"{BORROW_FROM!r} playbook when this file is loaded (extends).\n"
        )
    return header + "\n" + tomli_w.dumps(report.playbook, multiline_strings=True)


def build(
    sections: list[Section], name: str, source: str = "RUNBOOK.md"
) -> tuple[dict[str, Any], list[str]]:
    """Playbook data from the sections as they are now (after a review), and notes."""
    notes: list[str] = []
    severities: list[dict[str, Any]] = []
    roles: dict[str, dict[str, Any]] = {}
    phases: dict[int, dict[str, Any]] = {}
    templates: dict[str, str] = {}
    template_sources: dict[str, str] = {}
    escalation: list[dict[str, Any]] = []

    def at(line: int) -> str:
        return f"{source}:{line}"

    for section in sections:
        if section.kind == "levels":
            for entry in section.entries:
                _add_level(entry, severities, at, notes)
        elif section.kind == "roles":
            for entry in section.entries:
                _add_role(entry, roles, at)
        elif section.kind == "escalation":
            for entry in section.entries:
                if section.block in ("code", "prose") or entry.cells.get("=name"):
                    whos = [entry.cells.get("=name") or entry.text]
                else:  # "Page the primary on-call", "If no ack in 15m, escalate to the secondary"
                    whos = escalation_chain(entry.text, True) or [_who(entry.text)]
                for who in whos:
                    if not who or any(e["who"] == who for e in escalation):
                        continue
                    level: dict[str, Any] = {"who": who, "source": at(entry.line)}
                    after = first_duration(entry.detail or entry.text) if len(whos) == 1 else None
                    if after:
                        level["after"] = format_duration(after)
                    if entry.detail:
                        level["condition"] = entry.detail
                    escalation.append(level)
        elif section.kind == "templates":
            for entry in section.entries:
                key = _unique(slug(entry.text, 40).replace("-", "_"), set(templates))
                templates[key] = entry.detail
                template_sources[f"templates.{key}"] = at(entry.line)
        elif section.kind == "phase":
            key = section.heading_line if section.heading_line else -section.line
            phase = phases.get(key)
            if phase is None:
                heading = section.title or (section.path[-1] if section.path else "Checklist")
                title, due = parse_window(heading)
                phase = {"key": "", "title": title or "Checklist", "items": [], "_due": due,
                         "_path": section.path, "source": at(section.heading_line or section.line)}  # fmt: skip
                phases[key] = phase
            for entry in section.entries:
                item: dict[str, Any] = {
                    "text": entry.text or entry.detail,
                    "source": at(entry.line),
                }
                if entry.detail and entry.text:
                    item["detail"] = entry.detail
                if section.role:
                    item["role"] = KNOWN_ROLES.get(section.role.lower()) or slug(section.role, 24)
                else:  # "Incident commander assigned" is the commander's to tick
                    for phrase, role_key in KNOWN_ROLES.items():
                        if item["text"].lower().startswith(phrase):
                            item["role"] = role_key
                            break
                phase["items"].append(item)

    phase_list = [p for p in phases.values() if p["items"]]
    titles = [p["title"] for p in phase_list]
    taken: set[str] = set()
    for phase in phase_list:
        if titles.count(phase["title"]) > 1 and len(phase["_path"]) > 1:
            phase["title"] = f"{phase['_path'][-2]} › {phase['title']}"
        phase["key"] = _unique(slug(phase["title"]), taken)
        taken.add(phase["key"])
        due = phase.pop("_due")
        phase.pop("_path")
        if due is not None:
            phase["window"] = f"T+{format_duration(due)}"
            for item in phase["items"]:
                item.setdefault("due", format_duration(due))

    role_names = (
        {r["key"]: [r["name"], r.get("short", "")] for r in roles.values()}
        if roles
        else _borrowed_roles()
    )
    for phase in phase_list:
        for item in phase["items"]:
            if item.get("role") and item["role"] not in role_names:
                item.pop("role")
            if done_when := _done_when(item["text"], role_names):
                item["done_when"] = done_when
    for n, sev in enumerate(severities):
        sev.setdefault("colour", COLOURS[min(n, len(COLOURS) - 1)])

    playbook: dict[str, Any] = {"name": name, "title": f"Imported from {Path(source).name}"}
    if not severities or not roles:
        playbook["extends"] = BORROW_FROM
    if severities:
        playbook["severities"] = severities
    if roles:
        playbook["roles"] = list(roles.values())
    playbook["phases"] = phase_list
    if templates:
        playbook["templates"] = templates
        playbook["sources"] = template_sources
    if escalation:
        playbook["escalation"] = escalation
    return _fit(playbook), notes


# The length each field of a playbook may have (warroom.core.limits); any other text: DETAIL.
_FIELD_LIMITS = {"name": limits.NAME, "title": limits.ITEM, "text": limits.ITEM,
                 "who": limits.ITEM, "short": 16}  # fmt: skip


def _fit(data: Any, key: str = "") -> Any:
    """Playbook data as it may be written: no control characters or terminal escapes (a
    runbook is text from anywhere, and the file is shown in terminals), and each text within
    its field's length, cut with "…" (a runbook's paragraph-long step is not an error)."""
    if isinstance(data, dict):
        if key == "templates":
            return {k: limits.cut(safe_text(v), limits.NOTE) for k, v in data.items()}
        return {k: _fit(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_fit(v, key) for v in data]
    if isinstance(data, str):
        limit = _FIELD_LIMITS.get(key, limits.DETAIL)
        shown = safe_line(data).strip() if limit <= limits.ITEM else safe_text(data)
        return limits.cut(shown, limit)
    return data


def _borrowed_roles() -> dict[str, list[str]]:
    from warroom.core.playbook import load_builtin

    return {r.key: [r.name, r.short] for r in load_builtin(BORROW_FROM).roles}


def _done_when(text: str, roles: dict[str, list[str]]) -> str:
    """What completes a step whose words say so plainly: "Incident Commander assigned" is done
    when that role is; "Initial alert posted" when the first update is."""
    lowered = text.lower()
    if re.search(r"\bassign(ed)?\b", lowered):
        named = [
            key for key, names in roles.items()
            if any(n and re.search(rf"\b{re.escape(n.lower())}\b", lowered) for n in names)
        ]  # fmt: skip
        if len(named) == 1 and not re.search(r"\broles\b", lowered):
            return f"role:{named[0]}"
    if re.search(r"\binitial (alert|update|notification|status update|communication|message)\b"
                 r".*\b(posted|sent|published|out)\b", lowered):  # fmt: skip
        return "update:first"
    return ""


def _add_level(entry: Entry, severities: list[dict[str, Any]], at, notes: list[str]) -> None:  # type: ignore[no-untyped-def]
    cells = entry.cells
    found = (cells["=name"], "") if cells.get("=name") else level_name(entry.text)
    if not found:
        return
    name, title = found
    lead = re.match(r"^\s*([A-Za-z]+)\s*[.:]\s+(.*)$", entry.detail)
    if not title and lead and lead.group(1).lower() in LEVEL_WORDS:
        # "**SEV 1 — Critical.** The whole site is down…": the word is the level's title.
        title, entry = lead.group(1), Entry(entry.text, lead.group(2), entry.line, entry.cells)
    existing = next((s for s in severities if s["name"].lower() == name.lower()), None)
    sev = existing or {"name": name, "source": at(entry.line)}
    if title and "title" not in sev:
        sev["title"] = title
    for key, value in cells.items():
        if not value or value == entry.text:
            continue
        if key.startswith("="):
            continue
        if any(w in key for w in ("update", "cadence", "frequency", "comms", "communication")):
            if (seconds := first_duration(value)) is not None and "update_every" not in sev:
                sev["update_every"] = format_duration(seconds)
        elif any(w in key for w in ("response", "respond", "ack", "sla", "time to", "target")):
            seconds = parse_response(value)
            seconds = first_duration(value) if seconds is None else seconds
            if seconds is not None and "response" not in sev:
                sev["response"] = format_duration(seconds)
            elif seconds is None:
                notes.append(f"{name}: response time {value!r} not understood")
        elif any(w in key for w in ("example",)):
            sev["examples"] = [e.strip() for e in re.split(r"[,\n]", value) if e.strip()]
        elif any(w in key for w in ("impact", "definition", "criteria", "description", "meaning",
                                    "condition", "when", "summary")):  # fmt: skip
            text = value.split("\n")[0]
            if not title and len(text.split()) == 1 and "title" not in sev:
                sev["title"] = text
            else:
                sev.setdefault("meaning", text)
        elif key in ("name", "label") and "title" not in sev:
            sev["title"] = value
    detail = entry.detail
    if detail:
        every = re.search(r"(?i)\bevery\s+(\d[^.;,]*)", detail)
        seconds = first_duration(every.group(1)) if every else None
        if seconds is not None and "update_every" not in sev:
            sev["update_every"] = format_duration(seconds)
        respond = re.search(r"(?i)(respon\w*|acknowledg\w*|ack)\b[^.;]*", detail)
        if (
            respond
            and "response" not in sev
            and (seconds := first_duration(respond.group(0))) is not None
        ):
            sev["response"] = format_duration(seconds)
        if "meaning" not in sev and not re.match(r"(?i)^\s*(update|every|respon)", detail):
            sev["meaning"] = detail.split("; ")[0]
    if existing is None:
        severities.append(sev)


def _add_role(entry: Entry, roles: dict[str, dict[str, Any]], at) -> None:  # type: ignore[no-untyped-def]
    if entry.cells.get("=name"):
        found = (entry.cells["=name"], entry.cells.get("short", ""))
    else:
        text = entry.cells.get("name") or entry.text
        found = role_name(text, announced=True) or (clean(text), "")
    name, short = found
    short = entry.cells.get("short") or short
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    if not name:
        return
    key = KNOWN_ROLES.get(name.lower()) or slug(name, 24)
    role = roles.get(key)
    for other in roles.values():  # "SME" in a RACI table and "Subject Matter Expert (SME)"
        shorts = {other.get("short", "").lower(), other["name"].lower()}
        if role is None and (name.lower() in shorts or short and short.lower() in shorts):
            role = other
            if len(name) > len(other["name"]):
                other["name"] = name
    if role is None:
        role = roles[key] = {"key": key, "name": name, "source": at(entry.line),
                             "responsibilities": []}  # fmt: skip
    if short:  # only an abbreviation the document gives: none is made up
        role["short"] = short
    duties = entry.cells.get("responsibilities", "")
    for duty in (d.strip() for d in duties.split("\n")):
        if duty and duty not in role["responsibilities"]:
            role["responsibilities"].append(duty)
    for key_name in ("who?", "who", "contact", "owner", "usually", "filled by"):
        if entry.cells.get(key_name):
            role["usually"] = entry.cells[key_name]
            break


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key or "x", 2
    while candidate in taken:
        candidate = f"{key[:20]}-{n}"
        n += 1
    return candidate
