"""Code blocks: escalation written as `Level N:` lines, roles written as `X role:` lists,
steps written as a list inside a block, and message templates."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import escalation_chain
from warroom.runbooks.escalation_lines import diagram_chain
from warroom.runbooks.escalation_who import rung
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.not_steps import _under_advice
from warroom.runbooks.procedure import alternatives, commanded_steps, commented_steps
from warroom.runbooks.roles import role_name
from warroom.runbooks.steps import _classify_list
from warroom.runbooks.vocabulary import TEMPLATE_WORDS, _has, clean


def _classify_code(
    content: str, info: str, path: tuple[str, ...], kinds: list[str], lead: str, line: int,
    procedure: bool = False, lead_line: int = 0,
) -> list[Section]:  # fmt: skip
    """What a code block states; `procedure`: it stands in a procedure (a steps heading, a
    time-boxed section), where commented commands are steps. The first shape that fits
    decides."""
    block = _Block(content, info, path, kinds, lead, line, procedure)
    block.lead_line = lead_line
    for shape in (block.escalation_levels, block.roles, block.arrows, block.commented,
                  block.commands, block.listed, block.template):  # fmt: skip
        if (found := shape()) is not None:
            return found
    return [block.section]


_LEVEL_LINE = re.compile(r"^\s*Level\s*\d+\s*:\s*(.+)$", re.IGNORECASE)
_RUNG_LINE = re.compile(r"(?i)^\s*(?:level|tier)\s*\d+\s*(?:\(|[-–—]\s)")
_LIST_LINE = re.compile(r"^(\s*)(\d+[.)]|[-*+])\s+(\S.*)$")
_BOX_LINE = re.compile(r"^\[([ xX])\]\s+")


def _code_lists(text: str, line: int) -> list[tuple[list[Entry], bool, bool]]:
    """The lists written in a code block, read by their markers (a block is plain text):
    each run of items at its first indentation, deeper lines as the item's detail; with
    whether any is a checkbox and whether it is numbered."""
    lists: list[tuple[list[Entry], bool, bool]] = []
    current: list[Entry] = []
    indent, boxed, ordered = -1, False, False
    for n, raw in enumerate(text.splitlines()):
        match = _LIST_LINE.match(raw)
        if match and (indent < 0 or len(match.group(1)) <= indent):
            if indent < 0:
                indent, ordered = len(match.group(1)), match.group(2)[0].isdigit()
            words = match.group(3)
            if box := _BOX_LINE.match(words):
                boxed, words = True, words[box.end() :]
            current.append(Entry(clean(words), "", line + 1 + n))
        elif raw.strip() and current and (match or raw[: indent + 1].isspace()):
            more = clean(match.group(3) if match else raw)
            current[-1].detail = f"{current[-1].detail}; {more}" if current[-1].detail else more
        elif raw.strip():
            if current:
                lists.append((current, boxed, ordered))
            current, indent, boxed, ordered = [], -1, False, False
    if current:
        lists.append((current, boxed, ordered))
    return lists


# A message to send: mail headers, a greeting, or placeholders to fill in ($CVE, {project},
# <PROJECT NAME>).
_MESSAGE = re.compile(
    r"(?im)^\s*(?:subject|title|to|from|cc|reply-to)\s*:|^\s*(?:dear|hi|hello|greetings)\b"
    r"|\$[A-Z][A-Z_]{2,}|\{\s*[a-z_]+\s*\}|<[A-Z][A-Z_ ]{2,}>"
)
_NOT_TEMPLATES = ("mermaid", "bash", "sh", "shell", "python", "yaml", "json", "sql", "console",
                  "javascript", "js")  # fmt: skip


COMMANDS = "instructions over the commands they run"  # written in prose, as a paragraph
_PROMPT = re.compile(r"^\s*(?:\$|#|>|PS>|[\w@.-]+[$#>])\s+\S")
_SHELLS = {"bash", "sh", "shell", "console", "zsh", "powershell", "ps1", "cmd", "bat",
           "shell-session", "shellsession", "terminal", "fish"}  # fmt: skip


def _commands(text: str, info: str) -> bool:
    """A block of commands to run: marked as a shell, or its first line at a prompt."""
    kind = info.strip().lower().split()[:1]
    if kind:
        return kind[0] in _SHELLS
    first = next((x for x in text.splitlines() if x.strip()), "")
    return bool(_PROMPT.match(first)) and not first.lstrip().startswith("# ")


class _Block:
    """A code block under its heading; each method is one shape it may be written in."""

    def __init__(
        self, content: str, info: str, path: tuple[str, ...], kinds: list[str], lead: str,
        line: int, procedure: bool,
    ) -> None:  # fmt: skip
        self.content, self.info, self.path, self.kinds = content, info, path, kinds
        self.lead, self.line, self.procedure = lead, line, procedure
        self.lead_line = 0  # where the paragraph before the block starts
        self.text = content.strip("\n")
        self.heading = path[-1] if path else ""
        self.section = Section(path, line, "code", "not placed", [],
                               reason=f"{info or 'code'} block")  # fmt: skip

    def taken(self, kind: str, entries: list[Entry], reason: str) -> list[Section]:
        self.section.kind, self.section.entries, self.section.reason = kind, entries, reason
        return [self.section]

    def escalation_levels(self) -> list[Section] | None:
        """ "Level 1: On-call engineer" lines, a condition in brackets on the line before."""
        lowered = self.text.lower()
        if "level" not in lowered and "tier" not in lowered:  # most blocks have no such line
            return None
        lines = self.text.splitlines()
        entries = []
        for n, raw in enumerate(lines):
            # "Tier 2 (Help Desk)", "Level 3 - Engineering manager": a rung named either way
            who = match.group(1) if (match := _LEVEL_LINE.match(raw)) else ""
            if not who and _RUNG_LINE.match(raw):
                who = rung(clean(raw))
            if who:
                before = lines[n - 1] if n else ""
                # "(after 15 minutes)": from the first bracket to the last, found without a
                # regex that would rescan the line from every "(" of a line with no ")".
                start, end = before.find("("), before.rfind(")")
                condition = before[start + 1 : end] if 0 <= start < end - 1 else ""
                entries.append(Entry(clean(who), clean(condition), self.line + 1 + n))
        return self.taken("escalation", entries, "escalation levels") if entries else None

    def roles(self) -> list[Section] | None:
        """ "SRE role:" over "- Monitor dashboards": roles with their duties."""
        pattern = r"^([A-Z][\w ]+?) role:\s*\n((?:\s*-.*\n?)+)"
        blocks = list(re.finditer(pattern, self.text + "\n", re.MULTILINE))
        if not blocks:
            return None
        entries = []
        for match in blocks:
            if found := role_name(match.group(1), announced=True):
                duties = [clean(x.lstrip(" -")) for x in match.group(2).splitlines() if x.strip()]
                at = self.line + 1 + self.text[: match.start()].count("\n")
                entries.append(Entry(found[0], "", at, {"short": found[1],
                                                        "responsibilities": "\n".join(duties)}))  # fmt: skip
        return self.taken("roles", entries, "roles written as “X role:” lists")

    def arrows(self) -> list[Section] | None:
        escalation = "escalation" in self.kinds[-2:]
        # a flowchart drawn as text ("graph LR" over "A[Support] --> B[Team lead]") is read
        # as the arrows between its nodes' labels
        found = escalation_chain(
            diagram_chain(self.text) or " ".join(self.text.split()), escalation
        )
        if found and len(self.text.splitlines()) <= 12 and escalation:
            return self.taken("escalation", [Entry(w, "", self.line) for w in found],
                              "an escalation chain")  # fmt: skip
        return None

    def commented(self) -> list[Section] | None:
        """ "# Quick health check" over "curl …/health": a step and its command."""
        if not (self.procedure or "steps" in self.kinds) or _has(self.lead, ("template",)):
            return None
        steps = commented_steps(self.content, self.info, self.line)
        if not steps:
            return None
        if choice := alternatives(steps, self.lead or self.heading, self.line):
            return self.taken("phase", [choice], "one decision among options")
        return self.taken("phase", steps, "commented commands: the comment is the step")

    def commands(self) -> list[Section] | None:
        """ "Check if an upgrade is in progress." over `$ oc adm upgrade`: the paragraph's
        instructions are steps, the commands the detail of the last of them."""
        if not (self.lead_line and self.lead and _commands(self.text, self.info)):
            return None
        if (
            self.kinds[-1:] == ["skip"]
            or _under_advice(self.path)
            or _has(self.lead, ("template",))
        ):
            return None
        steps = commanded_steps(self.lead, self.lead_line)
        if not steps:
            return None
        steps[-1].detail = self.text
        return self.taken("phase", steps, COMMANDS)

    def listed(self) -> list[Section] | None:
        """Steps written as a list inside a code block ("```\n1. Acknowledge the alert\n…"),
        unless the block is a message to send (its list is what the message says)."""
        written = [x for x in self.text.splitlines() if x.strip()]
        listed = [x for x in written if _LIST_LINE.match(x)]
        if _has(self.lead, ("template",)) or len(listed) < 2 or len(listed) * 3 < len(written):
            return None
        if _MESSAGE.search(self.text):
            return None
        sections: list[Section] = []
        lines = self.text.splitlines()
        for entries, boxed, ordered in _code_lists(self.text, self.line):
            # "An incident officially starts when:" on the line above: what the list is.
            above = [x.strip() for x in lines[: entries[0].line - self.line - 1] if x.strip()]
            lead = above[-1] if above and above[-1].endswith(":") else self.lead
            sections += _classify_list(entries, boxed, ordered, self.path, self.kinds, lead, "",
                                       self.line + 1)  # fmt: skip
        if not any(x.kind != "not placed" for x in sections):
            return None
        for x in sections:
            x.block = "code"
        return sections

    def template(self) -> list[Section] | None:
        label = next((x for x in (self.lead, self.heading) if _has(x, TEMPLATE_WORDS)), "")
        if not label or self.info.lower() in _NOT_TEMPLATES:
            return None
        entry = Entry(label.rstrip(":"), self.text + "\n", self.line)
        return self.taken("templates", [entry], f"a message under “{label.rstrip(':')}”")
