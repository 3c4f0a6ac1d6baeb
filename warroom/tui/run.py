"""Opening the console from a command: the database named is checked before the screen is
taken over, and the console's one-line reason is raised after the screen is restored."""

from __future__ import annotations


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

    from warroom.tui.app import WarroomApp

    console = WarroomApp(ident, db, playbook=playbook, title=title, theme=theme, config=config)
    console.run()
    while console.error is None and console.next_incident is not None:
        # Switched (I) to another open incident: its console opens as this one closes.
        console = WarroomApp(console.next_incident, db, theme=theme, config=config)
        console.run()
    if console.error is not None:
        raise console.error
    return console.return_code or 0
