"""Reading a runbook: its text, and the markdown (with the HTML inside it) as blocks of
entries: list items with their nested detail, table rows, checkbox lines, bold leads."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

from markdown_it.token import Token

from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import _imperative, clean


def read_runbook(path: Path) -> tuple[str, list[int]]:
    """A runbook's text, and the lines whose bytes are not UTF-8 (read as "\ufffd"); an
    empty, unreadable or non-text file is a one-line error."""
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
    return text, _not_utf8_lines(data) if "\ufffd" in text else []


def _not_utf8_lines(data: bytes) -> list[int]:
    """The numbers of the lines whose bytes are not UTF-8 (a file in another encoding)."""
    bad = []
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


_BREAK = re.compile(r"<br\s*/?>", re.I)  # an HTML line break within a line


def _inline_text(token: Token) -> str:
    """An inline token's text without markdown emphasis, code marks or links."""
    if not token.children:
        return token.content
    parts = []
    children = token.children
    closed: set[str] | None = None  # the elements closed in this text ("</kbd>")
    for at, child in enumerate(children):
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and _BREAK.match(child.content)
        ):
            parts.append(" ")
        elif child.type == "html_inline":
            if closed is None:
                closed = {c.content[2:-1].strip().lower() for c in children
                          if c.type == "html_inline" and c.content.startswith("</")}  # fmt: skip
            after = children[at + 1].content if at + 1 < len(children) else ""
            if placeholder(child.content, after, closed):
                parts.append(child.content)
    return "".join(parts)


# HTML's elements: any other "<name>" in a runbook's text is a blank to fill in ("Open
# #inc-<date>", "deploy/<service>", "<insert email address here>"), part of the text.
_HTML = frozenset((
    "a", "abbr", "address", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote",
    "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
    "data", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed",
    "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label",
    "legend", "li", "link", "main", "mark", "meta", "nav", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "s",
    "samp", "script", "section", "select", "small", "source", "span", "strike", "strong",
    "style", "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot",
    "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
))  # fmt: skip
_TAG = re.compile(r"^<([A-Za-z][\w-]*)([^>]*)>$")


def placeholder(
    html: str, after: str = "", closed: set[str] | frozenset[str] = frozenset()
) -> bool:
    """Whether inline "HTML" is a blank to fill in ("<date>", "<team channel>"), not an
    element, a tag with attributes or one `closed` in the same text, a component (`<Tabs>`),
    or a mark inside a word (`after` it: "incident.<unlink>io")."""
    tag = _TAG.match(html)
    if tag is None or "=" in tag.group(2) or after[:1].isalnum():
        return False
    name = tag.group(1)
    if name.lower() in closed:
        return False  # "<unlink></unlink>", "<kbd>Ctrl</kbd>": an element, closed
    component = name[0].isupper() and any(c.islower() for c in name)
    return not component and name.lower() not in _HTML


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
        if _NOTE.match(head) and rest:  # "**NOTE:** …" labels a remark, it names no step
            return f"{head}: {rest.lstrip(':-–— ')}", ""
        if head and (not rest or re.match(r"^[:\-–—]", rest) or lead[0].rstrip().endswith(":")):
            return head, rest.lstrip(":-–— ")
    children = token.children or []
    br = next(
        (n for n, c in enumerate(children) if c.type == "html_inline" and _BR.match(c.content)), 0
    )
    if br and (head := clean(_inline_text(_part(token, children[:br])))):
        # "Notify the desk<br>Use the priority line": the line break ends the step's title
        return head, clean(_inline_text(_part(token, children[br + 1 :])))
    return clean(_inline_text(token)), ""


_NOTE = re.compile(r"(?i)^(?:note|nb|n\.b\.|important|warning|caution|tip)$")
_BR = re.compile(r"(?i)<br\s*/?>")


def _part(token: Token, children: list[Token]) -> Token:
    part = Token("inline", "", 0)
    part.children, part.map = children, token.map
    return part


_BOX = re.compile(r"^\s*\[([ xX])\]\s+")


def _list_entries(tokens: list[Token], start: int, base: int) -> tuple[list[Entry], int, bool]:
    """The top-level items of the list opening at `start` (nested items and paragraphs as the
    item's detail, nested items also as its children); the index of its closing token;
    whether any item is a checkbox."""
    reader = _ListReader(base)
    i = start
    while i < len(tokens):
        if reader.read(tokens[i]):
            break
        i += 1
    return [e for e in reader.entries if e.text or e.detail], i, reader.boxed


# "a. Check …", "b) Modify …": a lettered paragraph, a sub-step
_LETTERED = re.compile(r"^[a-h][.)]\s+(\S.*)$", re.DOTALL)


class _ListReader:
    """The tokens of one list, read one at a time into its items."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.entries: list[Entry] = []
        self.depth = 0
        self.boxed = False
        self.current: Entry | None = None  # the top-level item being read
        # The item being read at each depth below the top (2: its nested item, 3: that
        # item's own, …): nested items at any depth are their parent's children.
        self.open: dict[int, Entry] = {}
        self.lettered: Entry | None = None  # the item's lettered sub-step being read

    def read(self, t: Token) -> bool:
        """Take one token; True when the list has closed."""
        if t.type in ("bullet_list_open", "ordered_list_open"):
            self.depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            self.depth -= 1
            return self.depth == 0
        elif t.type == "list_item_open" and self.depth == 1:
            self.current = self.lettered = None
            self.open.clear()
        elif t.type == "list_item_open":
            self.open = {d: e for d, e in self.open.items() if d < self.depth}
        elif t.type == "inline" and self.current is None and self.depth == 1:
            self.item(t)
        elif t.type == "inline" and self.current is not None:
            if not (self.depth == 1 and self.lettered_step(t, self.current)):
                self.more(t, self.current)
        elif t.type in ("fence", "code_block") and self.current is not None and t.content.strip():
            detail = self.current.detail
            self.current.detail = (detail + "\n" if detail else "") + t.content.strip()
            if self.lettered is not None:  # "b. Modify the PVC:" over its command
                self.lettered.detail = (self.lettered.detail + "\n").lstrip() + t.content.strip()
        return False

    def lettered_step(self, t: Token, current: Entry) -> bool:
        """ "a. Check if the storage class supports volume expansion:" written inside an item:
        a sub-step of that item, as a nested list's item would be (letters are no list in
        markdown)."""
        found = _LETTERED.match(clean(_inline_text(t)))
        if not found or not _imperative(found.group(1)):
            return False
        self.lettered = Entry(found.group(1), "", self.line(t))
        current.children.append(self.lettered)
        current.detail = f"{current.detail}; {found.group(0)}" if current.detail else found.group(0)
        return True

    def line(self, t: Token) -> int:
        return self.base + (t.map[0] if t.map else 0) + 1

    def item(self, t: Token) -> None:
        if _BOX.match(t.content):
            self.boxed = True
            t = _strip_box(t)
        text, detail = _split_lead(t)
        if len(text) > 100 and (cut := text.find(". ", 20, 100)) > 0:
            # A paragraph of an item: its first sentence is the step, the rest its detail.
            text, rest = text[: cut + 1], text[cut + 2 :]
            detail = f"{rest}; {detail}" if detail else rest
        self.current = Entry(text, detail, self.line(t))
        self.entries.append(self.current)

    def more(self, t: Token, current: Entry) -> None:
        more = clean(_BOX.sub("", _inline_text(t)))
        if not more:
            return
        depth = self.depth
        parent = current if depth == 2 else self.open.get(depth - 1)
        if depth >= 2 and depth not in self.open and parent is not None:
            text, detail = _split_lead(_strip_box(t) if _BOX.match(t.content) else t)
            self.open[depth] = Entry(text, detail, self.line(t))
            parent.children.append(self.open[depth])
        elif (entry := self.open.get(depth)) is not None:  # a nested item's next paragraph
            entry.detail = f"{entry.detail}; {more}" if entry.detail else more
        elif depth == 1 and (lettered := _LETTERED.match(more)) and _imperative(lettered[1]):
            # "2. Expand the disk:" over "a. Check the storage class.", "b. Resize it.": the
            # item's sub-steps, lettered in its paragraphs rather than listed.
            current.children.append(Entry(lettered[1], "", self.line(t)))
        # Everything written below a top-level item is its detail.
        current.detail = f"{current.detail}; {more}" if current.detail else more


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
            if in_head:
                header.extend(current)
            else:
                rows.append(current)
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


def _all_headings(tokens: list[Token]) -> list[tuple[int, str, int]]:
    return [
        (int(t.tag[1]), clean(_inline_text(tokens[n + 1])), t.map[0] + 1 if t.map else 0)
        for n, t in enumerate(tokens)
        if t.type == "heading_open" and n + 1 < len(tokens)
    ]
