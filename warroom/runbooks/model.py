"""What a document is cut into: entries (one thing a block says) and sections (a block
under its heading path, with the kind it is taken as and why)."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("phase", "roles", "levels", "escalation", "templates", "not placed", "dropped")


BORROW_FROM = "default"


UNPLACED_SHOWN = 40


@dataclass
class Entry:
    """One thing a block says: a list item (nested items as its detail), a table row (by
    column), a heading (its section's text as detail), or a template."""

    text: str
    detail: str = ""
    line: int = 0
    cells: dict[str, str] = field(default_factory=dict)  # "=name": as a reviewer wrote it
    # A list item's own nested items ("**Containment**:" over "- Identify the scope …").
    children: list[Entry] = field(default_factory=list)


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
