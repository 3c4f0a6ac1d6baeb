"""Tables in either markup: levels, roles (role tables, RACI), escalation, or not placed
(contact tables, logs), decided from the column names and the heading above."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.escalation_tables import (
    _A_DELAY,
    _WHEN_COLUMN,
    _WHEN_FIRST,
    _escalation_column,
    _owner_column,
    _stages,
    _when_to_bring_in,
)
from warroom.runbooks.escalation_who import _who, rung
from warroom.runbooks.level_sentences import levels_in_cell
from warroom.runbooks.level_tables import _matrix, _transposed
from warroom.runbooks.levels import level_name
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.roles import blank, role_name
from warroom.runbooks.table_columns import (
    _HOW,
    _RACI_CELL,
    _SCALE,
    _SEVERITY_COLUMN,
    _a_log,
    _cells,
    _how,
    _in_order,
    _rung_of,
    _work_items,
)
from warroom.runbooks.vocabulary import ROLE_WORDS, _has, _imperative, _words


def _classify_table(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...],
    kinds: list[str], line: int,
) -> list[Section]:  # fmt: skip
    """What a table states, from its column names and the heading above it; a table with
    the levels as its column headers is read across."""
    if not header and body:
        header, body = body[0][1], body[1:]
    if matrix := _matrix(header, body):
        return [Section(path, line, "table", "levels", matrix,
                        reason=f"a priority matrix ({header[0] or 'rows by columns'})")]  # fmt: skip
    header, body = _transposed(header, body, line)
    section = _classify_rows(header, body, path, kinds, line)
    if section.kind == "roles" and ("escalation" in kinds[-2:] or _when_to_bring_in(header)):
        # "| Role | Responsibility | When to engage |" under "Communication & Escalation":
        # the roles, and the order they are brought in.
        when = next((h.lower() for h in header[1:] if _WHEN_COLUMN.search(h)), "")
        return [section, Section(path, line, "table", "escalation",
                                 [Entry(e.text, e.cells.get(when, ""), e.line)
                                  for e in section.entries],
                                 reason="the roles an escalation table brings in")]  # fmt: skip
    return [
        section,
        *_escalation_column(header, body, path, line, section),
        *_owner_column(header, body, path, line, section),
    ]


def _classify_rows(
    header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...],
    kinds: list[str], line: int,
) -> Section:  # fmt: skip
    """The first rule that recognises the table decides; each says why."""
    rules = _TableRules(header, body, path, kinds, line)
    for rule in (rules.log, rules.timeline, rules.ladder, rules.escalation, rules.levels,
                 rules.roles, rules.glossary, rules.steps, rules.numbered, rules.raci):  # fmt: skip
        if (found := rule()) is not None:
            return found
    return rules.section


# Just over 300 lines: one short method per way a table states a fact, tried in order, all
# reading the same columns.
class _TableRules:
    """A table's columns and rows under its heading; each method is one way a table states
    a fact, or None."""

    def __init__(
        self, header: list[str], body: list[tuple[int, list[str]]], path: tuple[str, ...],
        kinds: list[str], line: int,
    ) -> None:  # fmt: skip
        self.header, self.body, self.line = header, body, line
        self.names = [h.lower() for h in header]
        self.entries = [
            Entry(row[0] if row else "", "", at, dict(zip(self.names, row, strict=False)))
            for at, row in body if any(c.strip() for c in row)
        ]  # fmt: skip
        self.section = Section(path, line, "table", "not placed", self.entries,
                               reason=f"table ({', '.join(header)})")  # fmt: skip
        self.near = next((k for k in reversed(kinds) if k), "")
        self.level_col = self.column(
            "level", "severity", "sev", "priority", "prio", "classification", "rating",
            "criticality", "urgency",
        )  # fmt: skip
        # "| Name | Title | Incident Role |": the role in the incident, not the job title
        # that usually holds it
        self.role_col = self.column("role")
        if self.role_col is None:
            self.role_col = self.column("title", "position", "team member")
        if self.role_col is None and self.first_column_names_roles():
            self.role_col = 0  # "| Who | What |" over "| Incident Commander | … |"
        self.duty_col = self.column(
            "responsib", "duty", "duties", "description", "does", "they do", "what it do"
        )
        if (
            self.role_col is not None
            and self.duty_col is not None
            and self.column("level", "tier", "after", "order") is None
        ):
            self.near = "roles"

    @functools.cached_property
    def stages(self) -> list[int]:
        """The escalation matrix's stage columns (none unless two or more), asked by several
        rules."""
        return _stages(self.header, self.body)

    def first_column_names_roles(self) -> bool:
        """Every row starts with a role's name, and no column holds the actions of a
        procedure (whose first column may name who does each)."""
        first = [row[0] for _, row in self.body if row and row[0].strip()]
        acts = self.column("action", "task", "step", "what to do", "activity")
        if acts is not None or len(first) < 2:
            return False
        named = sum(bool(role_name(c)) for c in first)
        # "| Function | Responsibility |" over "| Systems Librarian | …|": beside a column of
        # duties, most of the first column named as roles by their words names roles
        duties = self.column("responsib", "duty", "duties", "does", "they do") not in (None, 0)
        return named == len(first) or (duties and named * 2 > len(first))

    def column(self, *words: str) -> int | None:
        return next((n for n, h in enumerate(self.names) if any(w in h for w in words)), None)

    def taken(self, kind: str, entries: list[Entry], reason: str) -> Section:
        self.section.kind, self.section.entries = kind, entries
        self.section.reason = f"{reason} ({', '.join(self.header)})"
        return self.section

    def log(self) -> Section | None:
        col = self.level_col
        if col and _a_log(self.names, [row[col] for _, row in self.body if len(row) > col]):
            self.section.reason = f"a log of incidents ({', '.join(self.header)})"
            return self.section
        if col is not None and self.near != "levels" and _work_items(self.names):
            self.section.reason = f"work items by priority ({', '.join(self.header)})"
            return self.section
        return None

    def timeline(self) -> Section | None:
        """ "| Time | Role |" over "| Immediate | On-call engineer |", "| 15 min | Engineering
        manager |": who is notified after how long, whatever the heading over it (a column of
        actions makes it a procedure's timeline instead, whose roles do the work)."""
        if not _WHEN_FIRST.match(self.names[0] if self.names else "") or self.column(
            "action", "task", "step", "what", "activity", "event"
        ):
            return None
        col = self.column("role", "who", "notify", "contact", "escalat", "person", "team")
        if not col:
            return None
        # "09:00-17:00", "0-12h": hours of a rotation, not a delay
        timed = [
            row[0]
            for _, row in self.body
            if row and _A_DELAY.search(row[0]) and not re.search(r"\d\s*[-–:]\s*\d", row[0])
        ]
        people = [
            Entry(who, row[0], at)
            for at, row in self.body
            if len(row) > col and (who := _who(row[col]))
        ]
        if len(people) < 2 or len(timed) * 2 < len(self.body):
            return None
        return self.taken("escalation", people, "who is brought in after how long")

    def ladder(self) -> Section | None:
        """ "| Level | Who |" over "| L1 | Service desk |": who is on each rung of a support
        ladder (a severity table's rows name levels, not people)."""
        if self.stages:
            return None  # "| Team | Manager N | Escalation N+1 |": read across
        col = self.column("who", "team", "contact", "person", "name", "escalat", "owner")
        col = col if col else 1
        people = [
            Entry(who, " ".join(c for n, c in enumerate(row) if n != col), at)
            for at, row in self.body
            # "| Tier | Who |" over "| 1 | Support team |": the rung's number under its name
            if len(row) > col and (who := rung(f"{_rung_of(self.header, row[0])}: {row[col]}"))
        ]
        if len(people) < 2 or len(people) * 2 < len(self.body):
            return None
        return self.taken("escalation", people, "who is on each rung of a support ladder")

    def escalation(self) -> Section | None:
        if not (self.near == "escalation" or self.column("escalat") == 0):
            return None
        if self.stages:
            return None  # read across by _stage_columns
        who = self.who_column()
        if who is None:
            return None
        for entry in self.entries:
            entry.text = entry.cells.get(self.names[who], "")
            entry.detail = " ".join(v for k, v in entry.cells.items() if k != self.names[who])
        people = [e for e in self.entries if _who(e.text)]
        return self.taken("escalation", people, "who to bring in, by row") if people else None

    def who_column(self) -> int | None:
        """The column naming who each row brings in: the first one so headed whose cells name
        someone ("| Escalation level | Contact |" over "| 1 | Support engineer |": not the
        rung's number)."""
        words = ("who", "contact", "escalat", "role", "team", "person", "name")
        headed = [n for n, h in enumerate(self.names) if any(w in h for w in words)]
        cells = [[row[n] for _, row in self.body if n < len(row)] for n in range(len(self.names))]
        who = next((n for n in headed if sum(map(bool, map(_who, cells[n]))) * 2 > len(cells[n])),
                   headed[0] if headed else None)  # fmt: skip
        # "| Name | Role | Phone |": the role is the rung, the person holds it today
        if who is not None and re.search(r"\b(?:name|person)\b", self.names[who]):
            who = self.column("role", "title", "position", "job") or who
        return who

    def levels(self) -> Section | None:
        if self.stages and self.level_col != 0:
            return None  # "| Name of team | Manager N | Escalation N+1 |": teams, not levels
        if listed := self.listed_levels():
            return self.taken("levels", listed, "levels listed in each row's cell")
        if numbered := self.numbered_levels():
            return self.taken("levels", numbered, "a level's number in each row")
        if self.level_col is None and (col := self.name_column()) is not None:
            return self.taken(
                "levels", self._levels_in(self.names[col]), "a level named in each row"
            )
        first = [row[0] for _, row in self.body if row]
        named = sum(bool(level_name(c)) for c in first)
        if self.level_col is None and not (first and named * 2 > len(first)):
            return None
        col = self._level_column(named * 2 > len(first))
        found = self._levels_in(self.names[col] if self.names else "")
        return self.taken("levels", found, "a level in each row") if found else None

    def _level_column(self, first_names: bool) -> int:
        """The column naming the levels: the one its name says, unless none of its cells
        names one and the first column does ("| 9.0-10.0 (Critical) | ~severity::1 |")."""
        col = self.level_col if self.level_col is not None else 0
        if (
            col
            and first_names
            and not any(level_name(row[col]) for _, row in self.body if len(row) > col)
        ):
            return 0
        return col

    def _levels_in(self, key: str) -> list[Entry]:
        """The rows whose cell in column `key` (their text, with no columns) names a level,
        named by it."""
        found = [e for e in self.entries if level_name(e.cells.get(key, "") if key else e.text)]
        for entry in found:
            entry.text = entry.cells.get(key, entry.text) if key else entry.text
        return found

    def numbered_levels(self) -> list[Entry]:
        """ "| Severity | Description |" over "| 1 | Full outage |": each row's number is
        its level, named by the column ("Severity 1"); a bare "Level" column only under a
        levels heading (elsewhere it may be a support tier)."""
        col = self.level_col
        # (a column called "Severity" or "Priority" numbers levels beside any other columns)
        if col is None or not (
            any(_SCALE.search(n) for n in self.names) or _SEVERITY_COLUMN.fullmatch(self.names[col])
        ):
            return []
        word = re.sub(r"[^A-Za-z ]", "", self.header[col]).split()
        cells = [row[col].strip() for _, row in self.body if len(row) > col]
        if not word or len(cells) < 2 or not all(re.fullmatch(r"\d{1,2}", c) for c in cells):
            return []
        if word[-1].lower() == "level" and self.near != "levels":
            return []
        label = word[-1].capitalize()
        return [Entry(f"{label} {e.cells[self.names[col]].strip()}", "", e.line, e.cells)
                for e in self.entries if e.cells.get(self.names[col], "").strip()]  # fmt: skip

    def name_column(self) -> int | None:
        """ "| # | Name | Description |" over "| 1 | Critical | … |": a column named as a
        name whose every cell is a different level, beside what each means."""
        col = self.column("name", "label", "title")
        if col is None or not any(_SCALE.search(n) for n in self.names):
            return None
        cells = [row[col] for _, row in self.body if len(row) > col and row[col].strip()]
        named = [level_name(c) for c in cells]
        if len(cells) < 2 or not all(named) or len({n[0].lower() for n in named if n}) < len(cells):
            return None
        return col

    def listed_levels(self) -> list[Entry]:
        """ "| Impact category | Severity levels |" whose cells each list several levels."""
        col = self.level_col
        cells = [(at, row[col]) for at, row in self.body if col is not None and len(row) > col]
        found = [(at, levels_in_cell(cell)) for at, cell in cells if cell.strip()]
        if not found or not all(listed for _, listed in found):
            return []
        return [Entry(e.text, e.detail, at, e.cells) for at, listed in found for e in listed]

    def roles(self) -> Section | None:
        if self.role_col is None:
            return None
        named = [role_name(row[self.role_col]) for _, row in self.body if len(row) > self.role_col]
        # "| Role | Name | Contact |" with the names left to fill in: the rows name the roles.
        said = named and sum(map(bool, named)) * 2 > len(named)
        # "| Role | Primary | Backup |": a first column that says it holds roles does.
        said = said or (self.role_col == 0 and self.names[0].strip(" *:") in ("role", "roles"))
        # "| Name | Title | Incident Role |": a column its header calls the roles holds them,
        # beside a column of who holds each
        header = self.names[self.role_col]
        # ("| Position | Name | Phone |", "| Team member | Name | Contact |": the same)
        roles_header = re.search(r"\b(?:roles?|positions?|team\s+members?)\W*$", header)
        said = said or (bool(roles_header) and self.holder_col() is not None)
        if self.duty_col is None and self.near != "roles" and not said:
            return None
        for entry in self.entries:
            entry.text = entry.cells.get(self.names[self.role_col], "")
            if self.names[self.role_col] != "name" and entry.cells.get("name"):
                # "| Name | Role |": the name is who holds the role, the role its column's
                entry.cells["usually"] = entry.cells.pop("name")
            title = self.column("title", "position")
            if title not in (None, self.role_col) and blank(entry.cells.get("usually", "_")):
                # "| [Name] | Head of IT | Incident Lead |": the post that usually holds it
                entry.cells["usually"] = entry.cells.get(self.names[title], "")
            if self.duty_col is not None:
                entry.cells["responsibilities"] = entry.cells.get(self.names[self.duty_col], "")
        return self.taken("roles", [e for e in self.entries if e.text], "a role in each row")

    def holder_col(self) -> int | None:
        """The column of who holds each row's role ("Name", "Person", "Contact")."""
        col = self.column("name", "person", "who", "contact", "holder", "assigned", "staff")
        return col if col != self.role_col else None

    def glossary(self) -> Section | None:
        """ "| Term | Meaning |" over "| Incident Coordinator | The person who … |": the terms
        that are roles by their words are roles, what they mean their duties (the other
        terms, "Runbook", "Severity", are no fact)."""
        term = self.column("term", "word", "concept")
        meaning = self.column("meaning", "defin", "description", "explanation")
        if term is None or meaning is None or term == meaning:
            return None
        found = []
        for entry in self.entries:
            text = entry.cells.get(self.names[term], "")
            named = role_name(text) if text else None
            if named and _words(named[0])[-1] in ROLE_WORDS:
                found.append(Entry(text, "", entry.line, {"short": named[1], "name": named[0],
                                   "responsibilities": entry.cells.get(self.names[meaning], "")}))  # fmt: skip
        return self.taken("roles", found, "the roles a glossary defines") if found else None

    def steps(self) -> Section | None:
        """ "| Step | Action | Owner |" with instructions in the action column: steps."""
        col = next((c for w in (r"actions?", r"tasks?", r"what to do", r"steps?")
                    for c, h in enumerate(self.names) if re.search(rf"\b{w}\b", h)), None)  # fmt: skip
        if col is None or self.near in ("levels", "roles", "escalation"):
            return None
        values = [(e, e.cells.get(self.names[col], "")) for e in self.entries]
        values = [(e, v) for e, v in values if v and not v.strip().isdigit()]
        # An "Action" column says so; a "Step" column needs instructions in it.
        said = "step" not in self.names[col] and all(len(v.split()) >= 2 for _, v in values)
        if len(values) < 2 or not (
            said or sum(_imperative(v) for _, v in values) * 2 >= len(values)
        ):
            return None
        # "| 2 | Restart the tunnel | `systemctl restart ipsec` |": how each step is done
        how = [n for n in self.names if n != self.names[col] and _HOW.search(n)]
        found = [Entry(v, _how(how, e.cells), e.line) for e, v in values]
        return self.taken("phase", found, "an instruction in each row")

    def numbered(self) -> Section | None:
        """ "| 1 | Record | Acknowledge the incident … |": rows numbered in order whose next
        cell is an instruction are the steps of a procedure, the cells after it their detail."""
        written = [row for _, row in self.body if any(c.strip() for c in row)]
        rows = list(zip(self.entries, written, strict=True))  # an entry for each written row
        if self.near in ("levels", "roles", "escalation") or not _in_order(
            [row[0] for _, row in rows]
        ):
            return None
        said = [row[1] if len(row) > 1 else "" for _, row in rows]
        if sum(_imperative(s) for s in said) * 2 <= len(said):
            return None
        found = [
            Entry(s, _cells(self.header[2:], row[2:]), e.line, {"ordered": "yes"})
            for (e, row), s in zip(rows, said, strict=True)
            if s.strip()
        ]
        return self.taken("phase", found, "numbered rows, each an instruction")

    def raci(self) -> Section | None:
        raci = [h for h in self.header[1:] if role_name(h, announced=self.near == "roles")]
        tasks = _has(" ".join(self.names[:1]), ("activity", "step", "task", "process", "action"))
        lettered = self.lettered()
        if len(lettered) >= 2:  # the cells say R, A, C or I: the columns are who does what
            raci, tasks = lettered, True
        heads = [role_name(h) for h in self.header[1:]]
        if len(heads) >= 2 and all(heads) and not self.header[0].strip():
            return self.across(heads)  # "| | Incident Commander | Scribe |": a role a column
        if raci and tasks:
            return self.taken("roles", [Entry(h, "", self.line) for h in raci],
                              "roles as the columns of a RACI table")  # fmt: skip
        return None

    def across(self, heads: list[tuple[str, str] | None]) -> Section:
        """Roles as the columns, what each does in the rows ("Responsibilities" row)."""
        found = []
        for col, named in enumerate(heads, 1):
            if named:
                said = [row[col] for _, row in self.body if len(row) > col and row[col].strip()]
                duties = next((row[col] for _, row in self.body if len(row) > col
                               and re.search(r"(?i)responsib|dut|does|tasks?", row[0])), "")  # fmt: skip
                found.append(Entry(named[0], "; ".join(said), self.line,
                                   {"short": named[1], "responsibilities": duties}))  # fmt: skip
        return self.taken("roles", found, "roles as the columns of a table")

    def lettered(self) -> list[str]:
        """The columns of a RACI matrix: every cell R, A, C, I (or S), a pair like "A/R",
        or empty, and at least one letter in each."""
        out = []
        for n, name in enumerate(self.header[1:], 1):
            cells = [row[n].strip() for _, row in self.body if len(row) > n]
            if name.strip() and any(cells) and all(_RACI_CELL.match(c) for c in cells):
                out.append(name)
        return out if len(out) * 2 > len(self.header) - 1 else []
