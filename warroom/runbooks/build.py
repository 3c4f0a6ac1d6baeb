"""From classified sections to playbook data: what was taken, each fact with its source
line, and what the document does not state borrowed from the default, visibly."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warroom.core import limits
from warroom.core.timefmt import format_duration
from warroom.runbooks.escalation import escalation_chain
from warroom.runbooks.escalation_cues import escalation_delay
from warroom.runbooks.escalation_who import _who
from warroom.runbooks.level_scales import most_severe_first
from warroom.runbooks.levels import COLOURS, _add_level, ranked
from warroom.runbooks.model import BORROW_FROM, UNPLACED_SHOWN, Entry, Section
from warroom.runbooks.procedure import box_start, numbering, ordered_due
from warroom.runbooks.roles import KNOWN_ROLES, _add_role
from warroom.runbooks.vocabulary import parse_window, slug
from warroom.text.safe import safe_line, safe_text


@dataclass
class Report:
    """What the importer found: the sections with their kinds, and the playbook they make."""

    playbook: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    source: str = "RUNBOOK.md"
    name: str = "imported"
    notes: list[str] = field(default_factory=list)

    @property
    def levels(self) -> list[str]:
        return [s["name"] for s in self.playbook.get("severities", [])]

    @property
    def roles(self) -> list[str]:
        return [r["name"] for r in self.playbook.get("roles", [])]

    @property
    def phases(self) -> list[str]:
        return [p["title"] for p in self.playbook.get("phases", [])]

    @property
    def items(self) -> int:
        return sum(len(p["items"]) for p in self.playbook.get("phases", []))

    @property
    def templates(self) -> list[str]:
        return list(self.playbook.get("templates", {}))

    @property
    def escalation(self) -> list[str]:
        return [e["who"] for e in self.playbook.get("escalation", [])]

    @property
    def levels_found(self) -> bool:
        return bool(self.playbook.get("severities"))

    @property
    def roles_found(self) -> bool:
        return bool(self.playbook.get("roles"))

    @property
    def unplaced(self) -> list[str]:
        return [s.describe() for s in self.sections if s.kind == "not placed"]

    def rebuild(self) -> None:
        """The playbook again, after the review changed sections."""
        self.playbook, self.notes = build(self.sections, self.name, self.source)

    def summary(self) -> str:
        borrowed = f"borrowed from {BORROW_FROM}"
        lines = [
            f"levels:     {', '.join(self.levels) or borrowed}"
            + (" (from the document)" if self.levels else ""),
            f"roles:      {', '.join(self.roles) or borrowed}"
            + (" (from the document)" if self.roles else ""),
            f"phases:     {len(self.phases)} ({', '.join(self.phases) or 'none'})",
            f"items:      {self.items}",
            f"templates:  {', '.join(self.templates) or 'none'}",
            f"escalation: {' → '.join(self.escalation) or 'none'}",
        ]
        lines += [f"note: {n}" for n in self.notes]
        unplaced = self.unplaced
        if unplaced:
            lines.append(f"not placed ({len(unplaced)}; review by hand):")
            lines += [f"  - {u}" for u in unplaced[:UNPLACED_SHOWN]]
            if len(unplaced) > UNPLACED_SHOWN:
                lines.append(f"  … and {len(unplaced) - UNPLACED_SHOWN} more")
        return "\n".join(lines)


def playbook_toml(report: Report) -> str:
    """The playbook file to write: what was taken, with a header that says where it came from
    and what it borrows."""
    import tomli_w

    borrowed = [p for p in ("severities", "roles") if p not in report.playbook]
    header = (
        f"# Imported from {report.source} by `warroom playbook import`: review before use.\n"
        "# Every `source` is the line of the runbook a fact came from.\n"
    )
    if borrowed:
        header += (
            f"# The runbook states no {' and no '.join(borrowed)}: they are borrowed from the "
            f"{BORROW_FROM!r} playbook when this file is loaded (extends).\n"
        )
    return header + "\n" + tomli_w.dumps(report.playbook, multiline_strings=True)


ADDED = "added in the review"


def build(
    sections: list[Section], name: str, source: str = "RUNBOOK.md"
) -> tuple[dict[str, Any], list[str]]:
    """Playbook data from the sections as they are now (after a review), and notes."""
    builder = _Builder(source)
    for section in sections:
        builder.add(section)
    return builder.playbook(name), builder.notes


class _Builder:
    """The playbook's parts, filled section by section, each fact with its source line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: list[str] = []
        self.severities: list[dict[str, Any]] = []
        self.roles: dict[str, dict[str, Any]] = {}
        self.phases: dict[int, dict[str, Any]] = {}
        self.templates: dict[str, str] = {}
        self.template_keys = _Keys()
        self.template_sources: dict[str, str] = {}
        self.escalation: list[dict[str, Any]] = []
        self.escalation_lines: list[int] = []  # where each was named (added by hand: last)
        self.ranked: list[Entry] = []

    def at(self, line: int) -> str:
        # What a reviewer added by hand has no line in the runbook, and says so.
        return f"{self.source}:{line}" if line > 0 else ADDED

    def add(self, section: Section) -> None:
        for entry in section.entries:
            if section.kind == "levels" and "=rank" in entry.cells:
                self.ranked.append(entry)  # by rank: once every level is known
            elif section.kind == "levels":
                _add_level(entry, self.severities, self.at, self.notes)
            elif section.kind == "roles":
                _add_role(entry, self.roles, self.at)
            elif section.kind == "escalation":
                self.add_escalation(section, entry)
            elif section.kind == "templates":
                key = self.template_keys.unique(slug(entry.text, 40).replace("-", "_"))
                self.templates[key] = entry.detail
                self.template_sources[f"templates.{key}"] = self.at(entry.line)
        if section.kind == "phase":
            self.add_phase(section)

    def add_escalation(self, section: Section, entry: Entry) -> None:
        if section.block in ("code", "prose") or entry.cells.get("=name"):
            whos = [entry.cells.get("=name") or entry.text]
        else:  # "Page the primary on-call", "If no ack in 15m, escalate to the secondary"
            whos = escalation_chain(entry.text, True) or [_who(entry.text)]
        for who in whos:
            # (a name of control characters only is no one a terminal shows)
            if not safe_line(who).strip() or any(e["who"] == who for e in self.escalation):
                continue
            level: dict[str, Any] = {"who": who, "source": self.at(entry.line)}
            after = escalation_delay(entry.detail or entry.text) if len(whos) == 1 else None
            if after:
                level["after"] = format_duration(after)
            if entry.detail:
                level["condition"] = entry.detail
            self.escalation.append(level)
            self.escalation_lines.append(entry.line if entry.line > 0 else 1 << 30)

    def add_phase(self, section: Section) -> None:
        # Blocks under one heading (or one time-boxed section) make one phase.
        key = section.heading_line if section.heading_line else -section.line
        phase = self.phases.get(key)
        if phase is None:
            heading = section.title or (section.path[-1] if section.path else "Checklist")
            title, due = parse_window(numbering(heading)[1])
            start = box_start(heading, due) if due is not None else 0.0
            # a heading of control characters only ("# \x1a") is no title once made safe
            title = title if safe_line(title).strip() else "Checklist"
            phase = {"key": "", "title": title, "items": [], "_due": due, "_start": start,
                     "_path": section.path, "source": self.at(section.heading_line or section.line)}  # fmt: skip
            self.phases[key] = phase
        for entry in section.entries:
            if safe_line(entry.text or entry.detail).strip():  # else no step a terminal shows
                phase["items"].append(self.item(section, entry))

    def item(self, section: Section, entry: Entry) -> dict[str, Any]:
        item: dict[str, Any] = {"text": entry.text or entry.detail, "source": self.at(entry.line)}
        if entry.detail and entry.text:
            item["detail"] = entry.detail
        owner = section.role or entry.cells.get("owner", "")  # "**Coordinator**: Close it"
        if owner:
            item["role"] = KNOWN_ROLES.get(owner.lower()) or slug(owner, 24)
        else:  # "Incident commander assigned" is the commander's to tick
            lowered = item["text"].lower()
            found = next((k for p, k in KNOWN_ROLES.items() if lowered.startswith(p)), None)
            if found:
                item["role"] = found
        if entry.cells.get("ordered"):
            item["_ordered"] = True
        return item

    def phase_list(self) -> list[dict[str, Any]]:
        """The phases with items, titled apart and keyed, with their due offsets."""
        phase_list = [p for p in self.phases.values() if p["items"]]
        titles = Counter(p["title"] for p in phase_list)
        keys = _Keys()
        for phase in phase_list:
            if titles[phase["title"]] > 1 and len(phase["_path"]) > 1:
                phase["title"] = f"{phase['_path'][-2]} › {phase['title']}"
            phase["key"] = keys.unique(slug(phase["title"]))
            due, start = phase.pop("_due"), phase.pop("_start")
            phase.pop("_path")
            numbered = [i for i in phase["items"] if i.pop("_ordered", False)]
            if due is not None:
                phase["window"] = f"T+{format_duration(due)}"
                # Numbered steps are done in their order: the first is not due at the end.
                for item, at in zip(numbered, ordered_due(len(numbered), start, due), strict=True):
                    item.setdefault("due", format_duration(at))
                for item in phase["items"]:
                    item.setdefault("due", format_duration(due))
        role_names = (
            {r["key"]: [r["name"], r.get("short", "")] for r in self.roles.values()}
            if self.roles
            else _borrowed_roles()
        )
        for item in (i for p in phase_list for i in p["items"]):
            if item.get("role") and item["role"] not in role_names:
                item.pop("role")
            if done_when := _done_when(item["text"], role_names):
                item["done_when"] = done_when
        return phase_list

    def playbook(self, name: str) -> dict[str, Any]:
        self.severities = most_severe_first(self.severities)  # before the ranks are read
        ranked(self.ranked, self.severities)
        for n, sev in enumerate(self.severities):
            sev.setdefault("colour", COLOURS[min(n, len(COLOURS) - 1)])
        playbook: dict[str, Any] = {
            "name": name,
            "title": f"Imported from {Path(self.source).name}",
        }
        if not self.severities or not self.roles:
            playbook["extends"] = BORROW_FROM
        if self.severities:
            playbook["severities"] = self.severities
        if self.roles:
            playbook["roles"] = list(self.roles.values())
        playbook["phases"] = self.phase_list()
        if self.templates:
            playbook["templates"] = self.templates
            playbook["sources"] = self.template_sources
        if self.escalation:
            # In the order the document names them, whichever reader found them: a list's
            # items that one reader took and another's in between keep the list's order.
            order = sorted(range(len(self.escalation)), key=self.escalation_lines.__getitem__)
            playbook["escalation"] = [self.escalation[n] for n in order]
        return _fit(playbook)


# The length each field of a playbook may have (warroom.core.limits); any other text: DETAIL.
_FIELD_LIMITS = {"name": limits.NAME, "title": limits.ITEM, "text": limits.ITEM,
                 "who": limits.ITEM, "short": 16}  # fmt: skip


def _fit(data: Any, key: str = "") -> Any:
    """Playbook data as it may be written: no control characters or terminal escapes (a
    runbook is text from anywhere, and the file is shown in terminals), and each text within
    its field's length, cut with "…" (a runbook's paragraph-long step is not an error)."""
    if isinstance(data, dict):
        if key == "templates":
            return {k: limits.cut(safe_text(v), limits.NOTE) for k, v in data.items()}
        return {k: _fit(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_fit(v, key) for v in data]
    if isinstance(data, str):
        limit = _FIELD_LIMITS.get(key, limits.DETAIL)
        shown = safe_line(data).strip() if limit <= limits.ITEM else safe_text(data)
        return limits.cut(shown, limit)
    return data


def _borrowed_roles() -> dict[str, list[str]]:
    from warroom.core.playbook import load_builtin

    return {r.key: [r.name, r.short] for r in load_builtin(BORROW_FROM).roles}


def _done_when(text: str, roles: dict[str, list[str]]) -> str:
    """What completes a step whose words say so plainly: "Incident Commander assigned" is done
    when that role is; "Initial alert posted" when the first update is."""
    lowered = text.lower()
    if "assign" in lowered and _ASSIGNED.search(lowered):
        named = [
            key for key, names in roles.items()
            if any(n and re.search(rf"\b{re.escape(n.lower())}\b", lowered) for n in names)
        ]  # fmt: skip
        if len(named) == 1 and not _ROLES.search(lowered):
            return f"role:{named[0]}"
    if "initial" in lowered and _FIRST_UPDATE.search(lowered):
        return "update:first"
    return ""


_ASSIGNED = re.compile(r"\bassign(ed)?\b")
_ROLES = re.compile(r"\broles\b")
_FIRST_UPDATE = re.compile(
    r"\binitial (alert|update|notification|status update|communication|message)\b"
    r".*\b(posted|sent|published|out)\b"
)


class _Keys:
    """Keys given apart: a key, or its first "-2", "-3", … not given yet."""

    def __init__(self) -> None:
        self.given: set[str] = set()
        # the number each key's next copy is tried at: the numbers before it are given (what
        # is given stays given), so a long document's hundred phases of one title are
        # keyed in linear time
        self.tried: dict[str, int] = {}

    def unique(self, key: str) -> str:
        candidate, n = key or "x", self.tried.get(key, 2)
        while candidate in self.given:
            candidate = f"{key[:20]}-{n}"
            n += 1
        self.tried[key] = n
        self.given.add(candidate)
        return candidate
