"""The service verbs on a real SQLite file: each change and its timeline entry, together."""

from __future__ import annotations

import json

import pytest

from warroom.core.clock import SimulatedClock
from warroom.core.errors import NotFound, UsageError
from warroom.core.playbook import load_builtin
from warroom.incident.service import IncidentService


def kinds(service: IncidentService, incident_id: str) -> list[str]:
    return [e.kind for e in service.state(incident_id).timeline]


def test_declare_copies_the_playbook_checklist_and_records_it(service: IncidentService) -> None:
    incident = service.declare("Checkout returns 500s", "sev-1")
    assert incident.id == "INC-1"
    assert incident.severity == "SEV-1"
    state = service.state("INC-1")
    playbook = load_builtin()
    assert len(state.items) == sum(len(p.items) for p in playbook.phases)
    assert [e.kind for e in state.timeline] == ["declared"]
    assert state.timeline[0].text == "Declared SEV-1: Checkout returns 500s (playbook default)"
    assert state.timeline[0].actor == "alice"
    assert all(role is None for role in state.roles.values())


def test_next_free_id_follows_the_highest_number(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    assert service.declare("second").id == "INC-43"
    assert service.declare("third").id == "INC-44"


def test_open_or_declare_declares_once(service: IncidentService) -> None:
    first, created = service.open_or_declare("inc-42")
    again, created_again = service.open_or_declare("INC-42")
    assert (first.id, created, created_again) == ("INC-42", True, False)
    assert again.id == "INC-42"
    assert kinds(service, "INC-42") == ["declared"]


@pytest.mark.parametrize("bad", ["foo bar", "42", "INC42", "INC-", "-42", "INC-4x", "IN C-4"])
def test_bad_ids_are_refused_and_nothing_is_created(service: IncidentService, bad: str) -> None:
    with pytest.raises(UsageError, match="not an incident id"):
        service.open_or_declare(bad)
    assert service.list_incidents() == []


def test_severity_and_status_changes_are_in_the_timeline(service: IncidentService, clock) -> None:
    service.declare("db down", "SEV-2")
    clock.advance(minutes=3)
    assert service.set_severity("INC-1", "SEV-1")
    assert not service.set_severity("INC-1", "SEV-1")  # no change, but on record
    service.set_status("INC-1", "Mitigating")
    clock.advance(minutes=7)
    service.set_status("INC-1", "resolved")
    state = service.state("INC-1")
    assert (state.incident.severity, state.incident.status) == ("SEV-1", "resolved")
    assert state.incident.resolved_at == clock.now()
    assert [e.text for e in state.timeline[1:]] == [
        "Severity SEV-2 → SEV-1",
        "Severity SEV-1 (already SEV-1)",
        "Status investigating → mitigating",
        "Status mitigating → resolved",
    ]
    assert state.elapsed(clock.now()).total_seconds() == 600


def test_unknown_severity_or_status_is_a_usage_error(service: IncidentService) -> None:
    service.declare("x")
    with pytest.raises(UsageError, match="one of SEV-1, SEV-2, SEV-3, SEV-4"):
        service.set_severity("INC-1", "SEV-9")
    with pytest.raises(UsageError, match="unknown status"):
        service.set_status("INC-1", "panicking")
    with pytest.raises(NotFound):
        service.set_status("INC-9", "resolved")


def test_handing_a_role_over_keeps_the_history(service: IncidentService, clock) -> None:
    service.declare("x")
    service.assign_role("INC-1", "ic", "alice")
    clock.advance(minutes=5)
    service.assign_role("INC-1", "ic", "bob")
    state = service.state("INC-1")
    assert state.roles["ic"] is not None and state.roles["ic"].holder == "bob"
    history = [(a.holder, a.ended_at is not None) for a in state.role_history]
    assert history == [("alice", True), ("bob", False)]
    assert state.timeline[-2].text == "Incident Commander: bob (handed over from alice)"
    assert state.timeline[-1].kind == "briefing"  # what bob takes over, written for him
    assert state.roles["tech"] is None
    with pytest.raises(UsageError, match="unknown role"):
        service.assign_role("INC-1", "chef", "carol")


def test_tick_untick_and_toggle(service: IncidentService) -> None:
    service.declare("x")
    item = service.state("INC-1").items[0]
    assert service.tick("INC-1", item.id)
    assert not service.tick("INC-1", item.id)  # already done: recorded, changes nothing
    done = service.state("INC-1").items[0]
    assert done.done and done.done_by == "alice" and done.done_at is not None
    assert service.toggle("INC-1", item.id) is False
    assert service.toggle("INC-1", item.id) is True
    texts = [e.text for e in service.state("INC-1").timeline[1:]]
    assert texts == [
        f"Ticked [declare] {item.text}",
        f"Ticked [declare] {item.text} (already done by alice)",
        f"Unticked [declare] {item.text}",
        f"Ticked [declare] {item.text}",
    ]


def test_items_of_another_incident_cannot_be_ticked(service: IncidentService) -> None:
    service.declare("one")
    service.declare("two")
    other = service.state("INC-2").items[0]
    with pytest.raises(NotFound):
        service.tick("INC-1", other.id)


def test_overdue_and_progress_follow_the_clock(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("x")
    state = service.state("INC-1")
    first = state.items[0]  # due T+2m
    assert first.due_s == 120
    assert not state.is_overdue(first, clock.now())
    clock.advance(minutes=2, seconds=1)
    assert state.is_overdue(first, clock.now())
    declare = state.progress(clock.now())[0]
    assert (declare.key, declare.done, declare.total, declare.overdue) == ("declare", 0, 6, 1)
    service.tick("INC-1", first.id)
    state = service.state("INC-1")
    assert not state.is_overdue(state.items[0], clock.now())
    assert state.progress(clock.now())[0].done == 1


def test_notes_are_kept_literally(service: IncidentService) -> None:
    service.declare("x")
    service.add_note("INC-1", "  [x] verify [bold] flag  ")
    assert service.state("INC-1").timeline[-1].text == "[x] verify [bold] flag"
    with pytest.raises(UsageError):
        service.add_note("INC-1", "   ")


def test_a_failed_timeline_write_rolls_the_change_back(
    service: IncidentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.declare("x")
    item = service.state("INC-1").items[0]

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "_record", broken)
    with pytest.raises(RuntimeError):
        service.tick("INC-1", item.id)
    monkeypatch.undo()
    with service.store.read() as tx:
        assert not tx.value("SELECT done FROM checklist_item WHERE id = ?", item.id)
        assert tx.value("SELECT count(*) FROM timeline_entry") == 1


def test_an_incident_keeps_the_playbook_it_was_declared_with(service: IncidentService) -> None:
    service.declare("x")
    with service.store.read() as tx:
        stored = tx.value("SELECT playbook FROM incident WHERE id = 'INC-1'")
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert stored["name"] == "default"
    assert [sev["name"] for sev in stored["severities"]] == ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]


def test_list_shows_commander_and_newest_first(service: IncidentService, clock) -> None:
    service.declare("older")
    clock.advance(minutes=1)
    service.declare("newer", "SEV-1")
    service.assign_role("INC-1", "ic", "dana")
    rows = service.list_incidents()
    assert [(r.id, r.commander) for r in rows] == [("INC-2", None), ("INC-1", "dana")]


def test_reading_on_from_the_last_state_equals_a_full_read(service: IncidentService) -> None:
    service.declare("x")
    first = service.state("INC-1")
    service.add_note("INC-1", "one")
    service.tick("INC-1", first.items[0].id)
    service.assign_role("INC-1", "ic", "alice")
    later = service.state("INC-1", first)
    assert later == service.state("INC-1") and len(later.timeline) == 5  # the IC item ticked itself
    service.declare("y")
    assert service.state("INC-2", later) == service.state("INC-2")  # another incident: read whole
