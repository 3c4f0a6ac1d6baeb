"""A long incident read for a console: the newest entries and, by query, what needs them all;
a console's own writes and others' writes are both news, even when a read fails."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from warroom.core.clock import SimulatedClock
from warroom.core.state import IncidentState
from warroom.incident.service import IncidentService
from warroom.storage.db import StoreError
from warroom.storage.store import Store
from warroom.storage.thread import DatabaseThread

WINDOW = 50


def long_incident(service: IncidentService, clock: SimulatedClock, notes: int) -> None:
    """Milestones early on, then a flood of notes: the window holds none of the milestones."""
    service.declare("Checkout down", "SEV-1", incident_id="INC-42")
    clock.advance(60)
    service.post_update("INC-42", "We are investigating", "initial_alert")
    service.set_status("INC-42", "identified")
    service.escalate("INC-42", 0, "On-call engineer", "dana")
    service.record_action("INC-42", "Roll back web", "Roll back web: ran", {"phase": "finished"})
    for n in range(notes):
        clock.advance(1)
        service.add_note("INC-42", f"note {n}")


def same_figures(window: IncidentState, whole: IncidentState, clock: SimulatedClock) -> None:
    now = clock.now() + timedelta(minutes=3)
    assert window.entry_count == len(whole.timeline)
    assert window.milestones == whole.milestones
    assert window.timeline == whole.timeline[-WINDOW:]
    assert window.updates == whole.updates
    assert window.status_since == whole.status_since
    assert window.escalation_level == whole.escalation_level == 1
    assert window.update_due_in(now) == whole.update_due_in(now)
    assert window.response_targets(now) == whole.response_targets(now)
    assert window.incident == whole.incident and window.items == whole.items


def test_a_window_holds_the_newest_entries_and_every_figure_of_the_whole(
    service: IncidentService, clock: SimulatedClock
) -> None:
    long_incident(service, clock, 300)
    window = service.state("INC-42", window=WINDOW)
    whole = service.state("INC-42")
    assert len(window.timeline) == WINDOW and not window.complete and whole.complete
    same_figures(window, whole, clock)


def test_read_again_after_more_than_a_window_came_in(
    service: IncidentService, clock: SimulatedClock
) -> None:
    long_incident(service, clock, 10)
    base = service.state("INC-42", window=WINDOW)
    assert base.complete  # a short incident is held whole
    for n in range(WINDOW * 3):  # a burst bigger than the window, milestones inside it
        service.add_note("INC-42", f"burst {n}")
        if n == WINDOW:
            service.post_update("INC-42", "Mitigating: rolled back")
            service.set_status("INC-42", "mitigating")
    again = service.state("INC-42", base, window=WINDOW)
    whole = service.state("INC-42")
    assert again.incident.status == "mitigating"  # a kind read past the window still counts
    same_figures(again, whole, clock)
    # And one more, read the cheap way.
    service.add_note("INC-42", "one more")
    same_figures(service.state("INC-42", again, window=WINDOW), service.state("INC-42"), clock)


def test_pages_of_older_entries_end_at_the_first(
    service: IncidentService, clock: SimulatedClock
) -> None:
    long_incident(service, clock, 120)
    whole = service.state("INC-42").timeline
    window = service.state("INC-42", window=WINDOW).timeline
    pages = []
    before = window[0].id
    while page := service.timeline_page("INC-42", before, WINDOW):
        pages[:0] = page
        before = page[0].id
    assert pages + window == whole


def test_a_write_of_the_console_itself_is_news(db_path: Path) -> None:
    """A drill's events and a health change are written on the console's own connection,
    which a file does not tell about itself."""
    IncidentService(Store(db_path)).declare("x", incident_id="INC-42")
    thread = DatabaseThread(lambda: IncidentService(Store(db_path)), "INC-42")
    try:
        thread.submit(lambda: None).result(5)
        assert wait(lambda: thread._data_version is not None)  # its first look at the file
        thread.changed()
        entry = thread.submit(lambda: thread.service.add_note("INC-42", "drill event")).result(5)
        assert wait(lambda: thread.news(entry.id - 1))
    finally:
        thread.close()
        thread.join(5)


def test_a_write_made_before_the_first_look_at_the_file_is_news(db_path: Path) -> None:
    """Another process writing just after the console's first read, before its thread first
    looks at the file: the look must not take that write for the file as it was."""
    writer = IncidentService(Store(db_path), actor="alice")
    writer.declare("x", incident_id="INC-42")
    thread = DatabaseThread(lambda: IncidentService(Store(db_path)), "INC-42")
    try:
        # Queued at once, so both run before the thread's first look (jobs come first).
        thread.submit(lambda: thread.service.state("INC-42"))
        thread.submit(lambda: writer.assign_role("INC-42", "ic", "dana")).result(5)
        assert wait(lambda: thread.news(0)), "a hand-over made at open was never shown"
    finally:
        thread.close()
        thread.join(5)


def test_a_change_seen_while_the_file_is_busy_is_not_lost(db_path: Path) -> None:
    writer = IncidentService(Store(db_path), actor="bob")
    writer.declare("x", incident_id="INC-42")
    thread = DatabaseThread(lambda: IncidentService(Store(db_path)), "INC-42")
    try:
        service = thread.submit(lambda: thread.service).result(5)
        assert wait(lambda: thread._data_version is not None)  # its first look at the file
        thread.changed()
        reads = service.revision
        failures = [StoreError("database is locked")]

        def busy_once(incident_id: str) -> int | None:
            if failures:
                raise failures.pop()
            return reads(incident_id)

        service.revision = busy_once  # type: ignore[method-assign]
        writer.add_note("INC-42", "from another process")
        assert wait(lambda: not failures)  # the look that failed
        assert wait(lambda: thread.news(0)), "the change was lost with the failed read"
    finally:
        thread.close()
        thread.join(5)


def wait(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False
