"""Importing real teams' markdown runbooks (mangled characters and all) into playbooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers.cli import Ran, invoke
from warroom.core.errors import WarroomError
from warroom.core.playbook import Playbook, PlaybookLibrary, from_data, load_file
from warroom.incident.service import IncidentService
from warroom.runbooks.importer import import_runbook, parse_response, parse_window

RUNBOOKS = Path(__file__).parent.parent / "data" / "runbooks"


def imported(name: str) -> Playbook:
    text = (RUNBOOKS / name).read_text(encoding="utf-8")
    return from_data(import_runbook(text, name.removesuffix(".md"), name).playbook)


def phase(pb: Playbook, title: str):  # type: ignore[no-untyped-def]
    return next(p for p in pb.phases if p.title == title)


def test_emergency_response_playbook() -> None:
    pb = imported("emergency-response-playbook.md")
    assert [(s.name, s.title, s.response) for s in pb.severities] == [
        ("SEV-1", "Critical", 900), ("SEV-2", "High", 3600), ("SEV-3", "Medium", 14400), ("SEV-4", "Low", 86400),
    ]  # fmt: skip
    assert pb.severities[0].examples == ("Production down", "data loss", "security breach")
    checklist = phase(pb, "SEV-1 Response Checklist")
    assert len(checklist.items) == 11
    assert checklist.items[3].text == "Incident commander assigned"
    assert checklist.items[3].role == "ic"
    assert checklist.items[3].source == "emergency-response-playbook.md:530"
    assert pb.borrowed == ("roles",)  # the document names no roles: the default's, openly
    assert [r.name for r in pb.roles] == [
        "Incident Commander",
        "Technical Lead",
        "Communications Lead",
        "Scribe",
    ]
    assert {"initial_alert", "progress_update", "resolution_notice"} <= set(pb.templates)
    assert pb.templates["initial_alert"].startswith(
        "🚨 [SEV-X] Production Incident"
    )  # mojibake repaired
    assert [(e.who, e.after) for e in pb.escalation] == [
        ("On-call Engineer", None), ("Engineering Manager", 1800), ("VP Engineering / CTO", 3600),
        ("CEO / Legal (for legal/PR issues)", None),
    ]  # fmt: skip


def test_launch_incident_playbook() -> None:
    pb = imported("launch-incident-playbook.md")
    assert [(s.name, s.title, s.response) for s in pb.severities] == [
        ("P1", "Critical", 300), ("P2", "High", 1800), ("P3", "Medium", 7200), ("P4", "Low", 604800),
    ]  # fmt: skip
    assert [r.name for r in pb.roles] == ["Incident Commander", "SRE", "Engineering", "Support"]
    assert pb.role("sre").responsibilities[0] == "Monitor dashboards continuously"
    assert "example_email" in pb.templates
    # What a team has is not what a responder does: tool and access lists, the on-call
    # rotation and the incident-log spreadsheet are not phases or levels; alert routing is
    # not escalation (the escalation matrix's "Page security team; notify legal" and the
    # rotation's "Escalation: incident commander" are).
    assert not {"Tools & Access", "On-Call Rotation", "Incident Log"} & {p.title for p in pb.phases}
    assert [e.who for e in pb.escalation] == ["security team", "legal", "incident commander"]
    # The triage checks written inside a code block are steps, due by the end of the box.
    detection = phase(pb, "Detection")
    assert [i.text for i in detection.items][0] == (
        "Check Grafana dashboard: error rate, latency, resource usage"
    )
    assert {i.due for i in detection.items} == {300}
    # Six conditional mitigations are one decision listing its options.
    mitigation = phase(pb, "Mitigation (within SLA)")
    assert [i.text for i in mitigation.items] == ["Possible actions (in priority order)"]
    assert "docker compose restart app" in mitigation.items[0].detail
    assert mitigation.items[0].detail.count("\n") >= 6


def test_operational_runbooks() -> None:
    report = import_runbook(
        (RUNBOOKS / "operational-runbooks.md").read_text(encoding="utf-8"), "ops"
    )
    pb = from_data(report.playbook)
    assert [r.name for r in pb.roles] == [
        "Incident Commander", "Product Manager", "CTO", "Security Lead", "Support Lead",
    ]  # fmt: skip
    assert pb.role("ic").short == "IC" and pb.role("ic").usually.startswith("On-call rotation")
    assert len(phase(pb, "On-Call Checklist").items) == 5
    # No severity scale in the document: none is written, the default's is borrowed openly.
    assert "severities" not in report.playbook and report.playbook["extends"] == "default"
    assert "levels:     borrowed from default" in report.summary()
    assert pb.borrowed == ("severities",)
    assert [s.name for s in pb.severities] == ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]


def test_bold_leads_time_boxes_and_emphasis() -> None:
    text = """
| Severity | Definition | Response Time |
|---|---|---|
| **SEV1** | Everything is down | Immediate |
| **SEV2** | Partly down | < 1 hour |

## Response (T+0 to T+5)
- [ ] **Declare incident**: Post in `#incidents` and *page* the IC
- [x] ~~Nothing~~ **Assign** the _Scribe_

## Comms template
```
Hello {incident}
```
"""
    report = import_runbook(text, "t")
    pb = from_data(report.playbook)
    assert [(s.name, s.response) for s in pb.severities] == [("SEV1", 0), ("SEV2", 3600)]
    phase = pb.phases[0]
    assert (phase.title, phase.window) == ("Response", "T+5m")
    first, second = phase.items
    assert (first.text, first.detail, first.due) == (
        "Declare incident",
        "Post in #incidents and page the IC",
        300,
    )
    assert second.text == "Nothing Assign the Scribe"
    assert pb.templates["comms_template"] == "Hello {incident}\n"


@pytest.mark.parametrize(
    ("heading", "title", "due"),
    [
        ("1. ASSESS [0-5 minutes]", "1. ASSESS", 300),
        ("2. Response (5-30 min)", "2. Response", 1800),
        ("Triage T+0 to T+5", "Triage", 300),
        ("6. REVIEW [Within 48 hours]", "6. REVIEW", 172800),
        ("Plain heading", "Plain heading", None),
    ],
)
def test_time_boxes_in_headings(heading: str, title: str, due: float | None) -> None:
    assert parse_window(heading) == (title, due)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("< 15 minutes", 900),
        ("5 min", 300),
        ("< 1 hour", 3600),
        ("1 week", 604800),
        ("whenever", None),
    ],
)
def test_response_times(text: str, seconds: float | None) -> None:
    assert parse_response(text) == seconds


markdownish = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            ["# ", "## ", "- [ ] ", "- [x] **", "| a | b |\n|---|---|\n", "```\n", "**", "\n", "Level 1: ",
             "| Level | Response Time |\n|--|--|\n| SEV-1 | < 5 min |\n", "ðŸš¨", "(0-5 min)", "[x]", "> "]
        ),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
@example("WHO TO:")  # escalation words before any heading
def test_any_markdown_gives_a_valid_playbook_or_a_clear_error(text: str) -> None:
    try:
        report = import_runbook(text, "fuzz")
    except WarroomError:
        return
    from_data(report.playbook)
    assert isinstance(report.summary(), str)


def test_cli_import_then_declare_with_it(tmp_path: Path, cli_env: dict[str, str]) -> None:
    def run(*args: str) -> Ran:
        return invoke(cli_env, *args, cwd=tmp_path)

    result = run(
        "playbook", "import", str(RUNBOOKS / "launch-incident-playbook.md"), "--name", "launch"
    )
    assert result.returncode == 0, result.stderr
    assert "levels:     P1, P2, P3, P4" in result.stdout
    assert (tmp_path / "playbooks" / "launch.toml").is_file()
    assert run("playbook", "validate", "playbooks/launch.toml").returncode == 0
    assert "launch " in run("playbook", "list").stdout
    declared = run(
        "declare", "DB pool exhausted", "--sev", "P1", "--playbook", "launch", "--no-open"
    )
    assert declared.returncode == 0, declared.stderr
    again = run(
        "playbook", "import", str(RUNBOOKS / "launch-incident-playbook.md"), "--name", "launch"
    )
    assert again.returncode == 2 and "exists" in again.stderr


def test_edits_reach_new_incidents_and_old_ones_keep_their_copy(
    tmp_path: Path, service: IncidentService
) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    source = (
        RUNBOOKS.parent.parent.parent / "warroom" / "builtin" / "playbooks" / "p1-p4.toml"
    ).read_text()
    path = folder / "team.toml"
    path.write_text(source.replace('name = "p1-p4"', 'name = "team"'))
    library = PlaybookLibrary([None, folder])
    old = service.declare("before the edit", playbook=library.get("team"))

    path.write_text(
        path.read_text().replace("Protect data integrity", "Protect the customer's data")
    )
    library.reload()
    new = service.declare("after the edit", playbook=library.get("team"))
    texts = lambda incident: {i.text for i in service.state(incident.id).items}  # noqa: E731
    assert "Protect the customer's data" in texts(new) and "Protect data integrity" not in texts(
        new
    )
    assert "Protect data integrity" in texts(old)

    path.write_text(path.read_text().replace('response = "5m"', 'response = "soonish"'))
    library.reload()
    assert library.get("team").phases[2].items[0].text == "Protect the customer's data"  # last good
    [problem] = library.problems.values()
    assert problem.startswith(f"{path}:") and "severities[0].response" in problem


def test_a_broken_playbook_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'name = "p"\n[[severities]]\nname = "A"\n\n[[phases]]\nkey = "x"\ntitle = "X"\nitems = [{ text = "t", role = "nobody" }]\n'
    )
    with pytest.raises(WarroomError) as info:
        load_file(path)
    assert str(info.value).startswith(f"{path}:")
    assert "role 'nobody' is not one of []" in str(info.value)


def test_cli_import_says_what_it_borrows_and_where_each_fact_came_from(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    def run(*args: str) -> Ran:
        return invoke(cli_env, *args, cwd=tmp_path)

    # Not a terminal: no review screen, the file is written as imported.
    result = run("playbook", "import", str(RUNBOOKS / "operational-runbooks.md"), "--name", "ops")
    assert result.returncode == 0, result.stderr
    assert "levels:     borrowed from default" in result.stdout
    written = (tmp_path / "playbooks" / "ops.toml").read_text(encoding="utf-8")
    assert 'extends = "default"' in written and "[[severities]]" not in written
    assert 'source = "operational-runbooks.md:28"' in written  # "Assign roles (IC, …)"
    shown = run("playbook", "show", "ops")
    assert shown.returncode == 0, shown.stderr
    assert "Severities (borrowed from default)" in shown.stdout
    assert "Roles\n" in shown.stdout and "Roles (borrowed" not in shown.stdout
    assert (
        "Assign roles (IC, communications, scribe).  [operational-runbooks.md:28]" in shown.stdout
    )


@pytest.mark.parametrize(
    ("text", "announced", "expected"),
    [
        ("Incident Commander (IC) 👨‍💼", False, ("Incident Commander", "IC")),  # a heading
        ("Role: Incident Manager On Call (IMOC)", False, ("Incident Manager On Call", "IMOC")),
        ("Engineer on Call (EOC) Responsibilities", False, ("Engineer on Call", "EOC")),
        ("Steps for Fix Lead", False, ("Fix Lead", "")),
        ("Scribe Responsibilities", False, ("Scribe", "")),
        ("EOC - Engineer On Call", True, ("Engineer On Call", "EOC")),
        ("IM - Incident Manager Information about IM onboarding", True, ("Incident Manager", "IM")),
        ("Incident Response (P0/P1)", False, None),  # a level code is not an abbreviation
        ("What are the responsibilities?", False, None),
        ("On-call checklist", False, None),
    ],
)
def test_role_shapes(text: str, announced: bool, expected: tuple[str, str] | None) -> None:
    from warroom.runbooks.importer import role_name

    assert role_name(text, announced) == expected


def test_escalation_named_inside_a_list_of_duties() -> None:
    text = """
## Roles

### Engineer on Call (EOC) Responsibilities

1. Alerts routed to PagerDuty require acknowledgment within 15 minutes, otherwise they will
   be escalated to the oncall Incident Manager.
2. Keep the incident issue's summary current.
"""
    pb = from_data(import_runbook(text, "t").playbook)
    assert (
        pb.role("engineer-on-call").short,
        len(pb.role("engineer-on-call").responsibilities),
    ) == (
        "EOC",
        2,
    )
    assert [(e.who, e.after) for e in pb.escalation] == [("Oncall Incident Manager", 900)]


def test_levels_and_escalation_written_as_prose() -> None:
    text = """
## Severity Levels

**SEV 1 — Critical.** The whole site is down. Respond within 15 minutes; update stakeholders every 30 minutes.

**SEV 2 — Major.** A core feature is broken. Respond within 1 hour.

## Escalation

If the on-call engineer does not acknowledge within 10 minutes, PagerDuty pages the secondary, then the engineering manager.
"""
    pb = from_data(import_runbook(text, "t").playbook)
    assert [(s.name, s.title, s.response, s.update_every) for s in pb.severities] == [
        ("SEV 1", "Critical", 900, 1800),
        ("SEV 2", "Major", 3600, None),  # no cadence stated: none made up
    ]
    # whoever does not acknowledge in time was paged first: the first rung
    assert [e.who for e in pb.escalation] == [
        "On-call engineer",
        "Secondary",
        "Engineering manager",
    ]
