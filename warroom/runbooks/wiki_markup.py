"""Confluence and Jira wiki markup, as a page exported or pasted from them is written, as the
markdown the outline reads, line for line: `h2. Section` headings, `#` and `##` numbered
lists, `**` nested bullets, `{code}` and `{noformat}` blocks as code fences, and the other
`{macro}` lines left out."""

from __future__ import annotations

import re

from warroom.runbooks.asciidoc import fenced_lines

_HEADING = re.compile(r"^h([1-6])\.[ \t]+(\S.*)$")
_NUMBERED = re.compile(r"^(#{1,5})[ \t]+(\S.*)$")
_BULLET = re.compile(r"^(\*{1,5}|-)[ \t]+(\S.*)$")
_BLOCK = re.compile(r"^\{(?:code|noformat)(?::[^}]*)?\}\s*$")
_MACRO = re.compile(r"^\{[a-z]+(?::[^}]*)?\}\s*$")
_PAGE = re.compile(r"(?m)^h[1-6]\.[ \t]+\S")


def looks_like_wiki_markup(text: str) -> bool:
    """A page with `h1.` … `h6.` headings on lines of their own."""
    return bool(_PAGE.search(text))


def wiki_markup(lines: list[str]) -> list[str]:
    """The lines of a wiki page as markdown, as many lines as there were."""
    return fenced_lines(lines, _BLOCK, _line)


def _line(line: str) -> str:
    if heading := _HEADING.match(line):
        return f"{'#' * int(heading.group(1))} {heading.group(2)}"
    if numbered := _NUMBERED.match(line):
        return f"{'    ' * (len(numbered.group(1)) - 1)}1. {numbered.group(2)}"
    if bullet := _BULLET.match(line):
        return f"{'    ' * (len(bullet.group(1)) - 1)}- {bullet.group(2)}"
    if _MACRO.match(line):
        return ""  # "{panel}", "{info}", "{toc}": a box's frame, no text of the page
    return line
