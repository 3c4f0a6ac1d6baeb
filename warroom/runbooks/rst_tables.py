"""reStructuredText tables (grid tables, simple tables and the list-table directive) as HTML
tables the outline reads, line for line: each row stays on the line it starts on, so a level,
a role or an escalation read from a row keeps its true `source`."""

from __future__ import annotations

import html
import re

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_SIMPLE_BORDER = re.compile(r"^\s*=+(?:\s+=+)+\s*$")
_LIST_TABLE = re.compile(r"^(\s*)\.\.\s+list-table::")
_FILLER = "<!-- -->"  # keeps the HTML block going across a line that holds no row


def rst_tables(lines: list[str]) -> list[str]:
    """The lines with each reStructuredText table replaced by an HTML table of as many lines."""
    out = list(lines)
    n = 0
    while n < len(out):
        for read in (_grid, _simple, _list_table):
            end = read(out, n)
            if end > n:
                n = end
                break
        else:
            n += 1
    return out


def _row_html(cells: list[str], header: bool) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{html.escape(c.strip())}</{tag}>" for c in cells) + "</tr>"


def _write(out: list[str], start: int, end: int, rows: list[tuple[int, list[str], bool]]) -> int:
    """Lines start..end (inclusive) as one HTML table whose rows sit on their own lines."""
    for n in range(start, end + 1):
        out[n] = _FILLER
    out[start] = "<table>"
    for line, cells, header in rows:
        out[line] = _row_html(cells, header)
    out[end] = (out[end] if out[end] != _FILLER else "") + "</table>"
    return end + 1


def _grid(out: list[str], start: int) -> int:
    """ "+----+----+" / "| a  | b  |" / "+====+====+": rows between borders, the rows above a
    "=" border the header; a cell's lines joined."""
    if not _GRID_BORDER.match(out[start]):
        return start
    border = out[start].strip()
    indent = len(out[start]) - len(out[start].lstrip())
    cuts = [indent + i for i, ch in enumerate(border) if ch == "+"]
    end = start
    while end + 1 < len(out) and out[end + 1].strip()[:1] in ("+", "|"):
        end += 1
    if end == start:
        return start
    rows: list[tuple[int, list[str], bool]] = []
    first, cells = 0, [""] * (len(cuts) - 1)
    for n in range(start + 1, end + 1):
        if _GRID_BORDER.match(out[n]):
            if first:
                rows.append((first, cells, "=" in out[n]))
            first, cells = 0, [""] * (len(cuts) - 1)
            continue
        first = first or n
        for c in range(len(cuts) - 1):
            part = out[n][cuts[c] + 1 : cuts[c + 1]].strip(" |")
            cells[c] = f"{cells[c]} {part}".strip()
    if not rows:
        return start
    header_at = next((i for i, r in enumerate(rows) if r[2]), None)
    rows = [(line, c, header_at is not None and i <= header_at) for i, (line, c, _) in
            enumerate(rows)]  # fmt: skip
    return _write(out, start, end, rows)


def _simple(out: list[str], start: int) -> int:
    """ "=====  =====" borders around a header and rows; a row whose first column is empty
    goes on with the row above."""
    if not _SIMPLE_BORDER.match(out[start]) or (start and out[start - 1].strip()):
        return start
    borders = _simple_borders(out, start)
    if not borders:
        return start
    spans = [m.span() for m in re.finditer(r"=+", out[start])]
    header_end = borders[1] if len(borders) >= 3 else start
    rows: list[tuple[int, list[str], bool]] = []
    for line in range(start + 1, borders[-1]):
        if line in borders:
            continue
        text = out[line]
        cells = [
            text[a : (spans[i + 1][0] if i + 1 < len(spans) else len(text))].strip()
            for i, (a, _) in enumerate(spans)
        ]
        if rows and not cells[0]:
            joined = [f"{x} {y}".strip() for x, y in zip(rows[-1][1], cells, strict=True)]
            rows[-1] = (rows[-1][0], joined, rows[-1][2])
        else:
            rows.append((line, cells, line < header_end))
    return _write(out, start, borders[-1], rows) if rows else start


def _simple_borders(out: list[str], start: int) -> list[int]:
    """The border lines of a simple table, the last one followed by a blank line."""
    borders = [start]
    for n in range(start + 1, len(out)):
        if _SIMPLE_BORDER.match(out[n]):
            borders.append(n)
            if n + 1 >= len(out) or not out[n + 1].strip():
                return borders
        elif not out[n].strip():
            return []
    return []


def _list_table(out: list[str], start: int) -> int:
    """ ".. list-table::" with ":header-rows: 1" over "* - a" / "  - b" items: a row per
    "*", a cell per "-"."""
    directive = _LIST_TABLE.match(out[start])
    if not directive:
        return start
    depth = len(directive.group(1))
    header_rows = 0
    rows: list[tuple[int, list[str], bool]] = []
    end = start
    for n in range(start + 1, len(out)):
        line = out[n]
        if line.strip() and len(line) - len(line.lstrip()) <= depth:
            break
        stripped = line.strip()
        if option := re.match(r"^:header-rows:\s*(\d+)", stripped):
            header_rows = int(option.group(1))
        elif item := re.match(r"^\*\s+-\s*(.*)$", stripped):
            rows.append((n, [item.group(1)], len(rows) < header_rows))
        elif (cell := re.match(r"^-\s+(.*)$", stripped)) and rows:
            rows[-1][1].append(cell.group(1))
        elif stripped and rows:
            rows[-1][1][-1] = f"{rows[-1][1][-1]} {stripped}".strip()
        if stripped:
            end = n
    return _write(out, start, end, rows) if rows else start
