"""Turn a team's markdown runbook into a playbook file they can review and keep editing.

Parsed with markdown-it-py (tokens, not line regexes): severity tables whatever their column
names, `- [ ]` checklists under their headings (time boxes become due offsets), roles from
role sections and role tables, templates from fenced blocks under template or update
headings, and an escalation path from "Level N:" blocks. Mojibake is repaired with ftfy.
Anything it cannot use is listed in the report; odd markdown is never fatal.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from warroom.timefmt import parse_duration

COLOURS = ["#e5484d", "#f76b15", "#ffc53d", "#5b8def", "#8e8c99", "#8e8c99"]
KNOWN_ROLES = {
    "incident commander": ("ic", "IC"),
    "technical lead": ("tech", "TL"),
    "tech lead": ("tech", "TL"),
    "communications lead": ("comms", "CL"),
    "communications": ("comms", "CL"),
    "scribe": ("scribe", "Scribe"),
}
TEMPLATE_WORDS = ("template", "update", "alert", "notice", "email", "message", "announcement")
UNPLACED_SHOWN = 12


@dataclass
class Report:
    """What the importer found, and the parts of the file it could not place."""

    playbook: dict[str, Any]
    levels: list[str] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    items: int = 0
    roles: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    escalation: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    levels_found: bool = False  # from the document, not filled in
    roles_found: bool = False

    def summary(self) -> str:
        lines = [
            f"levels:     {', '.join(self.levels) or 'none'}",
            f"phases:     {len(self.phases)} ({', '.join(self.phases) or 'none'})",
            f"items:      {self.items}",
            f"roles:      {', '.join(self.roles) or 'none'}",
            f"templates:  {', '.join(self.templates) or 'none'}",
            f"escalation: {' → '.join(self.escalation) or 'none'}",
        ]
        lines += [f"note: {n}" for n in self.notes]
        if self.unplaced:
            lines.append(f"not placed ({len(self.unplaced)}; review by hand):")
            lines += [f"  - {u}" for u in self.unplaced[:UNPLACED_SHOWN]]
            if len(self.unplaced) > UNPLACED_SHOWN:
                lines.append(f"  … and {len(self.unplaced) - UNPLACED_SHOWN} more")
        return "\n".join(lines)


def read_runbook(path: Path) -> str:
    """A runbook's text; an empty, unreadable or non-text file is a one-line error."""
    from warroom.errors import UsageError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    text = data.decode("utf-8", errors="replace")
    if b"\x00" in data or text.count("\ufffd") > max(8, len(text) // 100):
        raise UsageError(f"{path}: is not a text file (a markdown runbook is UTF-8 text)")
    if not text.strip():
        raise UsageError(f"{path}: is empty")
    return text


def clean(text: str) -> str:
    """Repaired, emoji-free, single-spaced text."""
    import ftfy

    text = ftfy.fix_text(text)
    text = "".join(ch for ch in text if not _is_emoji(ch))
    return re.sub(r"\s+", " ", text).strip()


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and ord(ch) > 0x2BFF or ch in "\ufe0f\u200d"


def slug(text: str, limit: int = 24) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", clean(text).lower()).strip("-")
    return value[:limit].strip("-") or "phase"


def parse_window(text: str) -> tuple[str, float | None]:
    """A heading without its time box, and the box's upper bound in seconds.

    "ASSESS [0-5 minutes]" → ("ASSESS", 300); "Response (5-30 min)" → ("Response", 1800);
    "T+0 to T+5" → 300 (minutes when no unit is given); "REVIEW [Within 48 hours]" → 172800.
    """
    patterns = [
        r"[\[(]\s*(?:within\s+)?(?:T\+)?\d+(?:\s*(?:-|–|to)\s*(?:T\+)?\d+)?\s*[a-z]*\s*[\])]",
        r"T\+\d+\s*(?:-|–|to)\s*T\+\d+\s*[a-z]*",
        r"\b\d+\s*(?:-|–|to)\s*\d+\s*(?:minutes|minute|mins|min|hours|hour|h|m)\b",
    ]
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if not match:
            continue
        box = match.group(0)
        numbers = re.findall(r"\d+", box)
        unit = re.search(
            r"(minutes|minute|mins|min|hours|hour|days|day|weeks|week|h|m|d)\b", box, re.I
        )
        try:
            seconds = parse_duration(f"{numbers[-1]} {unit.group(1) if unit else 'min'}")
        except ValueError:
            seconds = None
        title = (text[: match.start()] + text[match.end() :]).strip(" -–:")
        return title or text, seconds
    return text, None


def parse_response(text: str) -> float | None:
    """ "< 15 minutes", "5 min", "< 1 hour", "1 week", "Immediate" → seconds (None if unreadable)."""
    value = clean(text).lower()
    if value.startswith("immediate"):
        return 0.0
    value = re.sub(r"^(?:<|≤|<=|within|under|up to)\s*", "", value)
    value = re.split(r"[(,;/]", value)[0].strip()
    try:
        return parse_duration(value)
    except ValueError:
        return None


def _inline_text(token: Token) -> str:
    """An inline token's text without markdown emphasis, code marks or links."""
    if not token.children:
        return token.content
    parts = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _bold_lead(token: Token) -> tuple[str, str] | None:
    """ "**Declare incident**: Post in #channel" → ("Declare incident", "Post in #channel")."""
    children = token.children or []
    start = 0
    while (
        start < len(children)
        and children[start].type == "text"
        and not children[start].content.strip()
    ):
        start += 1
    if start >= len(children) or children[start].type != "strong_open":
        return None
    end = next((i for i in range(start, len(children)) if children[i].type == "strong_close"), None)
    if end is None:
        return None
    lead = "".join(c.content for c in children[start:end] if c.type in ("text", "code_inline"))
    rest = "".join(
        c.content if c.type in ("text", "code_inline") else " " for c in children[end + 1 :]
    )
    return lead, rest.lstrip(" :-–—")


def _table(tokens: list[Token], start: int) -> tuple[list[str], list[list[str]], int]:
    header: list[str] = []
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_head = False
    i = start
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            current = []
        elif t.type == "tr_close" and current is not None:
            if in_head:
                header = current
            else:
                rows.append(current)
        elif t.type == "inline" and current is not None:
            current.append(clean(_inline_text(t)))
        i += 1
    return header, rows, i


def _column(header: list[str], *words: str) -> int | None:
    for n, name in enumerate(header):
        if any(w in name.lower() for w in words):
            return n
    return None


def _severity_name(cell: str) -> tuple[str, str]:
    """ "SEV-1" → ("SEV-1", ""); "P1 - Critical" → ("P1", "Critical")."""
    match = re.match(r"^\s*([A-Za-z]+[- ]?\d+)\s*(?:[-–:]\s*(.*))?$", cell)
    if match:
        return match.group(1).replace(" ", "-").upper(), (match.group(2) or "").strip()
    return cell.strip(), ""


def import_runbook(text: str, name: str = "imported") -> Report:
    """A playbook (as a dict, ready to validate and write) and a report of what was found."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(text)
    severities: list[dict[str, Any]] = []
    roles: dict[str, dict[str, Any]] = {}
    phases: list[dict[str, Any]] = []
    templates: dict[str, str] = {}
    escalation: list[dict[str, Any]] = []
    report = Report(playbook={})
    headings: list[tuple[int, str]] = []
    phase_by_heading: dict[str, dict[str, Any]] = {}
    lead = ""  # the paragraph just before a block: "**Communication Template**:"
    skipped: list[str] = []

    def heading() -> str:
        return headings[-1][1] if headings else "(top)"

    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            level = int(t.tag[1])
            title = clean(_inline_text(tokens[i + 1]))
            headings[:] = [h for h in headings if h[0] < level] + [(level, title)]
            lead = ""
            i += 3
            continue
        if t.type == "paragraph_open" and tokens[i - 1].type != "list_item_open":
            lead = clean(_inline_text(tokens[i + 1]))
        elif t.type == "table_open":
            header, rows, i = _table(tokens, i)
            if not _take_table(header, rows, severities, roles, report, heading()):
                skipped.append(f"{heading()}: table ({', '.join(header)})")
        elif t.type == "fence":
            if not _take_fence(t.content, heading(), lead, templates, escalation, roles):
                skipped.append(f"{heading()}: {t.info or 'code'} block")
        elif t.type == "bullet_list_open" or t.type == "ordered_list_open":
            if not _list_has_box(tokens, i) and not _is_role_heading(heading()):
                skipped.append(f"{heading()}: list")
        elif t.type == "inline" and i > 1 and tokens[i - 2].type == "list_item_open":
            box = re.match(r"^\s*\[([ xX])\]\s+", t.content)
            item = _item(t, box.end()) if box else None
            if box and not (item and item["text"]):
                skipped.append(f"{heading()}: an empty checklist item")
            elif box and item:
                phase = phase_by_heading.get(heading())
                if phase is None:
                    title, due = parse_window(heading() if headings else "Checklist")
                    key = _unique(slug(title), {p["key"] for p in phases})
                    phase = {"key": key, "title": title or "Checklist", "items": [], "_due": due}
                    phase_by_heading[heading()] = phase
                    phases.append(phase)
                phase["items"].append(item)
            elif headings and _is_role_heading(heading()):
                key, short = _role_key(heading())
                role = roles.setdefault(
                    key,
                    {
                        "key": key,
                        "name": _role_name(heading()),
                        "short": short,
                        "responsibilities": [],
                    },
                )
                role["responsibilities"].append(clean(_inline_text(t)))
        i += 1

    for phase in phases:
        due = phase.pop("_due")
        if due is not None:
            phase["window"] = f"T+{_fmt(due)}"
            for item in phase["items"]:
                item.setdefault("due", _fmt(due))

    report.levels_found, report.roles_found = bool(severities), bool(roles)
    if not severities or not roles:
        from warroom.playbook import load_builtin

        default = load_builtin()
        if not severities:
            report.notes.append(
                "no severity table found: used SEV-1..SEV-4 of the default playbook"
            )
            severities = [_plain(_set_fields(s)) for s in default.severities]
        if not roles:
            report.notes.append("no roles found: used the four roles of the default playbook")
            roles = {r.key: _set_fields(r) for r in default.roles}
    for n, sev in enumerate(severities):
        sev.setdefault("colour", COLOURS[min(n, len(COLOURS) - 1)])
    for phase in phases:
        for item in phase["items"]:
            if item.get("role") and item["role"] not in roles:
                item.pop("role")

    playbook: dict[str, Any] = {
        "name": name,
        "title": f"Imported from a runbook ({name})",
        "severities": severities,
        "roles": list(roles.values()),
        "phases": phases,
    }
    if templates:
        playbook["templates"] = templates
    if escalation:
        playbook["escalation"] = escalation
    report.playbook = playbook
    report.levels = [s["name"] for s in severities]
    report.phases = [p["title"] for p in phases]
    report.items = sum(len(p["items"]) for p in phases)
    report.roles = [r["name"] for r in roles.values()]
    report.templates = list(templates)
    report.escalation = [e["who"] for e in escalation]
    report.unplaced = list(dict.fromkeys(skipped))
    return report


def _set_fields(value: Any) -> dict[str, Any]:
    """A dataclass's fields that differ from their defaults, as data."""
    import dataclasses

    from warroom.fields import to_data

    data = to_data(value)
    return {
        f.name: data[f.name]
        for f in dataclasses.fields(value)
        if f.default is dataclasses.MISSING or to_data(f.default) != data[f.name]
    }


def _plain(severity: dict[str, Any]) -> dict[str, Any]:
    """Durations back as text ("15m"), as a person would write them in the file."""
    return {k: _fmt(v) if k in ("response", "update_every") else v for k, v in severity.items()}


def _list_has_box(tokens: list[Token], start: int) -> bool:
    """Whether the list opening at `start` has a "[ ]" item at its own level."""
    depth = 0
    for t in tokens[start:]:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return False
        elif t.type == "inline" and depth == 1 and re.match(r"^\s*\[[ xX]\]\s+", t.content):
            return True
    return False


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate = f"{key[:20]}-{n}"
        n += 1
    return candidate


def _fmt(seconds: float) -> str:
    from warroom.timefmt import format_duration

    return format_duration(seconds)


def _item(token: Token, box_end: int) -> dict[str, Any]:
    lead = _bold_lead(_strip_box(token, box_end))
    if lead and lead[0].strip():
        item: dict[str, Any] = {"text": clean(lead[0])}
        if lead[1].strip():
            item["detail"] = clean(lead[1])
    else:
        item = {"text": clean(re.sub(r"^\s*\[[ xX]\]\s+", "", _inline_text(token)))}
    # An item that names a role ("Incident commander assigned") is that role's to tick.
    for phrase, (key, _short) in KNOWN_ROLES.items():
        if phrase in item["text"].lower():
            item["role"] = key
            break
    return item


def _strip_box(token: Token, box_end: int) -> Token:
    """The inline token with its leading "[ ] " removed from the first text child."""
    children = list(token.children or [])
    if children and children[0].type == "text":
        first = Token("text", "", 0)
        first.content = re.sub(r"^\s*\[[ xX]\]\s*", "", children[0].content)
        children[0] = first
    copy = Token("inline", "", 0)
    copy.children = children
    copy.content = token.content[box_end:]
    return copy


def _is_role_heading(title: str) -> bool:
    lowered = title.lower()
    return lowered.endswith(" role") or lowered.rstrip(":") in KNOWN_ROLES


def _role_name(title: str) -> str:
    name = re.sub(r"\s+role:?$", "", title.strip(), flags=re.I).strip(" :")
    return name[:1].upper() + name[1:]


def _role_key(title: str) -> tuple[str, str]:
    name = _role_name(title).lower()
    if name in KNOWN_ROLES:
        return KNOWN_ROLES[name]
    key = slug(name, 20)
    return key, name.upper() if len(name) <= 6 else ""


def _take_table(
    header: list[str],
    rows: list[list[str]],
    severities: list[dict[str, Any]],
    roles: dict[str, dict[str, Any]],
    report: Report,
    where: str,
) -> bool:
    """Severities or roles from a table; False when the table is neither."""
    level = _column(header, "level", "severity", "priority", "sev")
    response = _column(header, "response")
    if level is not None and response is not None and not severities:
        meaning = _column(header, "impact", "definition", "criteria", "description")
        examples = _column(header, "example")
        for row in rows:
            if len(row) <= max(level, response):
                report.notes.append(f"{where}: a severity row with missing cells was skipped")
                continue
            sev_name, title = _severity_name(row[level])
            sev_name = sev_name[:16]
            if not sev_name:
                report.notes.append(f"{where}: a severity row without a name was skipped")
                continue
            sev: dict[str, Any] = {"name": sev_name}
            if title:
                sev["title"] = title
            seconds = parse_response(row[response])
            if seconds is not None:
                sev["response"] = _fmt(seconds)
            else:
                report.notes.append(f"{sev_name}: response time {row[response]!r} not understood")
            if meaning is not None and meaning < len(row):
                text = row[meaning]
                if title or len(text.split()) > 1:
                    sev["meaning"] = text
                else:
                    sev["title"] = text
            if examples is not None and examples < len(row):
                sev["examples"] = [e.strip() for e in row[examples].split(",") if e.strip()]
                sev.setdefault("meaning", row[examples])
            if sev_name not in {s["name"] for s in severities}:
                severities.append(sev)
        return True
    role_col = _column(header, "role")
    duty = _column(header, "responsib", "duty", "duties")
    if role_col is not None and duty is not None:
        contact = _column(header, "contact", "who", "owner")
        for row in rows:
            if len(row) <= max(role_col, duty):
                continue
            name = re.sub(r"\s*\([^)]*\)\s*$", "", row[role_col]).strip()
            if not name:
                continue
            key, short = KNOWN_ROLES.get(name.lower(), (slug(name, 20), ""))
            abbreviation = re.search(r"\(([A-Z]{2,6})\)", row[role_col])
            role = roles.setdefault(key, {"key": key, "name": name, "responsibilities": []})
            if short or abbreviation:
                role["short"] = short or abbreviation.group(1)
            role["responsibilities"].append(row[duty])
            if contact is not None and contact < len(row):
                role["usually"] = row[contact]
        return True
    return False


def _take_fence(
    content: str,
    where: str,
    lead: str,
    templates: dict[str, str],
    escalation: list[dict[str, Any]],
    roles: dict[str, dict[str, Any]],
) -> bool:
    import ftfy

    text = ftfy.fix_text(content).strip("\n")
    levels = re.findall(r"^\s*Level\s*\d+\s*:\s*(.+)$", text, re.MULTILINE | re.IGNORECASE)
    if levels:
        lines = text.splitlines()
        for n, line in enumerate(lines):
            match = re.match(r"^\s*Level\s*\d+\s*:\s*(.+)$", line, re.IGNORECASE)
            if not match:
                continue
            level: dict[str, Any] = {"who": clean(match.group(1))}
            if not level["who"]:
                continue
            before = lines[n - 1] if n else ""
            condition = re.search(r"\((.+)\)", before)
            if condition:
                level["condition"] = clean(condition.group(1))
                delay = re.search(r"(\d+\s*(?:min|minutes|hour|hours|h|m))\b", condition.group(1))
                if delay:
                    with contextlib.suppress(ValueError):
                        level["after"] = _fmt(parse_duration(delay.group(1)))
            escalation.append(level)
        return True
    role_blocks = re.findall(
        r"^([A-Z][\w ]+?) role:\s*\n((?:\s*-.*\n?)+)", text + "\n", re.MULTILINE
    )
    for name, block in role_blocks:
        key, short = _role_key(name)
        role = roles.setdefault(key, {"key": key, "name": _role_name(name), "responsibilities": []})
        if short:
            role["short"] = short
        role["responsibilities"] += [
            clean(line.lstrip(" -")) for line in block.splitlines() if line.strip()
        ]
    if role_blocks:
        return True
    for label in (lead, where):
        if any(word in label.lower() for word in TEMPLATE_WORDS) and text.strip():
            key = slug(label.rstrip(":"), 40).replace("-", "_")
            templates[_unique(key, set(templates))] = text + "\n"
            return True
    return False
