"""A runbook's text as plain markdown, line for line: front matter, template tags and the
markup of documentation systems (reStructuredText headings, roles and directives, Hugo, Liquid
and ERB tags) are blanked or reduced to their words, and checkbox lines without a list marker
become checklist items. Every line stays where it was, so `source = "FILE:line"` stays true.
"""

from __future__ import annotations

import functools
import html
import re

from warroom.runbooks.asciidoc import asciidoc, looks_like_asciidoc
from warroom.runbooks.boxes import bold_steps, closes, details, margin_code, numbered_lines
from warroom.runbooks.rst_tables import rst_tables
from warroom.runbooks.wiki_markup import looks_like_wiki_markup, wiki_markup

# {{< relref "x" >}}, {{ site.x }}, {% data reusables.x %}, <%= partial "x" %>, <!-- TODO -->
# A tag is a line or a few: bounded, so a document of unclosed "{{" is read in linear time.
_TAGS = re.compile(r"\{\{.{0,500}?\}\}|\{%.{0,500}?%\}|<%.{0,500}?%>", re.DOTALL)
# :ref:`members list <psrt-members>` → "members list"; :guilabel:`Edit` → "Edit"
# (MyST writes a glossary term in braces: {term}`Scribe`)
MYST_ROLES = (
    "ref", "doc", "term", "numref", "download", "abbr", "kbd", "guilabel", "menuselection",
    "file", "command", "program", "envvar", "option", "math", "eq", "sub", "sup", "button",
    "button-link", "button-ref", "bdg", "octicon", "fa", "pep", "rfc", "any", "samp", "dfn",
)  # fmt: skip
_TERM = re.compile(r"(?::term:|\{term\})`([^`<]*?)\s*(?:<[^`>]*>)?`")
# (and a MyST role in braces, {button}`First response template <https://…>` → its words; a
# placeholder such as `#support-{team}` is no role: the names are the documentation systems')
_ROLE = re.compile(
    r"(?::[a-z][\w:+-]*:|\{(?:" + "|".join(MYST_ROLES) + r")\})`([^`<]*?)\s*(?:<[^`>]*>)?`"
)
# A MyST glossary directive, a fence whose "Term" / ": definition" lines are read as text.
_MYST_GLOSSARY = re.compile(r"^(`{3,}|~{3,})\{glossary\}\s*$")
# `similar to core team nominations`_ → the words of the link
_RST_LINK = re.compile(r"`([^`<]+?)\s*(?:<[^`>]*>)?`_{1,2}")
_UNDERLINE = re.compile(r"^([=\-~^*+#\"':.])\1{2,}\s*$")
# In a reST document a heading may be underlined with backticks too (Sphinx's own style
# guide lists them); a markdown fence is never read this way, as only reST takes this path.
_RST_UNDERLINE = re.compile(r"^([=\-~^*+#\"':.`_])\1{2,}\s*$")
_DIRECTIVE = re.compile(r"^\.\.\s+(?:[\w:-]+::|_[^:]+:|\|[^|]+\|)")
# reST enumerates with letters and roman numerals too ("a) Create a ticket", "(b) Page the
# lead", "ii. Notify"), at any depth: markdown knows only numbers, so they become "1." items.
_RST_ENUMERATED = re.compile(
    r"^(\s*)(?:\(?(?:[a-zA-Z]|[ivx]{1,4}|[IVX]{1,4})\)|(?:[a-z]|[ivx]{1,4})\.)\s+(?=\S)"
)
_CHECKBOX_LINE = re.compile(r"^(\s{0,3})\[( |x|X)\]\s+(?=\S)")
_FIELD = re.compile(r"^:([A-Z][^:`]{0,60}):\s+(?=\S)")
_AUTONUMBER = re.compile(r"^(\s*)#\.(\s+)")
# Mojibake is UTF-8 read as Latin-1 or Windows-1252: it is made of those characters only;
# terminal escapes (ESC) are removed by the same repair.
_MOJIBAKE = re.compile(
    "[\x1b\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2022\u2030\u2039\u203a\u20ac\u2122]"
)
_MDX_TAG = re.compile(r"^\s*</?[A-Z][\w.]*(?:\s[^>]*)?/?>\s*$")


def front_matter(text: str) -> str:
    """YAML front matter (--- … ---) or a Pelican-style header blanked."""
    match = re.match(r"\A---[ \t]*\n.*?\n---[ \t]*\n", text, re.DOTALL)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]


def repair(text: str) -> str:
    """Mojibake repaired ("ðŸš¨" → "🚨") and terminal escapes removed, only on the lines
    that can hold them: ftfy costs time on each line it reads."""
    if not _MOJIBAKE.search(text):
        return text
    return "\n".join(_fixed(line) if _MOJIBAKE.search(line) else line for line in text.split("\n"))


@functools.lru_cache(maxsize=4096)  # a document repeats its banner and emoji lines
def _fixed(line: str) -> str:
    import ftfy

    return ftfy.fix_text(line)


_STEP_STARTS = set("Ssabcdefgh")
_DEFINITION_BODY = re.compile(r"^:\s+(\S.*)$")
# "Step 2: Reproduce it", "Step two: check the array", "b. Rotate the keys"
_STEP_LINE = re.compile(
    r"^(?:[Ss]tep\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:.)–—-]\s+"
    r"(?=[A-Za-z`*_\[])|[a-h][.)]\s+(?=[A-Z]))"
)


_HTML_LIST = re.compile(r"^\s*(?:</?(ol|ul)(?:\s[^>]*)?>|<li(?:\s[^>]*)?>(\s*)(.*?)(?:</li>)?)\s*$")
# "</li>" alone, or a paragraph's "<p>Text</p>" on its own line (inside a list item too)
_HTML_END_ITEM = re.compile(r"^\s*</li>\s*$")
_HTML_PRE = re.compile(
    r"^\s*<pre(?:\s[^>]*)?>(?:<code(?:\s[^>]*)?>)?([^<`]+)(?:</code>)?</pre>\s*$"
)
_HTML_PARAGRAPH = re.compile(r"^(\s*)<p(?:\s[^>]*)?>(.*?)(?:</p>)?\s*$")


class _HtmlLists:
    """HTML lists ("<ol>", "<li>Do it</li>") as markdown list lines, nested lists indented
    under their item; lists in an HTML table's cells stay in the table."""

    def __init__(self) -> None:
        self.kinds: list[str] = []  # the open lists, outermost first
        self.in_table = False
        self.titled = False  # just after an item's title, in the same paragraph

    def line(self, line: str) -> str:
        if "<table" in line or "</table" in line:
            self.in_table = "<table" in line and "</table" not in line
        if self.in_table:
            return line
        if self.kinds and _HTML_END_ITEM.match(line):
            return ""
        if self.kinds and line.rstrip().endswith("</li>"):
            line = line.rstrip()[:-5]  # "<p>They update the status page.</p></li>"
        kept = self._paragraph(line)
        if kept is not None:
            return kept
        self.titled = False
        listed = _HTML_LIST.match(line)
        return line if listed is None else self._list_line(line, listed)

    def _paragraph(self, line: str) -> str | None:
        """A "<pre>" or "<p>" line as text (None for any other line)."""
        # An item's one-line command or second paragraph stays in the item, as its detail: a
        # line break after the item's title ends the title. A paragraph alone is text.
        more = "   " * len(self.kinds) + ("<br>" if self.kinds and self.titled else "")
        if self.kinds and (pre := _HTML_PRE.match(line)):
            return more + "`" + html.unescape(pre.group(1)).strip() + "`"
        if (para := _HTML_PARAGRAPH.match(line)) and "<" not in para.group(2):
            return (more if self.kinds else "") + para.group(2).strip()
        return None

    def _list_line(self, line: str, listed: re.Match[str]) -> str:
        """A list's opening or closing tag (nothing), or an item as a markdown list line."""
        if listed.group(1) and line.lstrip().startswith("</"):
            self.kinds = self.kinds[:-1]
            return ""
        if listed.group(1):
            self.kinds.append(listed.group(1))
            return ""
        ordered = (self.kinds or ["ol"])[-1] == "ol"
        self.titled = bool(listed.group(3).strip())
        text = re.sub(r"^<p(?:\s[^>]*)?>|</p>$", "", listed.group(3).strip())
        return "   " * max(len(self.kinds) - 1, 0) + ("1. " if ordered else "- ") + text


def normalise(text: str) -> str:
    """The markdown the outline reads (same number of lines)."""
    lines, rst = _prepared(text)
    levels: list[str] = []
    out: list[str] = []
    html_lists = _HtmlLists()
    skipping = False  # inside a directive's option lines (":file: x") or a comment
    for n, raw in enumerate(lines):
        line = raw
        if rst:
            kept, skipping = _rst_directive_line(line, skipping)
            if kept is not None:
                out.append(kept)
                continue
            line = _AUTONUMBER.sub(r"\g<1>1.\g<2>", line)
            line = _RST_ENUMERATED.sub(r"\g<1>1. ", line)
            line = _RST_LINK.sub(r"\1", line)
            line = _rst_heading(lines, n, line, levels, out)
        out.append(_markdown_line(_term_lines(line, rst), html_lists))
    return "\n".join(_definitions(out) if rst else _colon_definitions(out))


def _prepared(text: str) -> tuple[list[str], bool]:
    """The document's lines with its blocks, tables and boxes rewritten whole (same number
    of lines), and whether it is reStructuredText."""
    text = front_matter(repair(text))
    # Tags spanning lines keep their line breaks, so later lines keep their numbers.
    text = _TAGS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.split("\n")
    if "==" in text and looks_like_asciidoc(text):  # "== Section", ". Step": AsciiDoc
        lines = asciidoc(lines)
    elif "h" in text and looks_like_wiki_markup(text):  # "h2. Section", "# Step": a wiki's
        lines = wiki_markup(lines)
    rst = _looks_like_rst(lines)
    lines = _literal_blocks(_admonitions(lines) if rst else lines, rst)
    if rst or "+--" in text or "==  " in text:
        # grid and simple tables, list-table directives: HTML tables, line for line (grid and
        # simple tables mean nothing else in markdown either)
        lines = rst_tables(lines)
    lines = _directive_fences(lines, text)
    if "<details" in text or "<DETAILS" in text:  # steps in HTML boxes
        lines = details(lines)
    if not rst and ("```" in text or "~~~" in text):
        lines = margin_code(bold_steps(lines))
    if _LOOSE_NUMBERS.search(text):  # "1 - Check …", "(2) Fail over …": numbered, no list
        lines = numbered_lines(lines)
    return _myst_glossaries(lines, "{glossary}" in text and not rst), rst


def _rst_directive_line(line: str, skipping: bool) -> tuple[str | None, bool]:
    """What a reST directive's own line becomes (None for any other line), and whether its
    option lines follow."""
    if _DIRECTIVE.match(line):
        # ".. important::", ".. _target:": their text follows them; a glossary's
        # terms are known by the heading it stands for.
        return ("###### Glossary" if "glossary::" in line else ""), True
    if skipping and re.match(r"^\s+:[\w-]+:", line):
        return "", True
    return None, False


_LOOSE_NUMBERS = re.compile(
    r"(?m)^\s{0,3}(?:\(1\)|1\s*[-–—:]\s|1\.[A-Z]|(?:\*\*|__)1[.)]?(?:\*\*|__)|1\ufe0f?\u20e3)"
)
_GLYPHS = frozenset("•◦▪▫‣●○■□►▸▹➤➜➔→⁃∙")
_GLYPH_ITEM = re.compile(r"^(\s*)[•◦▪▫‣●○■□►▸▹➤➜➔→⁃∙]\s+(?=\S)")


def _markdown_line(line: str, html_lists: _HtmlLists) -> str:
    """One line's terms, checkboxes, HTML lists and step labels in plain markdown."""
    if "`" in line:  # a glossary term is set in bold, where a role's name shows
        line = _ROLE.sub(r"\1", _TERM.sub(r"**\1**", line))
    if line.startswith(("[", " [")):
        line = _CHECKBOX_LINE.sub(r"\g<1>- [\g<2>] ", line)
    if line.lstrip()[:1] in _GLYPHS:
        # "• Call the provider", "→ Write the report": a list pasted from a word processor
        line = _GLYPH_ITEM.sub(r"\g<1>- ", line)
    if "<" in line:
        line = html_lists.line(line)
    # (the first letter checked before the patterns: most lines start otherwise)
    if (line[:1] in _STEP_STARTS and _STEP_LINE.match(line)) or line.lstrip().startswith("#. "):
        # "Step 2: Reproduce it", "b. Rotate the keys", a reST "#." list in markdown
        line = _AUTONUMBER.sub(r"\g<1>1.\g<2>", _STEP_LINE.sub("1. ", line))
    if "<" in line and _MDX_TAG.match(line):
        line = ""
    if line.endswith("}") and line.startswith("#"):
        line = _HEADING_ID.sub("", line)  # "## Dedicated Engineer {#dse}": the anchor is not read
    return line


# A heading's attributes, as site generators write them: "## Title {#anchor .class}".
_HEADING_ID = re.compile(r"\s+\{[#.][\w\s#.:=-]*\}$")


# ".. code-block:: none", ".. parsed-literal::": a directive whose indented text is shown as is.
_LITERAL_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?:code-block|code|sourcecode|parsed-literal)::")


def _literal_blocks(lines: list[str], rst: bool) -> list[str]:
    """reStructuredText literal blocks (the indented text after a paragraph ending "::", or
    after a code directive) shown as is: a list marker in one ("  * Affects: $VERSIONS", a
    message template indented two spaces) marks no list, a "#" no heading. Blocks indented
    four spaces or more are markdown code blocks already. The paragraph's "::" reads as ":",
    as reST shows it. Markdown has no such blocks."""
    if not rst:
        return lines
    out = list(lines)
    opened: int | None = None  # the indentation of the line that opened the block
    for n, line in enumerate(lines):
        depth = _indent(line)
        if opened is not None and (not line.strip() or depth > opened):
            if depth < 4:
                out[n] = _MARKER.sub(r"\1\\\2", line)
            continue
        opened = None
        if _LITERAL_DIRECTIVE.match(line):
            opened = depth
        elif line.rstrip().endswith("::") and not _DIRECTIVE.match(line):
            opened = depth
            out[n] = line.rstrip()[:-1] if line.strip() != "::" else ""
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# ".. note::", ".. warning:: Text": a box whose indented body is the document's own text
_ADMONITION = re.compile(
    r"^(\s*)\.\.\s+(?:note|warning|important|tip|hint|caution|danger|attention|error|"
    r"admonition|seealso|topic|sidebar|todo)::\s*(.*)$"
)


def _admonitions(lines: list[str]) -> list[str]:
    """reST admonitions' bodies at their directive's indentation, so what a note or warning
    says ("If the disk is full, stop the writer.") is read as text, not as an indented code
    block; the directive line keeps only its own words, its option lines are blanked."""
    out = list(lines)
    n = 0
    while n < len(out):
        box = _ADMONITION.match(out[n])
        n += 1
        if box is None:
            continue
        depth = len(box.group(1))
        out[n - 1] = box.group(1) + box.group(2)
        body: int | None = None  # the body's indentation
        while n < len(out) and (not out[n].strip() or _indent(out[n]) > depth):
            if out[n].strip():
                body = body or _indent(out[n])
                shift = min(body, _indent(out[n])) - depth
                out[n] = "" if _DIRECTIVE_OPTION.match(out[n]) else out[n][shift:]
            n += 1
    return out


# A list item's or heading's marker at the start of a line: "- ", "* ", "1. ", "2) ", "# "
_MARKER = re.compile(r"^(\s*(?:\d+(?=[.)]\s))?)([-*+#.)])(?=\s)")


def _myst_glossaries(lines: list[str], said: bool) -> list[str]:
    """A MyST glossary's fence as the heading it stands for (its terms are then definitions,
    as in a Sphinx glossary), its options and closing fence blanked, line for line. `said`:
    the document has one."""
    if not said:
        return lines
    out: list[str] = []
    fence = ""
    for line in lines:
        if not fence and (opened := _MYST_GLOSSARY.match(line)):
            line, fence = "###### Glossary", opened.group(1)
        elif fence and line.strip() == fence:
            line, fence = "", ""
        elif fence and re.match(r"^:[\w-]+:", line):
            line = ""
        out.append(line)
    return out


# MyST and Docusaurus directives whose body is markdown ("````{tab-set}", "```{tab-item} Alert",
# "```{note}", ":::{warning}", ":::tip"): a documentation system's boxes around the text.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{[\w-]+\}|[a-z][\w-]*)?(.*)$")
_MARKDOWN_DIRECTIVES = {
    "tab-set", "tab-item", "tabs", "tab", "note", "tip", "hint", "important", "warning",
    "caution", "danger", "attention", "error", "seealso", "admonition", "todo", "dropdown",
    "card", "grid", "grid-item", "grid-item-card", "div", "topic", "sidebar", "margin", "info",
    "success", "details",
}  # fmt: skip
_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s|$)")


def _directive_fences(lines: list[str], text: str) -> list[str]:
    """The fence lines (and ":sync: x" option lines) of directives whose body is markdown
    blanked, so what they hold is read as the document's own text, line for line; code
    blocks, and directives that hold code or diagrams, stay as they are."""
    if "{" not in text and ":::" not in text:
        return lines  # no directive written: most documents
    out = list(lines)
    stack: list[tuple[str, bool]] = []  # each open fence: its marker, whether it is blanked
    options = False
    for n, line in enumerate(lines):
        fence = _FENCE.match(line)
        if options and _DIRECTIVE_OPTION.match(line):
            out[n] = ""
            continue
        options = False
        if fence is None:
            continue
        marker, name, rest = fence.groups()
        if stack and not stack[-1][1]:  # inside a code block: only its own closing fence
            if not name and not rest.strip() and closes(marker, stack[-1][0]):
                stack.pop()
            continue
        if stack and not name and not rest.strip() and closes(marker, stack[-1][0]):
            stack.pop()
            out[n] = ""
        elif name and name.strip("{}") in _MARKDOWN_DIRECTIVES:
            stack.append((marker, True))
            out[n], options = "", True
        elif marker[0] != ":":  # a code block, or a directive that holds code
            stack.append((marker, False))
    return out


def _term_lines(line: str, rst: bool) -> str:
    """A term and what it says as a "- **Term**: text" item: a reST field list (":Scribe:
    Keeps …"), an HTML definition list's lines, an AsciiDoc labelled list ("Scribe:: …")."""
    if line.startswith(":"):
        return _FIELD.sub(r"- **\1**: ", line)
    if "<" in line:
        return _html_definition(line)
    if "::" in line and not rst:
        return _LABELLED.sub(r"- **\1**: ", line)
    return line


_LABELLED = re.compile(r"^([A-Za-z][^:`]{0,60})::\s+(?=\S)")
_DT_DD_PAIR = re.compile(
    r"(?i)^\s*<dt(?:\s[^>]*)?>(.*?)</dt>\s*<dd(?:\s[^>]*)?>(.*?)(?:</dd>)?\s*$"
)
_DT_DD = re.compile(r"^\s*(?:<(dt|dd)(?:\s[^>]*)?>(.*?)(?:</\1>)?|</?dl(?:\s[^>]*)?>)\s*$", re.I)


def _html_definition(line: str) -> str:
    """An HTML definition list line by line: "<dt>Scribe</dt>" as "- **Scribe**:", its
    "<dd>…</dd>" as the item's text, "<dl>" blanked."""
    if pair := _DT_DD_PAIR.match(line):  # "<dt>Critical</dt><dd>Remote code execution</dd>"
        term, said = (re.sub(r"<[^>]+>", "", part).strip() for part in pair.groups())
        return f"- **{term}**: {said}"
    match = _DT_DD.match(line)
    if not match:
        return line
    said = re.sub(r"<[^>]+>", "", match.group(2) or "").strip()
    if not match.group(1):
        return ""
    return f"- **{said}**:" if match.group(1).lower() == "dt" else f"  {said}"


def _colon_definitions(lines: list[str]) -> list[str]:
    """Markdown definition lists ("Incident Manager" over ": Coordinates the response") as
    "- **Term**: definition" items, line for line."""
    out = list(lines)
    for n in range(1, len(out)):
        body = _DEFINITION_BODY.match(out[n]) if out[n][:1] == ":" else None
        term = out[n - 1].strip()
        if (
            body
            and term
            and len(term.split()) <= 6
            and not re.match(r"^(?:[-*+#>|:]|\d+[.)])", term)
        ):
            out[n - 1], out[n] = f"- **{term}**: {body.group(1)}", ""
        elif body and out[n - 1].startswith("- **"):  # a second definition of the same term
            out[n] = f"  {body.group(1)}"
    return out


def _definitions(lines: list[str]) -> list[str]:
    """reStructuredText definition lists ("Incident Commander" over an indented "The person
    who …") as "- **Term**:" items with the definition as their text, line for line."""
    out = list(lines)
    n = 0
    listed = False  # just after a term's definition: the next term may follow at once
    while n < len(out) - 1:
        term, body = out[n], out[n + 1]
        depth = _indent(term)
        if not _a_term(term, body, depth) or (n and out[n - 1].strip() and not listed):
            n, listed = n + 1, False
            continue
        out[n] = " " * depth + "- **" + term.strip() + "**:"
        n, listed = n + 1, True
        while n < len(out) and (not out[n].strip() or _indent(out[n]) > depth):
            if out[n].strip():
                out[n] = " " * (depth + 2) + out[n].strip()
            n += 1
    return out


def _a_term(term: str, body: str, depth: int) -> bool:
    words = term.split()
    return (
        bool(words) and len(words) <= 6 and bool(body.strip())
        and _indent(body) > depth
        and not term.rstrip().endswith((":", "::", ".", ","))
        and not re.match(r"^\s*(?:[-*+#>|]|\d+[.)]|\.\.|\[)", term)
    )  # fmt: skip


def _looks_like_rst(lines: list[str]) -> bool:
    directives = sum(1 for line in lines if _DIRECTIVE.match(line))
    underlines = sum(
        1
        for n, line in enumerate(lines[1:], 1)
        if _UNDERLINE.match(line)
        and line[0] not in "=-"
        and len(line.strip()) >= len(lines[n - 1].strip()) > 0
        and not lines[n - 1].lstrip().startswith(("`", "~", "|", "-", "*", "#"))
    )
    return directives >= 1 or underlines >= 1


def _rst_heading(lines: list[str], n: int, line: str, levels: list[str], out: list[str]) -> str:
    """A title underlined (and perhaps overlined) becomes a markdown heading of the level
    its underline character first appeared at; the underline line is blanked."""
    following = lines[n + 1] if n + 1 < len(lines) else ""
    underline = _RST_UNDERLINE.match(following)
    title = line.strip()
    if (
        underline
        and title
        and not _RST_UNDERLINE.match(line)
        and len(following.strip()) >= len(title)
    ):
        char = underline.group(1)
        overlined = n > 0 and lines[n - 1].strip() == following.strip()
        key = char + ("o" if overlined else "")
        if key not in levels:
            levels.append(key)
        if overlined and out:
            out[-1] = ""
        # the level its underline first appeared at: a later "===" title after "---" ones
        # closes them and is a sibling of the earlier "===" titles again
        return "#" * min(levels.index(key) + 1, 6) + " " + title
    if _RST_UNDERLINE.match(line) and n > 0 and out and out[-1].startswith("#"):
        return ""  # the underline of the heading just made
    return line
