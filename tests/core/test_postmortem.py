"""The timeline becomes a postmortem draft; the incident moves between databases as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import Ran, invoke
from warroom.core.clock import SimulatedClock
from warroom.incident.postmortem import markdown, metrics, to_json
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def worked_incident(service: IncidentService, clock: SimulatedClock) -> None:
    """INC-42 through its life: roles, ticks, an action, health, an update, resolution."""
    service.open_or_declare("INC-42", title="Checkout returns 500s")
    service.set_severity("INC-42", "SEV-1")
    clock.advance(minutes=2)
    service.assign_role("INC-42", "ic", "alice")
    items = service.state("INC-42").items
    service.tick("INC-42", items[0].id)
    service.record_health(
        "INC-42",
        "checkout-api",
        "DOWN",
        "checkout-api DOWN: status 503, 3 failures",
        {"reason": "status 503"},
    )
    clock.advance(minutes=3)
    service.post_update("INC-42", "We are investigating checkout errors.", "initial_alert")
    service.set_status("INC-42", "mitigating")
    service.record_action(
        "INC-42",
        "Roll back web",
        "Roll back web: exit 0 after 4.2s; last output: done",
        {"phase": "finished", "kind": "rollback", "exit_code": 0},
    )
    clock.advance(minutes=5)
    service.assign_role("INC-42", "ic", "bob")
    service.record_health("INC-42", "checkout-api", "UP", "checkout-api UP after 8m00s")
    service.set_status("INC-42", "resolved")


def test_markdown_sections_and_metrics(service: IncidentService, clock: SimulatedClock) -> None:
    worked_incident(service, clock)
    state = service.state("INC-42")
    assert metrics(state) == {
        "time_to_detect": None,
        "time_to_acknowledge": 120,
        # Mitigating from T+5m; mitigated (the fix in) when resolved at T+10m. Was
        # "time_to_mitigate": 300, taken from the status mitigating ("applying a fix").
        "time_to_start_mitigating": 300,
        "time_to_mitigate": 600,
        "time_to_resolve": 600,
    }
    doc = markdown(state, clock.now())
    section = lambda title: doc.split(f"## {title}\n\n", 1)[1].split("\n\n## ", 1)[0]  # noqa: E731
    assert doc.startswith("# Post-mortem: Checkout returns 500s (INC-42)\n")
    assert "- Duration: 10m" in section("Summary")
    assert "- Services impacted: checkout-api" in section("Impact")
    assert section("Metrics").splitlines() == [
        "- Time to detect: n/a",
        "- Time to acknowledge (first Incident Commander): 2m",
        "- Time to start mitigating (status mitigating): 5m",
        "- Time to mitigate (status monitoring or resolved): 10m",
        "- Time to resolve: 10m",
    ]
    assert section("Response targets").splitlines() == [
        "- First IC: met (2m)",
        "- First update: met (5m)",
    ]
    assert (
        section("Severity history").splitlines()[1] == "- T+00:00:00 Severity SEV-2 → SEV-1 (alice)"
    )
    assert section("Roles and hand-overs").splitlines() == [
        "- Incident Commander: alice from T+00:02:00 until T+00:10:00",
        "- Incident Commander: bob from T+00:10:00",
    ]
    assert (
        "| T+00:05:00 | 09:05:00 | alice | update | We are investigating checkout errors. |"
        in section("Timeline")
    )
    assert (
        section("Actions run") == "- T+00:05:00 Roll back web: exit 0 after 4.2s; last output: done"
    )
    assert section("Health transitions").splitlines() == [
        "- T+00:02:00 checkout-api DOWN: status 503, 3 failures",
        "- T+00:10:00 checkout-api UP after 8m00s",
    ]
    assert section("Status updates") == (
        "- T+00:05:00 We are investigating checkout errors. (saved for manual posting (no webhook))"
    )
    undone = section("Checklist items left undone")
    # Ticked by what happened: the IC assigned, the initial alert sent, an action run, every
    # endpoint up again.
    assert len(undone.splitlines()) == 28
    for done in ("Incident Commander assigned", "Initial alert posted", "Mitigation attempted",
                 "Service verified healthy"):  # fmt: skip
        assert done not in undone
    for title in ("Root cause", "What went well", "What could be better", "Action items"):
        assert f"## {title}" in doc


def test_json_round_trip_through_a_fresh_database(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    worked_incident(service, clock)
    first = to_json(service.state("INC-42"), service.endpoint_states("INC-42"))
    other = IncidentService(Store(tmp_path / "other.db"), clock=clock)
    assert other.import_incident(json.loads(json.dumps(first))) == ("INC-42", False)
    second = to_json(other.state("INC-42"), other.endpoint_states("INC-42"))
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    # The same file again: its id is taken now, so it is renumbered, and says so.
    assert other.import_incident(first) == ("INC-43", True)


def test_cli_export_and_import(
    service: IncidentService, clock, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    worked_incident(service, clock)
    out = tmp_path / "inc.json"

    def run(*args: str, env: dict[str, str] = cli_env) -> Ran:
        return invoke(env, *args)

    assert run("export", "INC-42", "--format", "json", "--output", str(out)).returncode == 0
    md = run("export", "INC-42")
    assert md.returncode == 0 and md.stdout.startswith(
        "# Post-mortem: Checkout returns 500s (INC-42)"
    )
    fresh = {**cli_env, "WARROOM_DB": str(tmp_path / "fresh.db")}
    assert run("import", str(out), env=fresh).stdout == "INC-42\n"
    assert run("import", str(out), env=fresh).stdout == "INC-43 (was INC-42, which is taken here)\n"
    listed = json.loads(run("list", "--json", "--status", "resolved", env=fresh).stdout)
    assert [r["id"] for r in listed] == ["INC-42", "INC-43"] or [r["id"] for r in listed] == [
        "INC-43",
        "INC-42",
    ]
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    result = run("import", str(bad), env=fresh)
    assert result.returncode == 2 and "not a warroom incident export" in result.stderr


def test_report_across_incidents(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    from datetime import timedelta

    from warroom.incident.report import build, plot

    def incident(title: str, sev: str, ic_after: int, resolve_after: int | None) -> str:
        ident = service.declare(title, sev).id
        clock.advance(minutes=ic_after)
        service.assign_role(ident, "ic", "alice")
        if resolve_after is not None:
            clock.advance(minutes=resolve_after)
            service.set_status(ident, "resolved")
        clock.advance(days=3)
        return ident

    first = incident("Checkout returns 500s", "SEV-1", 2, 30)
    incident("checkout returns 500s (again, #2)", "SEV-1", 6, 60)
    incident("Search slow", "SEV-3", 10, None)
    states = [service.state(r.id) for r in service.list_incidents()]
    result = build(states, clock.now(), timedelta(days=90))
    assert result.by_severity == {"SEV-1": 2, "SEV-3": 1}
    assert result.mtta == (360, 600)  # median 6 minutes, worst 10
    assert result.mttr == (49 * 60, 66 * 60)  # resolved after 32 and 66 minutes
    assert result.recurring == [("Checkout returns 500s", 2)]
    assert first in result.overdue_postmortems  # resolved days ago, no postmortem written
    assert sum(result.weekly) == 3 and len(plot(result.weekly)) == len(result.weekly) == 13


def test_mitigated_is_when_the_fix_was_in_not_when_it_began(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("Checkout 500s", "SEV-1", incident_id="INC-7")
    clock.advance(minutes=5)
    service.set_status("INC-7", "mitigating")  # "the team is applying a fix"
    doc = markdown(service.state("INC-7"), clock.now())
    # Was "- Time to mitigate: 5m" while the fix was still being applied.
    assert "- Time to start mitigating (status mitigating): 5m" in doc
    assert "- Time to mitigate (status monitoring or resolved): not yet" in doc
    clock.advance(minutes=2)
    service.set_status("INC-7", "monitoring")  # the fix is in, being watched
    m = metrics(service.state("INC-7"))
    assert (m["time_to_start_mitigating"], m["time_to_mitigate"]) == (300, 420)
    assert m["time_to_resolve"] is None
    clock.advance(minutes=3)
    service.set_status("INC-7", "resolved")
    service.set_status("INC-7", "investigating")  # reopened: it is broken again
    doc = markdown(service.state("INC-7"), clock.now())
    assert (
        "- Time to mitigate (status monitoring or resolved): 7m, since back to investigating" in doc
    )


def test_a_status_never_reached_has_no_time_and_an_update_never_delivered_says_so(
    service: IncidentService, clock: SimulatedClock
) -> None:
    service.declare("Shop returns 500s", "SEV-2", incident_id="INC-8")
    clock.advance(seconds=88.6)
    service.set_status("INC-8", "resolved")  # straight from investigating
    doc = markdown(service.state("INC-8"), clock.now())
    # Was "Time to start mitigating (status mitigating): 1m29s", the resolve time.
    assert (
        "- Time to start mitigating (status mitigating): "
        "not recorded: the status went from investigating to resolved"
    ) in doc
    # Was "Duration: 1m29s" while the console said "after 1m28s": cut, never rounded up.
    assert "- Duration: 1m28s" in doc
    # Was "First update: open (1m29s)" on a resolved incident.
    assert "- First update: none sent before resolution" in doc
    assert "- First IC: never named before resolution" in doc


def test_user_text_reads_literally_in_the_draft(
    service: IncidentService, clock: SimulatedClock
) -> None:
    """A note's `[bold]`, `*x*`, `<b>`, a leading `#` or `1.` are its words in the rendered
    draft, not markup."""
    from markdown_it import MarkdownIt

    said = ["cpu \\[bold] ok *x* _y_ `z` <b> a|b &amp;", "# not a heading", "1. not a list"]
    service.open_or_declare("INC-42", title="[red]*Checkout*[/red]")
    for text in said:
        service.add_note("INC-42", text)
    page = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(markdown(service.state("INC-42"), clock.now()))
    )
    assert "<h1>Post-mortem: [red]*Checkout*[/red] (INC-42)</h1>" in page
    assert "<td>cpu \\[bold] ok *x* _y_ `z` &lt;b&gt; a|b &amp;amp;</td>" in page
    assert "<td># not a heading</td>" in page and "<td>1. not a list</td>" in page
