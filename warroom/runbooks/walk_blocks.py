"""Tables, HTML tables and code blocks in the walk; a code block that holds a whole markdown
document is kept aside, read as one if the document states nothing else."""

from __future__ import annotations

import re

from warroom.runbooks.code import _classify_code
from warroom.runbooks.model import Section
from warroom.runbooks.outline import _html_tables, _md_table
from warroom.runbooks.tables import _classify_table
from warroom.runbooks.walk_state import WalkState

_DOCUMENT_HEADING = re.compile(r"(?m)^#{2,6}\s+\S")


def _a_document(content: str, info: str) -> bool:
    """A code block that holds markdown (a template of a whole issue or report): marked as
    markdown, or unmarked with two or more "## " headings, where a shell comment has one #."""
    kind = info.strip().lower().split()[:1]
    if kind and kind[0] in ("markdown", "md"):
        return bool(_DOCUMENT_HEADING.search(content))
    return not kind and len(_DOCUMENT_HEADING.findall(content)) >= 2


class BlocksWalk(WalkState):
    """Reads tables and code blocks under the headings above them."""

    def table(self, i: int, line: int) -> int:
        header, rows, end = _md_table(self.tokens, i)
        body = [(line + 2 + n, row) for n, row in enumerate(rows)]
        for section in _classify_table(header, body, self.path(), self.kinds(), line):
            self.add(section)
        self.lead = ""
        return end + 1

    def html(self, i: int, line: int) -> int:
        for header, body in _html_tables(self.tokens[i].content):
            for section in _classify_table(header, [(line + r - 1, row) for r, row in body],
                                           self.path(), self.kinds(), line):  # fmt: skip
                self.add(section)
        return i + 1

    def code(self, i: int, line: int) -> int:
        t = self.tokens[i]
        if _a_document(t.content, t.info):  # read as a document only if nothing else is stated
            self.documents.append((t.content, line, self.path(), self.here()))
        if t.content.strip():
            sections = _classify_code(t.content, t.info, self.path(), self.kinds(), self.lead,
                                      line, self.procedure(),
                                      self.lead_line if self.lead else 0)  # fmt: skip
            if self.step_commands(t.content, line, sections):
                self.lead = ""
                return i + 1
            for section in sections:
                self.add(section)
                if section.entries and section.entries[0].line == self.lead_line:
                    self.forget_prose(self.lead_line)  # its sentences are taken with the block
            self.lead = ""
        return i + 1

    def step_commands(self, content: str, line: int, sections: list[Section]) -> bool:
        """Under "### 2. Restore the database", a block of commands (commented or not) is how
        that step is done: its detail, not steps of its own."""
        step = self.step_at.get(self.here())
        if step is None or self.here() in self.run_steps:
            return False
        if any(s.kind not in ("phase", "not placed") for s in sections):
            return False  # a template, roles or escalation written in the block
        if any(e.line == self.lead_line for s in sections for e in s.entries):
            self.forget_prose(self.lead_line)
        step.detail = f"{step.detail}\n{content.strip()}".strip()
        self.add(Section(self.path(), line, "code", "not placed", [],
                         reason=f"the commands of the step “{step.text}”: its detail"))  # fmt: skip
        return True
