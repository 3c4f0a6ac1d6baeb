"""Steps written in shapes markdown does not nest on its own, rewritten line for line so the
outline reads them as list items with their detail: HTML `<details>` boxes (a step's title in
the `<summary>`, its commands and notes inside), and code blocks written at the margin
between numbered steps (the step they follow is theirs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warroom.runbooks.vocabulary import _imperative

_OPEN = re.compile(r"<details\b[^>]*>", re.I)
_CLOSE = re.compile(r"</details\s*>", re.I)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.I)
_SUMMARY_OPENS = re.compile(r"<summary\b[^>]*>(?!.*</summary)", re.I)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s")
# "Step 3: Restart the loader", "3. Restart the loader": the number is the box's order.
_NUMBERED = re.compile(r"(?i)^(?:step\s+)?\d+(?:\.\d+)*\s*[:.)–—-]\s*(?=\S)")
_ITEM = re.compile(r"^(\d+[.)]|[-*+])\s+")


@dataclass
class _Box:
    open: int  # the line of "<details>"
    summary: int = -1  # the line holding "<summary>", -1: none yet
    text: str = ""
    close: int = -1
    spans: list[int] = field(default_factory=list)  # a summary's other lines, when it has some
    boxes: list[_Box] = field(default_factory=list)


def details(lines: list[str]) -> list[str]:
    """`<details><summary>Step 2: Drain the queue</summary> … </details>` as the list item
    "1. Drain the queue" with what the box holds indented below it as its detail; a box of
    boxes as a heading over them; a box titled otherwise ("Example output") as a paragraph."""
    out = list(lines)
    level, levels = 1, []  # the level of the heading over each line, read in one pass
    for line in lines:
        if heading := _HEADING.match(line):
            level = len(heading.group(1))
        levels.append(level)
    for box in _boxes(lines):
        _rewrite(box, out, levels[box.open])
    return out


def _boxes(lines: list[str]) -> list[_Box]:
    """The closed HTML boxes outside code fences, each with the boxes nested in it."""
    top: list[_Box] = []
    stack: list[_Box] = []
    fence = ""
    for n, line in enumerate(lines):
        if opened := _FENCE.match(line):
            fence = _fence_after(opened.group(1), fence)
            continue
        if fence:
            continue
        if _OPEN.search(line):
            box = _Box(n)
            (stack[-1].boxes if stack else top).append(box)
            stack.append(box)
        if stack and stack[-1].summary < 0:
            _read_summary(stack[-1], lines, n)
        if _CLOSE.search(line) and stack:
            stack.pop().close = n
    return [b for b in top if b.close >= 0]


def closes(marker: str, opened: str) -> bool:
    """Whether a fence line closes the open fence: the same character, at least as long."""
    return marker[0] == opened[0] and len(marker) >= len(opened)


def _fence_after(marker: str, fence: str) -> str:
    """The code fence open after a fence line ("" when it closes the open one)."""
    if not fence:
        return marker
    return "" if closes(marker, fence) else fence


def _read_summary(box: _Box, lines: list[str], n: int) -> None:
    """A box's title, where line n gives it ("<summary>Title</summary>")."""
    if said := _SUMMARY.search(lines[n]):
        box.summary, box.text = n, re.sub(r"<[^>]+>", "", said.group(1)).strip()
    elif _SUMMARY_OPENS.search(lines[n]):
        # "<summary>" on a line of its own, the title on the lines below it
        ends = next((k for k in range(n, min(n + 5, len(lines))) if "</summary" in lines[k]), n)
        said = _SUMMARY.search(" ".join(lines[n : ends + 1]))
        if said and ends > n:
            box.summary, box.spans = ends, list(range(n, ends))
            box.text = re.sub(r"<[^>]+>", "", said.group(1)).strip()


def _rewrite(box: _Box, out: list[str], level: int) -> None:
    """A titled box as markdown: a box of boxes as a heading over them, a box titled as a
    step as a numbered item, any other as its title."""
    if box.summary < 0 or box.close < 0 or not box.text:
        return
    inner = [b for b in box.boxes if b.close >= 0]
    title = _NUMBERED.sub("", box.text)
    opening = out[box.open]
    before = opening[: tag.start()] if (tag := _OPEN.search(opening)) else ""
    if inner:  # a box of boxes groups its steps under a heading
        _strip_tags(out, box)
        out[box.summary] = "#" * min(level + 1, 6) + " " + title
        for child in inner:
            _rewrite(child, out, level + 1)
        return
    margin = before if not before.strip() else ""  # a box written inside a list item
    _strip_tags(out, box)
    stepped = bool(_NUMBERED.match(box.text)) or _imperative(title)
    if not stepped:
        # (where it was written: inside a list item, it stays in the item; over a list, it
        # leads it in: "Escalation contacts" over "1. Database on-call")
        if _leads_a_list(out, box) and not title.rstrip().endswith(":"):
            title = f"{title.rstrip()}:"
        out[box.summary] = before + title if _ITEM.match(before.lstrip()) else margin + title
        return
    _as_step(box, out, before, title)


def _leads_a_list(out: list[str], box: _Box, numbered: bool = False) -> bool:
    """Whether the first thing a box holds below its title is a list (a numbered one)."""
    below = next((line for line in out[box.summary + 1 : box.close] if line.strip()), "")
    return bool(re.match(r"\s*\d+[.)]\s" if numbered else r"\s*(?:[-*+]|\d+[.)])\s", below))


def _as_step(box: _Box, out: list[str], before: str, title: str) -> None:
    """A box titled as a step: a numbered item, its content indented under it."""
    listed = bool(_ITEM.match(before.lstrip()))  # "1. <details>": already a list item
    indent = " " * len(before) if not listed else before
    follows = box.summary + 1 < box.close and out[box.summary + 1].strip()
    if follows:  # text right below would run into the title: a bold lead keeps them apart
        title = f"**{title.rstrip(':')}:**"
    elif _leads_a_list(out, box, numbered=True) and not title.rstrip().endswith(":"):
        # "Ensure the migrator is not running" over "1. Identify …", "2. Connect …": the
        # box's numbered steps are what doing it takes, each a step
        title = f"{title.rstrip()}:"
    out[box.summary] = (indent if listed else indent + "1. ") + title
    if box.summary != box.open and listed:
        out[box.open] = ""
    if not listed:
        for n in range(box.summary + 1, box.close + 1):
            if out[n].strip():
                out[n] = "   " + out[n]


def _strip_tags(out: list[str], box: _Box) -> None:
    for n in box.spans:
        out[n] = ""
    for n in (box.open, box.summary, box.close):
        out[n] = _SUMMARY.sub("", _CLOSE.sub("", _OPEN.sub("", out[n])))
        if not out[n].strip():
            out[n] = ""


# "**Step 2 - Scale the consumers**", "**3. Watch the backlog drain**" on a line of its own
_BOLD_STEP = re.compile(
    r"^(?:\*\*|__)(?:[Ss]tep\s+)?(\d{1,3})\s*[:.)–—-]\s*([^*_]+?)(?:\*\*|__)\s*$"
)


def bold_steps(lines: list[str]) -> list[str]:
    """Numbered steps written as bold lines, each a paragraph of its own, as numbered items,
    so what is written below one (its command) can be its detail."""
    out = list(lines)
    for n, line in enumerate(lines):
        alone = n + 1 >= len(lines) or not lines[n + 1].strip()
        if line[:2] in ("**", "__") and alone and (step := _BOLD_STEP.match(line)):
            out[n] = f"{step.group(1)}. {step.group(2)}"
    return out


def margin_code(lines: list[str]) -> list[str]:
    """What is written at the margin right after a numbered step ("1. Check the pipeline
    status", a blank line, a fenced command, perhaps a "Run this:" line before it) is that
    step's, as its author meant, when the next step follows it ("2. …") or it is the command
    itself: indented into the item, so the outline reads it as the step's detail and the list
    goes on after it."""
    out = list(lines)
    n = 0
    width = number = 0  # the content column and number of the item the lines below follow
    known, held = -1, False  # where the run last read at the margin ends; whether it is held
    while n < len(lines):
        line = lines[n]
        item = _NUMBERED_ITEM.match(line)
        if item:
            width, number = len(item.group(2)) + len(item.group(1)) + 1, int(item.group(1))
        elif width and line.strip() and not line.startswith((" ", "\t")):
            if n >= known:  # a run is read once: its end and whether it is held stay
                known = _run_end(lines, n)
                nxt = _NUMBERED_ITEM.match(lines[known]) if known < len(lines) else None
                step = int(nxt.group(1)) if nxt else 0
                held = step == number + 1 and _held(lines[n:known])
            if held:
                last = known - 1  # all of it lies between two steps
            elif _FENCE.match(line):
                last = _fence_end(lines, n)
            elif (said := _said_before_code(lines, n)) is not None:
                last = said
            else:
                width = 0  # a paragraph or heading at the margin ends the item
                n += 1
                continue
            for k in range(n, last + 1):
                out[k] = " " * width + lines[k] if lines[k].strip() else lines[k]
            n = last + 1
            continue
        n += 1
    return out


_NUMBERED_ITEM = re.compile(r"^(\d{1,3})([.)])\s+\S")
# What ends the lines an item may hold: a heading, a table, HTML, a bullet list, a rule.
_ENDS_ITEM = re.compile(r"^(?:#{1,6}\s|\||<|[-*+]\s|(?:[-*_]\s*){3,}$)")


# "Note:", "**NOTE:**", "Warning -": a remark on the step before
_REMARK = re.compile(r"(?i)^\W*(?:note|nb|important|warning|caution|tip)\b\W*[:–—-]")


def _held(run: list[str]) -> bool:
    """Whether the lines between two steps are the first step's: its commands, with remarks
    ("**NOTE:** …") and the lines that lead to them ("Run this:"); any other sentence at the
    margin may be a step of its own."""
    paragraphs: list[list[str]] = []
    fence, fenced, gap = "", False, True
    for line in run:
        if opened := _FENCE.match(line):
            fence, fenced, gap = ("" if fence else opened.group(1)), True, True
        elif fence:
            continue
        elif not line.strip():
            gap = True
        elif gap:
            paragraphs.append([line.strip()])
            gap = False
        else:
            paragraphs[-1].append(line.strip())
    return fenced and all(_REMARK.match(p[0]) or p[-1].endswith(":") for p in paragraphs)


def _run_end(lines: list[str], n: int) -> int:
    """The index of the first line at the margin from `n` that ends what an item holds (a
    numbered item, a heading, a table …), code blocks passed over whole."""
    while n < len(lines):
        line = lines[n]
        if _FENCE.match(line) and not line.startswith(" "):
            n = _fence_end(lines, n) + 1
            continue
        if _NUMBERED_ITEM.match(line) or _ENDS_ITEM.match(line):
            return n
        n += 1
    return n


def _said_before_code(lines: list[str], n: int) -> int | None:
    """The last line of the code block that a short paragraph ending ":" at `n` introduces
    ("Run this to see the last executions:"), or None."""
    k = n
    while k < len(lines) and lines[k].strip() and not _FENCE.match(lines[k]) and k - n < 3:
        k += 1
    if k == n or not lines[k - 1].rstrip().endswith(":"):
        return None
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k < len(lines) and _FENCE.match(lines[k]) and not lines[k].startswith(" "):
        return _fence_end(lines, k)
    return None


def _fence_end(lines: list[str], start: int) -> int:
    marker = _FENCE.match(lines[start]).group(1)  # type: ignore[union-attr]
    for k in range(start + 1, len(lines)):
        closing = _FENCE.match(lines[k])
        if closing and closes(closing.group(1), marker):
            return k
    return len(lines) - 1


# "1 - Check the array", "(2) Fail over", "3.Open a case", "**4.** Tell the desk", "5️⃣ Close":
# numbered lines markdown reads as no list.
_LOOSE_NUMBER = re.compile(
    r"^(\s{0,3})(?:\((\d{1,2})\)\s*|(\d{1,2})\s*[-–—:]\s+|(\d{1,2})\.(?=[A-Z])"
    r"|(?:\*\*|__)(\d{1,2})[.)]?(?:\*\*|__)\s*|(\d)\ufe0f?\u20e3\s*)(?=\S)"
)


def numbered_lines(lines: list[str]) -> list[str]:
    """Runs of two or more lines numbered 1, 2, 3 … in a shape markdown reads as no list
    (blank lines between them or not), as a numbered list, line for line."""
    out = list(lines)
    run: list[tuple[int, re.Match[str]]] = []
    fence = ""
    for n, line in enumerate(lines):
        if opened := _FENCE.match(line):
            fence = _fence_after(opened.group(1), fence)
            continue
        found = None if fence else _LOOSE_NUMBER.match(line)
        number = int(next(g for g in found.groups()[1:] if g)) if found else 0
        if found and number == len(run) + 1:
            run.append((n, found))
        elif line.strip() or found:
            _as_list(run, out)
            run = [(n, found)] if found and number == 1 else []
    _as_list(run, out)
    return out


def _as_list(run: list[tuple[int, re.Match[str]]], out: list[str]) -> None:
    if len(run) < 2:
        return
    for number, (n, found) in enumerate(run, 1):
        out[n] = f"{found.group(1)}{number}. {out[n][found.end() :]}"
