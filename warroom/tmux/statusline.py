"""One line about an incident for a tmux status bar, read straight from the database.

Run every few seconds by tmux, so it imports neither Textual, pydantic nor SQLAlchemy: the
store's plain reads (sqlite3 for a file, psycopg for a team server).

tmux throws away what a status command writes on stderr, so a line that cannot be made is
replaced by a short marker on stdout (`INC-42 ? not found`): a status bar is never blank, and
never silently about something else.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from warroom.core.errors import NotFound, UsageError, WarroomError
from warroom.core.events import Kind
from warroom.core.limits import NAME, TITLE, cut
from warroom.core.timefmt import mm_ss, t_plus
from warroom.core.words import plural
from warroom.storage.db import Row, Tx, Unavailable, utc, view
from warroom.storage.store import OlderSchema, Store, StoreError
from warroom.text.safe import safe_line

DEFAULT_FORMAT = "{id}{drill} {severity} {tplus} {status} IC:{ic} {done}/{total}{update}{health}"
FIELDS = (
    "id",
    "drill",
    "severity",
    "tplus",
    "status",
    "ic",
    "done",
    "total",
    "update",
    "health",
    "title",
    "tasks",
)


class NoDatabase(NotFound):
    """There is no database at the place the status line was pointed at."""


class BadFormat(UsageError):
    """A --format the fields do not fill."""


def status_fields(
    db: str | Path | None, incident_id: str, now: datetime | None = None
) -> dict[str, str]:
    """The values a --format string can use, by name (see FIELDS). Read-only: it works on a
    database it may not write, and never creates one."""
    now = now or datetime.now(UTC)
    store = Store(db, readonly=True)
    try:
        if store.empty:
            if store.path is not None and not store.path.exists():
                raise NoDatabase(f"{store.where}: no database there")
            raise NotFound(f"no incident {incident_id} in {store.where}")
        with store.read() as tx:
            row = tx.one(
                "SELECT id, title, severity, status, declared_at, resolved_at, drill, playbook "
                "FROM incident WHERE id = ?",
                incident_id,
            )
            if row is None:
                raise NotFound(f"no incident {incident_id} in {store.where}")
            ident = row["id"]
            ic = tx.value(
                "SELECT holder FROM role_assignment WHERE incident_id = ? AND role = 'ic' "
                "AND ended_at IS NULL ORDER BY id DESC",
                ident,
            )
            counts = tx.one(
                "SELECT COALESCE(SUM(CASE WHEN done THEN 1 ELSE 0 END), 0) AS done, "
                "COUNT(*) AS total FROM checklist_item WHERE incident_id = ?",
                ident,
            )
            update_rows = tx.all(
                "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind IN (?, ?) ORDER BY id",
                ident,
                Kind.UPDATE,
                Kind.DELIVERY,
            )
            health = tx.all(
                "SELECT state, COUNT(*) AS n FROM endpoint_state WHERE incident_id = ? "
                "GROUP BY state",
                ident,
            )
            task_rows = tx.all(
                "SELECT * FROM timeline_entry WHERE incident_id = ? AND kind = ? ORDER BY id",
                ident,
                Kind.TASK,
            )
            drill_note = ""
            if row["drill"]:
                now, drill_note = _drill_now(tx, ident, now)
    finally:
        store.close()
    assert counts is not None
    declared_at = utc(row["declared_at"])
    resolved = row["resolved_at"]
    end = utc(resolved) if resolved else now
    playbook = row["playbook"]
    if isinstance(playbook, str):
        playbook = json.loads(playbook)
    return {
        "id": ident,
        "drill": f" DRILL{drill_note}" if row["drill"] else "",
        "title": safe_line(cut(row["title"], TITLE)),
        "severity": safe_line(row["severity"]),
        "tplus": t_plus(end - declared_at),
        "status": row["status"],
        "ic": safe_line(cut(ic, NAME)) if ic else "-",
        "done": str(counts["done"]),
        "total": str(counts["total"]),
        "update": _update_due(
            playbook, row["severity"], _last_posted(update_rows) or declared_at, now, resolved
        ),
        "health": _health({r["state"]: int(r["n"]) for r in health}),
        "tasks": _tasks(task_rows, end if resolved else now, bool(resolved)),
    }


def _last_posted(rows: list[Row]) -> datetime | None:
    """When the newest update that reached someone did (as the console counts the cadence):
    one that every webhook failed to deliver does not count."""
    from warroom.core.delivery import deliveries
    from warroom.core.state import Entry

    posted = [d.posted_at for d in deliveries(view(Entry, r) for r in rows) if d.posted_at]
    return max(posted, default=None)


def _tasks(rows: list[Row], now: datetime, resolved: bool = False) -> str:
    """The open tasks: " 2 tasks, 1 OVERDUE"; "" when none is open."""
    from warroom.core.command import tasks_of
    from warroom.core.state import Entry

    open_tasks = [t for t in tasks_of(view(Entry, r) for r in rows) if t.state == "open"]
    if not open_tasks:
        return ""
    late = 0 if resolved else sum(t.overdue(now) for t in open_tasks)  # no time box after
    said = f" {plural(len(open_tasks), 'task')}"
    return said + (f", {late} OVERDUE" if late else "")


def _drill_now(tx: Tx, ident: str, real_now: datetime) -> tuple[datetime, str]:
    """The drill's simulated now, as its console keeps it, and a word if it is not running."""
    from warroom.incident.drill_clock import drill_time, read_kept

    now, word = drill_time(*read_kept(tx, ident), real_now)
    return now, f" {word}" if word else ""


def _health(states: dict[str, int]) -> str:
    """How many of the confirmed checks are down: " 2 down", " all up"; "" when none is known."""
    if not states:
        return ""
    down, degraded = states.get("DOWN", 0), states.get("DEGRADED", 0)
    if down or degraded:
        parts = [f"{down} down"] if down else []
        parts += [f"{degraded} degraded"] if degraded else []
        return " " + ", ".join(parts)
    return " all up" if set(states) == {"UP"} else ""


def status_line(
    db: str | Path | None, incident_id: str, fmt: str = DEFAULT_FORMAT, tmux: bool = False
) -> str:
    """The line; with `tmux`, every '#' of a value is doubled: tmux reads the output of a
    status command as a format, where "#H" in a title would show the host name."""
    _check_format(fmt)
    values = status_fields(db, incident_id)
    if tmux:
        values = {k: v.replace("#", "##") for k, v in values.items()}
    return fmt.format(**values)


def _check_format(fmt: str) -> None:
    try:
        fmt.format(**dict.fromkeys(FIELDS, ""))
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise BadFormat(
            f"bad --format {fmt!r}: {exc}; fields are {', '.join('{' + f + '}' for f in FIELDS)}"
        ) from None


def marker(incident: str, error: WarroomError, tmux: bool = False) -> str:
    """What stands in the status bar when there is no line: the incident, '?', and why."""
    if isinstance(error, BadFormat):
        why = "bad format"
    elif isinstance(error, NoDatabase):
        why = "no database"
    elif isinstance(error, NotFound):
        why = "not found"
    elif isinstance(error, Unavailable):
        why = "database down"
    elif isinstance(error, OlderSchema):
        why = "db upgrade needed"
    elif isinstance(error, StoreError):
        why = "database error"
    elif isinstance(error, UsageError):
        why = "not an incident id"
    else:
        why = "error"
    shown = safe_line(incident.strip())
    shown = shown if len(shown) <= 16 else shown[:15] + "…"
    if tmux:
        shown = shown.replace("#", "##")
    return f"{shown} ? {why}"


def _update_due(
    playbook: dict, severity: str, since: str | datetime, now: datetime, resolved: object
) -> str:
    if resolved:
        return ""
    cadence = next(
        (
            s.get("update_every")
            for s in playbook.get("severities", [])
            if s.get("name") == severity
        ),
        None,
    )
    if not cadence:
        return ""
    left = cadence - (now - utc(since)).total_seconds()
    return f" update due {mm_ss(left)}" if left >= 0 else f" UPDATE OVERDUE {mm_ss(-left)}"
