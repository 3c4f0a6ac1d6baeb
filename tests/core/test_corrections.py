"""Corrections are entries, never rewrites: a new title, a corrected note, each a new entry
that names what it corrects; the old text stays as written (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from warroom.core.clock import SimulatedClock
from warroom.core.errors import UsageError
from warroom.incident.service import IncidentService


def test_retitle_keeps_the_old_title_in_the_timeline(service: IncidentService, clock) -> None:
    service.open_or_declare("INC-42")
    clock.advance(minutes=3)
    assert service.retitle("INC-42", "  Checkout returns 500s ")
    state = service.state("INC-42")
    assert state.incident.title == "Checkout returns 500s"
    declared, entry = state.timeline
    assert (entry.kind, entry.text) == ("title", "Title: Untitled incident → Checkout returns 500s")
    assert entry.data == {"from": "Untitled incident", "to": "Checkout returns 500s",
                          "corrects": declared.id}  # fmt: skip
    assert not service.retitle("INC-42", "Checkout returns 500s")  # the same: nothing written
    assert service.retitle("INC-42", "Checkout 500s in EU")
    assert service.state("INC-42").timeline[-1].data["corrects"] == entry.id
    with pytest.raises(UsageError, match="a title needs some text"):
        service.retitle("INC-42", "   ")


def test_a_console_reading_incrementally_sees_the_new_title(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    before = service.state("INC-42")
    service.retitle("INC-42", "Checkout returns 500s")
    assert service.state("INC-42", before).incident.title == "Checkout returns 500s"


def test_opening_an_existing_incident_with_a_title_retitles_it(service: IncidentService) -> None:
    service.open_or_declare("INC-42")
    info, declared = service.open_or_declare("INC-42", title="Checkout returns 500s")
    assert (declared, info.title) == (False, "Checkout returns 500s")
    service.open_or_declare("INC-42", title="Checkout returns 500s")  # the same: no entry
    kinds = [e.kind for e in service.state("INC-42").timeline]
    assert kinds == ["declared", "title"]


def test_a_correction_of_a_note_is_a_new_note_naming_it(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.open_or_declare("INC-42")
    clock.advance(minutes=4, seconds=30)
    wrong = service.add_note("INC-42", "error rate 38% on checkout-api since deploy v1.4.3")
    clock.advance(minutes=2)
    fixed = service.correct_note("INC-42", wrong.id, "error rate 3.8% on checkout-api")
    assert fixed.kind == "note" and fixed.data == {"corrects": wrong.id}
    assert fixed.text == "Correction of T+00:04:30 note: error rate 3.8% on checkout-api"
    assert fixed.said == "error rate 3.8% on checkout-api"
    timeline = service.state("INC-42").timeline
    assert timeline[1].text == "error rate 38% on checkout-api since deploy v1.4.3"  # as written
    again = service.correct_note("INC-42", fixed.id, "error rate 4.1% on checkout-api")
    assert again.text.startswith("Correction of T+00:06:30 note: ")
    with pytest.raises(UsageError, match="only notes are corrected this way, not a declared"):
        service.correct_note("INC-42", timeline[0].id, "x")
    with pytest.raises(UsageError, match="reads the same"):
        service.correct_note("INC-42", again.id, "error rate 4.1% on checkout-api")
    from warroom.incident.postmortem import markdown

    draft = markdown(service.state("INC-42"), clock.now())
    assert (
        "| error rate 38% on checkout-api since deploy v1.4.3 (corrected at T+00:06:30) |" in draft
    )
    other = service.declare("Elsewhere")
    with pytest.raises(Exception, match="has no timeline entry"):
        service.correct_note(other.id, wrong.id, "x")


def test_an_export_keeps_what_each_correction_corrects(service: IncidentService, clock) -> None:
    """Row ids do not travel between databases: a correction points at its entry by position
    in the export, and at the imported entry's new id after an import."""
    from warroom.incident.postmortem import to_json

    service.open_or_declare("INC-42")
    service.declare("Another, so that ids differ")
    wrong = service.add_note("INC-42", "rolled back to v1.4.1")
    service.correct_note("INC-42", wrong.id, "rolled back to v1.4.2")
    service.retitle("INC-42", "Checkout returns 500s")
    data = to_json(service.state("INC-42"))
    assert [e["data"].get("corrects") for e in data["timeline"][2:]] == [1, 0]
    ident, renumbered = service.import_incident(data)
    assert renumbered
    timeline = service.state(ident).timeline
    by_id = {e.id: e for e in timeline}
    assert by_id[timeline[2].data["corrects"]].text == "rolled back to v1.4.1"
    assert by_id[timeline[3].data["corrects"]].kind == "declared"
    assert to_json(service.state(ident))["timeline"] == data["timeline"]  # the same file again
