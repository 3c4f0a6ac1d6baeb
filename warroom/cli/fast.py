"""The commands that must start fast, and the one-line error rule every command follows.

`warroom open` is typed in the first minute of an outage, `warroom status` runs every few
seconds in a tmux status bar and `warroom log` is called from scripts: they import only what
they need (launch.py parses their plain forms without typer). The full command line (cli.py)
calls the same functions.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from warroom.core.errors import WarroomError

if TYPE_CHECKING:
    from warroom.incident.service import IncidentService


def print_status(
    incident_id: str, db: str | None, format: str | None = None, tmux: bool = False
) -> int:
    """The status line; if there is none, a marker on stdout (a status bar shows nothing of
    stderr) and the reason on stderr, with the error's exit status."""
    from warroom.core.ids import parse_incident_id
    from warroom.tmux.statusline import DEFAULT_FORMAT, marker, status_line

    try:
        ident, _, _ = parse_incident_id(incident_id)
        line = status_line(db, ident, format or DEFAULT_FORMAT, tmux=tmux)
    except WarroomError as exc:
        print(marker(incident_id, exc, tmux=tmux), flush=True)
        raise
    print(line)
    return 0


def log_note(incident_id: str, text: str, db: str | None) -> int:
    """Append a note through the service, as every change is made; "-" reads the notes from
    standard input, one a line."""
    from warroom.core.timefmt import t_plus
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.text.safe import safe_line

    service = IncidentService(Store(db))
    if text == "-":
        return log_stdin(service, incident_id)
    entry = service.add_note(incident_id, text)
    incident = service.find(incident_id)
    assert incident is not None
    print(f"{safe_line(incident.id)} {t_plus(entry.at - incident.declared_at)} note saved")
    return 0


def log_stdin(service: IncidentService, incident_id: str) -> int:
    """A note for each line of standard input, saved as it arrives (empty lines skipped). A
    line that cannot be a note is one line on stderr naming its number, and the others are
    saved all the same; the exit status is then 1."""
    from warroom.core.errors import NotFound
    from warroom.core.ids import parse_incident_id
    from warroom.core.timefmt import t_plus
    from warroom.incident.tail import log_lines
    from warroom.text.redact import redact
    from warroom.text.safe import safe_line

    incident = service.find(incident_id)
    if incident is None:
        raise NotFound(f"no incident {parse_incident_id(incident_id)[0]}")
    refused = 0
    for result in log_lines(service, incident.id, sys.stdin.buffer):
        if result.entry is None:
            refused += 1
            reason = redact(safe_line(result.reason))
            print(f"warroom: line {result.number}: {reason}", file=sys.stderr, flush=True)
        else:
            at = t_plus(result.entry.at - incident.declared_at)
            print(f"{incident.id} {at} note saved (line {result.number})", flush=True)
    return 1 if refused else 0


def tail_timeline(
    incident_id: str, db: str | None, jsonl: bool, follow: bool, new: bool = False
) -> int:
    """The timeline on stdout, oldest first: text lines or JSON Lines (with `new`, not the
    entries already written); with `follow`, then each new entry as it is committed, until
    interrupted."""
    from warroom.core.errors import NotFound
    from warroom.core.ids import parse_incident_id
    from warroom.incident.service import IncidentService
    from warroom.incident.tail import Follower, delivery_said, json_record, text_line
    from warroom.storage.store import Store
    from warroom.text.safe import json_line

    def opener() -> IncidentService:
        return IncidentService(Store(db, readonly=True))

    incident = opener().find(incident_id)
    if incident is None:
        raise NotFound(f"no incident {parse_incident_id(incident_id)[0]}")

    def problem(reason: str | None) -> None:
        said = f"waiting: {reason}" if reason else "the database answers again"
        print(f"warroom tail: {said}", file=sys.stderr, flush=True)

    follower = Follower(opener, incident.id, problem)
    reader = opener()  # where an update got to, read when it is shown
    try:
        for entry in follower.entries(follow, new=new):
            if jsonl:
                line = json_line(json_record(entry, incident.id, incident.declared_at))
            else:
                said = delivery_said(reader, incident.id, entry)
                line = text_line(entry, incident.declared_at, said)
            print(line, flush=True)
    except BrokenPipeError:
        # The reader went away (`| head`): done, and nothing more to say on a closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except KeyboardInterrupt:
        return 0
    return 0


def list_incidents(
    db: str | None,
    status: str | None = None,
    severity: str | None = None,
    since: str | None = None,
    drills: bool = True,
    as_json: bool = False,
) -> int:
    """The incidents: id, severity, status, title, age and Incident Commander."""
    import json
    from datetime import timedelta

    from warroom.core.errors import UsageError
    from warroom.core.limits import NAME, TITLE, cut
    from warroom.core.timefmt import format_duration, parse_duration
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store
    from warroom.text.safe import safe_line

    service = IncidentService(Store(db, readonly=True))
    now = service.clock.now()
    try:
        window = timedelta(seconds=parse_duration(since)) if since else None
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None
    rows = [
        r
        for r in service.list_incidents()
        if (status is None or r.status == status.lower())
        and (severity is None or r.severity.lower() == severity.lower())
        and (window is None or now - r.declared_at <= window)
        and (drills or not r.drill)
    ]
    if as_json:
        fields = ("id", "severity", "status", "title", "commander", "drill", "drill_clock")
        out = [
            {
                **{f: getattr(r, f) for f in fields},
                "declared_at": r.declared_at.isoformat(),
                "title": cut(r.title, TITLE),
            }  # fmt: skip
            for r in rows
        ]
        print(json.dumps(out, indent=2))
    elif not rows:
        print('No incidents yet. Declare one with: warroom declare "what is broken"')
    else:
        print_table(
            ("ID", "SEV", "STATUS", "TITLE", "AGE", "IC"),
            [
                (
                    f"{r.id} (drill)" if r.drill else r.id,
                    safe_line(cut(r.severity, 20)),
                    r.status + (f" (drill {r.drill_clock})" if r.drill_clock else ""),
                    safe_line(cut(r.title, TITLE)),
                    format_duration((now - r.declared_at).total_seconds()),
                    safe_line(cut(r.commander or "—", NAME)),
                )
                for r in rows
            ],
        )
    return 0


def check_health(config: str | None = None, as_json: bool = False) -> int:
    """One round of health checks: 0 when all are up, 1 when any is down."""
    import asyncio
    import json

    from warroom.checks.health import State, check_once
    from warroom.core.config import find_config, load_config
    from warroom.text.safe import safe_line

    path = find_config(config)
    if path is None:
        raise WarroomError(
            "no warroom.toml here or in the user config directory (or give --config)"
        )
    results = asyncio.run(check_once(load_config(path)))
    if as_json:
        rows = [
            {
                "name": e.name,
                "kind": "metric" if hasattr(e, "query") else "endpoint",
                "group": e.group,
                "state": state.value,
                "status": r.status,
                "latency_ms": round(r.latency * 1000, 1) if r.latency is not None else None,
                "reason": r.reason,
            }
            for e, state, r in results
        ]
        print(json.dumps(rows, indent=2))
    else:
        print_table(
            ("NAME", "GROUP", "STATE", "CODE", "LATENCY", "REASON"),
            [
                (
                    safe_line(e.name),
                    safe_line(e.group),
                    state.value,
                    str(r.status or "-"),
                    f"{r.latency * 1000:.0f}ms" if r.latency is not None else "-",
                    safe_line(r.reason),
                )
                for e, state, r in results
            ],
        )
    return 1 if any(state is State.DOWN for _, state, _ in results) else 0


def print_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Columns two spaces apart, widths by terminal cells (an emoji or a CJK character is
    two); the last column is not padded. Plain text: what scripts and people both read."""
    widths = [
        max(_cells(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)
    ]
    for row in (headers, *rows):
        cells = [str(c) + " " * (w - _cells(str(c))) for c, w in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _cells(text: str) -> int:
    import unicodedata

    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def guarded(run: Callable[[], object]) -> None:
    """User errors become one line on stderr, never a traceback."""
    from warroom.text.redact import redact
    from warroom.text.safe import safe_line

    try:
        code = run()
    except WarroomError as exc:
        print(f"warroom: {redact(safe_line(str(exc)))}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("WARROOM_DEBUG"):
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"warroom: unexpected error: {redact(safe_line(reason))} (WARROOM_DEBUG=1 shows where)",
            file=sys.stderr,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
