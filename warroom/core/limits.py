"""How long each kind of text may be, in one place: every way in (the commands, the console's
prompts, an imported export, an imported runbook, alerts from Alertmanager) checks against
these, and every face shows text already stored cut to them.

A title pasted by mistake from a 50 MB log would otherwise be printed whole by `warroom list`
and wrapped by the console at every repaint. People get a one-line refusal; text that comes
from a program (alert summaries, labels) is cut with "…" instead, since nobody can retype it.
Standard library only: `warroom status` and the console's first paint use it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from warroom.core.errors import UsageError

TITLE = 200  # an incident's title
NAME = 100  # a responder's name, a role holder, whoever a timeline entry is signed with
NOTE = 10_000  # a note, a status update: a pasted stack trace fits
ITEM = 500  # a checklist item, a phase's title, an escalation level's "who"
DETAIL = 4_000  # an item's detail, a role's responsibility, a template, a level's meaning
ENTRY = 20_000  # any timeline entry (the text warroom writes around a title or a note)
ENTRY_DATA = 200_000  # an imported timeline entry's data, as JSON
ALERT_TEXT = 500  # an alert's summary or annotation, a label value (cut, not refused)
ALERT_NAME = 200  # an alert's name, a label name
ALERT_LABELS = 64  # labels and annotations kept per alert
SHORT = 200  # any other short field of an import: severity, status, kind, playbook name
LONGEST_S = 366 * 86400  # any duration in a file: a check's interval, an item's due offset


def check(text: str, limit: int, what: str) -> str:
    """`text`, or a one-line UsageError when it is longer than `limit` characters."""
    if len(text) > limit:
        raise UsageError(f"{what} is {len(text):,} characters long; the most is {limit:,}")
    return text


def cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters long, ending in "…" where it was cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def shown(text: str, limit: int) -> str:
    """Stored text as a face shows it: cut, saying by how much (the stored text is kept)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


# -- an imported export -------------------------------------------------------------------------
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=7)  # a drill's simulated clock runs ahead of real time, never this far


def moment(value: Any, where: str, now: datetime) -> datetime | None:
    """An imported ISO time, within EARLIEST … now + AHEAD; a one-line UsageError else."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"the export's {where}: {str(value)[:40]!r} is not a time") from None
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    if not EARLIEST <= aware <= now + AHEAD:
        raise UsageError(
            f"the export's {where} is {aware:%Y-%m-%d}: a time in an incident is between "
            f"{EARLIEST:%Y-%m-%d} and a week from now"
        )
    return when


def check_export(data: dict[str, Any], now: datetime) -> None:
    """Every text of an exported incident within its length and every time within range,
    before any of it is written; the first problem as a one-line UsageError that names the
    field. (What is missing or of the wrong type is the importer's to say.)"""

    def text(value: Any, limit: int, where: str) -> None:
        if value is not None:
            check(value if isinstance(value, str) else str(value), limit, f"the export's {where}")

    def get(row: Any, key: str) -> Any:
        return row.get(key) if isinstance(row, dict) else None

    def rows(key: str) -> list[Any]:
        found = data.get(key)
        return found if isinstance(found, list) else []

    inc = data.get("incident")
    for key, limit in (("title", TITLE), ("severity", SHORT), ("status", SHORT),
                       ("playbook_name", SHORT)):  # fmt: skip
        text(get(inc, key), limit, f"incident.{key}")
    for key in ("declared_at", "resolved_at"):
        moment(get(inc, key), f"incident.{key}", now)
    for n, role in enumerate(rows("roles")):
        text(get(role, "role"), SHORT, f"roles[{n}].role")
        for key in ("holder", "assigned_by"):
            text(get(role, key), NAME, f"roles[{n}].{key}")
        for key in ("assigned_at", "ended_at"):
            moment(get(role, key), f"roles[{n}].{key}", now)
    for n, item in enumerate(rows("checklist")):
        for key, limit in (("phase", SHORT), ("text", ITEM), ("detail", DETAIL),
                           ("role", SHORT), ("done_by", NAME)):  # fmt: skip
            text(get(item, key), limit, f"checklist[{n}].{key}")
        moment(get(item, "done_at"), f"checklist[{n}].done_at", now)
        due = get(item, "due_s")
        if isinstance(due, int | float) and not 0 <= due <= LONGEST_S:
            raise UsageError(f"the export's checklist[{n}].due_s is out of range")
    for n, entry in enumerate(rows("timeline")):
        text(get(entry, "kind"), SHORT, f"timeline[{n}].kind")
        text(get(entry, "actor"), NAME, f"timeline[{n}].actor")
        text(get(entry, "text"), ENTRY, f"timeline[{n}].text")
        moment(get(entry, "at"), f"timeline[{n}].at", now)
        if get(entry, "data") is not None:
            size = len(json.dumps(get(entry, "data"), default=str))
            if size > ENTRY_DATA:
                raise UsageError(
                    f"the export's timeline[{n}].data is {size:,} characters of JSON; "
                    f"the most is {ENTRY_DATA:,}"
                )
    for n, endpoint in enumerate(rows("endpoints")):
        for key, limit in (("name", SHORT), ("state", SHORT), ("reason", DETAIL)):
            text(get(endpoint, key), limit, f"endpoints[{n}].{key}")
        moment(get(endpoint, "since"), f"endpoints[{n}].since", now)
