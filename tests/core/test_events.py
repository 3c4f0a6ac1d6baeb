"""Every timeline kind has a payload that reads back exactly what was stored."""

from __future__ import annotations

import pytest

from warroom.core import events
from warroom.core.events import PAYLOADS, Kind

STORED = [
    (events.Declared, {"severity": "SEV-2", "playbook": "default"}),
    (events.Severity, {"to": "SEV-1"}),
    (events.Severity, {"from": "SEV-2", "to": "SEV-1"}),
    (events.Status, {"to": "mitigating", "already": True}),
    (events.Title, {"from": "Untitled incident", "to": "Checkout", "corrects": None}),
    (events.Role, {"role": "ic", "holder": "alice", "previous": None}),
    (events.Checklist, {"item": 3, "done": False, "phase": "declare"}),
    (events.Checklist, {"item": 3, "done": True, "phase": "declare", "because": "status x"}),
    (events.Note, {"corrects": 5}),
    (events.Health, {"endpoint": "auth", "state": "DOWN", "reason": "503", "status": 503}),
    (events.Action, {"action": "Roll back", "kind": "rollback", "phase": "finished", "ok": True}),
    (events.Alert, {"fingerprint": "ab12", "startsAt": "2026-01-01T00:00:00+00:00", "x": 1}),
    (events.Update, {"template": None, "number": 1, "webhooks": []}),
    (
        events.Delivery,
        {"update": 1, "webhook": "chat", "outcome": "failed", "reason": "", "tries": 3},
    ),
    (events.Escalation, {"level": 0, "who": "SRE lead", "paged": ""}),
    (events.Drill, {"score": 80, "parts": []}),
]


@pytest.mark.parametrize(
    ("payload", "data"), STORED, ids=[f"{p.__name__}-{n}" for n, (p, _) in enumerate(STORED)]
)
def test_a_payload_reads_and_writes_the_stored_data_unchanged(
    payload: type[events.Payload], data: dict[str, object]
) -> None:
    assert payload.from_data(data).to_data() == data


def test_every_kind_has_a_payload_and_an_entry_without_data_still_reads() -> None:
    assert set(PAYLOADS) == set(Kind)
    for payload in PAYLOADS.values():
        payload.from_data(None)  # an entry written by an older version, or imported
    assert events.Status.from_data({"from": "investigating", "to": "identified"}).from_ == (
        "investigating"
    )
    assert events.Update.from_data({"number": 2}).webhooks is None  # before deliveries
