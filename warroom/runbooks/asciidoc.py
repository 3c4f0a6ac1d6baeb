"""AsciiDoc, the markup of Antora and Asciidoctor sites, as the markdown the outline reads,
line for line: `== Section` headings, `. Step` and `.. Sub-step` numbered lists, `** Item`
nested bullets, and `----` or `....` blocks as code fences (`[source,bash]` lines left out)."""

from __future__ import annotations

import re
from collections.abc import Callable

# (a wiki's "== Contacts ==" is a heading too, its closing marks dropped)
_HEADING = re.compile(r"^(={1,6})[ \t]+(\S.*?)(?:[ \t]+=+)?[ \t]*$")
_ORDERED = re.compile(r"^(\.{1,5})[ \t]+(\S.*)$")
_BULLET = re.compile(r"^(\*{1,5})[ \t]+(\S.*)$")
_DELIMITER = re.compile(r"^(?:-{4,}|\.{4,})\s*$")
_ATTRIBUTES = re.compile(r"^\[[\w.#%, =\"'-]*\]\s*$|^:[\w-]+:.*$")
# A document that says it is AsciiDoc: a section heading "== …" and no markdown heading.
_SECTION = re.compile(r"(?m)^={2,6}[ \t]+\S")
_MARKDOWN_HEADING = re.compile(r"(?m)^#{1,6}[ \t]+\S")


def looks_like_asciidoc(text: str) -> bool:
    return bool(_SECTION.search(text)) and not _MARKDOWN_HEADING.search(text)


def asciidoc(lines: list[str]) -> list[str]:
    """The lines of an AsciiDoc document as markdown, as many lines as there were."""
    return fenced_lines(lines, _DELIMITER, _line)


def fenced_lines(
    lines: list[str], delimiter: re.Pattern[str], convert: Callable[[str], str]
) -> list[str]:
    """Each line converted, but a delimited block's lines (a listing, `{code}`) kept as
    written inside a code fence: a markup of its own read line for line."""
    out = []
    fenced = False
    for line in lines:
        if delimiter.match(line):
            fenced = not fenced
            out.append("```")
        else:
            out.append(line if fenced else convert(line))
    return out


def _line(line: str) -> str:
    if heading := _HEADING.match(line):
        return f"{'#' * len(heading.group(1))} {heading.group(2)}"
    if ordered := _ORDERED.match(line):
        return f"{'    ' * (len(ordered.group(1)) - 1)}1. {ordered.group(2)}"
    if bullet := _BULLET.match(line):
        return f"{'    ' * (len(bullet.group(1)) - 1)}- {bullet.group(2)}"
    if _ATTRIBUTES.match(line) or line.strip() == "+":
        return ""  # "[source,bash]", ":toc:", a list continuation: no text of the document
    return line
