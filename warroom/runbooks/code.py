"""Code blocks: escalation written as `Level N:` lines, roles written as `X role:` lists,
steps written as a list inside a block, and message templates."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from warroom.runbooks.escalation import escalation_chain
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import _list_entries
from warroom.runbooks.procedure import alternatives, commented_steps
from warroom.runbooks.roles import role_name
from warroom.runbooks.steps import _classify_list
from warroom.runbooks.vocabulary import TEMPLATE_WORDS, _has, clean


def _classify_code(
    content: str, info: str, path: tuple[str, ...], kinds: list[str], lead: str, line: int,
    procedure: bool = False,
) -> list[Section]:  # fmt: skip
    """What a code block states; `procedure`: it stands in a procedure (a steps heading, a
    time-boxed section), where commented commands are steps."""
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
    commented = commented_steps(content, info, line) if procedure or "steps" in kinds else []
    if commented and not _has(lead, ("template",)):
        choice = alternatives(commented, lead or (path[-1] if path else ""), line)
        block.kind, block.entries = "phase", [choice] if choice else commented
        block.reason = "one decision among options" if choice else "commented commands"
        return [block]
    written = [x for x in text.splitlines() if x.strip()]
    listed = [x for x in written if re.match(r"^\s*(?:\d+[.)]|[-*+])\s+\S", x)]
    if not _has(lead, ("template",)) and len(listed) >= 2 and len(listed) * 3 >= len(written):
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
