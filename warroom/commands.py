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

from warroom.errors import WarroomError


def print_status(incident_id: str, db: str | None, format: str | None = None) -> int:
    from warroom.ids import parse_incident_id
    from warroom.statusline import DEFAULT_FORMAT, status_line

    ident, _, _ = parse_incident_id(incident_id)
    print(status_line(db, ident, format or DEFAULT_FORMAT))
    return 0


def log_note(incident_id: str, text: str, db: str | None) -> int:
    """Append a note through the service, as every change is made."""
    from warroom.safe import safe_line
    from warroom.service import IncidentService
    from warroom.store import Store
    from warroom.timefmt import t_plus

    service = IncidentService(Store(db))
    entry = service.add_note(incident_id, text)
    incident = service.find(incident_id)
    assert incident is not None
    print(f"{safe_line(incident.id)} {t_plus(entry.at - incident.declared_at)} note saved")
    return 0


def run_console(
    incident_id: str,
    db: str | None,
    playbook: str | None = None,
    title: str | None = None,
    theme: str | None = None,
    config: str | None = None,
) -> int:
    """Open the console; its exit code, or its one-line error raised after the screen is restored."""
    from warroom.ids import parse_incident_id
    from warroom.location import database_url, supported

    ident, _, _ = parse_incident_id(incident_id)
    supported(database_url(db))  # a wrong --db is said before the screen is taken over

    from warroom.tui.app import WarroomApp

    console = WarroomApp(ident, db, playbook=playbook, title=title, theme=theme, config=config)
    console.run()
    if console.error is not None:
        raise console.error
    return console.return_code or 0


def guarded(run: Callable[[], object]) -> None:
    """User errors become one line on stderr, never a traceback."""
    from warroom.safe import safe_line
    from warroom.secrets import redact

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
