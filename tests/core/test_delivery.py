"""A status update counts as posted only once it reached someone: each webhook's outcome is an
entry of its own, and the update's delivery state is read from them. Templates say what is
true: clock times, the real status, actions in words."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.helpers.webhook_server import chat
from warroom.core.clock import SimulatedClock
from warroom.core.config import Webhook
from warroom.core.errors import NotFound, UsageError
from warroom.core.fields import build, to_data
from warroom.core.playbook import Playbook, load_builtin
from warroom.incident.chat import update_message
from warroom.incident.comms import actions_in_words, deliver, fill, gaps, left_over, values
from warroom.incident.postmortem import markdown, to_json
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def item_done(service: IncidentService, text: str) -> bool:
    return next(i for i in service.state("INC-1").items if i.text.startswith(text)).done


def section(doc: str, title: str) -> str:
    return doc.split(f"## {title}\n\n", 1)[1].split("\n\n## ", 1)[0]


def test_an_update_counts_only_once_a_webhook_delivered_it(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    service.post_update("INC-1", "We are investigating.", "initial_alert", ["chat"])
    state = service.state("INC-1")
    [update] = state.deliveries
    assert (update.number, update.summary(), update.posted_at) == (1, "sending to chat…", None)
    # Not posted: no tick, the cadence still counts from the declaration, no first update.
    assert state.updates == [] and not item_done(service, "Initial alert posted")
    clock.advance(minutes=2)
    service.record_delivery("INC-1", 1, "chat", "failed", "connection refused", 4)
    state = service.state("INC-1")
    assert state.deliveries[0].summary() == "chat: FAILED connection refused"
    assert state.deliveries[0].failed == ["chat"]
    assert state.update_due_in(clock.now()) == 900 - 120
    assert ("update", None) in [(w, met) for w, met, _ in state.response_targets(clock.now())]
    assert not item_done(service, "Initial alert posted")

    clock.advance(minutes=1)
    service.record_delivery("INC-1", 1, "chat", "sending")  # sent again
    assert service.state("INC-1").deliveries[0].summary() == "sending to chat…"
    clock.advance(seconds=5)
    service.record_delivery("INC-1", 1, "chat", "delivered", "HTTP 200")
    state = service.state("INC-1")
    delivered_at = clock.now()
    assert state.updates == [delivered_at]
    assert state.update_due_in(clock.now()) == 900  # the countdown starts from the delivery
    assert ("update", True, 185.0) in state.response_targets(clock.now())
    assert item_done(service, "Initial alert posted")
    texts = [(e.kind, e.text) for e in state.timeline if e.kind in ("delivery", "checklist")]
    assert texts == [
        ("delivery", "Update 1 to chat: FAILED connection refused after 4 tries"),
        ("delivery", "Update 1: sending again to chat"),
        ("delivery", "Update 1 delivered to chat (HTTP 200)"),
        (
            "checklist",
            "Ticked [communicate] Initial alert posted with the update cadence "
            "(automatically: update initial_alert)",
        ),
    ]
    # A second delivery of the same update (another webhook, a repeat) ticks nothing twice.
    service.record_delivery("INC-1", 1, "chat", "delivered", "HTTP 200")
    assert [e.kind for e in service.state("INC-1").timeline][-1] == "delivery"


def with_update_items() -> Playbook:
    """The built-in playbook with items that `update:first` and `update:any` complete."""
    data = to_data(load_builtin())
    data["phases"][0]["items"] += [
        {"text": "First update out", "done_when": "update:first"},
        {"text": "Any update out", "done_when": "update:any"},
    ]
    return build(Playbook, data)


def test_only_the_first_update_posted_is_the_first(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("x", "SEV-1", playbook=with_update_items())
    service.post_update("INC-1", "one", None, ["chat"])
    service.post_update("INC-1", "two", None, ["chat", "ops"])
    service.record_delivery("INC-1", 1, "chat", "failed", "HTTP 500")
    assert not item_done(service, "First update out") and not item_done(service, "Any update")
    clock.advance(seconds=30)
    service.record_delivery("INC-1", 2, "ops", "delivered")
    assert item_done(service, "First update out") and item_done(service, "Any update out")
    first = next(i for i in service.state("INC-1").items if i.text == "First update out")
    service.untick("INC-1", first.id)
    service.record_delivery("INC-1", 1, "chat", "delivered")  # a resend: not the first any more
    state = service.state("INC-1")
    assert not item_done(service, "First update out")
    assert state.updates == [clock.now(), clock.now()]
    assert state.deliveries[1].summary() == "sending to chat…; delivered to ops"


def test_without_a_webhook_an_update_is_copied_and_counts_at_once(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("x", "SEV-1")
    clock.advance(minutes=3)
    service.post_update("INC-1", "We are investigating.", "initial_alert")
    state = service.state("INC-1")
    assert state.deliveries[0].summary() == "saved for manual posting (no webhook)"
    assert state.updates == [clock.now()] and item_done(service, "Initial alert posted")


def test_deliveries_are_checked(service: IncidentService) -> None:
    service.declare("x")
    service.post_update("INC-1", "one", None, ["chat"])
    with pytest.raises(NotFound, match="INC-1 has no update 2"):
        service.record_delivery("INC-1", 2, "chat", "delivered")
    with pytest.raises(UsageError, match="update 1 was not sent to ops"):
        service.record_delivery("INC-1", 1, "ops", "delivered")
    with pytest.raises(UsageError, match="unknown delivery outcome 'lost'"):
        service.record_delivery("INC-1", 1, "chat", "lost")


def test_the_postmortem_says_where_each_update_got_to(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    service.declare("x", "SEV-1")
    clock.advance(minutes=1)
    service.post_update("INC-1", "first", None, ["chat"])
    clock.advance(seconds=2)
    service.record_delivery("INC-1", 1, "chat", "delivered", "HTTP 200")
    service.post_update("INC-1", "second", None, ["chat", "ops"])
    service.record_delivery("INC-1", 2, "chat", "failed", "HTTP 500")
    service.record_delivery("INC-1", 2, "ops", "failed", "no answer in 10s")
    service.post_update("INC-1", "third")
    service.post_update("INC-1", "fourth", None, ["chat"])
    doc = markdown(service.state("INC-1"), clock.now())
    assert section(doc, "Status updates").splitlines() == [
        "- T+00:01:00 first (delivered to chat at T+00:01:02)",
        "- T+00:01:02 second (NOT DELIVERED: chat: FAILED HTTP 500; ops: FAILED no answer in 10s)",
        "- T+00:01:02 third (saved for manual posting (no webhook))",
        "- T+00:01:02 fourth (NOT DELIVERED: chat: no outcome recorded)",
    ]
    # An export carries it, and the import reads the same delivery states back.
    first = to_json(service.state("INC-1"))
    other = IncidentService(Store(tmp_path / "other.db"), clock=clock)
    other.import_incident(json.loads(json.dumps(first)))
    assert markdown(other.state("INC-1"), clock.now()) == doc


def test_webhook_outcomes_in_words_and_no_secret_in_the_timeline(
    service: IncidentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAT_PATH", "T0/B0/s3cr3t-hook-path")
    service.declare("x")
    with (
        chat("500") as failing,
        chat("hang") as hanging,
        chat(listening=False) as refusing,
        chat() as accepting,
    ):
        hooks = [
            Webhook(name="fails", url=failing.url + "/${CHAT_PATH}", retries=0),
            Webhook(name="hangs", url=hanging.url + "/${CHAT_PATH}", timeout=0.3, retries=0),
            Webhook(name="refuses", url=refusing.url + "/${CHAT_PATH}", retries=0),
            Webhook(name="accepts", url=accepting.url + "/${CHAT_PATH}", retries=0),
        ]
        entry = service.post_update("INC-1", "SEV-2 update", None, [h.name for h in hooks])
        number = entry.data["number"]

        async def record(hook: Webhook, outcome: str, reason: str, tries: int) -> None:
            service.record_delivery("INC-1", number, hook.name, outcome, reason, tries)

        message = update_message(service.state("INC-1"), number, entry.id, "SEV-2 update")
        asyncio.run(deliver(hooks, message, record))
        [(path, body)] = accepting.posted
        assert path == "/hook/T0/B0/s3cr3t-hook-path"
        assert json.loads(body)["text"] == "SEV-2 update"
    state = service.state("INC-1")
    assert state.deliveries[0].summary() == (
        "fails: FAILED HTTP 500; hangs: FAILED no answer in 0.3s; "
        "refuses: FAILED connection refused; delivered to accepts"
    )
    assert "s3cr3t" not in repr(state.timeline)


def test_templates_say_what_is_true(service: IncidentService, clock: SimulatedClock) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    service.set_status("INC-1", "identified")
    clock.advance(minutes=12)
    # Actions as the console records them: started (with the answers), finished, verified.
    service.record_action("INC-1", "Roll back web", "Roll back web: started: deploy …",
                          {"kind": "rollback", "phase": "started",
                           "argv": ["deploy", "rollback", "--to-version=v1.4.2"],
                           "answers": {"version": "v1.4.2"}})  # fmt: skip
    service.record_action("INC-1", "Roll back web", "Roll back web: exit 0 after 2.0s",
                          {"kind": "rollback", "phase": "finished", "exit_code": 0,
                           "argv": ["deploy"], "reason": ""})  # fmt: skip
    service.record_action("INC-1", "Roll back web", "after Roll back web: 1 of 1 still failing",
                          {"phase": "verified", "failing": ["auth"]})  # fmt: skip
    service.record_action("INC-1", "Restart auth", "Restart auth: started: curl http://…",
                          {"kind": "restart", "phase": "started",
                           "argv": ["curl", "http://127.0.0.1:8080/restart"]})  # fmt: skip
    service.record_action("INC-1", "Restart auth", "Restart auth: exit 2 after 0.1s",
                          {"kind": "restart", "phase": "finished", "exit_code": 2})  # fmt: skip
    service.record_action("INC-1", "Disable feature flag", "simulated",
                          {"kind": "feature-flag", "simulated": True,
                           "answers": {"flag": "checkout-v2"}})  # fmt: skip
    state = service.state("INC-1")
    assert actions_in_words(state.timeline) == [
        "rolled back web to v1.4.2",
        "tried to restart auth (it did not succeed)",
        "disabled feature flag checkout-v2",
    ]
    playbook = state.playbook.templates
    filled = values(state, clock.now())
    progress = fill(playbook["progress_update"], filled)
    assert progress.splitlines() == [
        "📊 [SEV-1] INC-1 update #1 - 09:12 UTC",
        "",
        "Current status: identified",
        "Actions taken: rolled back web to v1.4.2; tried to restart auth (it did not succeed); "
        "disabled feature flag checkout-v2",
        "Next steps: [what's happening next]",
        "Next update by 09:27 UTC",
    ]
    for untrue in ("still failing", "http", "deploy", "curl", "+ 15m"):
        assert untrue not in progress
    alert = fill(playbook["initial_alert"], filled)
    assert "The cause has been identified and the team is working on a fix." in alert
    assert "investigating" not in alert
    # What is left for the sender: the template's own gap and what the incident lacks.
    assert left_over(progress, gaps(playbook["progress_update"], filled)) == [
        "[what's happening next]"
    ]
    assert left_over(alert, gaps(playbook["initial_alert"], filled)) == ["[unassigned]"]
    # "[SEV-1]", filled in by the template, is no placeholder; nor is "[EU]" in a title.
    assert left_over("🚨 [SEV-1] for [EU] customers", gaps(playbook["initial_alert"], filled)) == []
