"""Opening the console from a command: the database named is checked before the screen is
taken over, and the console's one-line reason is raised after the screen is restored."""

from __future__ import annotations

import gc


def run_console(
    incident_id: str,
    db: str | None,
    playbook: str | None = None,
    title: str | None = None,
    theme: str | None = None,
    config: str | None = None,
) -> int:
    """Open the console; its exit code, or its one-line error raised after the screen is restored."""
    from warroom.core.ids import parse_incident_id
    from warroom.storage.url import database_url, supported

    ident, _, _ = parse_incident_id(incident_id)
    supported(database_url(db))  # a wrong --db is said before the screen is taken over
    if title:
        from warroom.core.limits import TITLE, check

        check(title.strip(), TITLE, "a title")

    # What importing the console builds (classes, functions, Textual's tables) lives as long as
    # the process: the cycle collector is kept off while it is built, and out of the collector's
    # full passes afterwards, which would otherwise walk all of it again (tens of milliseconds)
    # on the way to the first frame and the first prompt. The few cycles that importing leaves
    # behind (some hundreds of objects) are kept with it.
    gc.disable()
    try:
        from warroom.tui.app import WarroomApp
    finally:
        gc.freeze()
        gc.enable()

    console = WarroomApp(ident, db, playbook=playbook, title=title, theme=theme, config=config)
    console.run()
    while console.error is None and console.next_incident is not None:
        # Switched (I) to another open incident: its console opens as this one closes.
        console = WarroomApp(console.next_incident, db, theme=theme, config=config)
        console.run()
    if console.error is not None:
        raise console.error
    return console.return_code or 0
