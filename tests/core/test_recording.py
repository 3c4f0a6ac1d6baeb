"""What is recorded where: a resolved incident records no more health or alerts (until it is
reopened), and an alert is recorded only in the incident it is attached to."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from warroom.checks.monitoring import alerts, matches
from warroom.core.config import Server
from warroom.core.errors import UsageError
from warroom.incident.service import IncidentService

FIRING = {
    "fingerprint": "a1b2c3d4e5f60708",
    "name": "CheckoutErrorRate",
    "labels": {"alertname": "CheckoutErrorRate", "service": "checkout"},
    "summary": "Checkout error rate above 1%",
    "startsAt": "2026-12-01T12:00:00+00:00",
    "state": "active",
    "silencedBy": [],
}


def fired(service: IncidentService, incident: str, alert: dict = FIRING) -> bool:
    """A firing alert as a console's checks report it (health_process → record_health)."""
    name = f"alert {alert['name']}"
    return service.record_health(incident, name, "DOWN", f"Alert {alert['name']} firing", alert)


def resolved_alert(service: IncidentService, incident: str, alert: dict = FIRING) -> bool:
    name = f"alert {alert['name']}"
    text = f"Alert {alert['name']} resolved"
    return service.record_health(incident, name, "UP", text, {"fingerprint": alert["fingerprint"]})


def kinds(service: IncidentService, incident: str, kind: str) -> list[str]:
    return [e.text for e in service.state(incident).timeline if e.kind == kind]


def test_a_resolved_incident_records_no_health_until_it_is_reopened(
    service: IncidentService, store, clock
) -> None:
    service.open_or_declare("INC-42")
    # A second console, which last read the incident while it was open.
    other = IncidentService(store, clock=clock, actor="bob")
    assert other.state("INC-42").incident.status == "investigating"
    assert service.record_health("INC-42", "api", "DOWN", "api DOWN: status 503, 3 failures")
    service.set_status("INC-42", "resolved")
    assert not other.record_health("INC-42", "api", "UP", "api UP after 4m")
    assert not other.record_health("INC-42", "search", "DOWN", "search DOWN: timeout, 3 failures")
    assert kinds(service, "INC-42", "health") == ["api DOWN: status 503, 3 failures"]
    # Its stored states are those it was resolved with: nothing changed without an entry.
    assert [(e["name"], e["state"]) for e in service.endpoint_states("INC-42")] == [("api", "DOWN")]
    service.set_status("INC-42", "monitoring")  # reopened: recorded again
    assert other.record_health("INC-42", "api", "UP", "api UP (as found on reopening)")
    assert kinds(service, "INC-42", "health")[-1] == "api UP (as found on reopening)"


def test_an_alert_is_recorded_only_in_the_incident_it_is_attached_to(
    service: IncidentService,
) -> None:
    service.open_or_declare("INC-1")
    service.open_or_declare("INC-2")
    # Attached nowhere: every open incident whose matchers take it records it.
    assert fired(service, "INC-1") and fired(service, "INC-2")
    assert resolved_alert(service, "INC-1") and resolved_alert(service, "INC-2")
    assert service.attach_alert("INC-1", FIRING)
    assert fired(service, "INC-1")
    assert not fired(service, "INC-2")  # it belongs to INC-1 now
    assert not resolved_alert(service, "INC-2")
    assert resolved_alert(service, "INC-1")
    assert kinds(service, "INC-2", "health") == [
        "Alert CheckoutErrorRate firing", "Alert CheckoutErrorRate resolved",
    ]  # fmt: skip
    assert service.alert_owners([FIRING["fingerprint"], "ffff"]) == {FIRING["fingerprint"]: "INC-1"}
    # Another alert, with another fingerprint, is still free.
    other = {**FIRING, "fingerprint": "0000aaaa", "labels": {"alertname": "X"}, "name": "X"}
    assert fired(service, "INC-2", other)


def test_an_alert_moves_only_when_asked_and_is_free_again_once_its_incident_is_resolved(
    service: IncidentService,
) -> None:
    service.open_or_declare("INC-1")
    service.open_or_declare("INC-2")
    service.attach_alert("INC-1", FIRING)
    assert not service.attach_alert("INC-1", FIRING)  # once per incident
    with pytest.raises(UsageError, match="attached to INC-1 .investigating.: move it here"):
        service.attach_alert("INC-2", FIRING)
    assert service.attach_alert("INC-2", FIRING, move=True)
    assert kinds(service, "INC-2", "alert")[-1].endswith("(moved from INC-1)")
    assert not fired(service, "INC-1") and fired(service, "INC-2")
    # Its incident resolved, the alert firing again is a new problem for whoever is open.
    service.set_status("INC-2", "resolved")
    service.open_or_declare("INC-3")
    assert not fired(service, "INC-2")  # resolved: recorded no more
    assert fired(service, "INC-3") and fired(service, "INC-1")
    assert service.alert_owners([FIRING["fingerprint"]]) == {}
    assert service.attach_alert("INC-3", FIRING)  # no move needed: its incident is over
    assert "moved" not in kinds(service, "INC-3", "alert")[-1]


def test_matchers_read_as_alertmanager_reads_them() -> None:
    labels = {"service": "checkout", "env": "prod", "job": "api", "note": 'say "hi"'}
    assert matches(labels, ['service="checkout"'])
    assert not matches(labels, ['service="search"'])
    assert matches(labels, ['env!="dev"']) and not matches(labels, ['env!="prod"'])
    assert matches(labels, ['job=~"api|web"']) and not matches(labels, ['job=~"ap"'])
    assert not matches(labels, ['job!~"a.*"'])
    assert matches(labels, ['{service="checkout", env="prod"}'])
    assert not matches(labels, ['{service="checkout",env="dev"}'])
    assert matches(labels, ['service="checkout"', "env=prod"])
    assert not matches(labels, ['missing="x"']) and matches(labels, ['missing=""'])
    assert matches(labels, [r'note="say \"hi\""'])


class _Alertmanager(BaseHTTPRequestHandler):
    """An Alertmanager-compatible server that ignores the filter it is given."""

    body = b"[]"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@pytest.fixture
def careless_alertmanager() -> Iterator[str]:
    def alert(name: str, service: str) -> dict:
        return {"fingerprint": name, "labels": {"alertname": name, "service": service},
                "annotations": {}, "startsAt": "2026-12-01T12:00:00Z",
                "status": {"state": "active"}}  # fmt: skip

    _Alertmanager.body = json.dumps([alert("Ours", "checkout"), alert("Theirs", "search")]).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Alertmanager)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_alert_of_another_service_never_reaches_the_incident(careless_alertmanager: str) -> None:
    found = alerts(Server(url=careless_alertmanager), ['service="checkout"'])
    assert [a.name for a in found] == ["Ours"]
    assert [a.name for a in alerts(Server(url=careless_alertmanager))] == ["Ours", "Theirs"]
