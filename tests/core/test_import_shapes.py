"""The shapes runbooks state their facts in, each imported on a short document written in
that shape (from issue 25: shapes found on documents outside the corpus)."""

from __future__ import annotations

from textwrap import dedent
from typing import Any

from warroom.core.playbook import from_data
from warroom.runbooks.importer import import_runbook


def imported(text: str) -> dict[str, Any]:
    report = import_runbook(dedent(text), "shapes", "SHAPES.md")
    from_data(report.playbook)  # every import is a valid playbook
    return report.playbook


def escalates_to(said: dict[str, list[str]], heading: str = "On-call") -> None:
    """Each sentence, alone under `heading`, escalates to exactly the people given."""
    for sentence, who in said.items():
        pb = imported(f"# {heading}\n\n{sentence}\n")
        assert [e["who"] for e in pb.get("escalation", [])] == who, sentence


def items(playbook: dict[str, Any]) -> list[str]:
    return [i["text"] for p in playbook["phases"] for i in p["items"]]


def phase(playbook: dict[str, Any], title: str) -> dict[str, Any]:
    return next(p for p in playbook["phases"] if p["title"] == title)


SEED = """
    # Incident Response Runbook

    ## Response Procedure

    ### 1. Detection & Triage (0-5 minutes)

    #### Check the service

    ```bash
    # Quick health check
    curl -sf https://example.org/health

    # Recent errors
    kubectl logs deploy/api --since=10m | grep ERROR
    ```

    #### Confirm impact

    - Check the error-rate dashboard
    - Ask support whether customers report it

    ### 2. Incident Declaration (5-15 minutes)

    - Open the incident channel
    - Page the incident commander

    ### 3. Investigation (15-30 minutes)

    1. Review recent deploys
    2. Compare with the last good release

    ### 4. Mitigation & Recovery

    **Mitigation options:**

    ```bash
    # Option 1: Roll back
    kubectl rollout undo deploy/api

    # Option 2: Disable the feature flag
    flags disable new-checkout

    # Option 3: Scale up
    kubectl scale deploy/api --replicas=10
    ```

    ### 6. Resolution Verification

    - [ ] Error rate back to baseline
    - [ ] Status page updated
"""


def test_numbered_sections_with_time_boxes_are_phases_with_due_offsets() -> None:
    pb = imported(SEED)
    titles = [p["title"] for p in pb["phases"]]
    assert titles[:3] == ["Detection & Triage", "Incident Declaration", "Investigation"]
    triage = phase(pb, "Detection & Triage")
    assert triage["window"] == "T+5m"
    # The comment is the step, the command its detail; the sub-headings' lists join the phase.
    assert [(i["text"], i.get("detail"), i["due"]) for i in triage["items"][:2]] == [
        ("Quick health check", "curl -sf https://example.org/health", "5m"),
        ("Recent errors", "kubectl logs deploy/api --since=10m | grep ERROR", "5m"),
    ]
    assert "Check the error-rate dashboard" in [i["text"] for i in triage["items"]]
    assert {i["due"] for i in phase(pb, "Incident Declaration")["items"]} == {"15m"}
    # Numbered steps share their box out in order; the last is due at its end.
    assert [i["due"] for i in phase(pb, "Investigation")["items"]] == ["22m", "30m"]
    # Options are one decision listing them, not one box per option.
    mitigation = phase(pb, "Mitigation & Recovery")["items"]
    assert [i["text"] for i in mitigation] == ["Mitigation options"]
    assert "2. Disable the feature flag\n   flags disable new-checkout" in mitigation[0]["detail"]
    assert [i["text"] for i in phase(pb, "Resolution Verification")["items"]] == [
        "Error rate back to baseline",
        "Status page updated",
    ]
    # Every item keeps its line in the document.
    assert triage["items"][0]["source"] == "SHAPES.md:11"


def test_numbered_instruction_headings_are_steps_with_their_prose() -> None:
    pb = imported("""
        # When the site is down

        ### 1. Confirm the outage is real

        Load the home page from outside the office network.

        ### 2. Open the incident

        Post in #incidents with what you saw.

        ## 3. Page the database on-call

        Their number is in PagerDuty.
    """)
    assert items(pb) == [
        "Confirm the outage is real",
        "Open the incident",
        "Page the database on-call",
    ]
    first = pb["phases"][0]["items"][0]
    assert first["detail"] == "Load the home page from outside the office network."
    assert first["source"] == "SHAPES.md:4"


def test_checkbox_lines_without_a_list_marker_are_steps() -> None:
    pb = imported("""
        ## During the incident

        [ ] Open the incident room and invite the on-call
        [ ] Write the first status update
        [x] Note the start time
    """)
    assert items(pb) == [
        "Open the incident room and invite the on-call",
        "Write the first status update",
        "Note the start time",
    ]


def test_labelled_lists_over_sub_lists_are_phases() -> None:
    pb = imported("""
        ## Incident Response Procedures

        1. **Immediate Action**:
           - Transfer the issue to the private repository
           - Inform the security team
        2. **Containment**:
           - Identify the scope of the vulnerability
    """)
    assert [(p["title"], [i["text"] for i in p["items"]]) for p in pb["phases"]] == [
        ("Immediate Action", ["Transfer the issue to the private repository",
                              "Inform the security team"]),
        ("Containment", ["Identify the scope of the vulnerability"]),
    ]  # fmt: skip


def test_roles_stated_in_prose_bold_and_definitions() -> None:
    pb = imported("""
        # Incidents

        The person who notices an incident is the **incident lead** and appoints a
        **comms lead** to keep customers informed.

        The escalation engineers (EEs) help support with the hardest tickets.

        A "Coordinator" must be assigned to each report.
    """)
    names = {r["name"]: r.get("short", "") for r in pb["roles"]}
    assert names == {
        "Incident lead": "",
        "Comms lead": "",
        "Escalation engineer": "EE",
        "Coordinator": "",
    }
    assert all(r["source"].startswith("SHAPES.md:") for r in pb["roles"])


def test_numbered_role_headings_with_duties_as_lists() -> None:
    pb = imported("""
        # Roles

        ## 2.1 Incident Manager

        - Decide the severity
        - Keep the timeline

        ## 2.2 Communications Officer

        - Write the status updates
    """)
    roles = {r["name"]: r["responsibilities"] for r in pb["roles"]}
    assert roles == {
        "Incident Manager": ["Decide the severity", "Keep the timeline"],
        "Communications Officer": ["Write the status updates"],
    }


def test_severity_in_headings_sentences_and_transposed_tables() -> None:
    headings = imported("""
        # Severity

        ### 1 – High severity

        The whole service is down.

        ### 2 – Moderate severity

        Some customers are affected.
    """)
    assert [s["name"] for s in headings["severities"]][:2] == ["High", "Moderate"]
    sentence = imported("""
        # Reports

        There is a {LOW, MEDIUM, HIGH, CRITICAL} severity vulnerability affecting {project}.
    """)
    # (most severe first, as a playbook lists its levels)
    assert [s["name"] for s in sentence["severities"]] == ["Critical", "High", "Medium", "Low"]
    transposed = imported("""
        ## Severity levels

        | | SEV1 | SEV2 | SEV3 |
        |---|---|---|---|
        | Response time | 15 minutes | 1 hour | 1 day |
        | Update every | 30 minutes | 2 hours | 1 day |
    """)
    levels = [
        (s["name"], s.get("response"), s.get("update_every")) for s in transposed["severities"]
    ]
    assert levels == [("SEV1", "15m", "30m"), ("SEV2", "1h", "2h"), ("SEV3", "1d", "1d")]


def test_a_long_wait_is_not_a_response_time_and_a_log_is_not_a_scale() -> None:
    pb = imported("""
        ## Priorities

        | Priority | Meaning | Response time |
        |---|---|---|
        | P1 | Outage | 15 minutes |
        | P4 | Cosmetic | > 4 weeks |

        ## Incident log

        | Date | Severity | Issue |
        |---|---|---|
        | 2026-03-01 | P2 | Connection leak |
        | 2026-03-04 | P2 | Disk full |
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("P1", "15m"),
        ("P4", None),
    ]


def test_escalation_in_prose_with_timings() -> None:
    pb = imported("""
        # On-call

        Page the primary on-call. If nobody answers within 10 minutes, page the secondary
        on-call, then the engineering manager.
    """)
    assert [e["who"] for e in pb["escalation"]][-2:] == ["Secondary on-call", "Engineering manager"]


def test_what_is_not_a_step() -> None:
    pb = imported("""
        # Runbook

        ## Tools & Access

        - [ ] Grafana dashboards
        - [ ] Database credentials

        ## On-call rotation

        - Week 1: Alice
        - Week 2: Bob

        ## Useful links

        - Link to relevant docs
        - [Status page](https://status.example.org)

        ## Steps

        1. Open the incident channel
        2. Post the first update to {{ status_page }}
        3. Read :ref:`the escalation policy <escalation>`
    """)
    assert items(pb) == [
        "Open the incident channel",
        "Post the first update to",
        "Read the escalation policy",
    ]


def test_bold_label_with_colon_is_a_step_with_its_detail() -> None:
    pb = imported("""
        ## What to do

        - **Declare the incident**: post in #incidents with the severity
        - **Assign roles**: name the commander and the scribe
    """)
    first = pb["phases"][0]["items"][0]
    assert (first["text"], first["detail"]) == (
        "Declare the incident",
        "post in #incidents with the severity",
    )


def test_roles_in_a_glossary_and_the_person_on_call() -> None:
    pb = imported("""
        # Incident handling

        The person on call owns the incident until it is handed over.

        ## Glossary

        - **Incident Commander**: the person who coordinates the response
        - **Scribe**: keeps the timeline
        - **Runbook**: a document of steps
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "On call": [],
        "Incident Commander": ["the person who coordinates the response"],
        "Scribe": ["keeps the timeline"],
    }


def test_update_cadences_written_in_prose() -> None:
    pb = imported("""
        # Security incidents

        ## Severity

        | Severity | Meaning |
        |---|---|
        | High | Data exposed |
        | Medium | Data at risk |
        | Low | No data at risk |

        ## Reporting

        - Send situation reports on a regular cadence (high: hourly; medium: twice a day; low: daily).
    """)
    assert [(s["name"], s.get("update_every")) for s in pb["severities"]] == [
        ("High", "1h"),
        ("Medium", "12h"),
        ("Low", "1d"),
    ]


def test_a_numbered_escalation_process() -> None:
    pb = imported("""
        ## Escalation process

        1. Page the primary on-call engineer.
        2. If there is no response within 15 minutes, page the secondary on-call engineer.
        3. If the secondary does not respond within 15 minutes, call the engineering manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Primary on-call engineer",
        "Secondary on-call engineer",
        "Engineering manager",
    ]


def test_levels_and_their_meanings_in_one_sentence() -> None:
    pb = imported("""
        # Support

        Severity levels: S1 is a full outage, S2 is a partial outage, S3 is a minor bug.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("S1", "a full outage"),
        ("S2", "a partial outage"),
        ("S3", "a minor bug"),
    ]


def test_escalation_when_nobody_answers() -> None:
    pb = imported("""
        # Support

        If you cannot reach the on-call person within 5 minutes, phone them; if there is
        still no answer, go to their manager.

        ## Escalation

        For a SEV-1, page the incident commander and notify leadership.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "on-call person", "Manager", "Incident commander", "Leadership",
    ]  # fmt: skip


def test_roles_in_a_restructuredtext_glossary() -> None:
    pb = imported("""
        Roles
        =====

        .. glossary::

           Incident Commander
              Runs the response and decides.

           Scribe
              Keeps the timeline.
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Commander": ["Runs the response and decides."],
        "Scribe": ["Keeps the timeline."],
    }


def test_escalation_when_a_report_gets_no_reply() -> None:
    pb = imported("""
        # Reporting a vulnerability

        Send the report to the security team. If you have not received a reply within
        48 hours, email the project leads.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [("Project leads", "2d")]


def test_a_roles_duties_are_what_its_labels_list() -> None:
    pb = imported("""
        # Roles

        ## Incident Commander

        - **Responsibilities**:
          - Decide the severity
          - Assign the roles
        - **Authority**:
          - Roll back without asking
        - **Not doing**:
          - Debugging
    """)
    assert pb["roles"][0]["responsibilities"] == [
        "Decide the severity", "Assign the roles", "Roll back without asking",
    ]  # fmt: skip


def test_roles_a_sentence_appoints_or_gives_someone() -> None:
    pb = imported("""
        # Incident process

        Establish who your incident lead is. If that person is you, assume the role of
        incident lead. Form a team with both an incident lead and a communications lead.

        The release manager decides when the fix ships. Each report is assigned a point of
        contact who talks to the reporter. Bob acts as the security officer.

        Escalations go to the manager on duty. Ask the relevant team for help.
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Incident lead", "Communications lead", "Release manager", "Point of contact",
        "Security officer",
    ]  # fmt: skip


def test_escalation_sentences_of_many_shapes() -> None:
    said = {
        "If nobody answers within 10 minutes, phone them, then go to their manager.": ["Manager"],
        "Notify internal escalation contacts of all high priority incidents (P1/P2).": [
            "Internal escalation contacts"
        ],
        "Still no answer? Ping the secondary on-call in Slack.": ["Secondary on-call"],
        "Should you not hear back within a week, contact the private mailing list.": [
            "Private mailing list"
        ],
        "If the on-call engineer is unavailable, the incident commander should be contacted.": [
            "Incident commander"
        ],
        "If the first responder cannot resolve it, they hand it over to the second line team.": [
            "Second line team"
        ],
        "Unacknowledged pages escalate to the secondary and then to the engineering manager.": [
            "Secondary",
            "Engineering manager",
        ],  # fmt: skip
        "If the incident lead cannot be reached, the CTO takes over.": ["CTO"],
        "If needed, escalate to @security-leads on Slack.": ["@security-leads"],
        "If you do not receive a response, follow up with the security team at sec@example.org.": [
            "Security team"
        ],
        "If that doesn't work, reach out directly to the maintainers listed in the README.": [
            "Maintainers"
        ],
    }
    escalates_to(said, heading="Support")


def test_a_numbered_list_that_says_who_is_next_when_nobody_answers() -> None:
    pb = imported("""
        # What to do

        1. Page the on-call engineer.
        2. If no response in 15 min, page the secondary.
        3. If still no response after 30 minutes, call the head of engineering.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("on-call engineer", None), ("Secondary", "15m"), ("Head of engineering", "30m"),
    ]  # fmt: skip
    assert len(items(pb)) == 3


def test_escalation_under_an_escalation_heading_in_other_words() -> None:
    said = {
        "Tag the on-call engineer in #support-escalations with a link.": ["On-call engineer"],
        "Raise it with your team lead.": ["Team lead"],
        "Forward the report to the security response team.": ["Security response team"],
        "The support engineer assigns the ticket to the product team.": ["Product team"],
        "Hand off to the infrastructure team with a summary.": ["Infrastructure team"],
        "- Level 1: Support engineer\n- Level 2: On-call engineer": [
            "Support engineer",
            "On-call engineer",
        ],  # fmt: skip
        "- First, the support hero\n- Then the team lead\n- Finally the CTO": [
            "Support hero",
            "Team lead",
            "CTO",
        ],  # fmt: skip
    }
    for text, who in said.items():
        pb = imported(f"# Support\n\n## Escalating a ticket\n\n{text}\n")
        assert [e["who"][:1].upper() + e["who"][1:] for e in pb["escalation"]] == who, text
        assert pb.get("severities", []) == [], text


def test_roles_as_definitions_bold_lines_numbered_headings_and_a_lead_in() -> None:
    pb = imported("""
        # Who does what

        **Incident Manager**: coordinates the response.

        Scribe
        : Keeps the timeline.

        ## 2.2 Point of Contact

        - Answers the reporter

        ## Running the call

        The **incident lead** is responsible for:

        - Running the call
        - Deciding the severity
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Manager": ["coordinates the response."],
        "Scribe": ["Keeps the timeline."],
        "Point of Contact": ["Answers the reporter"],
        "Incident lead": ["Running the call", "Deciding the severity"],
    }


def test_a_document_stating_a_process_in_any_shape_is_not_refused() -> None:
    shapes = {
        "Step 1: Acknowledge the report.\n\nStep 2: Reproduce the issue.\n": [
            "Acknowledge the report.",
            "Reproduce the issue.",
        ],  # fmt: skip
        "#. The report is received by the security team.\n#. A fix is prepared in private.\n": [
            "The report is received by the security team.",
            "A fix is prepared in private.",
        ],  # fmt: skip
        "<ol>\n<li>Acknowledge the report.</li>\n<li>Release a fix.</li>\n</ol>\n": [
            "Acknowledge the report.",
            "Release a fix.",
        ],  # fmt: skip
        "a. Contain the host.\nb. Rotate the credentials.\n": [
            "Contain the host.",
            "Rotate the credentials.",
        ],  # fmt: skip
        "| Step | Action | Owner |\n|---|---|---|\n| 1 | Triage the report | Security |\n"
        "| 2 | Develop a fix | Maintainers |\n": ["Triage the report", "Develop a fix"],
        "- The security team acknowledges the report within 48 hours.\n"
        "- The maintainers assess the severity of the issue.\n": [
            "The security team acknowledges the report within 48 hours.",
            "The maintainers assess the severity of the issue.",
        ],
    }
    for text, steps in shapes.items():
        assert items(imported(f"# How we handle reports\n\n{text}")) == steps, text
    # A list of links or names is still not steps, nor a list of terms and what they mean.
    assert items(imported("# About us\n\n- Alice\n- Bob\n")) == []
    states = "- New: the report has been entered by a reporter.\n- Review: the team looks at it.\n"
    assert items(imported(f"# Issue states\n\n{states}")) == []


def test_a_roles_table_with_names_left_to_fill_in() -> None:
    pb = imported("""
        # Incident Response Template

        | Role | Name | Contact |
        |---|---|---|
        | Incident Commander | <name> | <email> |
        | Communications Lead | <name> | <email> |
    """)
    assert [r["name"] for r in pb["roles"]] == ["Incident Commander", "Communications Lead"]


def test_escalation_after_a_condition_and_to_addresses() -> None:
    said = {
        "If you don't receive a response within 3 days, please contact security@example.org.": [
            "security@example.org"
        ],
        "If you do not get a response, send a message to the private list.": ["Private list"],
        "If it's urgent, page the on-call engineer through Opsgenie.": ["on-call engineer"],
        "If the issue is critical, notify the CTO and the head of security.": [
            "CTO",
            "Head of security",
        ],  # fmt: skip
        "If you need help, ask your team lead or the engineering manager.": [
            "Team lead",
            "Engineering manager",
        ],  # fmt: skip
    }
    escalates_to(said, heading="Reporting")


def test_escalation_in_a_severity_tables_column_and_under_a_rotation() -> None:
    pb = imported("""
        # Support

        ## Severity

        | Severity | Meaning | Escalate to |
        |---|---|---|
        | P1 | Outage | Engineering on-call |
        | P2 | Degraded | Team lead |

        ## Rotation

        If the primary does not acknowledge within 5 minutes, PagerDuty pages the secondary.
    """)
    assert [s["name"] for s in pb["severities"]] == ["P1", "P2"]
    assert [e["who"] for e in pb["escalation"]] == ["Engineering on-call", "Team lead", "Secondary"]


def test_a_named_body_with_its_abbreviation_acts_as_a_role() -> None:
    pb = imported("""
        # Security

        The Product Security Committee (PSC) triages reports. Reports go to the
        **Security Response Team**, which replies. The security team is small.
    """)
    assert [(r["name"], r.get("short", "")) for r in pb["roles"]] == [
        ("Product Security Committee", "PSC"), ("Security Response Team", ""),
    ]  # fmt: skip


def test_who_is_paged_item_by_item_and_a_role_as_a_sentences_subject() -> None:
    pb = imported("""
        # On-call

        - **Primary**: gets paged first
        - **Secondary**: gets paged if the primary does not acknowledge within 15 minutes

        The support engineer will reply within a day. The engineer checks the logs.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Primary", None), ("Secondary", "15m"),
    ]  # fmt: skip
    assert [r["name"] for r in pb["roles"]] == ["Support engineer"]


def test_escalation_headings_that_also_name_contacts_or_help() -> None:
    pb = imported("""
        # Support

        ## Escalation contacts

        - Support lead
        - Engineering manager

        ## Handling a ticket

        - Read the ticket
        - If it is urgent, page the on-call engineer
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Support lead", "Engineering manager", "on-call engineer",
    ]  # fmt: skip


def test_escalation_said_in_a_tables_cell() -> None:
    pb = imported("""
        # Support

        ## Priorities

        | Priority | Meaning | Response |
        |---|---|---|
        | P1 | Outage | Escalate to the CTO after 1 hour |
        | P2 | Degraded | Reply within a day |
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [("CTO", "1h")]
    assert [s["name"] for s in pb["severities"]] == ["P1", "P2"]


def test_escalation_that_rolls_over_falls_back_or_is_routed() -> None:
    said = {
        "If the primary does not acknowledge, the page rolls over to the secondary.": [
            ("Secondary", None)
        ],
        "Unacknowledged alerts go to the engineering manager after 30 minutes.": [
            ("Engineering manager", "30m")
        ],
        "If the primary is unavailable, the incident falls back to the team lead.": [
            ("Team lead", None)
        ],
        "Unresolved tickets are routed to the tier 2 team.": [("Tier 2 team", None)],
    }
    for sentence, who in said.items():
        pb = imported(f"# On-call\n\n{sentence}\n")
        assert [(e["who"], e.get("after")) for e in pb["escalation"]] == who, sentence


def test_a_sphinx_glossary_term_that_names_a_role() -> None:
    pb = imported("""
        Reporting
        =========

        Report it to a :term:`security officer <Security Officer>`. Read the :term:`runbook`.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Security officer"]


def roles_of(text: str) -> dict[str, str]:
    """The imported roles' names and the abbreviations they were given."""
    return {r["name"]: r.get("short", "") for r in imported(text).get("roles", [])}


def test_role_headings_numbered_or_said_with_an_article() -> None:
    assert roles_of("""
        # Roles and responsibilities

        ### Role 1: Incident Commander

        Runs the incident.

        ### Role 2 – Communications Liaison

        Talks to customers.

        ### The Scribe

        Keeps notes.

        ### Responsibilities of the Technical Lead

        - Find the cause

        ### Spokesperson

        Speaks to the press.

        ### Duties of a triager

        - Label new reports
    """) == {
        "Incident Commander": "", "Communications Liaison": "", "Scribe": "",
        "Technical Lead": "", "Spokesperson": "", "Triager": "",
    }  # fmt: skip


def test_an_abbreviation_written_before_the_roles_name() -> None:
    assert roles_of("""
        # Roles

        - **IC** (Incident Commander): runs the call
        - **CL** (Communications Lead): posts the updates
    """) == {"Incident Commander": "IC", "Communications Lead": "CL"}


def test_a_roles_duties_as_a_nested_list_are_one_duty_each() -> None:
    pb = imported("""
        # Roles

        - Incident Commander
          - Coordinates the response
          - Decides the severity
        - Scribe
          - Takes notes
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Commander": ["Coordinates the response", "Decides the severity"],
        "Scribe": ["Takes notes"],
    }


def test_a_raci_matrix_is_known_by_its_letters() -> None:
    by_phase = roles_of("""
        # Matrix

        | Phase | IC | Security Team | Legal | Comms |
        |---|---|---|---|---|
        | Detect | A | R | I | I |
        | Contain | A | R | C | - |
    """)
    assert list(by_phase) == ["IC", "Security Team", "Legal", "Comms"]
    no_header = roles_of("""
        # Who is involved

        | | Incident Commander | Responder | Communications |
        |---|---|---|---|
        | Declare | A/R | C | I |
        | Notify customers | A | I | R |
    """)
    assert list(no_header) == ["Incident Commander", "Responder", "Communications"]
    # A table of yes/no answers is no matrix of roles.
    assert (
        roles_of("""
        # Support

        | Channel | Email | Phone |
        |---|---|---|
        | Weekdays | Y | N |
        | Weekends | N | Y |
    """)
        == {}
    )


def test_a_table_whose_first_column_names_roles() -> None:
    assert roles_of("""
        # Who does what

        | Who | What |
        |---|---|
        | Incident Commander | Coordinates |
        | Scribe | Takes notes |
    """) == {"Incident Commander": "", "Scribe": ""}


def test_a_list_of_role_names_under_any_heading() -> None:
    assert roles_of("""
        # Incident response team

        The team consists of:

        - Incident Commander
        - Technical Lead
        - Communications Lead
    """) == {"Incident Commander": "", "Technical Lead": "", "Communications Lead": ""}
    # Names of people and of tools are not roles.
    assert (
        roles_of("""
        # Incident response team

        - Alice Smith
        - PagerDuty
    """)
        == {}
    )


def test_definition_lines_in_one_paragraph_each_define_their_role() -> None:
    pb = imported("""
        # Who does what

        **Incident Commander**: leads the response.
        **Scribe**: keeps the timeline.

        Communications Lead — writes the status updates.
        Subject Matter Expert — answers questions about their system.
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Commander": ["leads the response."],
        "Scribe": ["keeps the timeline."],
        "Communications Lead": ["writes the status updates."],
        "Subject Matter Expert": ["answers questions about their system."],
    }


def test_roles_a_sentence_gives_in_other_words() -> None:
    assert roles_of("""
        # Handling a report

        Every incident has an incident commander, who coordinates the response. A member
        of the security team takes the role of coordinator. Another is assigned as the
        handler of the report. A spokesperson is chosen to talk to the press. Page the
        Incident Manager on call (IMOC) at once.
    """) == {
        "Incident commander": "", "Coordinator": "", "Handler": "", "Spokesperson": "",
        "Incident Manager on call": "IMOC",
    }  # fmt: skip


def test_a_role_the_document_names_as_a_term_again_and_again() -> None:
    roles = roles_of("""
        # Support process

        A ticket that support cannot solve goes to the Escalation Engineer on the rota.

        ## Working a ticket

        - Reproduce the problem.
        - Ask the Escalation Engineer when the customer is blocked.

        Ask your Line Manager about time off.
    """)
    # Said twice as a name: a role; a title said once in passing is not.
    assert roles == {"Escalation Engineer": ""}


def test_roles_in_a_restructuredtext_field_list() -> None:
    assert roles_of("""
        :Version: 2
        :Owner: Security team

        Roles
        =====

        :Incident Commander: Leads the response.
        :Scribe: Keeps the timeline.
    """) == {"Incident Commander": "", "Scribe": ""}


def test_a_role_named_by_what_its_holder_does() -> None:
    pb = imported("""
        # Incidents

        Whoever declares the incident leads it until they hand it over.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Whoever declares the incident", ["leads it until they hand it over."]),
    ]


def test_a_sub_list_of_role_names_inside_a_procedure() -> None:
    assert roles_of("""
        # Checklist

        - Confirmed incident

            1. Open the incident channel.
            1. Read about the roles:

                - [Responder](plan.md#responder)
                - [Incident Commander (IC)](plan.md#ic)
                - [Communications Officer (CO)](plan.md#co)
    """) == {"Responder": "", "Incident Commander": "IC", "Communications Officer": "CO"}


def test_an_abbreviation_used_for_a_role_is_its_short_name() -> None:
    assert roles_of("""
        # Roles

        ## Incident Commander

        The incident commander runs the response. Nothing is rolled back without asking
        the IC first.
    """) == {"Incident Commander": "IC"}


def test_roles_a_sentence_names_in_lower_case() -> None:
    assert roles_of("""
        # Running the debrief

        During a severe incident the commander may also have a deputy. The incident
        commander should then find a scribe and communicator. Find someone to be a
        dedicated note-taker. The facilitator should not be someone who was involved, and
        you'll have a co-facilitator to support you. The point person keeps everyone
        informed. The recorder writes the timeline.

        Incidents raised by the **Engineer On Call** go to the database team. We have an
        on-call rotation for the weekends.
    """) == {
        "Deputy": "", "Incident commander": "", "Scribe": "", "Communicator": "",
        "Note-taker": "", "Facilitator": "", "Co-facilitator": "", "Point person": "",
        "Recorder": "", "Engineer On Call": "",
    }  # fmt: skip


def test_roles_said_as_what_someone_is_or_whose_job_it_is() -> None:
    assert roles_of("""
        # On-call

        Engineers start out as a Secondary. After two shifts they fill the primary role.
        It is the recorder's job to keep the timeline.

        ## What's the interaction with Implementation Engineers (IEs)?

        - The Implementation Engineer leads the rollout.
    """) == {"Secondary": "", "Primary": "", "Recorder": "", "Implementation Engineer": "IE"}


def test_roles_in_html_and_asciidoc_definition_lists() -> None:
    pb = imported("""
        # Roles

        <dl>
        <dt>Incident Commander</dt>
        <dd>Runs the response.</dd>
        <dt>Scribe</dt>
        <dd>Takes notes.</dd>
        </dl>

        Communications Lead:: Posts the updates.
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Commander": ["Runs the response."],
        "Scribe": ["Takes notes."],
        "Communications Lead": ["Posts the updates."],
    }


def test_a_table_whose_first_column_is_headed_role() -> None:
    assert roles_of("""
        # Process

        | Role | Primary | Backup |
        |---|---|---|
        | Incident Commander | @alice | @bob |
        | Comms | @carol | @dan |
    """) == {"Incident Commander": "", "Comms": ""}


def test_roles_enumerated_in_a_sentence() -> None:
    assert roles_of("""
        # Team

        Our team has three roles: incident commander, communications lead and subject
        matter expert.

        These roles rotate weekly. Roles are assigned in the channel, and nobody waits.
    """) == {"Incident commander": "", "Communications lead": "", "Subject matter expert": ""}


def test_a_role_heading_with_what_the_role_is_said_to_be() -> None:
    assert roles_of("""
        # Roles

        ### Incident Commander — the decision maker

        Runs the response.

        ### Communications Lead: the voice of the incident

        Talks to customers.
    """) == {"Incident Commander": "", "Communications Lead": ""}


def test_sentences_under_a_roles_heading_are_not_role_names() -> None:
    assert roles_of("""
        # Roles

        - The incident commander runs the call.
        - The scribe writes everything down.
    """) == {"Incident commander": "", "Scribe": ""}


def test_the_roles_an_owner_column_names() -> None:
    pb = imported("""
        # Tasks

        | Task | Owner |
        |---|---|
        | Declare the incident | Incident Commander |
        | Post updates | Communications Lead |
        | Keep the timeline | Scribe |
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Incident Commander",
        "Communications Lead",
        "Scribe",
    ]
    assert items(pb) == ["Declare the incident", "Post updates", "Keep the timeline"]


def test_a_role_and_its_plural_abbreviation_are_one_role() -> None:
    assert roles_of("""
        # Response

        ## Who is involved

        * **Subject Matter Experts (SMEs)** - the engineers who know the failing system.
    """) == {"Subject Matter Experts": "SME"}


def test_role_headings_numbered_by_letters_or_roman_numerals() -> None:
    assert roles_of("""
        # Roles

        ## 2.1. Incident Manager

        ## A) Scribe

        ## Role #3: Liaison

        ## II. Technical Lead
    """) == {"Incident Manager": "", "Scribe": "", "Liaison": "", "Technical Lead": ""}


def test_a_table_with_roles_as_its_columns() -> None:
    pb = imported("""
        # Roles

        | | Incident Commander | Scribe |
        |---|---|---|
        | Responsibilities | Runs the call | Keeps notes |
        | Backup | Deputy | Anyone |
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Commander": ["Runs the call"], "Scribe": ["Keeps notes"],
    }  # fmt: skip


def test_the_roles_an_owner_or_who_label_names() -> None:
    assert roles_of("""
        # Response

        ## Contain the host

        **Owner:** Security Engineer

        Isolate the host from the network.

        ## Notify

        **Who:** Communications Lead, Legal Counsel

        Tell the customers.
    """) == {"Security Engineer": "", "Communications Lead": "", "Legal Counsel": ""}


def test_a_role_a_list_item_names_under_a_scope_heading() -> None:
    assert roles_of("""
        # Database escalation

        ## Scope of process

        1. Production incidents raised by the **Engineer On Call**.
        1. Not for questions the support team can answer.

        ## Tools

        - Incident Commander
        - Grafana
    """) == {"Engineer On Call": ""}


def test_roles_said_of_whoever_declares_the_incident() -> None:
    pb = imported("""
        # Declaring

        Whoever declares an incident is its Incident Commander until they hand over. If you
        declare a security incident, you are the security lead.

        The engineer who declares a database incident owns it until it is resolved.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Commander", []), ("Security lead", []),
        ("Engineer who declares a database incident", ["owns it until it is resolved."]),
    ]  # fmt: skip


def test_a_role_named_on_a_line_of_its_own_over_its_duties() -> None:
    pb = imported("""
        # Roles

        **Incident Commander**

        - Runs the call
        - Decides

        Scribe:
        - Keeps notes
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Incident Commander": ["Runs the call", "Decides"], "Scribe": ["Keeps notes"],
    }  # fmt: skip


def test_a_role_named_before_who_in_a_list_item() -> None:
    assert roles_of("""
        # Response

        ### Who's on the incident?

        - An **Incident Lead**, who drives the response
        - A **Comms Lead**, who talks to customers
    """) == {"Incident Lead": "", "Comms Lead": ""}


def test_levels_as_a_bold_led_list_under_any_heading() -> None:
    pb = imported("""
        # Incident process

        We rate every incident when it is declared:

        - **Critical**: the whole platform is down or data is lost.
        - **High**: a core feature is unavailable for many users.
        - **Medium**: a feature is degraded, with a workaround.
        - **Low**: a minor inconvenience.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "the whole platform is down or data is lost."),
        ("High", "a core feature is unavailable for many users."),
        ("Medium", "a feature is degraded, with a workaround."),
        ("Low", "a minor inconvenience."),
    ]


def test_levels_enumerated_in_a_sentence_without_the_word_severity() -> None:
    said = {
        "Each report gets a rating: Low, Medium, High, Critical, where Critical means remote "
        "code execution.": ["Critical", "High", "Medium", "Low"],
        "We classify incidents as minor, major or critical.": ["critical", "major", "minor"],
    }
    for sentence, names in said.items():
        pb = imported(f"# Triage\n\n{sentence}\n")
        assert [s["name"] for s in pb["severities"]] == names, sentence
    # Three level words that describe something else are not a scale.
    pb = imported("# Capacity\n\nTraffic can be low, medium or high during the day.\n")
    assert pb.get("severities", []) == []


def test_cvss_ratings_of_a_security_process_are_levels() -> None:
    pb = imported("""
        # Vulnerability management

        We score every vulnerability with CVSS v3.1 and map the score to a rating:

        | CVSS score | Rating |
        |---|---|
        | 9.0 - 10.0 | Critical |
        | 7.0 - 8.9 | High |
        | 4.0 - 6.9 | Medium |
        | 0.1 - 3.9 | Low |
    """)
    assert [s["name"] for s in pb["severities"]] == ["Critical", "High", "Medium", "Low"]


def test_a_backlog_listed_by_priority_is_not_a_severity_scale() -> None:
    for text in (
        "# Backlog\n\n- **High**: upgrade the database\n- **Medium**: rotate the keys\n"
        "- **Low**: tidy the docs\n",
        "# Team\n\n- **High**: rotate the keys\n- **Medium**: check the logs\n"
        "- **Low**: update the docs\n",
    ):
        assert imported(text).get("severities") is None, text


def test_a_backlogs_priorities_are_not_severity_levels() -> None:
    pb = imported("""
        # Backlog

        | Priority | Task | Owner |
        |---|---|---|
        | High | Upgrade the database | Ann |
        | Medium | Rotate the keys | Bob |
        | Low | Tidy the docs | Cy |
    """)
    assert pb.get("severities", []) == []


def test_update_cadences_given_by_rank_in_prose() -> None:
    pb = imported("""
        # Security incidents

        ## Severity

        | Severity | Meaning |
        |---|---|
        | High | Data exposed |
        | Medium | Data at risk |
        | Low | No data at risk |

        ## Reporting

        Report hourly for the top level, twice a day for the next, and daily for the rest.
    """)
    assert [(s["name"], s.get("update_every")) for s in pb["severities"]] == [
        ("High", "1h"), ("Medium", "12h"), ("Low", "1d"),
    ]  # fmt: skip


def test_escalation_named_after_another_verb_in_the_sentence() -> None:
    said = {
        "If you have not received a reply to your email within 5 days, please contact the "
        "project lead directly.": ["Project lead"],
        "If you still cannot reach them, contact the engineering lead.": ["Engineering lead"],
        "If the page is not acknowledged within 5 minutes, PagerDuty pages the next person in "
        "the schedule, and after 15 minutes the team manager.": ["Next person", "Team manager"],
        "If the primary does not acknowledge within 5 minutes, the secondary on-call is paged.": [
            "Secondary on-call"
        ],
        "If the primary does not respond, the backup takes the page.": ["Backup"],
    }
    escalates_to(said)


def test_support_tiers_are_an_escalation_ladder_not_severity_levels() -> None:
    ladders = {
        "listed": """
            # Support

            ## Support levels

            - **Tier 1**: Customer support team answers the ticket.
            - **Tier 2**: Support engineers reproduce the problem.
            - **Tier 3**: The product engineering team fixes the code.
        """,
        "as headings": """
            # Support model

            ## Level 1 – Customer support team

            Takes the call and logs the ticket.

            ## Level 2 – Support engineers

            Investigate what the first line cannot solve.

            ## Level 3 – Product engineering team

            Fixes defects in the code.
        """,
        "in a table": """
            # Support model

            | Level | Who | Responds within |
            |---|---|---|
            | L1 | Customer support team | 15 minutes |
            | L2 | Support engineers | 1 hour |
            | L3 | Product engineering team | 4 hours |
        """,
    }
    for shape, text in ladders.items():
        pb = imported(text)
        assert [e["who"] for e in pb.get("escalation", [])] == [
            "Customer support team", "Support engineers", "Product engineering team",
        ], shape  # fmt: skip
        assert pb.get("severities", []) == [], shape


def test_a_backup_on_call_paged_when_the_primary_does_not_acknowledge() -> None:
    pb = imported("""
        # Rota

        Each week has:

        - a primary on-call engineer, who takes every page;
        - a backup on-call engineer, who is paged if the primary does not acknowledge within
          10 minutes.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Primary on-call engineer", None), ("Backup on-call engineer", "10m"),
    ]  # fmt: skip


def test_levels_as_sibling_headings_or_paragraphs_they_lead() -> None:
    shapes = {
        "sibling headings": """
            # Security policy

            ## How we rate issues

            ### Critical

            Remote code execution without authentication.

            ### High

            Privilege escalation.

            ### Low

            Minor information disclosure.
        """,
        "paragraphs led by a level": """
            # Security policy

            ## How we rate issues

            **Critical**: remote code execution without authentication.

            **High**: privilege escalation.

            **Low**: minor information disclosure.
        """,
    }
    for shape, text in shapes.items():
        pb = imported(text)
        assert [(s["name"], s["meaning"][:6].lower()) for s in pb["severities"]] == [
            ("Critical", "remote"), ("High", "privil"), ("Low", "minor "),
        ], shape  # fmt: skip


def test_security_ratings_named_in_a_sentence_with_their_score_ranges() -> None:
    said = {
        "We score vulnerabilities with CVSS: critical (9.0-10.0), high (7.0-8.9), medium "
        "(4.0-6.9) and low (0.1-3.9).": ["critical", "high", "medium", "low"],
        "Each advisory is rated Critical, Important, Moderate or Low.": [
            "Critical",
            "Important",
            "Moderate",
            "Low",
        ],  # fmt: skip
    }
    for sentence, names in said.items():
        pb = imported(f"# Security\n\n{sentence}\n")
        assert [s["name"] for s in pb["severities"]] == names, sentence


def test_escalation_from_one_to_the_next_and_when_a_step_fails() -> None:
    said = {
        "The escalation policy escalates from the primary to the secondary after 10 minutes, "
        "and from the secondary to the tertiary after another 10 minutes.": [
            "Primary",
            "Secondary",
            "Tertiary",
        ],  # fmt: skip
        "Look into the problem yourself. Failing that, ping the IT team in #it-infra.": ["IT team"],
        "If you do not receive a timely acknowledgement of your report, phone the IR team.": [
            "IR team"
        ],
        "If the DBRE does not respond, notify the available Reliability EM.": ["Reliability EM"],
        "If they are needed elsewhere, the DBRE can pass the incident to the database lead.": [
            "Database lead"
        ],
        "Members must notify the Security Office within 12 hours of finding an incident.": [
            "Security Office"
        ],
    }
    escalates_to(said)


def test_update_cadences_per_level_in_a_nested_list() -> None:
    pb = imported("""
        # Checklist

        - Share situation reports on a regular basis:
            - High severity: hourly
            - Medium severity: 2x daily
            - Low severity: daily
    """)
    assert [(s["name"], s.get("update_every")) for s in pb["severities"]] == [
        ("High", "1h"), ("Medium", "12h"), ("Low", "1d"),
    ]  # fmt: skip


def test_officials_to_notify_listed_after_the_sentence_that_says_so() -> None:
    pb = imported("""
        # Notification

        Members must include the following notifications within 24 hours of finding it:

        1. University President or designee
        2. Chief Information Officer (CIO)
        3. Department Head / Custodian of the affected information resources and systems
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "University President or designee", "Chief Information Officer", "Department Head",
    ]  # fmt: skip
    assert items(pb) == []  # officials are not steps to tick


def test_levels_listed_in_capitals_inside_a_tables_cells() -> None:
    pb = imported("""
        # Impact

        | Impact category | Category severity levels |
        |---|---|
        | Functional | NO IMPACT – Nothing is affected<br>MINIMAL IMPACT TO CRITICAL SERVICES – Email is slow<br>MINIMAL IMPACT TO NON-CRITICAL SERVICES – A wiki is slow |
        | Recoverability | REGULAR – Recovery with the team we have<br>EXTENDED – Outside help is needed |
    """)
    levels = [(s["name"], s.get("title"), s.get("meaning")) for s in pb["severities"]]
    assert levels == [
        ("No Impact", "NO IMPACT", "Nothing is affected"),
        ("Minimal Impact", "MINIMAL IMPACT TO CRITICAL SERVICES", "Email is slow"),
        ("Non-Critical", "MINIMAL IMPACT TO NON-CRITICAL SERVICES", "A wiki is slow"),
        ("Regular", "REGULAR", "Recovery with the team we have"),
        ("Extended", "EXTENDED", "Outside help is needed"),
    ]


def test_escalation_to_a_channel_a_backup_and_on_a_condition() -> None:
    said = {
        "Escalate to #dev-help in Slack.": ["#dev-help"],
        "If you are not sure who owns it, ask in #engineering.": ["#engineering"],
        "Still stuck? Bring in a senior engineer.": ["Senior engineer"],
        "The rotation has a primary and a secondary; the secondary acts as backup.": ["Secondary"],
        "Involve the security team if customer data may be exposed.": ["Security team"],
    }
    escalates_to(said)
    # A plain instruction to bring someone in is a step, not an escalation.
    assert imported("# On-call\n\nReach out to the on-call SRE.\n").get("escalation") is None


def test_levels_as_bold_lines_over_their_meaning_or_in_brackets() -> None:
    pb = imported("""
        # Security policy

        ## How we rate issues

        **Critical**

        Remote code execution without authentication.

        **High**

        Privilege escalation.

        **Low**

        Minor information disclosure.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "Remote code execution without authentication."),
        ("High", "Privilege escalation."),
        ("Low", "Minor information disclosure."),
    ]
    pb = imported("# Triage\n\nEach issue gets a severity (low, medium, high or critical).\n")
    assert [s["name"] for s in pb["severities"]] == ["critical", "high", "medium", "low"]


def test_a_who_to_contact_column_is_escalation_and_a_directory_is_not() -> None:
    pb = imported("""
        # Support

        | Situation | Who to contact |
        |---|---|
        | Site down | On-call engineer |
        | Data breach | Security team |

        ## Contacts

        | Name | Team | Phone |
        |---|---|---|
        | Ann | Database team | 555-0100 |
        | Bob | Network team | 555-0101 |
    """)
    assert [(e["who"], e.get("condition")) for e in pb["escalation"]] == [
        ("On-call engineer", "Site down"), ("Security team", "Data breach"),
    ]  # fmt: skip


RST_TABLES = {
    "grid": """Vulnerability process
=====================

.. _severity:

Severity
--------

+----------+-----------------------------+
| Severity | Meaning                     |
+==========+=============================+
| Critical | Remote code execution       |
|          | without authentication.     |
+----------+-----------------------------+
| High     | Privilege escalation.       |
+----------+-----------------------------+
| Low      | Minor disclosure.           |
+----------+-----------------------------+

After the table.
""",
    "simple": """Vulnerability process
=====================

.. note:: A note.

Severity
--------

========  ===========================
Severity  Meaning
========  ===========================
Critical  Remote code execution
High      Privilege escalation
Low       Minor disclosure
========  ===========================

After the table.
""",
    "list": """Vulnerability process
=====================

.. list-table:: Severity levels
   :header-rows: 1

   * - Severity
     - Meaning
   * - Critical
     - Remote code execution
       without authentication.
   * - High
     - Privilege escalation.
   * - Low
     - Minor disclosure.

After the table.
""",
}


def test_levels_in_restructuredtext_grid_simple_and_list_tables_keep_their_lines() -> None:
    for shape, text in RST_TABLES.items():
        report = import_runbook(text, "shapes", "SHAPES.rst")
        from_data(report.playbook)
        levels = [(s["name"], s["meaning"][:6], s["source"]) for s in report.playbook["severities"]]
        first = 9 if shape == "list" else 12
        assert [(n, m) for n, m, _ in levels] == [
            ("Critical", "Remote"), ("High", "Privil"), ("Low", "Minor "),
        ], shape  # fmt: skip
        assert levels[0][2] == f"SHAPES.rst:{first}", shape


def test_escalation_paths_named_and_people_tried_when_others_are_unresponsive() -> None:
    said = {
        "Your escalation path is your manager, then the director.": ["Manager", "Director"],
        "Escalations: support hero, then the product engineer, then the engineering lead.": [
            "Support hero",
            "Product engineer",
            "Engineering lead",
        ],  # fmt: skip
        "If you can't get hold of them, try the team lead.": ["Team lead"],
        "If they're unresponsive, go up the chain to the head of engineering.": [
            "Head of engineering"
        ],
        "If the issue persists, raise it with the platform team.": ["Platform team"],
        "For SEV1 incidents, the on-call will also page the incident commander.": [
            "Incident commander"
        ],
        "The person on call can call in other engineers when needed.": ["Other engineers"],
        "Wake up the team lead if needed.": ["Team lead"],
        "Only one person should be paged at a time; call in more engineers if needed.": [
            "More engineers"
        ],
    }
    escalates_to(said)


def test_levels_named_with_their_score_or_a_noun_after_the_level_word() -> None:
    pb = imported("""
        # Security

        - Critical (CVSS 9.0-10.0)
        - High (CVSS 7.0-8.9)
        - Low (CVSS 0.1-3.9)
    """)
    assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
        ("Critical", "CVSS 9.0-10.0"), ("High", "CVSS 7.0-8.9"), ("Low", "CVSS 0.1-3.9"),
    ]  # fmt: skip
    pb = imported("""
        # Security

        ## Critical severity issues

        Remote code execution.

        ## High severity issues

        Privilege escalation.

        ## Low severity issues

        Information disclosure.
    """)
    assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
        ("Critical", None), ("High", None), ("Low", None),
    ]  # fmt: skip
    # Alerts that start with a level word are not a scale.
    assert (
        imported("# Alerts\n\n- High CPU usage\n- Low disk space\n- Critical alerts firing\n").get(
            "severities"
        )
        is None
    )


def test_who_keeps_the_team_or_service_they_belong_to() -> None:
    said = {
        "If it is urgent, page the on-call engineer for the affected service.": [
            "on-call engineer for the affected service"
        ],
        "If nobody answers, ask the lead in the platform team.": ["Lead in the platform team"],
        "If it is urgent, page the on-call engineer for help.": ["on-call engineer"],
    }
    escalates_to(said)


def test_levels_in_sentences_each_led_by_a_code_and_a_bare_list_of_level_words() -> None:
    said = {
        "P1 incidents page the on-call at once. P2 incidents wait until morning.": [
            ("P1", "page the on-call at once"),
            ("P2", "wait until morning"),
        ],  # fmt: skip
        "A SEV1 is a full outage; a SEV2 is a partial outage.": [
            ("SEV1", "a full outage"),
            ("SEV2", "a partial outage"),
        ],  # fmt: skip
        "We use four levels.\n\n- Critical\n- High\n- Medium\n- Low": [
            ("Critical", None),
            ("High", None),
            ("Medium", None),
            ("Low", None),
        ],  # fmt: skip
    }
    for text, levels in said.items():
        pb = imported(f"# Process\n\n{text}\n")
        assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == levels, text


def test_a_simple_table_in_a_markdown_document_is_a_table() -> None:
    pb = imported("""
        # Support model

        ========  ======================
        Level     Who
        ========  ======================
        L1        Customer support team
        L2        Support engineers
        ========  ======================
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Customer support team", "Support engineers"]


def test_rungs_as_bare_headings_over_who_is_on_them_or_as_bold_leads() -> None:
    shapes = {
        "headings": """
            # Support

            ## Escalation

            ### Level 1

            The customer support team answers the ticket within a day.

            ### Level 2

            The support engineers on call investigate.
        """,
        "bold leads": """
            # Support

            **Tier 1** – Customer support team

            **Tier 2** – Support engineers on call
        """,
    }
    for shape, text in shapes.items():
        pb = imported(text)
        assert [e["who"] for e in pb["escalation"]] == [
            "Customer support team", "Support engineers on call",
        ], shape  # fmt: skip
        assert pb.get("severities", []) == [], shape


def test_level_headings_with_a_label_or_a_response_time_in_brackets() -> None:
    pb = imported("""
        # Process

        ## Overview

        ### Severity: Critical

        Everything is down.

        ### Severity: High

        A feature is down.

        ### Severity: Low

        Something looks wrong.
    """)
    assert [s["name"] for s in pb["severities"]] == ["Critical", "High", "Low"]
    pb = imported("""
        # Priorities

        ### P1 – Critical (respond within 15 minutes)

        ### P2 – High (respond within 1 hour)
    """)
    assert [(s["name"], s.get("title"), s.get("response")) for s in pb["severities"]] == [
        ("P1", "Critical", "15m"), ("P2", "High", "1h"),
    ]  # fmt: skip


def test_a_name_with_a_capital_a_in_it_is_still_a_name() -> None:
    pb = imported("# Notify\n\nMembers must notify Texas A&M Cybersecurity within 12 hours.\n")
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Texas A&M Cybersecurity", "12h")
    ]


def test_a_long_wait_written_in_a_levels_line_is_not_a_response_time() -> None:
    pb = imported("""
        # Priorities

        - **P1**: outage, response within 1 hour
        - **P3**: cosmetic, response > 4 weeks
        - **P4**: wishlist, we respond in more than 4 weeks
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("P1", "1h"), ("P3", None), ("P4", None),
    ]  # fmt: skip


def test_questions_to_answer_are_not_steps() -> None:
    pb = imported("""
        ## Triage

        ### Questions to answer

        - [ ] Is the credential still active?
        - [ ] Which accounts could it reach?
        - What permissions does it have?

        ### Contain

        - Disable the access key
        - Rotate the secret
    """)
    assert items(pb) == ["Disable the access key", "Rotate the secret"]


def test_form_fields_and_what_a_report_contains_are_not_steps() -> None:
    pb = imported("""
        ## Retrospective

        - Schedule a retrospective within a week
        - Publish the report

        The internal report should also contain some basic metrics:

        - Discovery method (how did we become aware of the issue?)
        - Time to discovery (how long did it take?)

        ### Report template

        - Date:
        - Impact:
        - Root cause: <insert>
        - Owner: TBD
    """)
    assert items(pb) == ["Schedule a retrospective within a week", "Publish the report"]


def test_placeholders_are_not_steps() -> None:
    pb = imported("""
        ## Response

        - Page the on-call engineer
        - [Link to relevant docs]
        - TBD
        - <insert the escalation steps here>
        - Open the incident channel
    """)
    assert items(pb) == ["Page the on-call engineer", "Open the incident channel"]


def test_a_list_of_names_under_a_procedure_heading_is_not_steps() -> None:
    pb = imported("""
        ## Incident response

        During security incidents, use the following communication channels:

        1. Private
        2. Semi-private
        3. Private Repositories
        4. Email

        The incident response team includes:

        1. Technical Steering Committee (TSC) members
        2. Security Release Stewards

        ### What to do

        1. Acknowledge the report
        2. Assess the severity
    """)
    assert items(pb) == ["Acknowledge the report", "Assess the severity"]


def test_advice_policy_and_reporters_instructions_are_not_steps() -> None:
    pb = imported("""
        # Security policy

        ## Supported versions

        - Use the latest release
        - Upgrade within a month of a release

        ## Reporting a vulnerability

        - Email security@example.org with the details
        - Include steps to reproduce
        - Do not open a public issue

        ## Handling a report

        1. Acknowledge the report within two days
        2. Confirm the problem and determine the affected versions

        ## Tips for new responders

        - Ask around, everyone is happy to help
        - Keep track of what you work on in the running doc

        ## On-call charter

        - Be available to be phoned during your shift
        - Attend the Monday handover

        ## Why we page

        - Keep the service up for users at night
        - Share the load fairly

        ## Compensation

        - Submit the on-call allowance each month
        - Take a day off after a night of pages
    """)
    assert items(pb) == [
        "Acknowledge the report within two days",
        "Confirm the problem and determine the affected versions",
    ]


def test_a_table_of_contents_is_not_steps() -> None:
    pb = imported("""
        # Incident process

        ## Example workflow

        1. [Establish an incident lead](#1-establish-an-incident-lead)
        2. [Inform your team](#2-inform-your-team)
        3. [Investigate](#3-investigate)

        ### 1. Establish an incident lead

        Agree who leads the incident.

        ### 2. Inform your team

        Tell your team in the team channel.

        ### 3. Investigate

        Check the dashboards.
    """)
    assert items(pb) == ["Establish an incident lead", "Inform your team", "Investigate"]
    assert [i["source"] for i in pb["phases"][0]["items"]] == [
        "SHAPES.md:10",
        "SHAPES.md:14",
        "SHAPES.md:18",
    ]


def test_a_template_written_as_a_markdown_block_is_imported() -> None:
    pb = imported("""
        # Incident response template

        Copy this template into a new issue when an incident starts.

        ```markdown
        ## Summary

        <one line>

        ## Roles

        - **Incident Commander**: <name>
        - **Communications Lead**: <name>

        ## Timeline

        - [ ] Acknowledge the report
        - [ ] Assess the impact and severity
        - [ ] Publish an advisory
        ```
    """)
    assert items(pb) == [
        "Acknowledge the report",
        "Assess the impact and severity",
        "Publish an advisory",
    ]
    assert phase(pb, "Timeline")["source"] == "SHAPES.md:16"
    assert [r["name"] for r in pb["roles"]] == ["Incident Commander", "Communications Lead"]


def test_ordered_steps_in_a_time_box_are_due_in_their_order() -> None:
    pb = imported("""
        ## Response (5-30 minutes)

        1. Choose the incident commander
        2. Open the incident channel
        3. Post the first update
    """)
    # Choosing the commander comes first: the box is shared out in the document's order.
    assert [i["due"] for i in phase(pb, "Response")["items"]] == ["13m", "22m", "30m"]


def test_steps_led_by_the_role_that_owns_them_under_conditions() -> None:
    pb = imported("""
        ## Roles

        - **Coordinator**: tracks the report through this process
        - **Developer**: works on the fix

        ## Process

        - Upon receipt of the initial report:
          - **Coordinator**: Acknowledge receipt of the report
          - **Coordinator**: Open an issue in the private tracker
        - If the vulnerability is accepted, within the relevant repositories:
          - **Developer**: Work on the fix
          - **Coordinator**: Request a CVE
        - **Coordinator**: Close the issue
    """)
    assert items(pb) == [
        "Acknowledge receipt of the report",
        "Open an issue in the private tracker",
        "Work on the fix",
        "Request a CVE",
        "Close the issue",
    ]
    assert [i.get("role") for p in pb["phases"] for i in p["items"]] == [
        "coordinator", "coordinator", "developer", "coordinator", "coordinator",
    ]  # fmt: skip


def test_sentences_under_step_headings_say_what_is_done() -> None:
    pb = imported("""
        # Security process

        ## Step 1: Reception

        To report a vulnerability, send an email to the security list. Consider reporting
        the version you run. A security team
        member should reply to the reporter acknowledging the report.

        ## Step 2: Assessment

        The security team should discuss the vulnerability. This is usually quick.

        ## Step 3: Disclosure

        When the embargo expires, push the patches to the public branches.
    """)
    assert items(pb) == [
        "A security team member should reply to the reporter acknowledging the report.",
        "The security team should discuss the vulnerability.",
        "When the embargo expires, push the patches to the public branches.",
    ]
    assert [p["title"] for p in pb["phases"]] == ["Reception", "Assessment", "Disclosure"]


def test_criteria_conditions_and_what_a_nomination_includes_are_not_steps() -> None:
    pb = imported("""
        ## Process

        An incident starts when any of these is true:

        - Customers cannot log in
        - Data may have been exposed

        ### Membership criteria

        1. Have an actively monitored security email alias
        2. Be an active distributor of the project

        A nomination should include:

        1. Relevant credentials, including security experience
        2. Statement of support from a member: a few sentences of why this person fits.
        3. Statement of intent from the nominee: why they want to join.

        ### Handling

        1. Acknowledge the report
        2. The fix team is formed by the lead.
    """)
    assert items(pb) == ["Acknowledge the report", "The fix team is formed by the lead."]


def test_what_to_find_out_is_not_steps_even_without_a_question_mark() -> None:
    pb = imported("""
        ## Assess

        We need to answer two questions:

        - Is this an incident (did the thing we suspect actually happen?)
        - If so, how severe is it? (This decides how the response proceeds.)

        ### Document the containment

        - [ ] What credential was deactivated and when
        - [ ] Whether the deactivation was effective

        ### Contain

        - Disable the access key
    """)
    assert items(pb) == ["Disable the access key"]


def test_when_to_report_and_a_message_to_send_are_not_steps() -> None:
    pb = imported("""
        ## When to report a security vulnerability?

        - Send a report when you think you found a vulnerability
        - Ask us when you are unsure how a problem affects the project

        ## Disclosure

        1. Fix the issue in private
        2. Send the advisory to the announce list:

        ```
        Subject: [SECURITY] $PROJECT advisory
        Hello,
        - Affected versions: $VERSIONS
        - Fixed in: $FIXED
        - Upgrade as soon as possible
        ```
    """)
    assert items(pb) == ["Fix the issue in private", "Send the advisory to the announce list:"]


def test_a_list_that_says_who_does_what_in_turn_is_a_process() -> None:
    pb = imported("""
        # Security policy

        ## Levels

        | Severity | Meaning |
        |---|---|
        | High | Remote code execution |
        | Low | Needs local access |

        ## Publishing

        - A person in the security team responds to the report within two days.
        - The security team investigates the report and accepts or rejects it.
        - If the report is accepted, the team works on a fix in private.
        - Releases are made on Wednesdays.
    """)
    assert items(pb) == [
        "A person in the security team responds to the report within two days.",
        "The security team investigates the report and accepts or rejects it.",
        "If the report is accepted, the team works on a fix in private.",
        "Releases are made on Wednesdays.",
    ]


def test_when_to_act_lists_conditions_not_steps() -> None:
    pb = imported("""
        ## Rollback

        ### When to roll back

        **Immediate rollback**:

        - Production completely down
        - Error rate above 10% after a deploy

        ### How to roll back

        1. Run the rollback job
        2. Confirm the previous version is serving
    """)
    assert items(pb) == ["Run the rollback job", "Confirm the previous version is serving"]


def test_numbered_instructions_with_links_are_steps_whatever_their_lead_in_names() -> None:
    playbook = imported("""
        # Chat tool outage

        ## Confirm it is an outage

        Before switching tools, rule out a local problem:

        1. Check [status.example.com](https://status.example.com).
        2. Check the [#help](https://chat.example.com/help) channel for reports.
        3. If it looks like a login problem, try again with a fresh login.

        ## Restore Legitimate Access

        1. Create new credentials for the user.
        2. Remove the deny-all policy once the cleanup is done.

        ## Tools and access

        - [Grafana](https://grafana.example.com)
        - [Status page](https://status.example.com)
    """)
    assert items(playbook) == [
        "Check status.example.com.",
        "Check the #help channel for reports.",
        "If it looks like a login problem, try again with a fresh login.",
        "Create new credentials for the user.",
        "Remove the deny-all policy once the cleanup is done.",
    ]


def test_steps_nested_under_a_lead_in_or_assigned_at_any_depth_are_steps() -> None:
    playbook = imported("""
        # Vulnerability handling

        ## Process

        - If the report is accepted:
          - **Coordinator**: Open a draft advisory
            - **Coordinator**: Add the maintainers to the advisory
            - **Developer**: Attempt to replicate the vulnerability.
            - **Developer**: Work on the fix
          - **Coordinator**: Publish the advisory

        ## Remediate

        - Determine the cause and restore normal operations.
        - If anything is suspicious, do the following before making any changes:
            - Make snapshots of the volumes.
            - Preserve logs.
        - Share updates with stakeholders:
            - Hourly for the top severity
            - Daily for the others
        - Restore the service from a clean image.
        - Notify the stakeholders when it is over.
    """)
    assert items({"phases": [phase(playbook, "If the report is accepted")]}) == [
        "Open a draft advisory",
        "Add the maintainers to the advisory",
        "Attempt to replicate the vulnerability.",
        "Work on the fix",
        "Publish the advisory",
    ]
    assert items({"phases": [phase(playbook, "Remediate")]}) == [
        "Determine the cause and restore normal operations.",
        "If anything is suspicious, do the following before making any changes:",
        "Make snapshots of the volumes.",
        "Preserve logs.",
        "Share updates with stakeholders:",
        "Restore the service from a clean image.",
        "Notify the stakeholders when it is over.",
    ]


def test_steps_in_a_table_of_numbered_rows() -> None:
    playbook = imported("""
        # Responding to incidents

        There are four main steps:

        | # | Name | Goal | Tag |
        |---|------|------|-----|
        | 1 | Record | Acknowledge the incident and open a thread. | `#recorded` |
        | 2 | Stabilize | Restore service for users. | `#stable` |
        | 3 | Investigate | Find the cause. | `#investigating` |
        | 4 | Review | Hold a retrospective. | `#reviewed` |

        ## Contacts

        | # | Name | Phone |
        |---|------|-------|
        | 1 | Ada Lovelace | 555-0100 |
        | 2 | Alan Turing | 555-0101 |
    """)
    assert items(playbook) == ["Record", "Stabilize", "Investigate", "Review"]
    assert playbook["phases"][0]["items"][0]["detail"] == (
        "Goal: Acknowledge the incident and open a thread.; Tag: #recorded"
    )


def test_lettered_paragraphs_that_state_instructions_are_steps() -> None:
    playbook = imported("""
        # Checklist

        ## 6. Closure

        A. Notify the channel that the incident has been resolved.

        B. Schedule a retrospective. Optional for false alarms.

        C. Thank everyone for their service.

        J. Smith wrote this checklist in 2020.
    """)
    assert items(playbook) == [
        "Notify the channel that the incident has been resolved.",
        "Schedule a retrospective. Optional for false alarms.",
        "Thank everyone for their service.",
    ]


def test_instructions_that_start_with_less_common_verbs_are_steps() -> None:
    playbook = imported("""
        # Outage

        ## Declare

        1. Open the incident channel.
        2. Page the on-call engineer.

        ## First minutes

        - Allocate five minutes to decide whether it is an incident.
        - Issue a broadcast notification to the team.
        - Recruit more responders in the channel.
        - Stabilize the service before looking for the cause.
        - Conclude the incident once it is resolved.
    """)
    assert len(items({"phases": [phase(playbook, "First minutes")]})) == 5


def test_a_process_stated_only_in_prose_under_procedure_headings_is_not_refused() -> None:
    text = """
        # Incident process

        ## Response

        Acknowledge the page and open the incident channel.
        Post a first update to the status page within 30 minutes.

        ## Background

        This process was written after the 2019 outage.
    """
    playbook = imported(text)
    assert items(playbook) == [
        "Acknowledge the page and open the incident channel.",
        "Post a first update to the status page within 30 minutes.",
    ]
    # Where a list states the steps, the prose around it stays prose.
    listed = imported(text + "\n        ## Recovery\n\n        1. Restart the service.\n"
                      "        2. Verify the dashboards.\n")  # fmt: skip
    assert items(listed) == ["Restart the service.", "Verify the dashboards."]


def test_numbered_headings_over_prose_are_steps_when_nothing_else_is_stated() -> None:
    playbook = imported("""
        # Outage guide

        ## 1. Breathe

        Nobody is in danger.

        ## 2. Preparation of the room

        A room is opened in the chat by whoever noticed.

        ## 3. Communication with customers

        Customers hear from support within the hour.
    """)
    assert items(playbook) == ["Breathe", "Preparation of the room", "Communication with customers"]


def test_instructions_under_a_title_that_names_a_rotation_or_tools_are_not_refused() -> None:
    handover = imported("""
        # On-call rotation handover

        - Check that the pager works.
        - Review the open incidents.
        - Hand over the notes to the next engineer.
    """)
    assert items(handover) == [
        "Check that the pager works.",
        "Review the open incidents.",
        "Hand over the notes to the next engineer.",
    ]
    boxes = imported("""
        # Tools

        - [ ] Check that the pager works.
        - [ ] Review the open incidents.
    """)
    assert items(boxes) == ["Check that the pager works.", "Review the open incidents."]


def test_steps_labelled_nested_or_as_plain_headings_are_not_refused() -> None:
    labelled_ = imported("""
        # Outage

        **Step 1:** Acknowledge the page.

        **Step 2:** Open the incident channel.
    """)
    assert items(labelled_) == ["Acknowledge the page.", "Open the incident channel."]
    nested = imported("""
        # Outage

        - Response
          - During business hours
            - Acknowledge the page.
            - Open the incident channel.
    """)
    assert items(nested) == ["Acknowledge the page.", "Open the incident channel."]
    headings = imported("""
        # Outage guide

        ### Acknowledge the page

        Within five minutes.

        ### Open the incident channel

        Name it after the date.
    """)
    assert items(headings) == ["Acknowledge the page", "Open the incident channel"]


def test_an_instruction_that_announces_its_sub_list_is_done_by_each_sub_step() -> None:
    playbook = imported("""
        # Incident checklist

        ## Assess

        - Assess the severity.
        - Send an initial situation report to:
            - Post in #incident-response
            - Email the security team
        - Update the issue:
            - Status: confirmed
            - Severity: high, medium or low
        - Assess whether to activate the contingency plan.
        - Notify the on-call lead.
    """)
    assert items(playbook) == [
        "Assess the severity.",
        "Send an initial situation report to:",
        "Post in #incident-response",
        "Email the security team",
        "Update the issue:",
        "Assess whether to activate the contingency plan.",
        "Notify the on-call lead.",
    ]


def test_a_security_policy_says_whom_to_follow_up_with() -> None:
    said = {
        "If you have not received a reply to your email within 7 days, please follow up with "
        "the Go security team directly at security@golang.org.": ["Go security team"],
        "If you have not heard back within a week, please follow up with the Go Security team "
        "again at security@golang.org.": ["Go Security team"],
        "If you get no reply, contact the PMC privately.": ["PMC"],
        "Not getting a response? Email the project's steering committee.": [
            "Project's steering committee"
        ],
        "If the problem needs an engineer, raise it with the on-call engineer.": [
            "on-call engineer"
        ],
    }
    escalates_to(said, heading="Reporting a vulnerability")


def test_levels_a_triage_assigns_in_lower_case() -> None:
    pb = imported("""
        # Security process

        The security team assigns each issue an impact of low, moderate, important or critical.
    """)
    assert [s["name"] for s in pb["severities"]] == ["critical", "important", "moderate", "low"]


def test_a_scale_a_sentence_counts_and_its_headings_name() -> None:
    listed = imported("""
        # Security policy

        ## Tracks

        We have three tracks for vulnerabilities: PUBLIC, PRIVATE, and URGENT.

        ### PUBLIC

        Issues with very limited impact, fixed in public in the next minor release.

        ### PRIVATE

        Violations of committed security properties, fixed in a scheduled release.

        ### URGENT

        Issues that are being actively exploited, fixed at once.

        ## Reporting

        ### Email

        Write to the security team.
    """)
    assert [s["name"] for s in listed["severities"]] == ["PUBLIC", "PRIVATE", "URGENT"]
    counted = imported("""
        # Vulnerability handling

        ## Classes

        Every report is sorted into one of two classes.

        ### Embargoed

        Fixed in private and disclosed on an agreed date.

        ### Open

        Fixed in public at once.
    """)
    assert [s["name"] for s in counted["severities"]] == ["Embargoed", "Open"]
    assert counted["severities"][0]["meaning"].startswith("Fixed in private")
    said = imported("""
        # Security policy

        We have created three tracks for vulnerabilities: PUBLIC, PRIVATE, and URGENT.
    """)
    assert [s["name"] for s in said["severities"]] == ["PUBLIC", "PRIVATE", "URGENT"]


def test_the_cvss_scale_named_in_prose() -> None:
    pb = imported("""
        # Security

        We use the CVSS v3.1 qualitative severity rating scale: None (0.0), Low (0.1-3.9),
        Medium (4.0-6.9), High (7.0-8.9), Critical (9.0-10.0).
    """)
    assert [s["name"] for s in pb["severities"]] == ["Critical", "High", "Medium", "Low"]


def test_sentences_each_led_by_a_levels_word() -> None:
    pb = imported("""
        # Security

        ## How we rate issues

        Low-severity issues are fixed in the next release. Moderate severity issues get a point
        release. Important issues get a coordinated release. Critical issues are fixed at once.
    """)
    assert [(s["name"], s.get("meaning", "")[:22]) for s in pb["severities"]] == [
        ("Critical", "Critical issues are fi"),
        ("Important", "Important issues get a"),
        ("Moderate", "Moderate severity issu"),
        ("Low", "Low-severity issues ar"),
    ]
    traffic = imported("# Load\n\nHigh traffic comes in the morning. Low traffic at night.\n")
    assert "severities" not in traffic


def test_classes_in_capitals_a_triage_sorts_issues_into() -> None:
    pb = imported("""
        # Security policy

        Depending on the nature of the issue, the security team will classify an issue as a
        `PUBLIC`, `PRIVATE`, or `URGENT` track issue.

        ### PUBLIC

        Issues that affect niche configurations.

        ### PRIVATE

        Violations of committed security properties.

        ### URGENT

        Issues being actively exploited.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("PUBLIC", "Issues that affect niche configurations."),
        ("PRIVATE", "Violations of committed security properties."),
        ("URGENT", "Issues being actively exploited."),
    ]


def test_escalation_said_first_then_to_whom() -> None:
    said = {
        "If you're overwhelmed, don't hesitate to escalate. Page the secondary on-call.": [
            "Secondary on-call"
        ],
        "If the incident is severe, get the Head of Engineering involved.": ["Head of Engineering"],
        "The person on call can escalate to the CTO at any time.": ["CTO"],
    }
    escalates_to(said)


def test_escalation_in_a_heading_a_copy_and_a_missed_page() -> None:
    said = {
        "## Escalating to the secondary\n\nUse the reassign button.": ["Secondary"],
        "If there is no response after 72 hours, resend the report and copy the project lead.": [
            "Project lead"
        ],
        "If the primary misses a page, PagerDuty pages the secondary.": ["Secondary"],
    }
    for text, who in said.items():
        pb = imported(f"# On-call\n\n{text}\n")
        assert [e["who"] for e in pb.get("escalation", [])] == who, text


def test_bold_levels_whose_word_severity_ends_a_sentence() -> None:
    pb = imported("""
        # Security policy

        ## Severity Levels

        We use the following severity categories:

        * **CRITICAL** Severity. Remote code execution in default features.

        * **HIGH** Severity. Crashes of the service in default features.

        * **MODERATE** Severity. Crashes in features not enabled by default.

        * **LOW** Severity. Issues in the command line utilities.
    """)
    assert [(s["name"], s.get("meaning", "")[:20]) for s in pb["severities"]] == [
        ("Critical", "Remote code executio"),
        ("High", "Crashes of the servi"),
        ("Moderate", "Crashes in features "),
        ("Low", "Issues in the comman"),
    ]
    assert not pb["phases"]


def test_levels_one_to_a_line_of_a_paragraph() -> None:
    pb = imported("""
        # Security

        ## Severity

        **Critical:** remote code execution.
        **High:** data leak.
        **Medium:** denial of service.
        **Low:** hardening.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "remote code execution."),
        ("High", "data leak."),
        ("Medium", "denial of service."),
        ("Low", "hardening."),
    ]
    assert pb["severities"][1]["source"] == "SHAPES.md:7"


def test_escalation_to_a_channel_a_next_step_and_either_of_two() -> None:
    said = {
        "If it is a bug, post in #support-escalations so an engineer can pick it up.": [
            "#support-escalations"
        ],
        "If you cannot resolve it, the next step is the team lead, and after that the CTO.": [
            "Team lead",
            "CTO",
        ],
        "You're not alone: you can always escalate to the incident commander or to your manager.": [
            "Incident commander",
            "Manager",
        ],
        "When the support hero cannot answer, they should ask the relevant product team in "
        "their Slack channel.": ["Product team"],
    }
    escalates_to(said, heading="Support")


def test_scores_mapped_to_levels_in_one_sentence() -> None:
    pb = imported("""
        # Security

        The severity is set with CVSS v3.1: 9.0-10.0 is Critical, 7.0-8.9 is High,
        4.0-6.9 is Medium and 0.1-3.9 is Low.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "9.0-10.0"),
        ("High", "7.0-8.9"),
        ("Medium", "4.0-6.9"),
        ("Low", "0.1-3.9"),
    ]


def test_support_tiers_in_prose_bold_lines_and_a_numbered_table() -> None:
    said = {
        "Tier 1 is the support team; Tier 2 is the on-call engineer; Tier 3 is the owning "
        "product team.": ["Support team", "on-call engineer", "Owning product team"],
        "**First line:** Customer Success\n\n**Second line:** Engineering on-call": [
            "Customer Success",
            "Engineering on-call",
        ],
        "| Tier | Who | Handles |\n| --- | --- | --- |\n| 1 | Support team | questions |\n"
        "| 2 | On-call engineer | bugs |": ["Support team", "On-call engineer"],
        "If you're stuck, reach out in #dev-help.": ["#dev-help"],
        "The secondary on-call is the backup if the primary cannot be reached.": [
            "Secondary on-call"
        ],
        "If the page goes unacknowledged for 5 minutes, it is sent to the secondary.": [
            "Secondary"
        ],
    }
    for text, who in said.items():
        pb = imported(f"# Support\n\n{text}\n")
        assert [e["who"] for e in pb.get("escalation", [])] == who, text


def test_someone_involved_on_a_condition() -> None:
    said = {
        "If the fix needs a release, the coordinator should involve the release managers.": [
            "Release managers"
        ],
        "If the issue affects several projects, involve the PTL of each project.": [
            "PTL of each project"
        ],
    }
    escalates_to(said, heading="Triage")


def test_an_instruction_under_an_escalation_heading_is_not_who() -> None:
    pb = imported("""
        # On-call

        ## Escalation

        ### Level 1

        Update incident commander.

        ### Level 2

        The secondary on-call.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Secondary on-call"]


def test_a_committee_called_by_its_initials_is_a_role() -> None:
    pb = imported("""
        # Security release process

        The Disclosure Response Committee runs every vulnerability response.
        The DRC asks the reporter for details, and the Disclosure Response Committee decides
        the fix date. Members are chosen by the Steering Committee; the Steering Committee
        meets monthly.

        ## Fix

        1. Write the patch.
    """)
    roles = {r["name"]: r.get("short", "") for r in pb.get("roles", [])}
    assert roles == {"Disclosure Response Committee": "DRC"}


def test_what_the_team_says_it_will_do_is_its_steps() -> None:
    pb = imported("""
        # Security Policy

        ## Severity

        We will assess each report against the affected features. We'll be revising
        this scale over time.

        ## Reporting

        Send reports to the security address. Please include a reproducer.

        We will confirm receipt and will share our assessment with you.

        We will publish an advisory after the fixed release.
    """)
    assert items(pb) == [
        "We will assess each report against the affected features.",
        "We will confirm receipt and will share our assessment with you.",
        "We will publish an advisory after the fixed release.",
    ]


def test_a_role_called_only_by_its_initials_is_a_role() -> None:
    pb = imported("""
        # Vulnerability runbook

        1. **Intake**
            + The PRT opens a private advisory for the report.
            + The PRT replies acknowledging receipt.
        2. **Assessment**
            + The PRT decides whether the issue is a vulnerability.
            + The API returns the advisory. The API returns its status. The API returns 200.
    """)
    assert [(r["name"], r.get("short", "")) for r in pb["roles"]] == [("PRT", "")]


def test_instructions_that_start_with_avoid_negotiate_improve_or_a_time_limit() -> None:
    pb = imported("""
        # Security response

        ## Triage

        1. Confirm the report.

        ## Disclosure

        - Within a day, acknowledge the report.
        - Avoid pre-announcing the fix.
        - Negotiate the disclosure date with the reporter.
        - Improve the process after each report.
    """)
    assert items(pb) == [
        "Confirm the report.",
        "Within a day, acknowledge the report.",
        "Avoid pre-announcing the fix.",
        "Negotiate the disclosure date with the reporter.",
        "Improve the process after each report.",
    ]


def test_instructions_in_sentences_under_a_stage_are_steps_and_it_is_not() -> None:
    pb = imported("""
        # Response

        ## Triage

        1. Confirm the report.

        ## Workflow

        1. Handle new reports.
           - Within a day, acknowledge receipt of the report.
           - Open a private advisory as soon as the problem is known.
        2. Lock the account.
           - via the admin console
           - or the API
    """)
    assert items(pb) == [
        "Confirm the report.",
        "Within a day, acknowledge receipt of the report.",
        "Open a private advisory as soon as the problem is known.",
        "Lock the account.",
    ]


def test_a_process_in_sentences_without_the_reporters_part() -> None:
    pb = imported("""
        # Security Policy

        ## Review Process

        Once a maintainer has confirmed the report, a private advisory will be opened. The
        advisory will be used to discuss the fix with maintainers. If the reporter wishes to
        take part, then provide a username to be invited.
    """)
    assert items(pb) == [
        "Once a maintainer has confirmed the report, a private advisory will be opened."
    ]


def test_items_that_name_the_report_field_they_fill_are_not_steps() -> None:
    pb = imported("""
        # Incident notification

        ## Response

        1. Contain the affected host.

        ## Notification contents

        1. Identify the systems affected (Systems Affected)
        2. Identify when the activity was first seen (Date of Detection)
        3. Estimate the time to recover (Recoverability Estimate)
    """)
    assert items(pb) == ["Contain the affected host."]


def test_what_someone_should_have_is_not_a_step() -> None:
    pb = imported("""
        # On-call

        ## Paging

        1. Acknowledge the page.

        ## Escalation policies

        - Engineers should have notification policies that wake them up.
        - Rotations should have an escalation policy to a secondary.
        - Paging tools can be set up to call a phone.
    """)
    assert items(pb) == ["Acknowledge the page."]


def test_duties_shared_out_among_members_are_not_steps() -> None:
    pb = imported("""
        # Security release process

        ## Fix

        1. Write the patch.

        ## Team

        The committee members will share various tasks as listed below:

        - Triage: make sure the right people are notified.
        - Infra: make sure we can test the fixes.
        - Release: create the release with the fix.
    """)
    assert items(pb) == ["Write the patch."]


def test_what_another_team_does_to_the_reader_is_not_a_step() -> None:
    pb = imported("""
        # Phishing

        If you receive a suspicious email, follow these steps:

        1. Do not click any links in the email.
        2. Report the email with the phishing button.
        3. The video should show you how to find the button.
        4. The IT desk will triage and let you know what to do next.
    """)
    assert items(pb) == [
        "Do not click any links in the email.",
        "Report the email with the phishing button.",
    ]


def test_a_configuration_to_have_in_place_is_not_steps() -> None:
    pb = imported("""
        # Credential compromise

        ## Prepare

        - [ ] **Audit logging** enabled in all regions — the record of every call
        - [ ] **Threat detection** enabled — finds unusual use of keys
        - [ ] **Login alarms** configured for the root account

        ## Contain

        1. Disable the leaked key.
    """)
    assert items(pb) == ["Disable the leaked key."]


def test_a_list_under_a_template_heading_or_inside_a_message_is_not_steps() -> None:
    pb = imported("""
        # Security response

        ## Handling a report

        1. Acknowledge the report within a day.
        2. Open a draft advisory.

        ## Template: first reply to the reporter

        The security team has received the problem.

        - Thank you for reporting this.
        - Share preliminary results of the analysis.
        - Set expectations for follow-up communications.

        ## Telling the distributors

        Subject: [pre-advisory] Vulnerability in the parser

        Hello all,

        This is an advance warning of a vulnerability, to give you time to prepare.

        - Review the attached patches before the disclosure date.
        - Send any questions to the security team.

        ## Closing

        - Publish the advisory.
    """)
    assert items(pb) == [
        "Acknowledge the report within a day.",
        "Open a draft advisory.",
        "Publish the advisory.",
    ]


def test_a_list_whose_items_carry_template_variables_is_a_message_not_steps() -> None:
    pb = imported("""
        # Vulnerability process

        ## Triage

        1. Confirm the vulnerability with the project's reviewers.
        2. Request a CVE.

        ## Advance notice

        1. Send the patches for $PROJECT to $DISTRIBUTORS.
        2. Thank the reporter, $CREDIT.
        3. Release $FIXED_VERSION on $DISCLOSURE_DATE.
        4. Contact {security_contact} with questions.
    """)
    assert items(pb) == [
        "Confirm the vulnerability with the project's reviewers.",
        "Request a CVE.",
    ]


def test_the_expectations_a_lead_in_names_are_not_steps() -> None:
    pb = imported("""
        # Security response guidelines

        Here are the primary expectations:

        - Keep problems private until the announcement.
        - Keep stakeholders informed.

        Workflow:

        1. Acknowledge the report within a day.
        2. Publish the advisory.
    """)
    assert items(pb) == ["Acknowledge the report within a day.", "Publish the advisory."]


def test_answers_under_a_faq_entry_are_not_steps() -> None:
    pb = imported("""
        # Escalation engineer rotation

        ## What the escalation engineer does

        1. Own the support request.
        2. Seek help if needed.

        ## FAQ

        ### What's the interaction of the EE with the implementation team?

        During the initial rollout:

        - The implementation engineer leads the rollout.
        - If the implementer cannot resolve an issue, the EE is there to help.
    """)
    assert items(pb) == ["Own the support request.", "Seek help if needed."]


def test_a_label_over_its_steps_is_not_a_step_itself_and_a_condition_is() -> None:
    pb = imported("""
        # Fixing a vulnerability

        1. Determine the severity.
        2. Avoid announcing the problem early.
        3. Negotiate how the review will proceed.
        4. Publication channels:
           - Publish the advisory on the website.
           - Send the advisory to the announce list.
        5. If the fix is urgent:
           - Release it the same day.
        6. Improve the process.
    """)
    assert items(pb) == [
        "Determine the severity.",
        "Avoid announcing the problem early.",
        "Negotiate how the review will proceed.",
        "Publish the advisory on the website.",
        "Send the advisory to the announce list.",
        "If the fix is urgent:",
        "Release it the same day.",
        "Improve the process.",
    ]


def test_suggestions_under_an_instruction_say_how_it_is_done() -> None:
    pb = imported("""
        # Fixing a vulnerability

        1. Determine the severity.
        2. Negotiate how the code review will proceed.
           - Consider using a private change if everyone has access to it.
           - Consider mailing the patches to all stakeholders.
        3. Publish the advisory.
    """)
    assert items(pb) == [
        "Determine the severity.",
        "Negotiate how the code review will proceed.",
        "Publish the advisory.",
    ]
    assert "private change" in pb["phases"][0]["items"][1]["detail"]


def test_a_part_of_the_document_is_not_a_step() -> None:
    pb = imported("""
        # Credential compromise

        ## Part 3 — Contain

        ### 3.1 The leaked key

        1. Deactivate the access key.
        2. Watch the audit log for 30 minutes.

        ### 3.2 Persistence

        - [ ] Delete access keys the attacker created
        - [ ] Delete users the attacker created
    """)
    assert items(pb) == [
        "Deactivate the access key.",
        "Watch the audit log for 30 minutes.",
        "Delete access keys the attacker created",
        "Delete users the attacker created",
    ]


def test_a_numbered_list_of_things_is_an_order_of_preference_not_steps() -> None:
    pb = imported("""
        # Vulnerability SLAs

        ## Fixing

        1. Fix the vulnerability within the SLA.

        ## Notes

        A vulnerability's rank is assigned using the first available value from this list:

        1. CVSSv3 base score.
        2. CVSSv2 base score.
        3. Base risk score reported by a vulnerability scanner.
    """)
    assert items(pb) == ["Fix the vulnerability within the SLA."]


def test_the_statements_of_a_policy_section_are_not_steps() -> None:
    pb = imported("""
        # Policy

        1. All users must report any incident to the security manager within 24 hours.
        2. The incident response procedure must be tested twice a year.
        3. The incident logs must be reviewed once a month.

        # Procedure

        1. Notify the security manager on call.
        2. Preserve the evidence.
    """)
    assert items(pb) == ["Notify the security manager on call.", "Preserve the evidence."]


def test_a_note_among_the_steps_is_not_a_step() -> None:
    pb = imported("""
        # Security release

        ## Disclosure

        1. Send the announcement to the security list.
        2. Note: this step is optional and kept for severe vulnerabilities.
        3. Publish the advisory.
        4. NB: the reporter is credited unless they ask otherwise.
    """)
    assert items(pb) == ["Send the announcement to the security list.", "Publish the advisory."]


def test_what_a_monitor_is_configured_to_do_is_not_steps() -> None:
    pb = imported("""
        # On-call

        ## When paged

        - Acknowledge the page.

        ## Uptime alerts

        The uptime checks are all configured in the monitoring service to:

        - be considered down after 30 seconds
        - check every minute
        - send an alert after 5 minutes
    """)
    assert items(pb) == ["Acknowledge the page."]


def test_a_template_s_guidance_to_whoever_fills_it_in_is_not_steps() -> None:
    pb = imported("""
        # Incident response plan template

        ## Detection

        - Describe how incidents are detected in your project.
        - Explain who can declare an incident.
        - List the channels your team uses to communicate.

        ## Response

        1. Open a private channel for the incident.
        2. Page the security lead.
    """)
    assert items(pb) == ["Open a private channel for the incident.", "Page the security lead."]


def test_a_question_among_the_steps_is_what_to_find_out_unless_it_is_answered() -> None:
    pb = imported("""
        # Security incident

        ## Investigate

        - Identify how long the attacker had access.
        - What actions did the attacker perform on the system, and when?
        - Who was affected?
          - Check the access logs
          - Check the support queue
        - Keep track of all IP addresses involved.
        - Identify any queries the attacker ran on databases.
        - Monitor logs for any attempt to regain access.
        - **What if a vendor breaks embargo?** The fix lead decides whether to release early.
    """)
    assert items(pb) == [
        "Identify how long the attacker had access.",
        "Check the access logs",
        "Check the support queue",
        "Keep track of all IP addresses involved.",
        "Identify any queries the attacker ran on databases.",
        "Monitor logs for any attempt to regain access.",
        "What if a vendor breaks embargo? The fix lead decides whether to release early.",
    ]


def test_an_emoji_inside_a_step_is_kept_and_one_that_decorates_a_title_is_not() -> None:
    pb = imported("""
        ## 🚨 Respond 🚨

        - Put the 👀 reaction on the alert so others know it is taken
        - 🔥 Page the on-call engineer
    """)
    assert [p["title"] for p in pb["phases"]] == ["Respond"]
    assert items(pb) == [
        "Put the 👀 reaction on the alert so others know it is taken",
        "Page the on-call engineer",
    ]


# -- roles on runbooks the importer had not seen (glossary markup, appointments, doers) -----


def role_names(playbook: dict[str, Any]) -> dict[str, str]:
    return {r["name"]: r.get("short", "") for r in playbook.get("roles", [])}


def test_roles_as_myst_glossary_terms_and_term_roles() -> None:
    pb = imported("""
        # Before an incident

        Whoever notices the outage becomes the {term}`Incident Responder`.

        The team fills three roles:

        - An {term}`Incident Responder`
        - The {term}`Communication Liaison`
        - One or more {term}`Subject Matter Experts`

        ## Roles and responsibilities

        ```{glossary}
        Incident Responder
        : Plans the response and hands out the work.

        Communication Liaison
        : Talks to the people the outage affects.

        Subject Matter Experts
        : Engineers who know the failing part.
        ```

        ## Handing over

        Hand over when it is late in the current IR's time zone.
    """)
    assert role_names(pb) == {
        "Incident Responder": "IR",
        "Communication Liaison": "",
        "Subject Matter Experts": "",
    }
    duties = {r["name"]: r["responsibilities"] for r in pb["roles"]}
    assert duties["Communication Liaison"] == ["Talks to the people the outage affects."]
    assert "{term}" not in str(pb)


def test_roles_appointed_inside_list_items_in_bold_or_plain() -> None:
    pb = imported("""
        # Downtime runbook

        1. Announce the outage in the team channel
        2. Start a call:
            * Identify **incident lead**, who will coordinate the engineers.
            * Designate **communication lead**
            * Appoint incident scribe to keep the timeline
        3. Identify the failing service and any required participants
    """)
    assert role_names(pb) == {
        "Incident lead": "",
        "Communication lead": "",
        "Incident scribe": "",
    }


def test_doers_named_in_capitals_in_parentheses_after_each_task() -> None:
    pb = imported("""
        # Release timeline

        The role that does each task is named in parentheses after it.

        ## A day before

        1. Request a CVE identifier (ADMIN)
        2. Collect the contacts of downstream users (COMMS LEAD)
        3. Prepare patches on the private fork (CORE ENG, CORE LEAD)
        4. Announce it in the chat rooms (Matrix, IRC) (COMMS LEAD)

        ## Release

        1. Tag the releases (CORE ENG)
        2. Publish the Common Vulnerabilities and Exposures entry (CVE)
        3. Publish the advisory (ADMIN)
        4. Thank the reporter (OPTIONAL)
    """)
    assert role_names(pb) == {
        "ADMIN": "", "COMMS LEAD": "", "CORE ENG": "", "CORE LEAD": "",
    }  # fmt: skip


def test_role_headings_and_rotations_keep_abbreviations_of_hyphenated_words() -> None:
    pb = imported("""
        # Support rotation

        There are three on-call rotations:

        - [Communications Manager on-call (CMOC)](/cmoc) - drives public updates
        - [Customer Emergencies on-call (CEOC)](/ceoc) - answers emergency tickets
        - [Support Manager On-call (SMOC)](/smoc) - the escalation point

        ## Roles

        ### Incoming Engineer On-Call (IEOC)

        Reads the hand-off notes.

        ### Engineer On-Call (EOC)

        Answers the pages of the week.

        ## Determining the On-call Manager

        Look up the schedule in PagerDuty.
    """)
    assert role_names(pb) == {
        "Communications Manager on-call": "CMOC",
        "Customer Emergencies on-call": "CEOC",
        "Support Manager On-call": "SMOC",
        "Incoming Engineer On-Call": "IEOC",
        "Engineer On-Call": "EOC",
    }


def test_a_role_name_is_not_cut_before_its_last_role_noun() -> None:
    pb = imported("""
        # Escalation

        The Information Security Manager (ISM) is the primary on-call engineer. When
        nobody answers, the ISM is the secondary on-call engineer.
    """)
    assert role_names(pb) == {
        "Information Security Manager": "ISM",
        "Primary on-call engineer": "",
        "Secondary on-call engineer": "",
    }


def test_a_role_described_in_other_words_is_not_another_role() -> None:
    pb = imported("""
        # Security incidents

        ## Security Incident Lead

        The incident lead resolves the incident. They are the DRI coordinating it,
        keeping others informed or coordinating with the messenger on communication.

        ## Conduct

        Everyone signs the pledge. Violation of the pledge will lead to removal.
    """)
    assert role_names(pb) == {"Security Incident Lead": "", "Messenger": ""}


def levels_of(text: str) -> list[str]:
    return [s["name"] for s in imported(text).get("severities", [])]


def test_classes_in_capitals_as_headings_under_a_heading_that_classifies() -> None:
    shapes = {
        "a heading that names the classes": """
            # Security policy

            ## Tracks

            Reports are classified into one of the following tracks.

            ### PRIVATE

            Issues in the PRIVATE track are fixed in the next scheduled minor release.

            ### URGENT

            Issues in the URGENT track are fixed out of band.

            ### PUBLIC

            Issues in the PUBLIC track are fixed in public.
        """,
        "a sentence that classifies, the class's noun in each heading": """
            # Security policy

            ## How we handle reports

            The security team triages every report and assigns it to a track.

            ### Private track

            Violations of committed security properties.

            ### Urgent track

            Severe issues that are fixed at once.

            ### Public track

            Low-severity issues, fixed in public.
        """,
    }
    for shape, text in shapes.items():
        assert [n.upper() for n in levels_of(text)] == ["PRIVATE", "URGENT", "PUBLIC"], shape
        pb = imported(text)
        assert pb["severities"][0]["meaning"].split()[0] in ("Issues", "Violations"), shape
    # Headings in capitals under a heading that sorts nothing are not a scale.
    assert (
        levels_of("""
        # Repository

        ## Files

        ### README

        What the project is.

        ### LICENSE

        The terms.

        ### CHANGELOG

        What changed.
    """)
        == []
    )


def test_numbered_level_headings_keep_the_levels_name() -> None:
    pb = imported("""
        # Vulnerability management

        ## Severity ratings

        ### 1. Critical

        Remote code execution.

        ### 2. High

        Privilege escalation.

        ### 3. Medium

        Denial of service.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "Remote code execution."),
        ("High", "Privilege escalation."),
        ("Medium", "Denial of service."),
    ]


def test_a_defined_scale_is_chosen_over_level_words_merely_mentioned() -> None:
    text = """
        # Security policy

        ## Tracks

        Reports are classified into one of the following tracks.

        ### PRIVATE

        Issues in the PRIVATE track are fixed in the next scheduled minor release.

        ### URGENT

        Issues in the URGENT track are fixed out of band.

        ### PUBLIC

        Issues in the PUBLIC track are fixed in public.

        ## Advisories

        Each advisory also carries a CVSS severity (critical, high, medium or low).
    """
    report = import_runbook(dedent(text), "shapes", "SHAPES.md")
    assert report.levels == ["PRIVATE", "URGENT", "PUBLIC"]
    mentioned = next(s for s in report.sections if s.line == 22)
    assert mentioned.kind == "not placed"
    assert "line 8" in mentioned.reason  # where the scale the document defines starts
    # Level words said in a sentence beside a scale of the same words add to it.
    pb = imported("""
        # Security policy

        ## Severity

        ### Critical

        Remote code execution.

        ### High

        Privilege escalation.

        ### Low

        Hardening.

        ## Scoring

        We rate every report with CVSS as critical, high, medium or low.
    """)
    assert [s["name"].lower() for s in pb["severities"]] == ["critical", "high", "low", "medium"]


def test_levels_a_sentence_rates_issues_as_or_gives_an_impact_class_of() -> None:
    said = {
        "We rate issues as critical, high, medium or low, and fix critical ones first.": [
            "critical", "high", "medium", "low",
        ],
        "Each vulnerability is given an impact class of critical, important, moderate or low.": [
            "critical", "important", "moderate", "low",
        ],
        "Severities, most severe first: Critical > High > Medium > Low.": [
            "Critical", "High", "Medium", "Low",
        ],
    }  # fmt: skip
    for sentence, names in said.items():
        assert levels_of(f"# Security process\n\n{sentence}\n") == names, sentence
    # A rate of something else is no scale.
    assert levels_of("# Capacity\n\nThe error rate is low, medium or high by day.\n") == []


def test_levels_in_html_and_restructuredtext_definition_lists() -> None:
    html = """
        # Security policy

        ## Severity levels

        <dl>
        <dt>Critical</dt><dd>Remote code execution.</dd>
        <dt>High</dt><dd>Privilege escalation.</dd>
        <dt>Low</dt><dd>Minor leaks.</dd>
        </dl>
    """
    rst = """
        .. _security-process:

        Security process
        ================

        Severity
        --------

        Critical
            Remote code execution.
        High
            Privilege escalation.
        Low
            Minor leaks.
    """
    for name, text in (("SHAPES.md", html), ("SHAPES.rst", rst)):
        pb = import_runbook(dedent(text), "shapes", name).playbook
        assert [(s["name"], s.get("meaning")) for s in pb.get("severities", [])] == [
            ("Critical", "Remote code execution."),
            ("High", "Privilege escalation."),
            ("Low", "Minor leaks."),
        ], name


def test_levels_in_bold_list_items_that_say_what_is_done_for_them() -> None:
    pb = imported("""
        # Security policy

        ## Disclosure timeline

        How quickly we disclose depends on the issue:

        - **Critical severity issues** are fixed and disclosed within 7 days.
        - **High severity issues** are fixed within 30 days.
        - **Medium severity issues** are fixed in the next release.
    """)
    assert [(s["name"], s.get("meaning", "")[:22]) for s in pb["severities"]] == [
        ("Critical", "Critical severity issu"), ("High", "High severity issues a"),
        ("Medium", "Medium severity issues"),
    ]  # fmt: skip
    assert items(pb) == []  # nor are they steps


def test_levels_in_a_sentence_with_a_serial_comma_and_items_saying_what_each_means() -> None:
    pb = imported("""
        # Security policy

        ## Reporting a vulnerability

        Each confirmed issue is assigned a severity level (critical, moderate, or low).

        - **Critical** means the issue can be exploited by a remote attacker.
        - **Moderate** means the issue needs some other condition to be met.
        - **Low** means the issue is very difficult to exploit.
    """)
    assert [(s["name"].lower(), s.get("meaning", "")[:16]) for s in pb["severities"]] == [
        ("critical", "Critical means t"), ("moderate", "Moderate means t"),
        ("low", "Low means the is"),
    ]  # fmt: skip
    assert levels_of("# Triage\n\nWe classify incidents as minor, major, or critical.\n") == [
        "critical", "major", "minor",
    ]  # fmt: skip


def test_score_bands_naming_their_level_in_brackets_in_a_tables_first_column() -> None:
    pb = imported("""
        # Vulnerability SLAs

        | CVSS score | Severity | Time to mitigate |
        |---|---|---|
        | 9.0-10.0 (Critical) | `~severity::1` | Within 24 hours |
        | 7.0-8.9 (High) | `~severity::2` | Within 7 days |
        | 4.0-6.9 (Medium) | `~severity::3` | N/A |
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("Critical", "1d"), ("High", "7d"), ("Medium", None),
    ]  # fmt: skip


def test_levels_a_steps_sub_items_define_one_by_one() -> None:
    shapes = {
        "paragraphs": """
            # Procedure

            1. Open a ticket for the incident.
            2. Within 48 hours, assess the impact and assign a severity level:

                i. High: the incident disrupts day-to-day operations; a breach is likely.

                i. Medium: the incident harms one business unit.

                i. Low: the incident violates policy but has no business impact.

            3. Contain the incident.
        """,
        "a sub-list": """
            # Procedure

            1. Open a ticket for the incident.
            2. Within 48 hours, assess the impact and assign a severity level:
                - High: the incident disrupts day-to-day operations; a breach is likely.
                - Medium: the incident harms one business unit.
                - Low: the incident violates policy but has no business impact.
            3. Contain the incident.
        """,
    }
    for shape, text in shapes.items():
        pb = imported(text)
        assert [(s["name"], s.get("meaning", "")[:30]) for s in pb["severities"]] == [
            ("High", "the incident disrupts day-to-d"), ("Medium", "the incident harms one busines"),
            ("Low", "the incident violates policy b"),
        ], shape  # fmt: skip
        assert "Contain the incident." in items(pb), shape


def test_outcomes_of_a_triage_whose_labels_name_a_severity() -> None:
    pb = imported("""
        # Vulnerability disclosure

        ## Investigate

        The response team classifies the report as one of:

        * **Won't fix**: the app is working as intended.
        * **Bug**: the problem is legitimate but not a security issue.
        * **Low-severity vulnerability**: a vulnerability that is hard to exploit.
        * **High-severity vulnerability**: an exploitable vulnerability.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Low-severity", "a vulnerability that is hard to exploit."),
        ("High-severity", "an exploitable vulnerability."),
    ]
    # A backlog's priorities are still no severity scale.
    assert levels_of("# Backlog\n\n- **High-priority task**: upgrade the database\n"
                     "- **Low-priority task**: tidy the docs\n") == []  # fmt: skip


def test_a_list_its_lead_in_says_is_the_scale() -> None:
    pb = imported("""
        # Security policy

        ### 7. Close the advisory

        Prefix the advisory's title with one of the following, depending on the severity:

        - [Bounty Category: Critical: Loss of Funds]
        - [Bounty Category: Critical: Consensus / Safety Violations]
        - [Bounty Category: Supply Chain Attacks]
        - [Bounty Category: RPC]
    """)
    assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
        ("Loss of Funds", "Critical: Loss of Funds"),
        ("Consensus", "Critical: Consensus / Safety Violations"),
        ("Supply Chain", "Supply Chain Attacks"),
        ("RPC", None),
    ]
    # A lead-in that asks for things to consider lists no scale.
    assert levels_of("""
        # Triage

        When you assess the severity, consider the following:

        - Number of users affected
        - Data exposed
    """) == []  # fmt: skip


def test_levels_a_step_names_in_brackets_or_a_line_lists_between_bars() -> None:
    said = {
        "1. Acknowledge the report.\n2. The team assesses the impact (Low, Moderate, Important, "
        "or Critical) of the issue.\n3. Prepare a fix.\n": ["Critical", "Important", "Moderate", "Low"],
        "Severity: Critical | High | Medium | Low\n": ["Critical", "High", "Medium", "Low"],
    }  # fmt: skip
    for text, names in said.items():
        assert levels_of(f"# Vulnerability management\n\n{text}") == names, text


def test_paragraphs_each_a_sentence_led_by_a_level() -> None:
    pb = imported("""
        # Vulnerability management

        ## Handling

        Critical vulnerabilities are fixed in a dedicated release within a week.

        High vulnerabilities are fixed in the next scheduled release.

        Low vulnerabilities may be fixed in public.
    """)
    assert [(s["name"], s.get("meaning", "")[:24]) for s in pb["severities"]] == [
        ("Critical", "Critical vulnerabilities"), ("High", "High vulnerabilities are"),
        ("Low", "Low vulnerabilities may "),
    ]  # fmt: skip


def test_level_headings_labelled_with_their_category() -> None:
    pb = imported("""
        # Security process

        ## Categories

        ### Category A: Critical

        Remote code execution.

        ### Category B: Important

        Information leak.

        ### Category C: Low

        Hardening.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "Remote code execution."), ("Important", "Information leak."),
        ("Low", "Hardening."),
    ]  # fmt: skip


def test_levels_named_as_an_issue_trackers_scoped_labels() -> None:
    pb = imported("""
        # Outages

        If a bug is broadly impacting, we label it with `priority::high`, `priority::higher`,
        or `priority::highest`.
    """)
    assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
        ("high", "priority::high"), ("higher", "priority::higher"),
        ("highest", "priority::highest"),
    ]  # fmt: skip
    assert levels_of("# Labels\n\nWe label bugs `bug` and `docs`.\n") == []


def test_levels_whose_handling_a_paragraph_gives_a_few_at_a_time() -> None:
    said = {
        "Critical and High severity vulnerability fixes get an out-of-band release. Medium and "
        "Low severity vulnerability fixes ship with the next patch release.": [
            "Critical", "High", "Medium", "Low",
        ],
        "Embargo length depends on the severity: critical issues get 7 days, high issues 14 "
        "days, medium and low issues 30 days.": ["critical", "high", "medium", "low"],
    }  # fmt: skip
    for sentence, names in said.items():
        assert levels_of(f"# Vulnerability management\n\n{sentence}\n") == names, sentence
    assert levels_of("# Notes\n\nHigh availability issues and low latency bugs matter.\n") == []


def test_levels_listed_each_with_the_condition_it_applies_in() -> None:
    pb = imported("""
        # Vulnerability management

        The severity is one of:

        - Critical, if an attacker can run code remotely
        - High, if data can leak
        - Medium, if the service can be denied
        - Low, otherwise
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", "if an attacker can run code remotely"), ("High", "if data can leak"),
        ("Medium", "if the service can be denied"), ("Low", "otherwise"),
    ]  # fmt: skip


def test_levels_in_bare_lines_impact_words_and_a_steps_sentences() -> None:
    said = {
        "Severity levels:\nCritical\nHigh\nLow\n": ["Critical", "High", "Low"],
        "Issues are rated Critical impact, High impact, Medium impact or Low impact.\n": [
            "Critical", "High", "Medium", "Low",
        ],
        "1. Fix the issue. Critical issues are fixed within 7 days. High issues within 30 "
        "days. Low issues when convenient.\n2. Publish the advisory.\n": [
            "Critical", "High", "Low",
        ],
        # Under a severity heading, one paragraph of sentences each led by a level.
        "## Severity\n\nCritical vulnerabilities are fixed within 7 days. High vulnerabilities "
        "are fixed within 30 days. Low vulnerabilities may be fixed in public.\n": [
            "Critical", "High", "Low",
        ],
    }  # fmt: skip
    for text, names in said.items():
        assert levels_of(f"# Vulnerability management\n\n{text}") == names, text


def test_someone_brought_in_on_a_condition_written_after_the_verb() -> None:
    said = {
        "Reach out to a product manager if the request is a feature request.": ["Product manager"],
        "Ping the product owner when the request needs a decision.": ["Product owner"],
        "Feel free to page the secondary if you need a hand.": ["Secondary"],
        "Don't hesitate to loop in the team lead if a customer is blocked.": ["Team lead"],
        "Ask the platform team for help if the database is involved.": ["Platform team"],
    }
    escalates_to(said, heading="Responding")
    # An instruction with a condition that brings in nobody is no escalation.
    assert (
        imported("# Responding\n\nReply to the customer if they ask.\n").get("escalation") is None
    )


def test_someone_brought_in_after_another_instruction_or_through_a_tool() -> None:
    said = {
        "If it's a big incident, declare it in #incidents and page the secondary.": ["Secondary"],
        "In case of a serious outage, wake up the CTO.": ["CTO"],
        "If it's urgent, use @oncall in Slack to page the on-call engineer.": ["on-call engineer"],
        "If you're unsure, check with your team lead before replying.": ["Team lead"],
        "If the issue is a bug, open a ticket and assign it to the product team.": ["Product team"],
        "If you can't figure it out, ask for help from the secondary.": ["Secondary"],
        "If the customer is blocked, bring it to the attention of the on-call engineer.": [
            "on-call engineer"
        ],
    }
    escalates_to(said, heading="Responding")


def test_a_team_that_brings_in_the_next_one_in_the_third_person() -> None:
    said = {
        "If the PTL is unresponsive, the VMT contacts the Technical Committee.": [
            "Technical Committee"
        ],
        "If the bug affects several projects, the coordinator involves the PTLs of each project.": [
            "PTLs of each project"
        ],
        "If a third-party library is affected, the security team notifies the upstream vendor.": [
            "Upstream vendor"
        ],
        "When the reporter disagrees, the coordinator pulls in the foundation's board.": [
            "Foundation's board"
        ],
        "If we can't answer, the request goes to the engineering on-call.": ["Engineering on-call"],
    }
    escalates_to(said, heading="Process")


def test_escalation_order_by_points_of_contact_and_chains_without_a_verb() -> None:
    said = {
        "The support rotation is the first point of contact; the on-call engineer is the second.": [
            "Support rotation",
            "on-call engineer",
        ],
        "Support engineer, then the on-call engineer, then the CTO.": [
            "Support engineer",
            "on-call engineer",
            "CTO",
        ],
        "If you can't figure it out, ask for help: reach out to the secondary or your team lead.": [
            "Secondary",
            "Team lead",
        ],
        "Second-line support is handled by engineers; third-line support by the vendor.": [
            "Engineers",
            "Vendor",
        ],
    }
    escalates_to(said, heading="Escalation")


def test_who_is_escalated_to_without_the_condition_the_tool_or_what_is_escalated() -> None:
    said = {
        "Escalate to an engineer when the user reports data loss or a security problem.": [
            "Engineer"
        ],
        "Requests that need an engineer are escalated to the on-call developer.": [
            "on-call developer"
        ],
        "You can escalate an incident to another team in incident.io.": ["Another team"],
        "You can manually escalate to the secondary on-call from PagerDuty.": ["Secondary on-call"],
    }
    escalates_to(said, heading="Responding")


def test_the_delay_of_each_rung_said_in_one_sentence() -> None:
    pb = imported("""
        # On-call

        If the primary does not acknowledge within 5 minutes, PagerDuty pages the secondary;
        after 15 minutes it goes to the engineering manager.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Secondary", "5m"), ("Engineering manager", "15m"),
    ]  # fmt: skip
    pb = imported("""
        # On-call

        Our escalation policy pages the primary, then the secondary after 10 minutes, then the
        engineering manager after 30 minutes.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Primary", None), ("Secondary", "10m"), ("Engineering manager", "30m"),
    ]  # fmt: skip


def test_who_is_on_each_rung_when_the_rung_is_the_label() -> None:
    said = {
        "- Primary: the person on call\n- Secondary: the team lead\n- Tertiary: the CTO": [
            "Person on call",
            "Team lead",
            "CTO",
        ],
        "The customer experience team is the first line. Engineering is the second line.": [
            "Customer experience team",
            "Engineering",
        ],
        "The secondary on-call is the escalation point for the primary.": ["Secondary on-call"],
    }
    escalates_to(said, heading="Escalation")


def test_nouns_that_look_like_verbs_and_offices_named_by_their_initials() -> None:
    said = {
        "If it's urgent, page the person on call for that product via PagerDuty.": [
            "Person on call for that product"
        ],
        "If an alert belongs to another team, reassign it to that team's escalation policy.": [],
        "If the issue is not ours, the report is forwarded to the project's PTL.": [
            "Project's PTL"
        ],
        "Any disputes should be brought to the attention of the Technical Committee.": [
            "Technical Committee"
        ],
    }
    escalates_to(said, heading="Process")


def test_escalation_in_the_words_of_a_small_team() -> None:
    said = {
        "Let your team lead know if you need help.": ["Team lead"],
        "Talk to your manager if an alert keeps firing.": ["Manager"],
        "If you're stuck, get in touch with the platform team.": ["Platform team"],
        "If you're stuck, speak with the secondary.": ["Secondary"],
        "You can always turn to the secondary for help.": ["Secondary"],
        "The team lead can help if you are stuck.": ["Team lead"],
        "For anything you cannot handle, there is a secondary on-call who can help.": [
            "Secondary on-call"
        ],
        "Escalate to Tim or James.": ["Tim", "James"],
    }
    escalates_to(said, heading="Escalation")


def test_who_is_added_to_the_conversation_or_handles_escalations() -> None:
    said = {
        "Add the engineer on call to the thread.": ["Engineer on call"],
        "Invite the product manager to the incident channel.": ["Product manager"],
        "The VMT subscribes the project's core security reviewers to the bug.": [
            "Project's core security reviewers"
        ],
        "Escalations are handled by the Support Engineer on duty.": ["Support Engineer on duty"],
        "The Support Engineer on duty handles escalations.": ["Support Engineer on duty"],
        "Escalations go through the on-call engineer.": ["on-call engineer"],
    }
    escalates_to(said, heading="Escalation")
    # Outside an escalation section, adding someone to a thread is a step, not escalation.
    assert imported("# Response\n\nAdd the scribe to the thread.\n").get("escalation") is None


def test_escalation_by_a_paging_tool_after_a_delay_or_by_a_duty_to_notify() -> None:
    said = {
        "After 10 minutes, the Technical Manager is paged and must answer within 5 minutes.": [
            "Technical Manager"
        ],
        "OpsGenie will page the scheduled Engineer On-Call.": ["Engineer On-Call"],
        "For all S2 incidents and above, the Security Lead must immediately be notified.": [
            "Security Lead"
        ],
        "If there is no CSM for the customer, reach out to the assigned AE, CSE or their "
        "regional manager.": ["AE", "CSE", "Regional manager"],
        "If you receive no response, open the escalation with the Manager On-call.": [
            "Manager On-call"
        ],
        "If you do not receive any response, you can escalate by posting on the Discourse "
        "forums.": ["Discourse forums"],
    }
    escalates_to(said, heading="Support")


def test_a_chain_of_duties_to_notify_across_sentences() -> None:
    pb = imported("""
        # Reporting

        Users must notify their immediate manager within 24 hours. The manager must
        immediately notify the ISM on call.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Immediate manager", "ISM on call"]
    # One duty to notify, with nothing before it that escalates, is a step.
    assert imported("# Reporting\n\nThe manager must notify the ISM.\n").get("escalation") is None


def test_the_next_one_named_after_the_first_sentence_of_a_step() -> None:
    pb = imported("""
        # How to start an escalation

        1. Decide which escalation level to use.
        1. Reach out to the account manager for assistance. If there is no account manager,
           reach out to the regional manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Account manager", "Regional manager"]


def test_escalation_by_delegating_by_rung_named_after_is_and_by_a_contact_list() -> None:
    said = {
        "When in doubt, delegate to the Tech Lead.": ["Tech Lead"],
        "The Information Security Manager is the primary on-call engineer.": [
            "Primary on-call engineer"
        ],
        "Should the primary on-call engineer be unavailable, the ISM is the secondary on-call "
        "engineer.": ["Secondary on-call engineer"],
        "If there are no responses, escalate to a phone call, using the emergency contact list.": [
            "Emergency contact list"
        ],
    }
    escalates_to(said, heading="Outages")
    # A contact list named without escalating is no escalation.
    assert (
        imported("# Contacts\n\nKeep the emergency contact list up to date.\n").get("escalation")
        is None
    )


def test_escalation_in_a_channel_by_first_name_or_to_who_can_help() -> None:
    said = {
        "Escalate in the #product-support Slack channel.": ["#product-support"],
        "There's also an exec on call who can help with comms.": ["Exec on call"],
        "If you're stuck, ask James or Tim.": ["James", "Tim"],
        "If nobody answers, rope in the database team.": ["Database team"],
        "If you can't fix it, grab a senior engineer.": ["Senior engineer"],
        "If it's out of hours, get hold of the duty manager.": ["Duty manager"],
    }
    escalates_to(said)


def test_examples_of_what_counts_as_an_incident_are_not_steps() -> None:
    pb = imported("""
        # Downtime runbook

        An incident is defined as an event that impacts the service. Some examples include:

        * The site is completely offline for users;
        * The application is returning errors unexpectedly; or
        * Data is able to be accessed by someone other than its audience.

        ## Response

        1. Open the incident channel.
        2. Page the incident lead.
    """)
    assert items(pb) == ["Open the incident channel.", "Page the incident lead."]


def test_the_label_inside_a_block_says_what_its_list_is() -> None:
    pb = imported("""
        # Incident response

        ## 2. Officially mark the beginning of the incident

        ```{important}
        An incident officially starts when:
        1. A pager incident exists
        2. Someone has acknowledged the incident
        3. A separate chat channel for this incident exists
        ```

        ## 3. Respond

        1. Post an update in the channel.
        2. Page the engineer on call.
    """)
    assert "A pager incident exists" not in items(pb)
    assert "Post an update in the channel." in items(pb)


def test_a_remark_on_the_step_before_or_why_it_is_done_is_not_a_step() -> None:
    pb = imported("""
        # Security release

        ## Announcement

        1. Email the announce list with the date of the release.
        2. This email should be actionable: users need to know when to patch.
        3. Publish the advisory.
        4. Because the list is public, leave out any detail of the exploit.
        5. It is important to credit the reporter.
    """)
    assert items(pb) == [
        "Email the announce list with the date of the release.",
        "Publish the advisory.",
    ]


def test_other_organisations_teams_are_not_roles() -> None:
    pb = imported("""
        # Handling reports

        Issues in a vendor's platform code go to the platform owners and their Product
        Security Incident Response Teams (PSIRT) directly.

        The Security Response Team (SRT) triages every report within a week.
    """)
    assert role_names(pb) == {"Security Response Team": "SRT"}


def test_github_groups_that_act_as_roles() -> None:
    pb = imported("""
        # Handling a report

        A member of the `acme/admins` group accepts the report as a draft advisory.
        The `acme/security-response` group is added to the advisory. Fixes are made
        in the acme/widgets repository, see https://github.com/acme/widgets/pulls.

        Once a fix is ready, a member of the acme/security-response group notifies
        the operators.
    """)
    assert role_names(pb) == {"acme/admins": "", "acme/security-response": ""}


def test_a_team_formed_or_named_in_quotes_for_each_issue() -> None:
    pb = imported("""
        # Security releases

        For each report a maintainer leads the work with the "Repair Team" and sends
        the emails. The Repair Team will develop the fix in a private fork.

        The first maintainers to answer will form the initial response team for the
        issue. The initial response team sets up an encrypted list.

        The security team will answer within a week. Thanks to the "Go Team" blog.
    """)
    assert set(role_names(pb)) >= {"Repair Team", "Initial response team"}
    assert not set(role_names(pb)) & {"Security team", "Go Team"}


def test_a_role_called_by_initials_that_act_and_roles_assigned_in_the_plural() -> None:
    pb = imported("""
        # Database escalation

        1. The engineer on call notifies the DBRE through the @dbre handle.
        2. DBRE responds to the ping and joins the incident call.
        3. If nobody else is free, the available DBRE can pass the incident on.
        4. Where there is only one DBRE, the DBRE will find someone who can help.
        5. Assign management sponsors from the legal and marketing teams.
    """)
    assert {"DBRE", "Management sponsor"} <= set(role_names(pb))


def test_a_chat_role_a_teams_hours_and_its_members_are_not_more_roles() -> None:
    pb = imported("""
        # Reporting

        If nobody answers, try pinging the `Acme Labs` role on the chat server.

        The support rotation is a business-hours only oncall.

        ## Hardware security officers

        The current team of hardware security officers:

        - Jane Doe
        - John Roe
    """)
    assert role_names(pb) == {"Hardware security officers": ""}


def test_a_sentence_under_a_levels_heading_says_what_that_level_means() -> None:
    pb = imported("""
        # Incidents

        ## Severity

        ### P1 - Critical

        Critical issues take the whole site down.

        ### P2 - High

        High issues degrade a core feature.

        ### P3 - Low

        Low issues are cosmetic.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("P1", "Critical issues take the whole site down."),
        ("P2", "High issues degrade a core feature."),
        ("P3", "Low issues are cosmetic."),
    ]


def test_a_message_template_in_a_shallow_rst_literal_block_is_not_steps() -> None:
    pb = imported("""
        Vulnerability process
        =====================

        Fix development
        ---------------

        #. Develop the fix in private.
        #. Request a CVE with the template below.

        CVE request
        ~~~~~~~~~~~

        Send the following text to the CNA::

          A vulnerability was discovered in the project.

          * Add the affected versions to the tracker.
          * Include the reporter's name for credit.
          * Attach the proposed patch.

        Publication
        -----------

        #. Publish the advisory.
    """)
    assert items(pb) == [
        "Develop the fix in private.",
        "Request a CVE with the template below.",
        "Publish the advisory.",
    ]


def test_a_template_s_sentences_about_itself_or_with_blanks_to_fill_are_not_steps() -> None:
    pb = imported("""
        # Incident response plan

        ## Detection

        This section should describe how the [Project Name] team detects incidents.

        ## Response process

        The security team will triage the report within two days. The [Project Name]
        maintainers will be notified through [communication channel]. This plan must be
        reviewed every year.
    """)
    assert items(pb) == ["The security team will triage the report within two days."]


def test_ways_you_can_do_one_thing_are_one_decision() -> None:
    pb = imported("""
        # Support on-call

        ## Paging the engineer on call

        To page the current engineer on call, you can:

        - Use the `/pd trigger` command in Slack to create an incident
        - Create an incident by hand from the support service
    """)
    assert items(pb) == ["To page the current engineer on call, you can"]
    assert "/pd trigger" in pb["phases"][0]["items"][0]["detail"]


def test_a_pointer_to_more_reading_among_the_steps_is_not_a_step() -> None:
    pb = imported("""
        # Incidents

        ## Severity

        | Level | Meaning |
        |---|---|
        | SEV1 | Site down |
        | SEV2 | Feature broken |

        ## Common scenarios

        - Revert the broken commit in a branch and open a PR.
        - Tag the owner of the reverted commit as a reviewer.
        - Merge the PR as soon as CI passes.
        - Deploy the fix.
        - See the deployment guide for details.
        - For CI issues, refer to the CI playbook.
        - More playbooks are available in the playbooks section of this page.
    """)
    assert items(pb) == [
        "Revert the broken commit in a branch and open a PR.",
        "Tag the owner of the reverted commit as a reviewer.",
        "Merge the PR as soon as CI passes.",
        "Deploy the fix.",
    ]


def test_a_question_in_a_procedure_s_prose_is_not_a_step() -> None:
    pb = imported("""
        # Incident response plan

        ## Response process

        The security team will triage the report within two days. Who should be notified
        when the report is confirmed? The maintainers will prepare a fix in private.
    """)
    assert items(pb) == [
        "The security team will triage the report within two days.",
        "The maintainers will prepare a fix in private.",
    ]


def test_what_another_team_does_to_the_reader_after_a_long_lead_is_not_a_step() -> None:
    pb = imported("""
        # Security incidents

        ## Reporting

        1. Report the incident to the security desk within one hour.
        2. Following your notification to the agency, the agency's Incident Response (IR) team will contact you for more information.
    """)
    assert items(pb) == ["Report the incident to the security desk within one hour."]


def test_examples_under_an_instruction_say_how_it_is_done() -> None:
    pb = imported("""
        # Phishing

        ## Contain

        * Contain the affected accounts
        * Block activity based on the indicators found, e.g.:
            * block malicious domains using DNS or proxies
            * block messages from similar senders at the mail gateway
        * Purge related messages from other inboxes
    """)
    assert items(pb) == [
        "Contain the affected accounts",
        "Block activity based on the indicators found, e.g.:",
        "Purge related messages from other inboxes",
    ]
    assert "malicious domains" in pb["phases"][0]["items"][1]["detail"]


def item_details(playbook: dict[str, Any]) -> list[tuple[str, str]]:
    return [(i["text"], i.get("detail", "")) for p in playbook["phases"] for i in p["items"]]


def test_a_paragraph_that_explains_a_command_block_is_not_a_step() -> None:
    pb = imported("""
        # Worker runbook

        ## Restart

        1. Restart the workers.

        ## Background

        The workers read from the queue in batches of a hundred.

        ```console
        $ kubectl get configmap worker -o yaml
        ```
    """)
    assert items(pb) == ["Restart the workers."]


def test_steps_inside_myst_tab_blocks_are_read() -> None:
    pb = imported("""
        # Incident response

        ## Steps

        ### 1. Validate the outage
           ````{tab-set}
           ```{tab-item} Alert
           :sync: alert
           - If the alert has the urgent tag, declare the outage.
           ```

           ```{tab-item} Ticket
           :sync: ticket
           - Try to reproduce the issue from the ticket.
           ```
           ````

        ### 2. Officially open the incident
           ```{note}
           Ask for help early.
           ```
    """)
    assert [i["text"] for i in phase(pb, "Steps")["items"]] == [
        "Validate the outage",
        "Officially open the incident",
    ]
    assert [i["text"] for i in phase(pb, "Validate the outage")["items"]] == [
        "If the alert has the urgent tag, declare the outage.",
        "Try to reproduce the issue from the ticket.",
    ]
    assert phase(pb, "Steps")["items"][1]["detail"] == "Ask for help early."


def test_instruction_sentences_each_over_a_command_block_are_steps_with_the_command() -> None:
    pb = imported("""
        # QueueBacklogHigh

        ## Meaning

        The alert fires when the queue holds more than a thousand messages.

        ## Diagnosis

        Log in to the cluster. Check whether the workers are running.

        ```console
        $ kubectl get pods -l app=worker
        ```

        Check if a deploy is in progress.

        ```console
        $ kubectl rollout status deploy/worker
        ```
    """)
    assert item_details(pb) == [
        ("Log in to the cluster.", ""),
        ("Check whether the workers are running.", "$ kubectl get pods -l app=worker"),
        ("Check if a deploy is in progress.", "$ kubectl rollout status deploy/worker"),
    ]
    assert items(pb)[0] == "Log in to the cluster."
    assert pb["phases"][0]["items"][0]["source"] == "SHAPES.md:10"


def test_a_process_written_in_prose_under_its_headings_is_steps() -> None:
    pb = imported("""
        # Security process

        The **security officer** answers for this process.

        ## Process

        ### Start of disclosure

        Disclosure starts when a reporter emails the security team. This first email
        should contain a description of the problem.

        The security team will provide a private mailing list for the discussion.

        ### Fix development

        The response team sets up a private repository. The response team contacts the
        affected vendors so they can name experts.

        ### Release

        The involved parties will agree on a release date. Note that the date may move.
    """)
    assert items(pb) == [
        "The security team will provide a private mailing list for the discussion.",
        "The response team sets up a private repository.",
        "The response team contacts the affected vendors so they can name experts.",
        "The involved parties will agree on a release date.",
    ]


def test_hedged_advice_sentences_under_procedure_headings_are_steps() -> None:
    pb = imported("""
        # After an outage

        ## Recovery

        ### Check your pods

        Pods usually come back on their own. However, it's still a good idea to check
        that they are all running. Restarting them may be a good first place to start.

        ### Check your pipelines

        It's wise to run a test pipeline after the outage. You should also check the
        build logs.
    """)
    assert items(pb) == [
        "However, it's still a good idea to check that they are all running.",
        "Restarting them may be a good first place to start.",
        "It's wise to run a test pipeline after the outage.",
        "You should also check the build logs.",
    ]


def test_prose_steps_after_any_condition_and_a_team_that_calculates() -> None:
    pb = imported("""
        # Vulnerability handling

        ## Triage process

        Upon receiving the report, a security team member should reply to the reporter.
        The security team calculates the severity score with the reporter.
        While we understand embargoes are hard, the embargo should be short.
    """)
    assert items(pb) == [
        "Upon receiving the report, a security team member should reply to the reporter.",
        "The security team calculates the severity score with the reporter.",
    ]


def test_a_list_of_process_sentences_under_a_process_heading_is_steps() -> None:
    pb = imported("""
        # Security group

        ## Process

        The following process occurs for each reported issue:

        * Within two business days, a member of the group is put in charge of the issue.
        * Members of the group discuss whether the issue is a security issue.
        * Patches are written and reviewed.
        * The issue champion obtains a CVE entry.
        * Once the embargo expires, the patch is posted publicly.
    """)
    assert len(items(pb)) == 5


def test_a_meeting_s_agenda_under_a_step_is_not_steps() -> None:
    pb = imported("""
        # Downtime runbook

        ## After the incident

        1. Add the timeline events and logs to the incident report while they are fresh.
        2. The incident lead will schedule an hour-long retrospective session for the team. The retro is an opportunity to do the following:
           1. Review the timeline of the incident and ensure it is accurate
           2. Identify anything that contributed to the incident
           3. Propose and agree on follow-up actions
        3. Finalise the incident report.
    """)
    assert items(pb)[2:] == ["Finalise the incident report."]
    assert "Review the timeline" not in items(pb)


def test_a_sentence_that_leads_in_to_a_list_is_not_a_step() -> None:
    pb = imported("""
        # Vulnerability disclosure

        ## Report

        We will respond within 3 days to acknowledge receipt of the report.

        ## Coordination

        We will coordinate work on the vulnerability via:

        - a private security advisory
        - a private fork of the repository
    """)
    assert items(pb) == ["We will respond within 3 days to acknowledge receipt of the report."]


def test_a_role_named_as_the_subject_after_this() -> None:
    pb = imported("""
        # Recording an incident

        Any maintainer can record an incident. This recorder is not necessarily the one
        who fixes the service.
    """)
    assert role_names(pb) == {"Recorder": ""}


def test_bullets_that_appoint_roles_under_a_numbered_step_are_steps_too() -> None:
    pb = imported("""
        ## Something is wrong

        1. Announce the incident in #ops
        2. Start a call in #ops-war-room
           * Identify an incident lead
           * Designate a communication lead
             * This is usually not an engineer.
        3. Update the status page
           * Use the template in the drive
           * Link the incident channel
    """)
    assert items(pb) == [
        "Announce the incident in #ops",
        "Start a call in #ops-war-room",
        "Identify an incident lead",
        "Designate a communication lead",
        "Update the status page",
    ]


def test_a_handling_process_in_sentences_leaves_out_words_to_the_reporter() -> None:
    pb = imported("""
        # Security policy

        ## Vulnerability handling

        - Members of the security team discuss the severity of the report.
        - When writing to us, please explain your issue briefly and clearly.
        - Patches are written and reviewed in a private branch.
        - The advisory is published on the website with the release.
    """)
    assert items(pb) == [
        "Members of the security team discuss the severity of the report.",
        "Patches are written and reviewed in a private branch.",
        "The advisory is published on the website with the release.",
    ]


def test_who_is_escalated_to_without_a_severity_a_purpose_or_a_footnote() -> None:
    said = {
        "This person is the escalation path for a bug.": [],
        "The lead escalates to P2 if the use is unauthorised.": [],
        "If the context changes, ask to close the support request.": [],
        "If it is urgent, ping the incident commander of critical issues.": ["Incident commander"],
        "If in doubt, AWS Support and AWS CIRT can help you.": ["AWS Support", "AWS CIRT"],
        "If you are ill, message the delivery manager and #ops-on-call Slack channel.": [
            "Delivery manager",
            "#ops-on-call",
        ],
        "When in doubt, delegate to the Tech Lead.[^note-on-delegation]": ["Tech Lead"],
        "If you get no reply, escalate by posting on the forums asking for a maintainer.": [
            "Forums"
        ],
        "High-Urgency page to service team.": ["Service team"],
    }
    escalates_to(said, heading="Escalation")


def test_escalation_stated_in_a_severity_levels_description() -> None:
    said = {
        "### Urgent\n\n- Site is down\n- Escalate to the on-call engineer at once\n\n"
        "### Low\n\n- A typo\n- Reply within a week": ["on-call engineer"],
        "### P1\n\nSite down. Page the on-call engineer and notify the engineering manager.": [
            "on-call engineer",
            "Engineering manager",
        ],
        "- **Urgent**: site down. Escalate to the on-call engineer.\n"
        "- **High**: a partner is blocked. Post in #product-support.\n"
        "- **Low**: a typo. The customer reports it to support.": [
            "on-call engineer",
            "#product-support",
        ],
    }
    escalates_to(said, heading="Priorities")


def test_who_is_subscribed_to_a_private_report_is_brought_in() -> None:
    said = {
        "The VMT subscribes the project's core security reviewers to the bug.": [
            "Project's core security reviewers"
        ],
        "The coordinator adds the PTL and the release managers to the private report.": [
            "PTL",
            "Release managers",
        ],
        "Add the affected maintainers as collaborators to the advisory.": ["Affected maintainers"],
        "Add a comment to the bug with the fix.": [],
    }
    escalates_to(said, heading="Triage")


def test_escalation_to_someone_described_rather_than_named() -> None:
    said = {
        "If you need help, escalate to someone on your team.": ["Someone on your team"],
        "Page someone more senior if you are unsure.": ["Someone more senior"],
        "Escalate to whoever owns the service.": ["Whoever owns the service"],
        "Escalate to the person who wrote the code.": ["Person who wrote the code"],
        "Escalate to an exec.": ["Exec"],
        "If it's serious, get the whole team on a call.": ["Whole team"],
        "If you need help, ask someone.": [],
    }
    escalates_to(said, heading="Escalation")


def test_people_listed_under_an_item_that_escalates_to_them() -> None:
    said = {
        "1. Post a link in the thread.\n2. If it's urgent, escalate to:\n"
        "   - the engineer on call\n   - the product manager for the area\n"
        "3. Reply to the customer.": ["Engineer on call", "Product manager for the area"],
        "- Tag the support engineer in the thread.\n- Escalate to one of:\n"
        "  - Engineering on-call (`@eng-oncall`)\n  - Product lead": [
            "Support engineer",
            "Engineering on-call",
            "Product lead",
        ],
        "- Check the logs.\n- Look at:\n  - the dashboard\n  - the error tracker": [],
    }
    escalates_to(said, heading="Escalating")


def test_people_listed_after_a_lead_in_that_escalates_to_them() -> None:
    said = {
        "If you can't resolve it, reach out to one of:\n\n- the engineer on call\n"
        "- the product manager": ["Engineer on call", "Product manager"],
        "When a customer is blocked, ping:\n\n- @eng-oncall\n- the product lead": [
            "@eng-oncall",
            "Product lead",
        ],
        "Check these first:\n\n- the dashboard\n- the status page": [],
    }
    escalates_to(said, heading="Support")


def test_the_page_that_goes_on_when_nobody_acknowledges_in_time() -> None:
    said = {
        "The primary on-call has 15 minutes to acknowledge before the page goes to the "
        "secondary.": ["Secondary"],
        "Until someone acknowledges, the alert escalates to the next engineer.": ["Next engineer"],
        "The page goes to the primary on-call.": [],
    }
    escalates_to(said)


def test_paragraphs_led_by_who_under_an_escalation_heading() -> None:
    pb = imported("""
        # Support

        ## Escalation

        **Engineering on-call**: for anything that looks like a bug.

        **Product manager**: for feature requests.

        Note: keep the customer informed.
    """)
    assert [(e["who"], e.get("condition")) for e in pb["escalation"]] == [
        ("Engineering on-call", "for anything that looks like a bug."),
        ("Product manager", "for feature requests."),
    ]


def test_headings_numbered_as_levels_of_something_else_are_not_severity_levels() -> None:
    assert levels_of("# Docs\n\n## Level 2 heading\n\ntext\n\n## Level 3 heading\n\ntext\n") == []
    assert levels_of("# Sev\n\n### Level 1 - Critical\n\nx\n\n### Level 2 - High\n\ny\n") == [
        "Level 1", "Level 2",
    ]  # fmt: skip


def test_headings_about_needing_help_say_who_to_bring_in() -> None:
    pb = imported("""
        # Support handbook

        ## If you need help

        - The support lead
        - The engineering on-call

        ## If you get stuck

        Ask in #eng-help. Your team lead can help too.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Support lead", "Engineering on-call", "#eng-help", "Team lead",
    ]  # fmt: skip


def test_escalation_when_nobody_answers_said_as_an_absence_or_in_the_passive() -> None:
    said = {
        "In the absence of a response from the maintainers, the coordinator reaches out to "
        "the project lead.": ["Project lead"],
        "Without a reply after 5 days, we contact the project leadership.": ["Project leadership"],
        "If the project lead is unresponsive too, the issue is raised with the Technical "
        "Committee.": ["Technical Committee"],
    }
    escalates_to(said, heading="Vulnerability management")


def test_support_hand_offs_in_the_passive_or_the_gerund() -> None:
    said = {
        "Second-line agents are responsible for escalating the issue to the platform team.": [
            "Platform team"
        ],
        "Frequent app crashes are addressed to the mobile team.": ["Mobile team"],
        "The secondary on-call is your backup.": ["Secondary on-call"],
        "For billing questions, reach out to the finance team.": ["Finance team"],
        "Still no luck? Get help from a senior support engineer.": ["Senior support engineer"],
    }
    escalates_to(said, heading="Responding to requests")


def test_sentences_that_bring_someone_in_without_a_word_of_escalation() -> None:
    said = {
        "Ping @team-infra in the thread.": ["@team-infra"],
        "Anything urgent should go straight to the on-call engineer.": ["on-call engineer"],
        "Page the database team.": ["Database team"],
        "Flag it in #team-growth.": ["#team-growth"],
        "Loop in someone from the infrastructure team.": ["Someone from the infrastructure team"],
        "After 30 minutes without progress, involve the team lead.": ["Team lead"],
        "Get the on-call engineer on a call.": ["on-call engineer"],
        "Bug reports: open an issue and ping the owning team.": ["Owning team"],
        "Product questions: ask in #product.": ["#product"],
    }
    escalates_to(said, heading="Handbook")


def test_a_security_process_hands_a_report_on_to_reviewers_or_a_committee() -> None:
    said = {
        "The report is then passed on to the project's core reviewers.": [
            "Project's core reviewers"
        ],
        "Members of the TC may be involved if the project is unresponsive.": ["Members of the TC"],
    }
    escalates_to(said, heading="Vulnerability management")
    pb = imported("# Support\n\n## Escalation\n\nTag the engineering team with their handle.\n")
    assert [e["who"] for e in pb["escalation"]] == ["Engineering team"]


def _items(pb: dict[str, Any]) -> list[tuple[str, str]]:
    return [(i["text"], i.get("detail", "")) for p in pb.get("phases", []) for i in p["items"]]


def test_a_paragraph_led_by_an_instruction_is_one_step_its_next_sentences_how() -> None:
    pb = imported("""
        # Security incident process

        **Incident lead**: whoever declares the incident.

        ## Response

        ### Containing the incident

        Revoke the leaked credentials as soon as you know of them. Rotate every token the
        credentials could reach. Note each token in the incident log.

        ### Telling users

        Post a notice on the status page once the credentials are revoked.
    """)
    assert _items(pb) == [
        ("Revoke the leaked credentials as soon as you know of them.",
         "Rotate every token the credentials could reach. Note each token in the incident log."),
        ("Post a notice on the status page once the credentials are revoked.", ""),
    ]  # fmt: skip


def test_what_a_document_sets_out_beside_its_procedure_is_not_steps() -> None:
    pb = imported("""
        # Vulnerability handling process

        ## Process

        ### Scope

        The team should handle every report about the main repository.

        ### References

        - Read the coordinated disclosure guide.
        - Follow the project's security policy.

        ### Triage

        The security team reviews each report within two days.
    """)
    assert [t for t, _ in _items(pb)] == ["The security team reviews each report within two days."]


def test_a_web_page_step_opened_by_where_or_why_is_an_instruction() -> None:
    pb = imported("""
        # Security advisories

        ## Drafting an advisory

        1. On the repository's main page, click **Security**.
        2. In the left sidebar, select **Advisories**.
        3. Under "Draft advisories", choose the advisory to edit.
        4. To publish it, click **Publish advisory**.

        ## Handling a report

        1. Acknowledge the report within two days.
    """)
    assert [t for t, _ in _items(pb)] == [
        "On the repository's main page, click Security.",
        "In the left sidebar, select Advisories.",
        'Under "Draft advisories", choose the advisory to edit.',
        "To publish it, click Publish advisory.",
        "Acknowledge the report within two days.",
    ]


def test_a_numbered_list_with_no_instruction_under_no_procedure_heading_is_not_steps() -> None:
    pb = imported("""
        # Security policy

        ## Release lines

        1. Security fixes go out in the current feature release line first.
        2. The long-term support line gets its fixes for three years after its release.
        3. Older lines get fixes for critical problems only, when a user asks for one.

        ## Handling a report

        1. Acknowledge the report within two days.
        2. Prepare a fix in a private fork.
    """)
    assert [t for t, _ in _items(pb)] == [
        "Acknowledge the report within two days.",
        "Prepare a fix in a private fork.",
    ]


def test_how_to_report_said_with_a_purpose_first_is_the_reporter_s_part() -> None:
    pb = imported("""
        # Security process

        ## Handling reports

        To report a vulnerability, send an email to the security list.

        The security team confirms the problem and prepares a fix.
    """)
    assert [t for t, _ in _items(pb)] == [
        "The security team confirms the problem and prepares a fix."
    ]


def test_what_follows_from_a_condition_is_not_a_step_among_steps() -> None:
    pb = imported("""
        # Publishing an advisory

        Steps:

        - Open the draft advisory.
        - If the advisory has a CVE, the identifier appears in the public database.
        - If nobody reviews it within a day, ping the security team.
        - If the fix is merged, released and announced, the advisory becomes public.
        - Publish the advisory.
    """)
    assert [t for t, _ in _items(pb)] == [
        "Open the draft advisory.",
        "If nobody reviews it within a day, ping the security team.",
        "Publish the advisory.",
    ]


def test_sections_of_a_document_titled_a_process_are_its_stages() -> None:
    pb = imported("""
        # Vulnerability Management Process

        ## Confirmation

        The security team acknowledges each report within a day. The security team
        reviews the reported vulnerability.

        ## Public disclosure

        The security team publishes the advisory on the mailing list.
    """)
    assert [t for t, _ in _items(pb)] == [
        "The security team acknowledges each report within a day.",
        "The security team reviews the reported vulnerability.",
        "The security team publishes the advisory on the mailing list.",
    ]


def test_the_prose_under_a_role_s_heading_says_who_the_role_is_not_steps() -> None:
    pb = imported("""
        # Security Incident Response Process

        ## Security Incident Lead

        The incident lead should be a member of the security team.

        ## Triage

        The security team should confirm the report within a day. The team assesses the
        severity of the incident.
    """)
    assert [t for t, _ in _items(pb)] == [
        "The security team should confirm the report within a day.",
        "The team assesses the severity of the incident.",
    ]


def test_the_answer_to_how_do_i_is_a_procedure_its_instruction_over_a_screenshot_a_step() -> None:
    pb = imported("""
        # Yanking

        ## When should I yank a release?

        Maintainers should consider yanking a broken release.

        ## How do I yank a release?

        To yank a release, go to the release management page for your project.

        Click on the `Options` button next to the release, then click `Yank`:

        ![](release-options-yank.png)

        Tell your users on the project's channels:

        - the project's mailing list
        - the issue tracker
    """)
    assert [t for t, _ in _items(pb)] == [
        "To yank a release, go to the release management page for your project.",
        "Click on the Options button next to the release, then click Yank:",
    ]


def test_gerunds_after_a_lead_that_names_steps_are_the_steps() -> None:
    pb = imported("""
        # Code signing reports

        ## Handling a compromised certificate

        If a compromise is reported, the team can take the following non-destructive actions
        without verifying the report first, as a precaution:

        * Rotating secrets associated with code signing.
        * Resetting passwords for accounts with access to signing certificates.

        ## Background

        Our releases are signed with one certificate:

        * Signing every installer since 2020.
        * Renewing it each year.

        ## Triage

        1. Acknowledge the report within two days.
    """)
    assert [t for t, _ in _items(pb)] == [
        "Rotating secrets associated with code signing.",
        "Resetting passwords for accounts with access to signing certificates.",
        "Acknowledge the report within two days.",
    ]


def test_what_the_reader_should_do_or_is_expected_to_do_in_a_list_is_steps() -> None:
    pb = imported("""
        # On-call

        ## On-call duties

        - Prior to going on-call, you should make sure that you can reach the dashboards.
        - During your shift, you are expected to keep your laptop within reach.
        - This helps keep the response time short.

        ## Handing over

        1. Write a summary of the open alerts for the next person on call.
    """)
    assert [t for t, _ in _items(pb)] == [
        "Prior to going on-call, you should make sure that you can reach the dashboards.",
        "During your shift, you are expected to keep your laptop within reach.",
        "Write a summary of the open alerts for the next person on call.",
    ]


def test_maintain_focus_and_an_instruction_after_a_for_clause_are_instructions() -> None:
    pb = imported("""
        # Incident checklist

        ## During the incident

        - Maintain communications with stakeholders.
        - Focus on coordination, not remediation.
        - For an issue with customer impact, ensure that a ticket exists.

        ## Closing

        1. Close the incident channel.
    """)
    assert [t for t, _ in _items(pb)] == [
        "Maintain communications with stakeholders.",
        "Focus on coordination, not remediation.",
        "For an issue with customer impact, ensure that a ticket exists.",
        "Close the incident channel.",
    ]


def test_a_web_page_s_controls_are_instructions_its_related_articles_are_links() -> None:
    pb = imported("""
        # Deactivate a user

        ## Deactivating an account

        - Hover over the user's name in the right sidebar.
        - In the upper right corner, click the menu icon.
        - Deactivate the account, and approve when asked.

        ## Related articles

        - [Mute a user](/help/mute-a-user)
        - [Change a user's role](/help/user-roles)
        - [Deactivate your own account](/help/deactivate-your-account)

        ## Closing

        1. Tell the team the account is closed.
    """)
    assert [t for t, _ in _items(pb)] == [
        "Hover over the user's name in the right sidebar.",
        "In the upper right corner, click the menu icon.",
        "Deactivate the account, and approve when asked.",
        "Tell the team the account is closed.",
    ]


def test_a_procedure_where_the_one_notified_notifies_the_next() -> None:
    pb = imported("""
        # Reporting a security event

        1. Write down what you saw and notify the duty officer.
        2. The duty officer checks the report.
        3. If it is an incident, the duty officer opens a ticket and notifies the CISO.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Duty officer", "CISO"]


def test_escalation_for_cases_a_process_does_not_cover() -> None:
    said = {
        "In those cases, contact security@example.org.": ["security@example.org"],
        "In situations not covered by this guide, please email security@example.org to seek "
        "guidance.": ["security@example.org"],
        "If the request is stuck for a day, ping the foundation's partners.": [
            "Foundation's partners"
        ],
    }
    escalates_to(said, heading="Vulnerability response")


def test_someone_there_to_help_or_taking_over_or_sent_what_cannot_be_resolved() -> None:
    said = {
        "The secondary on-call is there to support you; don't hesitate to page them.": [
            "Secondary on-call"
        ],
        "Reports that cannot be resolved by the maintainers are referred to the security "
        "committee.": ["Security committee"],
        "The security team is notified and takes over.": ["Security team"],
    }
    escalates_to(said, heading="Handbook")


def test_a_heading_of_control_characters_only_gives_a_phase_a_title() -> None:
    pb = imported("# \x1a\n[ ] Restart the worker\n")
    assert [p["title"] for p in pb["phases"]] == ["Checklist"]


def test_a_role_written_beside_its_rung_of_the_support_ladder() -> None:
    pb = imported("""
        # Helpdesk ladder

        <table><tr><th>Role</th><th>What they do</th></tr>
        <tr><td>Desk Agent | <b>Tier 1</b></td><td>Answers every call first.</td></tr>
        <tr><td>Tier 2 / Platform Engineer</td><td>Takes what the desk cannot fix.</td></tr>
        </table>
    """)
    assert [r["name"] for r in pb["roles"]] == ["Desk Agent", "Platform Engineer"]


def test_a_scale_its_lead_counts_each_level_with_its_meaning_in_brackets() -> None:
    pb = imported("""
        # Requests

        We use four priority levels:

        1. `Urgent` (for example, nobody can log in, payments fail)
        2. `High` (for example, a whole team is blocked)
        3. `Normal` (for example, one user has a problem, a report is slow)
        4. `Low` (for example, a question)
    """)
    names = [(s["name"], s.get("meaning")) for s in pb["severities"]]
    assert names[0] == ("Urgent", "for example, nobody can log in, payments fail")
    assert [n for n, _ in names] == ["Urgent", "High", "Normal", "Low"]


def test_roles_in_a_list_under_a_heading_of_roles_and_contacts() -> None:
    pb = imported("""
        # Response plan

        ## Roles and contacts

        - **Response Coordinator:** usually whoever maintains the release tooling.
        - **Reporting address:** the private advisory form.
        - **Backup Coordinator:** the other maintainer.

        ## Steps

        1. Acknowledge the report.
        2. Fix the problem.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Response Coordinator", "Backup Coordinator"]


def test_a_body_named_once_with_its_initials_then_called_by_them() -> None:
    pb = imported("""
        # Handling a breach

        1. The duty manager checks the alert and, if it is real, calls in the Cyber
           Emergency Response Group (CERG).
        2. On the CERG, one person keeps the log of what is done.
        3. When the threat is gone, the CERG writes the report.
    """)
    assert {r["name"]: r.get("short") for r in pb["roles"]}["Cyber Emergency Response Group"] == (
        "CERG"
    )


def test_a_body_whose_members_handle_reports_said_again_by_its_last_words() -> None:
    pb = imported("""
        # Reporting a flaw

        Reports are read only by members of the Acme Vulnerability Task Force. Nothing is
        shared outside the Task Force until a fix is out. Members of the Steering Committee
        are told once a release is planned.
    """)
    names = [r["name"] for r in pb.get("roles", [])]
    assert "Acme Vulnerability Task Force" in names
    assert not any("Steering" in n for n in names)  # it governs; it does not respond


def test_an_item_whose_label_ends_as_the_roles_beside_it() -> None:
    pb = imported("""
        # Who is paged

        - Platform Duty Officer on-call (PDOOC) – takes every page first.
        - Billing Systems on-call (BSOC) – owns payment failures.
        - Data Warehouse on-call – reloads broken imports overnight.
        - Office hours – someone answers the desk phone.
    """)
    names = [r["name"] for r in pb["roles"]]
    assert "Data Warehouse on-call" in names
    assert "Office hours" not in names


def test_a_paragraph_label_that_says_whose_steps_follow() -> None:
    pb = imported("""
        # Fixing a reported flaw

        Package developer process steps: 1. Open a private branch for the fix. 2. Ask the
        security contact for a CVE. 3. Merge and tag the release.

        Investigation steps: 1. Read the logs. 2. Find the first bad request.
    """)
    names = [r["name"] for r in pb["roles"]]
    assert names == ["Package developer"]


def test_the_holder_of_a_rotation_called_by_its_initials() -> None:
    pb = imported("""
        # Looking after the site

        Each week one maintainer is on the Weekly Triage Shift (WTS). The WTS holder reads
        the new reports every morning.

        ## Who leads an incident

        The WTS holder leads it unless they are away.
    """)
    assert "WTS holder" in [r["name"] for r in pb["roles"]]


def test_a_responding_body_that_is_the_subject_of_what_is_done() -> None:
    pb = imported("""
        # Vulnerability reports

        The Widget Incident Response Team reads every report within a day. Then the Widget
        Incident Response Team asks the maintainers for a fix. The Release Committee meets
        monthly; the Release Committee approves the roadmap.
    """)
    names = [r["name"] for r in pb.get("roles", [])]
    assert "Widget Incident Response Team" in names
    assert "Release Committee" not in names  # its name does not say it responds


# Escalation read from its context: under a heading about getting help, being stuck, hand-off
# or support tiers, or in a sentence that escalates, who is brought in is each role-like noun
# phrase, in the order written (not who brings them in, not a tool), whatever the verb.


def test_escalation_under_a_heading_about_getting_help_in_any_words() -> None:
    pb = imported("""
        # On-call

        ## Getting help

        You are never alone on call: ask in #team-infrastructure.

        The Engineering Manager is the final fallback.

        A quick word with the Database Guild Lead often saves an hour.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "#team-infrastructure", "Engineering Manager", "Database Guild Lead",
    ]  # fmt: skip


def test_escalation_in_a_support_guide_when_a_request_cannot_be_answered() -> None:
    pb = imported("""
        # Responding to support requests

        ## Replying

        Reply within a day. Still unsure? Run it by a Senior Support Specialist first.

        ## When you can't answer it

        For questions about how a feature should behave, the relevant Product Manager decides.

        Bugs that block a customer go to the Engineering on-call, with a heads-up to the
        Support Lead.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Senior Support Specialist", "relevant Product Manager", "Engineering on-call",
        "Support Lead",
    ]  # fmt: skip


def test_who_brings_someone_in_and_the_tool_are_not_who_is_brought_in() -> None:
    said = {
        "The support engineer on shift brings the Platform Lead into the thread through Slack.": [
            "Platform Lead"
        ],
        "The on-call SRE files a Jira ticket for the Storage team.": ["Storage team"],
        "Customers with a request from the Sales team get a reply within a day.": [],
        "As the incident commander, you decide when the Comms Lead is looped in.": ["Comms Lead"],
    }
    escalates_to(said, heading="If you are stuck")


def test_initials_a_document_spells_out_name_who_is_brought_in() -> None:
    pb = imported("""
        # Security incidents

        The Duty Security Officer (DSO) runs every incident; the QA team tests the fix.

        ## When you can't handle it

        The DSO has the final say. The QA team is told about the release.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["DSO"]


def test_a_lead_line_over_a_list_is_its_context() -> None:
    pb = imported("""
        # Operations

        **Alert routing:**

        - Manual: a user reports an issue, support escalates to engineering

        **If you're stuck:**

        - the Database Reliability team
        - #db-help
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Database Reliability team", "#db-help"]


def test_sub_headings_under_an_escalation_heading_name_who() -> None:
    pb = imported("""
        # Support

        ## Escalation path

        ### Support Engineering Manager

        Reachable on Slack during business hours.

        ### VP of Customer Experience

        Only for customer-facing outages.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Support Engineering Manager", "VP of Customer Experience",
    ]  # fmt: skip


def test_whom_a_verb_brings_in_said_of_who_does_it_anywhere() -> None:
    pb = imported("""
        # Incident management

        ## Triage

        1. The person receiving the report notifies the Security Officer.
        2. For a security incident, the Security Officer activates the Security Incident
           Response Team (SIRT) and notifies senior leadership by email.
        3. Reach out to the reporter.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Security Officer", "Security Incident Response Team", "senior leadership",
    ]  # fmt: skip


def test_whose_someone_is_stays_with_them_and_a_name_of_control_characters_is_no_one() -> None:
    said = {
        "After hours, escalate only P0s, and only to the primary on-call of the affected team.": [
            "primary on-call of the affected team"
        ],
    }
    escalates_to(said, heading="Process")
    assert imported("```\nLEVEL0:\x9d\n").get("escalation") is None


def test_who_is_brought_in_inside_html_and_by_a_process_in_the_passive() -> None:
    pb = imported("""
        # Support levels

        <table><tr><td>Level 2</td><td><p>If a product defect is confirmed, <strong>level 2
        agents hand the case over to the Platform team</strong>.</p></td></tr></table>

        ## Reviews

        Crash reports that keep coming back are passed on to the Desktop Apps team.

        ## Publishing

        If the registry takes more than a day, ping the Foundation partners, who may know why
        the process is stuck.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Platform team", "Desktop Apps team", "Foundation partners",
    ]  # fmt: skip


def test_nobody_answering_is_read_with_words_between_and_in_the_perfect() -> None:
    pb = imported("""
        # Handling reports

        ## Triage

        The triager reproduces the issue. If the maintainers haven't replied within a week,
        the triager contacts the steering committee.

        ## On call

        When nobody from the owning team responds within 15 minutes, go to their engineering
        manager, and after that to the VP of Engineering.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "steering committee", "Engineering manager", "VP of Engineering",
    ]  # fmt: skip


def test_people_one_paragraph_brings_in_are_in_the_order_it_names_them() -> None:
    pb = imported("""
        # Being on call

        ## When you get paged

        You are not expected to fix everything yourself. If you're out of your depth, bring in
        the owning team's on-call engineer. When nobody from the owning team responds within
        15 minutes, go to their engineering manager, and after that to the VP of Engineering.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Owning team's on-call engineer", "Engineering manager", "VP of Engineering",
    ]  # fmt: skip


def test_escalation_reads_pushing_it_up_to_someone_and_where_the_buck_stops() -> None:
    pb = imported("""
        # Service desk guide

        ## Escalation

        If a fix needs a code change, bump the ticket up to the platform lead. When the platform
        lead can't resolve it within a day, push it up to the head of platform.
        For outages, the buck stops at the CIO.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Platform lead", "Head of platform", "CIO",
    ]  # fmt: skip


def test_escalation_reads_who_is_next_in_line_and_who_is_rung() -> None:
    pb = imported("""
        # Out-of-hours cover

        ## Escalating

        If there's no answer, ring the duty engineer on their mobile. Next in line is the
        infrastructure manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Duty engineer", "Infrastructure manager",
    ]  # fmt: skip


def test_escalation_reads_who_must_be_made_aware_or_told() -> None:
    pb = imported("""
        # Data incidents

        ## Escalation

        If personal data is involved, the data protection officer must be made aware.
        Where the breach is still unresolved after a day, the general counsel needs to know.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Data protection officer", "General counsel",
    ]  # fmt: skip


def test_items_under_an_escalation_heading_keep_their_order_without_escalation_words() -> None:
    pb = imported("""
        # Handling tickets

        ## Escalation order

        1. Start with the shift supervisor.
        2. If that fails, hand it over to the service manager.
        3. Lastly, the head of IT.
    """)
    whos = [e["who"].lower() for e in pb["escalation"]]
    assert whos[:2] == ["shift supervisor", "service manager"]


def test_escalation_reads_who_is_kept_in_the_loop_in_the_order_named() -> None:
    pb = imported("""
        # Service desk

        ## Hard cases

        If a case is still stuck after a day, put your shift lead in the loop. They can
        escalate to the application support team.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Shift lead", "Application support team"]


def test_escalation_reads_the_fallback_after_failing_that_or_otherwise() -> None:
    pb = imported("""
        # Out of hours

        ## Escalation

        Phone the duty officer, otherwise the operations manager, or as a last resort the
        director of IT.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Duty officer", "Operations manager", "Director of IT",
    ]  # fmt: skip


def test_escalation_reads_who_is_there_as_backup() -> None:
    pb = imported("""
        # Rota

        ## Cover

        The deputy on-call is available as a backup whenever the primary is off sick.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Deputy on-call"]


def test_escalation_reads_someone_away_on_leave_or_off_sick_as_a_fallback() -> None:
    pb = imported("""
        # Night shift

        ## Cover

        The shift lead approves refunds. When the shift lead is on holiday, refunds go to the
        store manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Store manager"]


def test_escalation_names_supervisors_maintainers_architects_and_admins() -> None:
    pb = imported("""
        # Warehouse systems

        ## Stuck orders

        If nobody answers on the floor, ask the night supervisor. Still no answer after an
        hour? Phone the on-duty sysadmin, and after that the solutions architect.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Night supervisor", "On-duty sysadmin", "Solutions architect",
    ]  # fmt: skip


def test_the_one_a_fallback_falls_back_from_is_the_first_rung() -> None:
    pb = imported("""
        # Releases

        ## Blocked releases

        Talk to the release captain first. If the release captain is unreachable, message the
        engineering director.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Release captain", "Engineering director"]


def test_escalation_reads_one_of_a_group_and_not_a_phone_number() -> None:
    pb = imported("""
        # Payroll support

        ## Escalation

        If the payroll run fails, call one of the payroll administrators. If no one answers,
        ring the out-of-hours number, which is forwarded to the finance director.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Payroll administrators", "Finance director"]


def test_who_must_know_how_something_works_is_not_brought_in() -> None:
    pb = imported("""
        # Rota

        ## Escalation

        The whole support team should know how the rota works. The duty manager must know
        about any outage.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Duty manager"]


def test_escalation_reads_a_team_s_on_call_paged_and_the_next_one_after_or_if() -> None:
    pb = imported("""
        # Checkout service

        ## Alerts

        If card payments fail, the payments squad's on-call must be paged. They hand it to the
        squad lead, or when the lead is unavailable, to the head of payments.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Payments squad's on-call", "Squad lead", "Head of payments",
    ]  # fmt: skip


def test_escalation_reads_failing_to_respond_referral_chasing_and_copying_in() -> None:
    pb = imported("""
        # Advisory process

        ## Coordination

        The advisory board brings in outside reviewers as required. Should a vendor fail to
        reply by the deadline, the case is referred to the national CERT.
        If you are still waiting a week later, chase the programme manager, and also cc the
        programme director.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Outside reviewers", "National CERT", "Programme manager", "Programme director",
    ]  # fmt: skip


def test_a_report_being_triaged_does_not_stop_the_first_rung_being_read() -> None:
    pb = imported("""
        # Security handling

        ## Coordination

        Once a report is triaged, the owners of the affected module should be made aware. If
        an owner is unresponsive for ten days, the coordinator turns to the architecture council.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Owners of the affected module", "Architecture council",
    ]  # fmt: skip


def test_escalation_reads_falling_back_on_coordinating_with_and_a_stated_path() -> None:
    pb = imported("""
        # Disclosure

        ## Unresponsive vendors

        If a vendor is unresponsive, the response team coordinates with the national CERT.
        If the CERT has no reply by the deadline, fall back on the board chair.

        ## Outages

        If you can't get hold of the duty lead, the escalation path is the ops manager.
    """)
    whos = [e["who"] for e in pb["escalation"]]
    assert whos[:2] == ["National CERT", "Board chair"]
    assert sorted(whos[2:]) == ["Duty lead", "Ops manager"]  # and not "Escalation path is …"


def test_one_sentence_s_people_come_in_the_order_it_names_them() -> None:
    pb = imported("""
        # Plant operations

        ## Escalation

        If you cannot get hold of the shift engineer, the escalation contact is the plant
        manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Shift engineer", "Plant manager"]


def test_a_support_desk_s_ways_of_bringing_someone_in() -> None:
    escalates_to(
        {
            "If the shopper is still blocked, give the duty lead a heads-up.": ["Duty lead"],
            "When a refund is disputed, run it by the payments manager.": ["Payments manager"],
            "If you are not sure, touch base with the account owner.": ["Account owner"],
            "When the order is lost, DM the fulfilment lead.": ["Fulfilment lead"],
            "If it looks like fraud, flag it to the risk analyst.": ["Risk analyst"],
            "If the courier is at fault, open a ticket with the logistics team.": [
                "Logistics team"
            ],
            "If the app crashes on launch, get a mobile engineer to take a look.": [
                "Mobile engineer"
            ],
            "If the invoice is wrong, drop the billing specialist a note.": ["Billing specialist"],
        },
        heading="Working the queue",
    )


def test_a_hand_off_to_a_function_a_rung_or_a_named_channel() -> None:
    escalates_to(
        {
            "Pass it to DevOps.": ["DevOps"],
            "Send it to Product if it's a feature request.": ["Product"],
            "Harassment reports go to Trust & Safety.": ["Trust & Safety"],
            "Assign the ticket to Tier 2.": ["Tier 2"],
            "If the merchant is still stuck, post it in the merchant-ops channel.": [
                "Merchant-ops channel"
            ],
        },
        heading="Working the queue",
    )


def test_a_chain_of_notifications_keeps_who_comes_after_then() -> None:
    pb = imported("""
        # Data breach plan

        ## Reporting

        The campus security office notifies the CIO, then General Counsel.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["CIO", "General Counsel"]


def test_a_product_manager_by_initials_is_someone_to_bring_in() -> None:
    escalates_to(
        {
            "The support lead notifies the PM.": ["PM"],
            "Bugs found in triage are escalated: the triager informs the PO.": ["PO"],
        },
        heading="Triage",
    )


def test_an_it_service_desk_s_out_of_hours_call_referral_and_phone_call() -> None:
    escalates_to(
        {
            "Out of hours, contact the on-call technician via the switchboard.": [
                "on-call technician"
            ],
            "Refer the incident to the Records Management team.": ["Records Management team"],
            "The analyst logs a Priority 1 ticket and phones the Major Incident Manager.": [
                "Major Incident Manager"
            ],
            "Call the duty manager on 0161 496 0000 if the outage lasts an hour.": ["Duty manager"],
        },
        heading="Service desk procedure",
    )


def test_a_university_s_offices_and_officers_are_brought_in() -> None:
    pb = imported("""
        # Data incident plan

        ## Escalation

        The Information Security Office notifies the CIO, who notifies the Office of General
        Counsel.

        Notify the Provost, the Dean of the affected faculty and the Registrar.

        If a ticket needs a specialist, assign it to the resolver group.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "CIO", "Office of General Counsel", "Provost", "Dean of the affected faculty", "Registrar",
        "resolver group",
    ]  # fmt: skip


def test_a_routing_list_names_who_each_kind_of_request_goes_to() -> None:
    pb = imported("""
        # Help desk guide

        ## Where to send tickets

        - Printer faults: Desktop Support
        - Campus network down: Network Operations Centre
        - **Refund disputes**: open a case and assign it to the analyst on shift.
        - Power cuts: the data centre's own staff handle them; tell the Facilities Manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Desktop Support", "Network Operations Centre", "analyst on shift", "Facilities Manager",
    ]  # fmt: skip


def test_a_request_handed_up_a_rung_or_over_to_someone_in_the_passive() -> None:
    escalates_to(
        {
            "The case is then picked up by the Tier 3 team.": ["Tier 3 team"],
            "Chargebacks are flagged to the payments lead within a day.": ["payments lead"],
            "Abuse complaints should be sent straight to abuse@example.net.": ["abuse@example.net"],
            "Pricing exceptions should be discussed with the sales director.": ["sales director"],
            "The warehouse on-call can be reached through the #wh-oncall channel.": [
                "Warehouse on-call"
            ],
            "The client's delivery manager must be copied on every reply.": [
                "Client's delivery manager"
            ],
        },
        heading="Working the queue",
    )


def test_a_role_referred_to_by_a_name_is_no_hand_off() -> None:
    escalates_to(
        {"The coordinator for each report, referred to as the case owner, drafts the fix.": []},
        heading="Working the queue",
    )


def test_whoever_is_on_call_is_named_by_the_noun_after_on_call() -> None:
    pb = imported("""
        # Support

        ## Getting help

        If you are stuck after an hour, loop in the on-call dev for the service. Still
        stuck? Ask the on call folks in the platform channel, or page the database on-call rotation.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "on-call dev for the service", "On call folks", "Database on-call rotation",
    ]  # fmt: skip


def test_escalation_to_a_teams_rotation_names_whoever_is_on_it() -> None:
    pb = imported("""
        # Paging

        ## Out of hours

        Nobody from the team answered? Escalate to the platform rotation, and failing that the
        infrastructure roster.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Platform rotation", "Infrastructure roster"]


def test_people_listed_under_an_escalation_lead_in_without_a_colon() -> None:
    pb = imported("""
        # Weekend cover

        ## When stuck

        - If the fix is beyond you, escalate to
          - the platform lead
          - the head of engineering
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Platform lead", "Head of engineering"]


def test_handing_off_to_another_one_keeps_another_and_the_relevant_lead_keeps_relevant() -> None:
    pb = imported("""
        # Rota

        ## Handing over

        If you can't finish the fix, hand it off to another developer and check they have
        picked it up. If nobody can resolve it in a day, escalate it to the relevant lead.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["another developer", "Relevant lead"]


def test_a_teams_own_leads_named_by_their_initials() -> None:
    pb = imported("""
        # Support rota

        ## Unclear requests

        If the request is unclear, check with the PM on the squad. Still blocked? Escalate to the
        PO, and if it touches several squads, ask the EMs.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["PM on the squad", "PO", "EMs"]


def test_both_rungs_paged_a_phone_number_and_the_dba_on_call() -> None:
    pb = imported("""
        # Database on-call

        ## Escalation

        The primary and secondary responders are both paged for a full outage. If the secondary
        is also unreachable, phone the duty manager on the number in the ops handbook. For
        schema problems, the DBA on call.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Primary and secondary responders", "Duty manager", "DBA on call",
    ]  # fmt: skip


def test_enlisting_help_making_aware_and_engaging_with_are_who_is_brought_in() -> None:
    pb = imported("""
        # Alerts

        ## Responding

        The duty developer triages each alert, and liaises with the affected squads as needed.

        1. Check the dashboards
           - If the fault is upstream, make sure the payments team is aware of it.
        2. Fix it
          > Enlist help from the SRE guild and/or the platform architects.
          - The duty developer and the incident lead should record what they try.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "affected squads", "Payments team", "SRE guild", "Platform architects",
    ]  # fmt: skip


def test_a_reporter_s_ladder_after_a_lead_that_says_nobody_answered() -> None:
    pb = imported("""
        # Reporting security issues

        ## Reporting

        Mail your report to the private list.

        If your report has not been acknowledged within three days, try the following, in order:

        1. Write to the release manager directly.
        2. Write to the back-up contact directly.
        3. Ask in #widgets-dev without giving details.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "release manager", "back-up contact", "#widgets-dev",
    ]  # fmt: skip


def test_a_longer_doer_may_bring_someone_in_after_a_condition() -> None:
    pb = imported("""
        # Vulnerability handling

        ## Fixing

        The affected project's reviewers prepare a patch in private. If the patch stalls for
        more than a month, the coordinator and the release team may reach out to the steering
        committee for a decision.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Steering committee"]


def test_a_vulnerability_process_brings_in_collaborators_maintainers_and_a_cna() -> None:
    pb = imported("""
        # Vulnerability handling

        ## Triage

        Within five days, a triager answers the reporter. If in doubt, invite more project
        collaborators to help assess the report.

        ## Follow-up

        Once the issue is confirmed, they contact the maintainers of the affected library to
        agree a release date.

        ## Second contact

        If you do not receive an acknowledgment of your report within ten days, you may contact
        the Widget Foundation CNA at https://cna.example.org/ for assistance.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "More project collaborators", "Maintainers of the affected library",
        "Widget Foundation CNA",
    ]  # fmt: skip


def test_a_team_as_a_whole_is_someone_to_bring_in() -> None:
    pb = imported("""
        # Disclosure

        ## No answer

        If nobody has replied within a week, contact the team as a whole in the chat.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Team as a whole"]


def test_a_coordinator_pulls_in_reviewers_then_notifies_stakeholders_and_packagers() -> None:
    pb = imported("""
        # Vulnerability process

        ## Triage

        A member of the security team triages each report. The coordinator then pulls in the core
        reviewers of the affected component and, once a fix exists, notifies downstream
        stakeholders.

        ## Release

        1. The maintainers prepare a fix in private.
        2. The coordinator notifies the distribution packagers a week before the release.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Core reviewers of the affected component", "Downstream stakeholders",
        "distribution packagers",
    ]  # fmt: skip


def test_reports_redirected_to_a_team_bring_that_team_in() -> None:
    pb = imported("""
        # Reporting

        ## Scope

        Reports about the hosted service are redirected to the operations team.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Operations team"]


def test_who_reported_the_issue_is_not_who_it_is_escalated_to() -> None:
    pb = imported("""
        # Vulnerability process

        ## Handling

        If the fix slips, the coordinator notifies the security researcher who found it. If the
        maintainers do not respond within a week, the coordinator escalates to the Technical
        Committee.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Technical Committee"]


def test_a_vulnerability_process_hands_over_brings_in_and_defers_in_many_words() -> None:
    pb = imported("""
        # Vulnerability handling

        ## Fixing

        Once confirmed, the issue is assigned to a member of the core team. The release managers
        are brought in to schedule a security release.

        We may also notify the distros mailing list up to 7 days before disclosure.

        ## Disputes

        Where the maintainers are unresponsive, the board may intervene. If the maintainers
        dispute the severity, the final decision rests with the security council.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Member of the core team", "Release managers", "distros mailing list", "Board",
        "Security council",
    ]  # fmt: skip


def test_a_peer_a_vendor_s_manager_and_the_campus_police_are_brought_in() -> None:
    escalates_to(
        {
            "If you're stuck, ask a colleague to pair with you.": ["Colleague"],
            "Engage the supplier's account manager if the fault is on their side.": [
                "Supplier's account manager"
            ],
            "For out-of-hours emergencies, call the Campus Police dispatcher.": [
                "Campus Police dispatcher"
            ],
        },
        heading="Service desk procedure",
    )


def test_a_rotation_is_whoever_is_on_it() -> None:
    escalates_to(
        {
            "If the refund is stuck, flag it to the triage rotation in #refunds.": [
                "Triage rotation"
            ]
        },
        heading="Working the queue",
    )


def test_a_briefing_and_a_decision_to_notify_bring_someone_in() -> None:
    pb = imported("""
        # Campus IT

        ## Major incidents

        If a P1 is not resolved within four hours, the duty manager informs the Head of
        Infrastructure, who briefs the CIO. The CIO decides whether to notify the Provost.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Head of Infrastructure", "CIO", "Provost"]


def test_a_ticket_s_assignee_is_someone_to_nudge() -> None:
    escalates_to(
        {"When the SLA is at risk, nudge the assignee.": ["Assignee"]},
        heading="Working the queue",
    )


def test_an_escalation_matrix_is_read_across_its_stage_columns() -> None:
    pb = imported("""
        # Index cluster

        ## Escalation matrix

        | Severity | First responder | Escalation 1 (15 min) | Escalation 2 (30 min) |
        |---|---|---|---|
        | SEV1 | Index on-call engineer | Indexing team lead | Head of platform |
        | SEV2 | Index on-call engineer | Indexing team lead | |
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Index on-call engineer", None), ("Indexing team lead", "15m"),
        ("Head of platform", "30m"),
    ]  # fmt: skip


def test_a_support_chain_with_numbered_escalation_columns_keeps_every_stage() -> None:
    pb = imported("""
        # Support chain

        | Team | Manager | Escalation N+1 | Escalation N+2 |
        |---|---|---|---|
        | First-line support | Support team leader | Service manager | Operations manager |
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Support team leader", "Service manager", "Operations manager",
    ]  # fmt: skip


def test_escalation_rungs_a_line_each_in_one_paragraph_are_no_severity_levels() -> None:
    pb = imported("""
        # Ingest service

        ## Escalation

        Level 1: Ingest on-call engineer
        Level 2: Data platform lead, after 30 minutes
        Level 3: VP of Engineering
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Ingest on-call engineer", None), ("Data platform lead", "30m"),
        ("VP of Engineering", None),
    ]  # fmt: skip
    assert not pb.get("severities")


def test_bold_rung_labels_on_broken_lines_each_name_who_is_on_the_rung() -> None:
    pb = imported("""
        # Mail relay

        ## Escalation

        **Primary:** Mail on-call engineer<br>
        **Secondary:** Messaging team lead<br>
        **Tertiary:** Head of infrastructure
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Mail on-call engineer", "Messaging team lead", "Head of infrastructure",
    ]  # fmt: skip


def test_an_html_escalation_matrix_names_each_stage_once_and_either_of_two_in_a_cell() -> None:
    pb = imported("""
        # Escalation matrix

        <table>
        <thead><tr><th>Team</th><th>Owner</th><th>Escalation 1</th><th>Escalation 2</th></tr></thead>
        <tbody>
        <tr><td>Tier 1 Helpdesk</td><td>Helpdesk Supervisor</td><td>Service Owner</td><td>Head of IT / Duty Director</td></tr>
        <tr><td>Tier 2 Platform</td><td>Service Owner</td><td>Head of IT</td><td>Duty Director</td></tr>
        </tbody>
        </table>
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Helpdesk Supervisor", "Service Owner", "Head of IT", "Duty Director",
    ]  # fmt: skip
    assert not pb.get("severities")


def test_an_escalation_matrix_with_delays_as_column_names_brings_in_after_each() -> None:
    pb = imported("""
        # Ledger service

        ## Escalation matrix

        | Severity | Initial responder | 15 min | 1 hour |
        |---|---|---|---|
        | P1 | Ledger on-call | Finance systems lead | Chief Financial Officer |
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Ledger on-call", None), ("Finance systems lead", "15m"),
        ("Chief Financial Officer", "1h"),
    ]  # fmt: skip
    assert [s["name"] for s in pb["severities"]] == ["P1"]


def test_a_contact_table_with_a_column_saying_when_to_escalate_is_an_escalation() -> None:
    pb = imported("""
        # Billing

        ## Contacts

        | Role | Contact | Escalate when |
        | --- | --- | --- |
        | Billing on-call | @billing-oncall | Always first |
        | Payments lead | @pay-lead | Not resolved in 1 hour |
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Billing on-call", None), ("Payments lead", "1h"),
    ]  # fmt: skip


def test_escalation_chains_linked_by_greater_than_signs_name_everyone_in_order() -> None:
    pb = imported("""
        # Launch week

        ## Escalation contacts

        Ops: on-call SRE > SRE team lead > head of operations

        If the error rate > 5% for 10 minutes, page the database lead.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "on-call SRE", "SRE team lead", "Head of operations", "Database lead",
    ]  # fmt: skip


def test_escalation_policy_rules_numbered_by_label_each_bring_someone_in() -> None:
    pb = imported("""
        # Payments API

        ## Escalation policy

        - Rule 1: notify the payments on-call engineer immediately.
        - Rule 2: after 30 minutes, notify the payments team lead.
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Payments on-call engineer", None), ("Payments team lead", "30m"),
    ]  # fmt: skip


def test_a_table_of_who_is_notified_after_how_long_is_an_escalation_under_any_heading() -> None:
    pb = imported("""
        # Checkout outage

        **Who gets notified:**

        | Time | Role | Method |
        |------|------|--------|
        | Immediately | Checkout on-call | Page |
        | 20 min | Commerce team lead | Page |
        | 1 hour | Head of commerce | Call |

        ## Rota

        | Time | Who |
        |------|-----|
        | 00-12h | Checkout engineer A |
        | 12-24h | Checkout engineer B |
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Checkout on-call", None), ("Commerce team lead", "20m"), ("Head of commerce", "1h"),
    ]  # fmt: skip


def test_who_staffs_each_tier_of_a_support_ladder_by_its_who_label() -> None:
    pb = imported("""
        # Service desk

        ## Support tiers

        ### First line
        - **Who**: Customer care representatives, help desk staff
        - **Scope**: password resets

        ### Second line
        - **Who**: Application analysts
    """)
    whos = [e["who"] for e in pb["escalation"]]
    assert "Customer care representatives" in whos and "help desk staff" in whos
    assert whos.index("help desk staff") < whos.index("Application analysts")


def test_a_policy_that_notifies_and_waking_the_head_of_a_department() -> None:
    pb = imported("""
        # Pager

        ## Escalation policy

        Our escalation policy notifies the primary at once, the backup after 5 minutes and the
        team manager after 20 minutes.

        ## Nights

        The duty manager decides whether to wake the director of operations.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Primary", "Backup", "Team manager", "duty manager", "director of operations",
    ]  # fmt: skip


def test_what_an_on_call_rotation_has_is_not_who_is_on_call() -> None:
    pb = imported("""
        # Paging

        ## Escalation

        - Primary: PagerDuty / On-call system
        - Secondary: the engineering manager
    """)
    assert "On-call system" not in [e["who"] for e in pb["escalation"]]


def test_a_tier_heading_whose_bracket_says_its_line_names_the_tier() -> None:
    pb = imported("""
        # Support model

        ## Support tiers

        ### Tier 1 Support (First Line)

        Password resets and known issues.

        ### Tier 2 Support (Second Line)

        Anything that needs logs.
    """)
    whos = [e["who"] for e in pb["escalation"]]
    assert whos[:2] == ["Tier 1 Support", "Tier 2 Support"]
    assert "Line" not in whos


def test_the_first_responder_keeps_first() -> None:
    pb = imported("""
        # Out of hours

        ## Escalation

        Escalate to the first responder, then the duty manager.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["First responder", "Duty manager"]


def test_stage_columns_named_by_rank_are_read_across_but_a_rota_of_names_is_not() -> None:
    pb = imported("""
        # Network on-call

        ## Coverage

        | Area | Primary | Secondary | Escalation |
        |------|---------|-----------|------------|
        | Edge | Network engineer | Senior network engineer | Head of networks |

        ## Rota

        | Week | Primary | Secondary |
        |---|---|---|
        | 1 | Alice | Bob |
        | 2 | Bob | Carol |
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Network engineer", "Senior network engineer", "Head of networks",
    ]  # fmt: skip


def test_a_first_responder_column_is_who_responds_not_a_response_time() -> None:
    report = import_runbook(
        dedent("""
            # Queue cluster

            ## Escalation matrix

            | Severity | First responder | Escalation 1 | Escalation 2 |
            |---|---|---|---|
            | SEV1 | Queue on-call engineer | Messaging team lead | Head of platform |
        """),
        "shapes",
        "SHAPES.md",
    )
    assert not [n for n in report.notes if "response time" in n]
    assert [e["who"] for e in report.playbook["escalation"]][0] == "Queue on-call engineer"


def test_a_drawn_ladder_names_each_tier_in_brackets_or_after_a_dash() -> None:
    pb = imported("""
        # Print service

        ## Escalation path

        ```
        Tier 1 (Service desk)
            ↓ (if unresolved)
        Tier 2 (Print on-call engineer)
            ↓ (after 30 minutes)
        Tier 3 - Print vendor support
        ```
    """)
    assert [(e["who"], e.get("after")) for e in pb["escalation"]] == [
        ("Service desk", None), ("Print on-call engineer", None),
        ("Print vendor support", "30m"),
    ]  # fmt: skip


def test_prose_under_a_moment_heading_is_steps_beside_a_longer_list() -> None:
    pb = imported("""
        # Incident response

        ## Checklist

        - Open the incident channel
        - Page the on-call engineer
        - Post a status page update
        - Start the incident log

        ## After the incident

        Once the incident is over, the incident commander should notify the stakeholders.
        The scribe should reread the log and highlight the important events.
    """)
    said = items(pb)
    assert (
        "Once the incident is over, the incident commander should notify the stakeholders." in said
    )
    assert "The scribe should reread the log and highlight the important events." in said


def test_one_sentence_under_a_moment_heading_beside_a_list_is_a_remark() -> None:
    pb = imported("""
        # Incident response

        ## Checklist

        - Open the incident channel
        - Page the on-call engineer
        - Post a status page update

        ## During the incident

        The incident commander should keep calm.
    """)
    assert not any("keep calm" in t for t in items(pb))


def test_timed_instructions_under_an_instruction_heading_are_steps() -> None:
    pb = imported("""
        # Emergency call process

        ## Joining

        - Join the bridge
        - Announce yourself
        - Open the ticket
        - Read the summary

        ### Take a break

        Consider taking breaks during long calls.

        When the call begins, set a timer for ninety minutes.

        When the timer goes off, summarise the current state for everyone.
    """)
    said = items(pb)
    assert "When the call begins, set a timer for ninety minutes." in said
    assert "When the timer goes off, summarise the current state for everyone." in said
    assert not any(t.startswith("Consider taking breaks") for t in said)


def test_unnumbered_instruction_headings_in_a_run_are_steps() -> None:
    pb = imported("""
        # Vulnerability response runbook

        ## Select an incident manager

        By default, whoever learns of the vulnerability first has this duty.

        ## Create a draft security advisory

        Under the Security tab, the advisory form opens.

        ## Background reading

        The advisory database explains the fields.

        ## Notify the announce list

        The list is read by downstream packagers.
    """)
    said = items(pb)
    assert said[:3] == [
        "Select an incident manager", "Create a draft security advisory", "Notify the announce list",
    ]  # fmt: skip


def test_instruction_headings_that_are_topics_advice_or_over_their_steps_are_no_steps() -> None:
    topics = imported("""
        # Security release process

        ## Fix Team Organization

        The fix lead forms the team.

        ## Fix Development Process

        Patches are developed in private.

        ## Fix Disclosure Process

        Disclosure follows the release.
    """)
    assert not any(t.startswith("Fix ") for p in topics.get("phases", []) for t in
                   [i["text"] for i in p["items"]])  # fmt: skip
    advice = imported("""
        # On-call

        ## Paging

        - Acknowledge the page
        - Open the incident channel

        ## Expectations

        ### Be alert and available

        Pages come at any time.

        ### Prepare ahead of your shift

        The calendar lists customer events.

        ### Ask for help when needed

        Nobody expects you to know everything.
    """)
    assert not any(t.startswith(("Be alert", "Prepare ahead")) for p in advice.get("phases", [])
                   for t in [i["text"] for i in p["items"]])  # fmt: skip
    over_lists = imported("""
        # Incident process

        ## Declare the incident

        - Open the incident channel
        - Page the incident lead

        ## Contain the damage

        The attacker is usually still active.

        ## Notify the customers

        Customers expect a notice within a day.

        ## Close the incident

        The retrospective follows within a week.
    """)
    said = items(over_lists)
    assert "Open the incident channel" in said and "Notify the customers" in said
    assert "Declare the incident" not in said  # the heading of its list, not a step


def test_instruction_headings_beside_a_longer_list_are_its_topics() -> None:
    pb = imported("""
        # Incident process

        ## Triage checklist

        - Open the incident channel
        - Page the incident lead
        - Check the dashboards
        - Post a status update

        ## Keep calm

        Stress makes for bad decisions.

        ## Ask questions

        Nobody knows everything.

        ## Share context

        Others join later than you.
    """)
    said = items(pb)
    assert "Post a status update" in said
    assert not any(t in said for t in ("Keep calm", "Ask questions", "Share context"))


def test_a_sub_list_of_forensic_instructions_is_steps() -> None:
    pb = imported("""
        # Containment

        1. Review what the security team collected.
        2. Perform the following forensic preparation, as needed:
            1. Securely connect to the affected system over a trusted connection.
            2. Retrieve any volatile data from the affected system.
            3. Secure the network perimeter around it.
        3. Apprise senior management of progress.
    """)
    said = items(pb)
    for step in ("Securely connect to the affected system over a trusted connection.",
                 "Retrieve any volatile data from the affected system.",
                 "Apprise senior management of progress."):  # fmt: skip
        assert step in said


def test_a_follow_up_on_the_outcome_under_an_instruction_is_a_step_of_its_own() -> None:
    pb = imported("""
        # Eradication

        1. Determine the cause on the affected system.
        2. Run a vulnerability assessment of the system.
            1. If more issues are found, take measures to prevent them.
        3. Follow the discussion on the call.
            * If you are not the expert, ask the expert first. Too many voices confuse.
    """)
    said = items(pb)
    assert "If more issues are found, take measures to prevent them." in said
    assert not any(t.startswith("If you are not the expert") for t in said)


def test_steps_numbered_inside_a_paragraph_are_steps_with_their_detail() -> None:
    pb = imported("""
        # Security response

        ## Team steps

        - Acknowledge the report within a day
        - Determine if the problem is new
        - Coordinate with all collaborators
        - Publish the advisory

        Maintainer steps: 1. Create a private review of the fix. 2. Draft the advisory in
        the tracker. Follow the template. 3. Review the advisory with stakeholders. 4. Work
        with the team to identify CVEs.

        Our history: 1. The project started in 2010. 2. The team grew. 3. The policy changed
        twice since.
    """)
    found = {i["text"]: i.get("detail", "") for p in pb["phases"] for i in p["items"]}
    assert found["Create a private review of the fix."] == ""
    assert found["Draft the advisory in the tracker."] == "Follow the template."
    assert "Work with the team to identify CVEs." in found
    assert not any("2010" in t or "team grew" in t for t in found)


def test_a_bare_verb_over_its_sub_list_names_the_steps_below_it() -> None:
    pb = imported("""
        # Response plan

        ## Investigation and mitigation

        - **Investigate** the root cause and the impact.
        - **Mitigate**:
          - Patch the vulnerable service.
          - Rotate the compromised tokens.
        - **Document** all findings.
    """)
    said = items(pb)
    assert "Patch the vulnerable service." in said and "Rotate the compromised tokens." in said
    assert "Mitigate" not in said


def test_a_term_and_what_it_means_is_no_step_among_steps() -> None:
    pb = imported("""
        # Incident response

        ## Incident response steps

        - **Severity**: The severity decides who is paged.
        - **Timeline**: A record of what happened, kept by the scribe.
        - **Triage**: The coordinator confirms the report and assigns a severity.
        - Page the on-call engineer.
        - Open the incident channel.
    """)
    assert items(pb) == ["Triage", "Page the on-call engineer.", "Open the incident channel."]


def test_conditions_that_finish_the_sentence_before_them_are_no_steps() -> None:
    pb = imported("""
        # On-call

        ## Engaging the on-call manager

        You should page the on-call manager through PagerDuty

        - immediately on a weekend or a holiday.
        - if you don't get a reply to your Slack message after ten minutes.

        ## Handover

        - if a customer is still in a call, tell the incoming on-call.
        - Open the incident channel.
    """)
    assert items(pb) == [
        "if a customer is still in a call, tell the incoming on-call.",
        "Open the incident channel.",
    ]


def test_setting_up_ones_own_tools_for_on_call_is_no_step() -> None:
    pb = imported("""
        # On-call

        ## Responding to a page

        1. Acknowledge the page.
        2. Open the incident channel.

        ## Automatically update your Slack status when you go on call

        ### Configure PagerDuty to send a notification email

        1. Go to "My Profile" on PagerDuty.
        2. Click "Add Email Address".

        ### Configure Gmail to label these emails

        1. Open your filter settings.
        2. Click "Create Filter".

        ## Declare the incident

        ### Set up the incident channel

        1. Create a Slack channel named after the incident.
    """)
    assert items(pb) == [
        "Acknowledge the page.", "Open the incident channel.",
        "Create a Slack channel named after the incident.",
    ]  # fmt: skip


def test_establishing_the_incident_response_programme_is_no_step_of_a_response() -> None:
    pb = imported("""
        # Security incident response policy

        ## Procedure for establishing the incident response system

        1. Define the on-call schedule and assign a security manager for each window.
        2. Require all staff to complete incident response training twice a year.

        ## Procedure for executing incident response

        1. Notify the security manager on call.
        2. Open an incident ticket.
    """)
    assert items(pb) == ["Notify the security manager on call.", "Open an incident ticket."]


def test_how_to_word_a_message_is_no_step_but_sending_it_is() -> None:
    pb = imported("""
        # Security incident

        ## Contain

        - Don't power off the affected hosts.
        - Be careful not to alert the attacker.
        - Snapshot the disks.

        ## External communication

        - Be honest and present the facts.
        - Don't speculate about the cause.
        - Avoid jargon.
        - Send the statement once legal approves it.
    """)
    assert items(pb) == [
        "Don't power off the affected hosts.", "Be careful not to alert the attacker.",
        "Snapshot the disks.", "Send the statement once legal approves it.",
    ]  # fmt: skip


def test_a_question_with_its_remark_and_a_pointer_to_more_information_are_no_steps() -> None:
    pb = imported("""
        # Incident response

        ## Assess

        - Is this an incident (i.e., did what we suspect actually happen?)
        - Check the audit logs for the account.
        - More information on incident response roles and responsibilities:
          - [Roles](https://example.org/roles)
          - [Escalation](https://example.org/escalation)
        - Page the incident commander.
    """)
    assert items(pb) == ["Check the audit logs for the account.", "Page the incident commander."]


def test_an_abbreviation_spelled_out_is_a_glossary_line_not_a_step() -> None:
    pb = imported("""
        # Vulnerability management process

        ## Process

        1. **GSA**: Great Security Advisory, published for issues fixed in all supported releases.
        2. **VRT**: Vulnerability Response Team, the people who coordinate the fix.
        3. **MTTR**: Mean time to recovery, measured from the first alert.
        4. Confirm the report with the reporter.
        5. Assign a severity to the issue.

        ## Release

        1. Merge the fix on every supported branch.
        2. Publish the advisory.
    """)
    assert items(pb) == [
        "Confirm the report with the reporter.", "Assign a severity to the issue.",
        "Merge the fix on every supported branch.", "Publish the advisory.",
    ]  # fmt: skip


def test_a_label_naming_a_thing_over_text_that_tells_no_one_anything_is_no_step() -> None:
    pb = imported("""
        # Vulnerability handling

        ## Handling steps

        - **Private reports**: only the team and the reporter can see them.
        - **Embargo length**: no longer than 90 days.
        - **Day 7**: patch sent to the distributors.
        - **Publication**: The advisory is published on the website.
        - Confirm the report with the reporter.
        - Assign a severity.
    """)
    assert items(pb) == [
        "Day 7", "Publication", "Confirm the report with the reporter.", "Assign a severity.",
    ]  # fmt: skip


def test_the_promises_a_team_keeps_are_policy_not_steps() -> None:
    pb = imported("""
        # Vulnerability handling

        ## Response steps

        1. Confirm the report with the reporter.
        2. Assign a severity.

        ## Our commitments

        - We respond to every report within two business days.
        - We publish an advisory for every fixed vulnerability.

        ## Response times and SLAs

        - We acknowledge a critical report within four hours.

        ## Mitigation (within SLA)

        - Roll back the release.
        - Disable the feature flag.
    """)
    assert items(pb) == [
        "Confirm the report with the reporter.", "Assign a severity.", "Roll back the release.",
        "Disable the feature flag.",
    ]  # fmt: skip


def test_a_rule_for_every_employee_is_policy_not_a_step() -> None:
    pb = imported("""
        # Incident response plan

        ## Containment

        - Employees must not discuss incidents outside the response team.
        - Staff shall report a lost laptop to the service desk.
        - Isolate the affected hosts.
        - Rotate exposed credentials.
    """)
    assert items(pb) == ["Isolate the affected hosts.", "Rotate exposed credentials."]


def test_what_being_on_call_earns_is_no_step() -> None:
    pb = imported("""
        # On-call

        ## When you get paged

        1. Acknowledge the page in PagerDuty.
        2. Check the alert's runbook.

        ## Getting paid

        - Add your on-call hours to the expenses sheet.

        ## Phone and data reimbursement

        - Claim your phone bill for the months you were on call.
    """)
    assert items(pb) == ["Acknowledge the page in PagerDuty.", "Check the alert's runbook."]


def test_a_sentence_about_the_phase_its_heading_names_is_no_step_in_it() -> None:
    pb = imported("""
        # Incident response

        ## Phases

        ### Containment

        - Containment limits the damage of the incident.
        - Disconnect the affected hosts from the network.

        ### Eradication

        1. Eradication removes the attacker's foothold.
        2. Remove the malware from the hosts.

        ### Review

        - Reviewers check the patch.
        - Merge the patch.
        - Tag the release.
    """)
    assert items(pb) == [
        "Disconnect the affected hosts from the network.", "Remove the malware from the hosts.",
        "Reviewers check the patch.", "Merge the patch.", "Tag the release.",
    ]  # fmt: skip


def test_what_the_team_has_is_no_step() -> None:
    pb = imported("""
        # On-call

        ## How to respond to an alert

        - Acknowledge the alert.
        - We have a communication plan for keeping stakeholders informed.
        - We use PagerDuty for paging the secondary.
        - We publish a status update every hour.
        - Open an incident ticket.
    """)
    assert items(pb) == [
        "Acknowledge the alert.", "We publish a status update every hour.",
        "Open an incident ticket.",
    ]  # fmt: skip


def detail(playbook: dict[str, Any], text: str) -> str:
    return next(
        i.get("detail", "") for p in playbook["phases"] for i in p["items"] if i["text"] == text
    )


def test_steps_in_html_details_boxes_keep_their_commands() -> None:
    pb = imported("""
        # Loader outage

        <details><summary>Step 1: Check the loader status</summary>

        ```sh
        systemctl status loader
        ```

        </details>

        <details>
        <summary>Step 2: Restart the loader</summary>
        Drain the queue first.
        </details>
    """)
    assert items(pb) == ["Check the loader status", "Restart the loader"]
    assert detail(pb, "Check the loader status") == "systemctl status loader"
    assert detail(pb, "Restart the loader") == "Drain the queue first."


def test_a_box_of_boxes_is_a_phase_and_a_list_item_may_be_a_box() -> None:
    pb = imported("""
        # Data service

        <details>
        <summary>Recovering the migrator</summary>

        <details><summary>Stop the migrator</summary>

        ```
        kubectl scale deploy/migrator --replicas=0
        ```

        </details>

        </details>

        ## Site down

        1. <details><summary>Roll back the last deploy</summary>

           ```
           fly releases rollback
           ```

           </details>
        2. Tell customers on the status page.
    """)
    assert phase(pb, "Recovering the migrator")["items"][0]["text"] == "Stop the migrator"
    assert items(pb)[1:] == ["Roll back the last deploy", "Tell customers on the status page."]
    assert detail(pb, "Roll back the last deploy") == "fly releases rollback"


def test_commands_between_numbered_steps_are_the_steps_detail() -> None:
    pb = imported("""
        # Rerun a failed load

        1. Check the pipeline status

        ```bash
        aws ecs describe-services --cluster etl
        ```

        2. Reset the failed jobs

        ```sql
        UPDATE jobs SET status = 'pending';
        ```

        3. Restart the pipeline service
    """)
    assert items(pb) == [
        "Check the pipeline status", "Reset the failed jobs", "Restart the pipeline service",
    ]  # fmt: skip
    assert detail(pb, "Check the pipeline status") == "aws ecs describe-services --cluster etl"
    assert detail(pb, "Reset the failed jobs") == "UPDATE jobs SET status = 'pending';"


def test_html_lists_nest_and_a_line_break_ends_the_step() -> None:
    pb = imported("""
        # Mail outage

        <p>Follow these steps in order.</p>

        <ol>
        <li>Confirm the outage with the status page
          <ul>
            <li>Check the mail queue length</li>
          </ul>
        </li>
        <li>Notify the service desk<br>Use the priority line.</li>
        <li><p>Open a change ticket</p></li>
        </ol>
    """)
    assert items(pb) == [
        "Confirm the outage with the status page", "Notify the service desk", "Open a change ticket",
    ]  # fmt: skip
    assert detail(pb, "Confirm the outage with the status page") == "Check the mail queue length"
    assert detail(pb, "Notify the service desk") == "Use the priority line."


def test_a_service_runbooks_pointers_coding_practice_and_own_to_dos_are_no_steps() -> None:
    pb = imported("""
        # Claims API

        ## Restore the claims API

        1. Check the health endpoint.
        2. Restart the API tasks.

        ## Return codes

        - For return code 2 see [the loader guide](https://example.gov/loader)
        - For return code 7 see [the retry page](https://example.gov/retry)

        ## Coding practice

        - Keep functions small and pure.
        - Write a unit test for every bug fix.

        ## TODO for this document

        - [ ] Add screenshots of the dashboard
        - [ ] Update the cluster names
    """)
    assert items(pb) == ["Check the health endpoint.", "Restart the API tasks."]


def test_a_line_leading_to_a_command_between_steps_is_the_steps_detail() -> None:
    pb = imported("""
        # Recover from a failed nightly run

        ## Steps

        1. Check the pipeline status in the console.

        Run this to see the last executions:

        ```
        aws stepfunctions list-executions --max-items 5
        ```

        2. Restart the run from the failed task.

        **NOTE:** Stop the loader before you truncate the staging tables.

        3. Truncate the staging tables.
    """)
    assert items(pb) == [
        "Check the pipeline status in the console.", "Restart the run from the failed task.",
        "Truncate the staging tables.",
    ]  # fmt: skip
    assert detail(pb, "Check the pipeline status in the console.") == (
        "Run this to see the last executions:\naws stepfunctions list-executions --max-items 5"
    )


def test_a_details_box_titled_over_several_lines_in_a_bullet_list() -> None:
    pb = imported("""
        # Release pipeline broken

        - <details>
          <summary>
          Revoke the leaked token
          </summary>

          ```
          gh secret delete PYPI_TOKEN
          ```
          </details>
        - Tell the maintainers.
          <details>

          <summary>
          Examples
          </summary>

          * A maintainer's laptop was stolen.

          </details>
        - Rotate the signing key.
    """)
    assert items(pb) == [
        "Revoke the leaked token", "Tell the maintainers.", "Rotate the signing key.",
    ]  # fmt: skip
    assert detail(pb, "Revoke the leaked token") == "gh secret delete PYPI_TOKEN"


def test_a_table_of_steps_gives_each_step_its_command() -> None:
    pb = imported("""
        # VPN outage

        <table>
          <tr><th>#</th><th>Action</th><th>Command</th></tr>
          <tr><td>1</td><td>Check the VPN concentrator</td><td><code>vpnctl status</code></td></tr>
          <tr><td>2</td><td>Restart the tunnel</td><td><code>systemctl restart ipsec</code></td></tr>
        </table>
    """)
    assert items(pb) == ["Check the VPN concentrator", "Restart the tunnel"]
    assert detail(pb, "Restart the tunnel") == "systemctl restart ipsec"


def test_bold_numbered_steps_keep_the_commands_below_them() -> None:
    pb = imported("""
        # Queue backlog

        **Step 1 - Check the queue depth**

        ```
        rabbitmqctl list_queues name messages
        ```

        **Step 2 - Scale the consumers**

        ```
        kubectl scale deploy/consumer --replicas=10
        ```
    """)
    assert items(pb) == ["Check the queue depth", "Scale the consumers"]
    assert detail(pb, "Scale the consumers") == "kubectl scale deploy/consumer --replicas=10"


def test_an_html_items_command_and_second_paragraph_are_its_detail() -> None:
    pb = imported("""
        # Wiki outage

        <ol>
          <li>Restart the wiki service
            <pre><code>sudo systemctl restart confluence</code></pre>
          </li>
          <li><p>Tell the help desk.</p>
          <p>They update the status page.</p></li>
          <li>Check the wiki loads.</li>
        </ol>
    """)
    assert items(pb) == ["Restart the wiki service", "Tell the help desk.", "Check the wiki loads."]
    assert detail(pb, "Restart the wiki service") == "sudo systemctl restart confluence"
    assert detail(pb, "Tell the help desk.") == "They update the status page."


def test_a_list_of_roles_after_a_sentence_that_says_they_are_roles() -> None:
    pb = imported("""
        # Major Incident Plan

        ## Organisation

        The following roles are assigned during an incident:

        - Duty Manager: coordinates the response and makes decisions
        - **Service Owner** – restores the affected service
        - Minute Taker: records the timeline

        ## Procedure

        1. Log the incident in the service desk.
    """)
    roles = {r["name"]: r["responsibilities"] for r in pb["roles"]}
    assert roles == {
        "Duty Manager": ["coordinates the response and makes decisions"],
        "Service Owner": ["restores the affected service"],
        "Minute Taker": ["records the timeline"],
    }


def test_roles_a_clause_makes_its_subject_with_what_they_do() -> None:
    pb = imported("""
        # How we handle outages

        ## Who does what

        When something breaks, the Duty Lead coordinates the response; a Status Officer
        keeps customers informed, and the Platform Engineer applies the fixes.

        ## Security releases

        Once a fix is ready, the security coordinator requests a CVE and a release manager
        prepares the patch release. The package manager installs it; the engineer applies it.
        The reporter receives a thank-you.
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Duty Lead", "Status Officer", "Platform Engineer", "Security coordinator",
        "Release manager",
    ]  # fmt: skip


def test_roles_a_glossary_table_defines_and_a_who_is_involved_list() -> None:
    pb = imported("""
        # Council incident plan

        ## Terms used

        | Term | Meaning |
        |------|---------|
        | Recovery Coordinator | The person who runs the recovery |
        | Runbook | A document of steps |
        | Severity | How bad the incident is |

        ## Who is involved

        - **Duty Manager (DM)**: out of hours, decides whether to invoke this plan.
        - **ICT On-Call Engineer**: investigates and fixes.
        - **Head of Customer Services**: approves public statements.
    """)
    assert [(r["name"], r.get("short", ""), r["responsibilities"]) for r in pb["roles"]] == [
        ("Recovery Coordinator", "", ["The person who runs the recovery"]),
        ("Duty Manager", "DM", ["out of hours, decides whether to invoke this plan."]),
        ("ICT On-Call Engineer", "", ["investigates and fixes."]),
        ("Head of Customer Services", "", ["approves public statements."]),
    ]


def test_roles_beside_who_holds_them_and_abbreviations_written_first() -> None:
    pb = imported("""
        # Outage handling

        ## Roles

        * Priya Natarajan — Incident Commander
        * Tomás Ortega — Scribe

        ## Response team

        | Name | Role | Phone |
        |------|------|-------|
        | Alice Brown | Duty Manager | 555-0100 |
        | Carlos Diaz | Security Officer | 555-0101 |

        **Also**

        - OL — Operations Lead
        - CL — Communications Lead
    """)
    assert [(r["name"], r.get("short", ""), r.get("usually", "")) for r in pb["roles"]] == [
        ("Incident Commander", "", "Priya Natarajan"), ("Scribe", "", "Tomás Ortega"),
        ("Duty Manager", "", "Alice Brown"), ("Security Officer", "", "Carlos Diaz"),
        ("Operations Lead", "OL", ""), ("Communications Lead", "CL", ""),
    ]  # fmt: skip


def test_a_templates_roles_with_their_holders_left_blank() -> None:
    pb = imported("""
        # Incident Response Plan Template

        ## Contacts

        Incident Lead: [Name, phone]
        Deputy Incident Lead: [Name, phone]
        **Executive Sponsor:** <name>

        ## Incident team

        - Duty Manager: ________
        - Technical Lead: ________
        - Communications: ________
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Lead", []), ("Deputy Incident Lead", []), ("Executive Sponsor", []),
        ("Duty Manager", []), ("Technical Lead", []), ("Communications", []),
    ]  # fmt: skip


def test_a_role_named_by_a_longer_or_past_deed_of_its_holder() -> None:
    pb = imported("""
        # When the pager goes off

        Whoever is on call when the alert fires owns it until they hand it over.
        The person who opened the ticket runs the response.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Whoever is on call when the alert fires", ["owns it until they hand it over."]),
        ("Person who opened the ticket", ["runs the response."]),
    ]


def test_a_roles_abbreviation_quoted_bracketed_or_said_another_way() -> None:
    pb = imported("""
        # Roles

        - Incident Commander ("IC"): runs the incident
        - Communications Lead, or CL: posts updates
        - Technical Lead [TL]: fixes things

        ### Operations Lead - OL

        Changes production.

        An Emergency Coordinator (“EC”) is appointed for a disaster.
    """)
    assert [(r["name"], r.get("short", "")) for r in pb["roles"]] == [
        ("Incident Commander", "IC"), ("Communications Lead", "CL"), ("Technical Lead", "TL"),
        ("Operations Lead", "OL"), ("Emergency Coordinator", "EC"),
    ]  # fmt: skip


def test_roles_an_incident_is_given_or_a_sentence_lists_after_roles_during() -> None:
    pb = imported("""
        # Incidents

        Each incident has an incident lead and a communications lead. Larger incidents also
        get a technical lead, and every incident has a lead time of minutes.

        ## Service desk

        Roles during an outage are Duty Manager, Comms Officer and Ops Lead.
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Incident lead", "Communications lead", "Technical lead", "Duty Manager",
        "Comms Officer", "Ops Lead",
    ]  # fmt: skip


def test_a_heading_that_tells_to_contact_a_role_is_no_role_named_so() -> None:
    pb = imported("""
        # Runbook

        ## Page the Duty Manager

        Send a page.

        ## Release Manager

        - Cuts the release
    """)
    assert [r["name"] for r in pb["roles"]] == ["Release Manager"]


def test_the_roles_a_list_under_a_team_heading_or_after_made_up_of_names() -> None:
    pb = imported("""
        # Library incident response

        ## Incident Response Team

        - Incident Response Manager: coordinates the response.
        - Systems Librarian: restores the catalogue.
        - Communications Coordinator: informs patrons and staff.

        ## Recovery

        The recovery crew is made up of:

        - the Head of Facilities
        - a Systems Administrator
        - the Estates Duty Officer
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Incident Response Manager", "Systems Librarian", "Communications Coordinator",
        "Head of Facilities", "Systems Administrator", "Estates Duty Officer",
    ]  # fmt: skip


def test_a_table_of_duties_whose_first_column_is_mostly_roles_by_their_words() -> None:
    pb = imported("""
        # Plan

        | Function | Responsibility |
        |----------|----------------|
        | Recovery Coordinator | Runs the response |
        | Systems Librarian | Restores systems |
        | Communications Officer | Informs patrons |
    """)
    assert {r["name"]: r["responsibilities"] for r in pb["roles"]} == {
        "Recovery Coordinator": ["Runs the response"], "Systems Librarian": ["Restores systems"],
        "Communications Officer": ["Informs patrons"],
    }  # fmt: skip


def test_a_role_named_with_the_person_holding_it_is_who_not_their_address() -> None:
    pb = imported("""
        # Security Policy

        ## Reporting a vulnerability

        Please report security issues to the security list.

        If you have not heard back within 2 business days, please:

        - email the maintainer Jane Doe directly at jane@example.org
        - contact the project lead
    """)
    assert [e["who"] for e in pb["escalation"]] == ["maintainer Jane Doe", "project lead"]


def test_the_address_where_someone_is_reached_is_not_someone_else() -> None:
    escalates_to(
        {
            "If there is no reply, reach the maintainers on Matrix at #proj:matrix.org.": [
                "maintainers"
            ],
        },
        heading="No response?",
    )


def test_a_lead_in_naming_the_list_of_contacts_is_not_one_of_them() -> None:
    pb = imported("""
        # Escalation

        Escalation contacts, in order:

        1. Primary on-call engineer
        2. Engineering manager
        3. VP of Engineering
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Primary on-call engineer", "Engineering manager", "VP of Engineering",
    ]  # fmt: skip


def test_support_lines_ending_with_an_outside_supplier_each_bring_one_in() -> None:
    pb = imported("""
        # IT Service Continuity

        ## Escalation contacts

        **First line:** Service Desk (ext. 1234)
        **Second line:** Infrastructure team
        **Third line:** external supplier
    """)
    assert [(e["who"], e["source"]) for e in pb["escalation"]] == [
        ("Service Desk", "SHAPES.md:6"), ("Infrastructure team", "SHAPES.md:7"),
        ("External supplier", "SHAPES.md:8"),
    ]  # fmt: skip


def test_the_last_one_of_a_chain_said_finally_is_brought_in_too() -> None:
    pb = imported("""
        # Incident handling

        When something breaks, the person who notices posts in #ops. Should the on-call
        engineer not answer within 10 minutes, they call the backup on-call, and finally the
        CTO.
    """)
    assert [e["who"] for e in pb["escalation"]][-2:] == ["Backup on-call", "CTO"]


def test_whom_a_body_may_involve_is_brought_in() -> None:
    pb = imported("""
        # Vulnerability handling

        1. A member of the security response team acknowledges the report within 3 days.
        2. If the team does not reach consensus, the issue is escalated to the Technical
           Oversight Committee.
        3. The TOC may involve the Linux Foundation's legal counsel.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Technical Oversight Committee", "Linux Foundation's legal counsel",
    ]  # fmt: skip


def test_people_listed_by_name_with_their_handle_or_address_are_named() -> None:
    pb = imported("""
        # Security Policy

        If you don't get a response within 5 days, contact one of these people directly:

        - Alice Smith (@alice)
        - Bob Jones <bob@example.org>
        - Li Wei (`@liwei` on GitHub)
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Alice Smith (@alice)", "Bob Jones bob@example.org", "Li Wei",
    ]  # fmt: skip


def test_who_does_not_respond_in_the_sentence_after_is_the_first_brought_in() -> None:
    pb = imported("""
        # Support process

        ## Urgent issues

        Critical issues are handled by our engineer on duty, 24/7. If they don't respond within
        15 minutes, the call is escalated to the team lead.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["engineer on duty", "Team lead"]


def test_who_a_reporter_got_no_answer_from_is_not_who_they_are() -> None:
    pb = imported("""
        # Reporting

        Post the report in #security. If they don't get an answer within a day, reporters
        escalate to the security lead.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Security lead"]


def test_who_could_not_resolve_it_and_whom_others_involve_are_brought_in() -> None:
    pb = imported("""
        # Incident policy

        Escalation is as follows. Incidents that cannot be resolved by the service desk within
        30 minutes are passed to second-line support. The report is triaged by a member of the core team, who
        will involve other maintainers as needed. The emergency phone line rings the engineer
        on standby.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "service desk", "Second-line support", "other maintainers", "engineer on standby",
    ]  # fmt: skip


def test_a_time_zone_in_a_contact_table_is_no_one() -> None:
    pb = imported("""
        # Security

        ## Security contacts

        If the security address does not answer, contact one of:

        | Name | Email | Timezone |
        |---|---|---|
        | Jane Doe | jane@proj.dev | CET |
        | John Roe | john@proj.dev | PST |
    """)
    assert "PST" not in [e["who"] for e in pb["escalation"]]


def test_people_named_after_the_role_they_hold_are_each_brought_in() -> None:
    pb = imported("""
        # Security Policy

        Please report vulnerabilities to security@proj.dev. You will receive a response within
        48 hours. If you haven't, please reach out to any of the core maintainers directly:
        Jane Doe, John Roe or Max Mustermann.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Core maintainers", "Jane Doe", "John Roe", "Max Mustermann",
    ]  # fmt: skip


def test_escalating_via_the_emergency_phone_line_brings_in_the_line() -> None:
    escalates_to(
        {
            "Out of hours, escalate via the emergency phone line.": ["emergency phone line"],
            "For P1 issues, escalate by phoning the emergency line on +44 20 7946 0000.": [
                "emergency line"
            ],
        },
        heading="Escalation",
    )


def test_a_note_that_orders_the_work_is_a_step_a_note_that_remarks_is_not() -> None:
    pb = imported("""
        # Restore the warehouse

        ## Steps

        1. Check the health endpoint.
        2. **NOTE:** Stop the loader before you truncate the staging tables.
        3. Truncate the staging tables.
        4. **Note:** this step can take an hour.
    """)
    assert items(pb) == [
        "Check the health endpoint.", "NOTE: Stop the loader before you truncate the staging tables.",
        "Truncate the staging tables.",
    ]  # fmt: skip


def test_cadences_and_response_times_written_as_words() -> None:
    pb = imported("""
        ## Priority levels

        | | P1 - Critical | P2 - High | P3 - Medium |
        |---|---|---|---|
        | Response time | 15 minutes | 1 hour | 1 business day |
        | Update cadence | Every 30 minutes | Twice a day | Daily |

        ## Ticket priorities

        - **Urgent** – production is down. First response within 1 hour; updates hourly.
        - **Low** – feature requests and feedback. First response within 3 business days.
        - **Normal** – a question. Respond within one working day. Updates: weekly.
    """)
    assert [(s["name"], s.get("response"), s.get("update_every")) for s in pb["severities"]] == [
        ("P1", "15m", "30m"),
        ("P2", "1h", "12h"),
        ("P3", "1d", "1d"),
        ("Urgent", "1h", "1h"),
        ("Low", "3d", None),
        ("Normal", "1d", "7d"),
    ]


def test_levels_enumerated_in_a_sentence_with_their_meanings_in_brackets() -> None:
    pb = imported("""
        # How we handle outages

        We use three levels: critical (the service is down for everyone), major (a feature
        is broken for many users) and minor (cosmetic, or a workaround exists).
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("critical", "the service is down for everyone"),
        ("major", "a feature is broken for many users"),
        ("minor", "cosmetic, or a workaround exists"),
    ]
    traffic = imported("""
        # Capacity

        Traffic is high (evenings), medium (afternoons) or low (nights) through the day.
    """)
    assert traffic.get("severities") is None


def test_a_priority_matrix_states_the_levels_in_its_cells_not_its_headers() -> None:
    pb = imported("""
        # Incident priority

        | | **Urgency: High** | **Urgency: Medium** | **Urgency: Low** |
        |---|---|---|---|
        | **Impact: High** | P1 | P2 | P3 |
        | **Impact: Medium** | P2 | P3 | P4 |
        | **Impact: Low** | P3 | P4 | P4 |

        | Priority | Target response |
        |---|---|
        | P1 | 30 minutes |
        | P4 | 2 days |
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("P1", "30m"),
        ("P2", None),
        ("P3", None),
        ("P4", "2d"),
    ]
    words = imported("""
        # Severity matrix

        | Impact / Urgency | High | Medium | Low |
        |---|---|---|---|
        | Extensive | Critical | High | Medium |
        | Moderate | High | Medium | Low |
    """)
    assert [s["name"] for s in words["severities"]] == ["Critical", "High", "Medium", "Low"]


def test_response_times_given_to_each_level_in_one_sentence() -> None:
    pb = imported("""
        # Security response policy

        Reports are classified into four severities: Critical, High, Medium and Low.
        Critical issues are acknowledged within 24 hours, High within 3 days, Medium within
        a week and Low within 4 weeks.
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("Critical", "1d"),
        ("High", "3d"),
        ("Medium", "7d"),
        ("Low", "28d"),
    ]
    support = imported("""
        # Support

        ## Priorities

        - P1: outage
        - P2: degraded

        ## Responding

        We respond to P1 tickets within 15 minutes and to P2 within an hour.
    """)
    assert [(s["name"], s.get("response")) for s in support["severities"]] == [
        ("P1", "15m"),
        ("P2", "1h"),
    ]


def test_level_headings_under_a_numbered_section_keep_their_names() -> None:
    pb = imported("""
        # Incident response plan

        ## 4. Incident classification

        ### 4.1 Level 1 — Emergency

        Dispatch systems are down. The on-call manager responds within 15 minutes.

        ### 4.2 Level 2 — Urgent

        A department cannot work. Response within 2 hours.
    """)
    assert [(s["name"], s.get("title"), s.get("response")) for s in pb["severities"]] == [
        ("Level 1", "Emergency", "15m"),
        ("Level 2", "Urgent", "2h"),
    ]


def test_levels_a_sentence_says_the_scale_is_and_cadences_led_by_the_level() -> None:
    pb = imported("""
        # Ops notes

        Priorities are P1 – site down, P2 – a feature is broken, P3 – cosmetic.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("P1", "site down"),
        ("P2", "a feature is broken"),
        ("P3", "cosmetic"),
    ]
    comms = imported("""
        # Incident comms

        ## Severity levels

        | Severity | Description |
        |---|---|
        | Critical | All customers affected |
        | Major | Many customers affected |

        ## Updates

        For critical incidents, post an update every 30 minutes; for major incidents,
        once a day.
    """)
    assert [(s["name"], s.get("update_every")) for s in comms["severities"]] == [
        ("Critical", "30m"),
        ("Major", "1d"),
    ]


def test_levels_graded_by_a_letter() -> None:
    pb = imported("""
        # Platform team incident guide

        ## Severities

        **Severity A** — Total outage. Respond immediately; updates every 30 minutes.

        **Severity B** — Partial outage. Respond within 1 hour; updates every 2 hours.
    """)
    assert [(s["name"], s.get("response"), s.get("update_every")) for s in pb["severities"]] == [
        ("Severity A", "0s", "30m"),
        ("Severity B", "1h", "2h"),
    ]
    headings = imported("""
        # Data centre operations

        ### Priority A – Outage

        A hall has lost power. Respond within 10 minutes.

        ### Priority B – Degraded

        Redundancy lost on one feed.
    """)
    assert [(s["name"], s.get("title")) for s in headings["severities"]] == [
        ("Priority A", "Outage"),
        ("Priority B", "Degraded"),
    ]


def test_a_reaction_time_is_a_response_and_a_resolution_target_is_not() -> None:
    pb = imported("""
        # Support

        ## Priorities

        | Impact | Description | Resolution target | Reaction time |
        |---|---|---|---|
        | Critical | Platform unavailable | 4 h | 30 min |
        | Major | Feature unavailable | 1 business day | 2 h |

        ## Ticket priorities

        #### Urgent

        Production down. Reaction time: 30 minutes, 24/7.

        #### Normal

        Questions. Reaction time: 3 business days.
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("Critical", "30m"),
        ("Major", "2h"),
        ("Urgent", "30m"),
        ("Normal", "3d"),
    ]


def test_a_level_whose_meaning_starts_with_every_and_a_reply_time() -> None:
    pb = imported("""
        # Runbook

        ## Severity

        ### Critical (P1)

        Everything is down. We reply within 15 minutes.

        ### Major (P2)

        Something important is down.
    """)
    assert [(s["name"], s.get("meaning"), s.get("response")) for s in pb["severities"]] == [
        ("P1", "Everything is down. We reply within 15 minutes.", "15m"),
        ("P2", "Something important is down.", None),
    ]


def test_levels_numbered_in_their_column_or_named_in_a_name_column() -> None:
    numbered = imported("""
        # Major incident process

        ## Severity levels

        | Level | Description | Update cadence |
        |---|---|---|
        | 1 | Complete outage | Every 30 minutes |
        | 2 | Partial outage | Twice a day |
    """)
    assert [(s["name"], s.get("meaning"), s.get("update_every"))
            for s in numbered["severities"]] == [
        ("Level 1", "Complete outage", "30m"),
        ("Level 2", "Partial outage", "12h"),
    ]  # fmt: skip
    named = imported("""
        # Incident severity

        | # | Name | Description | Response |
        |---|---|---|---|
        | 1 | Critical | Full outage | 15 min |
        | 2 | Minor | Degradation | 1 day |
    """)
    assert [(s["name"], s.get("meaning"), s.get("response")) for s in named["severities"]] == [
        ("Critical", "Full outage", "15m"),
        ("Minor", "Degradation", "1d"),
    ]
    tiers = imported("""
        # Support tiers

        | Level | Description |
        |---|---|
        | 1 | Service desk answers the phone |
        | 2 | Platform team |
    """)
    assert tiers.get("severities") is None


def test_the_update_a_level_gets_named_in_a_sentence() -> None:
    pb = imported("""
        # Comms

        ## Severity

        | Severity | Meaning |
        |---|---|
        | SEV1 | Outage |
        | SEV2 | Degraded |

        ## Stakeholder updates

        SEV1 incidents get an update every 30 minutes, SEV2 incidents every 2 hours.
    """)
    assert [(s["name"], s.get("update_every")) for s in pb["severities"]] == [
        ("SEV1", "30m"),
        ("SEV2", "2h"),
    ]


def test_a_wait_longer_than_some_weeks_is_no_response_time() -> None:
    pb = imported("""
        # Security fixes

        | Severity | Meaning | Response time |
        |---|---|---|
        | Critical | Remote code execution | 24 hours |
        | Low | Hardening | 4+ weeks |
        | Info | Nothing to fix | Longer than 4 weeks |
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("Critical", "1d"),
        ("Low", None),
        ("Info", None),
    ]


def test_a_support_desks_ticket_priorities_with_their_response_times() -> None:
    pb = imported("""
        # Support

        ## Response times

        - Urgent tickets: we respond within 1 hour, 24/7.
        - High tickets: within 4 hours.
        - Normal tickets: within 2 business days.
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("Urgent", "1h"),
        ("High", "4h"),
        ("Normal", "2d"),
    ]


def test_a_call_tree_heading_over_a_bare_list_of_who_is_an_escalation_path() -> None:
    for heading in ("On-call chain", "Call tree", "Chain of command", "Who do I call?"):
        pb = imported(f"""
            # Incident response

            ## {heading}

            Primary on-call, secondary on-call, engineering manager, VP Engineering.
        """)
        assert [e["who"] for e in pb["escalation"]] == [
            "Primary on-call",
            "Secondary on-call",
            "Engineering manager",
            "VP Engineering",
        ], heading


def test_who_does_not_answer_in_time_was_paged_first_and_the_delay_is_the_next_ones() -> None:
    pb = imported("""
        # Service support

        ## Out of hours

        If the primary contact does not answer within 15 minutes, try the secondary contact,
        then the service owner.

        When the duty engineer hasn't responded to the page in 10 min, phone the CISO.
    """)
    assert [(e["who"], e.get("condition", "")) for e in pb["escalation"]] == [
        ("Primary contact", ""),
        ("Secondary contact", "within 15 minutes"),
        ("Service owner", ""),
        ("Duty engineer", ""),
        ("CISO", "in 10 min"),
    ]


def test_a_tool_or_a_word_pointing_back_that_does_not_answer_is_no_one_new() -> None:
    escalates_to(
        {
            "If Claude Code does not respond within 5 minutes, restart it.": [],
            "If the secondary does not respond within 15 minutes, call the CTO.": ["CTO"],
        }
    )


def test_a_numbered_escalation_process_handed_on_to_departments_and_those_briefed() -> None:
    pb = imported("""
        # Escalation procedure

        1. The analyst on shift raises the incident with the SOC lead.
        2. The SOC lead notifies the CISO for any high or critical incident.
        3. The CISO informs the Legal department and the Data Protection Officer when
           personal data is involved.
        4. The Chief Executive is briefed for critical incidents.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "SOC lead", "CISO", "Legal department", "Data Protection Officer", "Chief Executive",
    ]  # fmt: skip


def test_support_tiers_a_paragraph_each_with_the_tiers_name_in_brackets() -> None:
    pb = imported("""
        # Customer support handbook

        ## Support tiers

        **Tier 1 (Frontline):** Customer Success agents. Answer within 1 hour.

        **Tier 2 (Technical Support):** Support engineers. Reproduce bugs, check logs.

        **Tier 3 (Engineering):** The product engineering on-call. Code fixes and hotfixes.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Customer Success agents", "Technical Support", "Engineering",
    ]  # fmt: skip


def test_support_tiers_named_in_bold_with_what_each_does_after_a_full_stop() -> None:
    pb = imported("""
        # Major IT Incident Procedure

        ## Support tiers

        1. **Tier 1 – IT Service Desk.** Logs the call and resolves known issues.
        2. **Tier 2 – Desktop and Application Support.** Takes calls the Service Desk
           cannot resolve within 30 minutes.
        3. **Tier 3 – Infrastructure Engineering.** Handles server and network faults.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "IT Service Desk", "Desktop and Application Support", "Infrastructure Engineering",
    ]  # fmt: skip


def test_the_next_level_or_tier_escalated_to_is_no_one_by_itself() -> None:
    escalates_to(
        {
            "Escalate to the next level if the issue is not resolved within 1 hour.": [],
            "If in doubt, escalate to a higher tier.": [],
        }
    )


def test_an_issue_still_not_addressed_is_raised_with_whom_the_sentence_names() -> None:
    escalates_to(
        {
            "If the issue is still not addressed, the matter can be raised with the Technical "
            "Steering Committee.": ["Technical Steering Committee"],
            "If the bug hasn't been fixed in 90 days, it goes to the security team.": [
                "Security team"
            ],
        },
        heading="Security policy",
    )


def test_a_notify_column_listing_several_people_in_a_cell_brings_in_each() -> None:
    pb = imported("""
        # Incident severity

        | Severity | Description | Notify |
        |---|---|---|
        | SEV1 | Full outage | On-call engineer, Engineering manager, CTO |
        | SEV2 | Partial outage | On-call engineer, Engineering manager |
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "On-call engineer",
        "Engineering manager",
        "CTO",
    ]


def test_a_sentence_with_commas_under_an_escalation_heading_is_no_list_of_who() -> None:
    escalates_to(
        {"All customers can request CIRT assistance, regardless of support plan level.": []},
        heading="Escalation",
    )


def test_levels_named_as_colours_where_the_heading_grades_incidents() -> None:
    listed = imported("""
        # Service incidents

        ## Incident categories

        - **Red** — the service is unavailable to the public.
        - **Amber** — the service is degraded.
        - **Green** — a minor issue with no impact on users.
    """)
    assert [s["name"] for s in listed["severities"]] == ["Red", "Amber", "Green"]
    headed = imported("""
        # Continuity plan

        ## Incident status

        ### Status Red

        Critical services are down.

        ### Status Amber

        Services are impaired.

        ### Status Green

        Normal operation.
    """)
    assert [s["name"] for s in headed["severities"]] == ["Red", "Amber", "Green"]
    bold = imported("""
        # Building

        **Red alert:** the building cannot be used.

        **Amber alert:** the building is partly usable.

        **Green:** normal operations.
    """)
    assert [(s["name"], s.get("title")) for s in bold["severities"]] == [
        ("Red", None),
        ("Amber", None),
        ("Green", None),
    ]


def test_a_dashboards_colours_are_no_levels() -> None:
    pb = imported("""
        # Payments runbook

        ## Checking the dashboard

        - **Green**: all checks pass.
        - **Amber**: one or more checks are slow.
        - **Red**: a check is failing.

        ## What the colours mean

        | Light | Meaning |
        |---|---|
        | Green | Build passed |
        | Yellow | Build running |
        | Red | Build failed |
    """)
    assert pb.get("severities") is None


def test_levels_each_with_a_clause_of_their_own_in_one_sentence() -> None:
    counted = imported("""
        # Incident policy

        We use four levels of severity: Critical, where the whole platform is down; High,
        where a major feature is unusable; Medium, where a feature is degraded, slow or
        flaky; and Low, for cosmetic problems.
    """)
    assert [(s["name"], s.get("meaning")) for s in counted["severities"]] == [
        ("Critical", "where the whole platform is down"),
        ("High", "where a major feature is unusable"),
        ("Medium", "where a feature is degraded, slow or flaky"),
        ("Low", "for cosmetic problems"),
    ]
    classified = imported("""
        # Policy

        Incidents are classified as critical, when customer data is exposed; high, when a
        service is unavailable; or low, in all other cases.
    """)
    assert [s["name"] for s in classified["severities"]] == ["critical", "high", "low"]


def test_a_scale_written_from_the_least_severe_up_is_most_severe_first() -> None:
    rising = imported("""
        # Incident Response Plan

        ## Incident severity

        **Level 1 – Low.** Isolated incident with minimal impact.

        **Level 2 – Medium.** An incident affecting a department.

        **Level 3 – High.** An incident affecting the whole organisation.
    """)
    assert [s["name"] for s in rising["severities"]] == ["Level 3", "Level 2", "Level 1"]
    said = imported("""
        # Security

        Each advisory has a severity of low, medium, high or critical.
    """)
    assert [s["name"] for s in said["severities"]] == ["critical", "high", "medium", "low"]
    # codes without words, or words in no rising order, keep the document's order
    coded = imported("""
        # Severity

        | Severity | Meaning |
        |---|---|
        | SEV3 | Minor |
        | SEV1 | Outage |
    """)
    assert [s["name"] for s in coded["severities"]] == ["SEV3", "SEV1"]


def test_levels_numbered_across_a_tables_header() -> None:
    pb = imported("""
        # Incident severity

        | Severity level | 1 | 2 | 3 |
        |---|---|---|---|
        | Description | Full outage | Major degradation | Minor degradation |
        | Response | 15 min | 1 hour | 1 day |
    """)
    assert [(s["name"], s.get("meaning"), s.get("response")) for s in pb["severities"]] == [
        ("Severity 1", "Full outage", "15m"),
        ("Severity 2", "Major degradation", "1h"),
        ("Severity 3", "Minor degradation", "1d"),
    ]


def test_levels_named_by_the_words_of_impact_and_risk_scales() -> None:
    risk = imported("""
        # Risk-based incident handling

        ## Incident severity

        - **Catastrophic**: loss of life or complete loss of the service.
        - **Significant**: extended outage of a public service.
        - **Limited**: a service is degraded for some users.
        - **Negligible**: no noticeable effect.
    """)
    assert [s["name"] for s in risk["severities"]] == [
        "Catastrophic", "Significant", "Limited", "Negligible",
    ]  # fmt: skip
    paired = imported("""
        # Service desk

        | Impact | Description |
        |---|---|
        | Extensive/Widespread | The whole university is affected |
        | Moderate/Limited | A department is affected |
        | Minor/Localized | One person is affected |
    """)
    assert [(s["name"], s.get("title")) for s in paired["severities"]] == [
        ("Extensive", "Extensive/Widespread"),
        ("Moderate", "Moderate/Limited"),
        ("Minor", "Minor/Localized"),
    ]
    routine = imported("""
        # Response targets

        | Type | Definition | Target |
        |---|---|---|
        | Emergency | Service down for all users | 30 minutes |
        | Urgent | Service degraded | 4 hours |
        | Routine | Question or minor bug | 3 days |
    """)
    assert [s["name"] for s in routine["severities"]] == ["Emergency", "Urgent", "Routine"]


def test_a_support_desks_requests_by_urgency_each_with_its_reply_time() -> None:
    pb = imported("""
        # Support process

        ## How we handle requests

        We sort every request by urgency:

        * Urgent requests (production down) get a reply within 1 hour, day and night.
        * High-priority requests (production impaired) get a reply within 4 business hours.
        * Normal requests (questions, changes) get a reply within 1 business day.
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("Urgent", "1h"),
        ("High", "4h"),
        ("Normal", "1d"),
    ]


def test_levels_named_after_the_verb_that_rates_issues() -> None:
    pb = imported("""
        # Security release policy

        Issues rated **critical** or **high** are fixed in a patch release as soon as
        possible; **moderate** and **low** issues wait for the next minor release.
    """)
    assert [s["name"] for s in pb["severities"]] == ["critical", "high", "moderate", "low"]


def test_bare_level_names_a_line_each_under_a_levels_heading() -> None:
    pb = imported("""
        # Vulnerability severity

        ## Severity levels

        Critical
        High
        Medium
        Low
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Critical", None), ("High", None), ("Medium", None), ("Low", None),
    ]  # fmt: skip


def test_a_levels_number_before_its_word_and_a_trackers_highest_and_lowest() -> None:
    numbered = imported("""
        # Severity

        | Severity | Description |
        |---|---|
        | **1 - Critical** | Full outage |
        | **2 - High** | Partial outage |
        | **3 - Low** | Minor |
    """)
    assert [s["name"] for s in numbered["severities"]] == ["Critical", "High", "Low"]
    tracker = imported("""
        # Support priorities

        | Priority | Meaning |
        |---|---|
        | Highest | Production down |
        | High | Production impaired |
        | Lowest | Cosmetic |
    """)
    assert [s["name"] for s in tracker["severities"]] == ["Highest", "High", "Lowest"]


def test_a_scale_of_two_levels_a_word_and_its_denial_or_two_kinds_of_incident() -> None:
    denied = imported("""
        # Support

        ## Request types

        * **Urgent** – the production service is down.
        * **Non-urgent** – everything else.
    """)
    assert [s["name"] for s in denied["severities"]] == ["Urgent", "Non-urgent"]
    headed = imported("""
        # Support process

        ## Critical issues

        A critical issue stops production.

        ## Non-critical issues

        Everything else.
    """)
    assert [s["name"] for s in headed["severities"]] == ["Critical", "Non-critical"]
    kinds = imported("""
        # Incident process

        - **Major incident**: several services down or a data breach.
        - **Minor incident**: one service affected.
    """)
    assert [s["name"] for s in kinds["severities"]] == ["Major", "Minor"]
    # two level words alone are no scale: "High" and "Low" of something else
    traffic = imported("""
        # Capacity

        - **High**: more than 1000 requests a second.
        - **Low**: fewer than 10 requests a second.
    """)
    assert traffic.get("severities") is None


def test_a_severity_column_of_numbers_beside_any_columns() -> None:
    pb = imported("""
        # Paging policy

        | Sev | What it looks like | Who gets paged |
        |---|---|---|
        | 1 | The whole product is down | Primary and secondary on-call |
        | 2 | A feature is degraded | Primary on-call |
        | 3 | A minor bug | Nobody; a ticket |
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("SEV 1", "The whole product is down"),
        ("SEV 2", "A feature is degraded"),
        ("SEV 3", "A minor bug"),
    ]


def test_a_paragraph_of_sentences_each_led_by_a_bold_level() -> None:
    pb = imported("""
        # Incident response

        ## Severity

        **Severity 1** incidents are outages affecting all customers. **Severity 2** incidents
        affect a subset of customers. **Severity 3** incidents have no customer impact.
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Severity 1", "outages affecting all customers"),
        ("Severity 2", "affect a subset of customers"),
        ("Severity 3", "have no customer impact"),
    ]


def test_numbered_categories_of_incident_are_levels_and_categories_of_responder_are_not() -> None:
    pb = imported("""
        # Cyber incident response plan

        ## Incident categorisation

        | Category | Name | Description |
        |---|---|---|
        | Category 1 | National cyber emergency | Sustained disruption of essential services |
        | Category 2 | Highly significant incident | Serious impact on central government |
        | Category 3 | Significant incident | Impact on a large organisation |
    """)
    assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
        ("Category 1", "National cyber emergency"),
        ("Category 2", "Highly significant incident"),
        ("Category 3", "Significant incident"),
    ]
    bodies = imported("""
        # Emergency plan

        | Body | Who |
        |---|---|
        | Category 1 responders | Police, fire, ambulance, local authority |
        | Category 2 responders | Utilities, transport operators |
    """)
    assert bodies.get("severities") is None


def test_a_levels_code_and_word_apart_by_a_slash() -> None:
    pb = imported("""
        # Support guide

        ## P1 / Critical

        Production is down.

        ## P2 / High

        Production impaired.
    """)
    assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
        ("P1", "Critical"),
        ("P2", "High"),
    ]


def test_a_table_s_incident_role_column_beside_the_job_title_names_the_roles() -> None:
    pb = imported("""
        # Library systems incident plan

        ## Response team

        | Name | Title | Incident Role | Phone |
        |---|---|---|---|
        | [Name] | Head of Library IT | Incident Response Lead | x1234 |
        | [Name] | Systems Librarian | Technical Responder | x2345 |
        | [Name] | University Counsel | Legal Advisor | x4567 |
    """)
    assert [(r["name"], r.get("usually")) for r in pb["roles"]] == [
        ("Incident Response Lead", "Head of Library IT"),
        ("Technical Responder", "Systems Librarian"),
        ("Legal Advisor", "University Counsel"),
    ]


def test_a_role_table_s_what_they_do_column_is_their_duties() -> None:
    pb = imported("""
        # Incident roles

        | Role | Who | What they do |
        |---|---|---|
        | Incident Manager | Duty manager | Leads the response |
        | Communications Officer | Press office | Writes public statements |
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Manager", ["Leads the response"]),
        ("Communications Officer", ["Writes public statements"]),
    ]


def test_a_form_s_role_lines_left_blank_name_the_roles() -> None:
    pb = imported("""
        # Incident report form

        Incident number: ______
        Incident Coordinator: ______
        Technical Lead: ______
        Reported by: ______
    """)
    assert [r["name"] for r in pb["roles"]] == ["Incident Coordinator", "Technical Lead"]


def test_a_contact_form_with_most_lines_blank_names_its_roles() -> None:
    pb = imported("""
        # Incident response template

        ## Contacts

        - Incident Lead: [Name, phone]
        - Deputy Incident Lead: [Name, phone]
        - Technical Contact: ________
        - IT helpdesk: helpdesk@example.edu
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Incident Lead",
        "Deputy Incident Lead",
        "Technical Contact",
    ]


def test_a_plan_s_posts_are_roles_by_their_titles() -> None:
    pb = imported("""
        # Library incident response plan

        ## Roles

        ### Systems Librarian

        Restores the catalogue.

        ### Network Administrator

        Isolates affected machines.

        ### Dean of Libraries

        Decides whether to close services.
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Systems Librarian",
        "Network Administrator",
        "Dean of Libraries",
    ]


def test_a_role_named_with_what_it_looks_after_is_the_role() -> None:
    pb = imported("""
        # Escalation

        ## Roles

        - Product Owner of the Hub: decides on the fix
        - Incident Manager for the affected service: runs the call
    """)
    assert [r["name"] for r in pb["roles"]] == ["Product Owner", "Incident Manager"]


def test_the_people_a_service_is_for_are_no_role() -> None:
    pb = imported("""
        # Incident response

        ## Who's who

        - Incident commander: coordinates everything and decides.
        - Scribe: writes down what happens, when.
        - Users: people who use the product.
        - Affected customers: told through the status page.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Incident commander", "Scribe"]


def test_a_sentence_before_a_colon_is_no_role_s_name() -> None:
    pb = imported("""
        # Support desk

        Every ticket has an **owner**: the agent who first picked it up.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Owner"]


def test_a_role_named_with_its_holder_in_brackets() -> None:
    pb = imported("""
        # Security policy

        If you have not heard back within 96 hours:

        - Contact the current security coordinator ([Ana Diaz](https://example.org/ana)).
        - Ask in the project chat.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Security coordinator"]


def test_roles_as_terms_over_their_definitions() -> None:
    pb = imported("""
        Incident Roles
        ==============

        Incident Commander
            Owns the incident and makes the decisions.

        Communications Lead
            Writes status page updates.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Commander", ["Owns the incident and makes the decisions."]),
        ("Communications Lead", ["Writes status page updates."]),
    ]


def test_a_paragraph_led_by_a_role_in_bold_with_a_full_stop() -> None:
    pb = imported("""
        # Incident handling

        ## Roles and responsibilities

        **Data Custodian.** Preserves evidence and logs.

        **Service Owner.** Approves any shutdown of the service.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Data Custodian", ["Preserves evidence and logs."]),
        ("Service Owner", ["Approves any shutdown of the service."]),
    ]


def test_a_role_heading_s_sentence_says_what_it_does() -> None:
    pb = imported("""
        # Security incident response plan

        ## 2. Roles

        ### 2.1 Incident Response Coordinator

        Coordinates the team and reports to the CISO.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Response Coordinator", ["Coordinates the team and reports to the CISO."]),
    ]


def test_a_list_of_people_where_half_the_labels_define_roles() -> None:
    pb = imported("""
        # Major incidents

        ## People

        - **Major Incident Manager** - owns the incident end to end
        - **Resolver Group** - the team that fixes the fault
        - **Service Desk** - takes calls and logs tickets
        - **Problem Manager** - finds the root cause afterwards
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Major Incident Manager", ["owns the incident end to end"]),
        ("Problem Manager", ["finds the root cause afterwards"]),
    ]


def test_a_process_written_in_sentences_in_the_passive_and_after_a_circumstance() -> None:
    pb = imported("""
        # Major incident procedure

        ## Procedure

        ### Logging

        Whenever a service desk analyst receives three or more calls about the same service,
        the analyst raises a major incident ticket. The ticket is assigned to the Major
        Incident Manager on duty.

        ### Coordination

        A log of all actions is kept in the ticket. Status updates are posted on the status
        page every 30 minutes.
    """)
    assert items(pb) == [
        "Whenever a service desk analyst receives three or more calls about the same service, "
        "the analyst raises a major incident ticket.",
        "The ticket is assigned to the Major Incident Manager on duty.",
        "A log of all actions is kept in the ticket.",
        "Status updates are posted on the status page every 30 minutes.",
    ]


def test_the_doers_of_a_process_in_prose_by_a_long_name_or_as_they() -> None:
    pb = imported("""
        # Security response process

        ## Receiving a report

        Within three working days, a member of the security team acknowledges the report.
        If possible the security team will ask the reporter for a proof of concept.

        ## Fixing

        With the reporter's agreement, they request a CVE identifier. Regardless of the
        severity, a regression test is added with every fix.
    """)
    assert items(pb) == [
        "Within three working days, a member of the security team acknowledges the report.",
        "If possible the security team will ask the reporter for a proof of concept.",
        "With the reporter's agreement, they request a CVE identifier.",
        "Regardless of the severity, a regression test is added with every fix.",
    ]


def test_what_a_process_is_or_has_in_prose_is_no_step_and_lists_outweigh_passives() -> None:
    described = imported("""
        # On-call

        ## How the rotation works

        The rotation is a weekly schedule. The schedule is kept in PagerDuty and is visible
        to everybody.

        ## Incident process

        Incidents are a normal part of running software. The process is simple and is
        reviewed every year.
    """)
    assert items(described) == []
    listed = imported("""
        # Outage handling

        ## Response

        - Page the on-call engineer
        - Open the incident channel

        ## Recovery process

        The service is restored by the incident lead. The director is informed by email.
        Customers are notified on the status page.
    """)
    assert items(listed) == ["Page the on-call engineer", "Open the incident channel"]


def test_a_process_sentence_after_a_condition_with_its_own_will_or_the_reporters_part() -> None:
    pb = imported("""
        # Vulnerability process

        ## Fix and release

        If the embargo will be lifted after the release, omit the CVE id from the commit
        message. If the reporter declines a private fix, the security team will publish the
        advisory at once. Maintainers who are not on the security team do not need to review
        the fix.
    """)
    assert items(pb) == [
        "If the embargo will be lifted after the release, omit the CVE id from the commit message.",
        "If the reporter declines a private fix, the security team will publish the advisory "
        "at once.",
    ]


def test_a_myst_role_in_braces_reads_as_its_words_and_a_placeholder_stays() -> None:
    pb = imported("""
        ## Response

        1. Reply to the reporter with {button}`the first response template <https://x.example/t>`.
        2. Post in `#support-{team}` that the incident is open.
    """)
    assert [i["text"] for p in pb["phases"] for i in p["items"]] == [
        "Reply to the reporter with the first response template.",
        "Post in #support-{team} that the incident is open.",
    ]


def test_an_escalation_contact_table_of_names_and_roles_escalates_to_the_roles() -> None:
    pb = imported("""
        # Hosting support

        ## Escalation contacts

        | Name | Role | Phone |
        |---|---|---|
        | Sam Patel | Support Team Leader | 0161 496 0000 |
        | Jo Evans | Technical Operations Manager | 0161 496 0001 |
        | Alex Kim | Managing Director | 0161 496 0002 |
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Support Team Leader", "Technical Operations Manager", "Managing Director",
    ]  # fmt: skip
    assert "Sam Patel" in pb["escalation"][0]["condition"]


def test_an_escalation_drawn_as_a_flowchart_or_with_drawn_arrows() -> None:
    drawn = imported("""
        # Escalation

        ```mermaid
        graph LR
          A[Support agent] -->|15 min| B(Support lead)
          B --> C{On-call engineer}
          C ==> D[Engineering manager]
        ```
    """)
    assert [e["who"] for e in drawn["escalation"]] == [
        "Support agent", "Support lead", "On-call engineer", "Engineering manager",
    ]  # fmt: skip
    boxed = imported("""
        # On-call

        ## Escalation

            Service desk ──▶ Duty engineer ──▶ Duty manager ──▶ Head of Service
    """)
    assert [e["who"] for e in boxed["escalation"]] == [
        "Service desk", "Duty engineer", "Duty manager", "Head of Service",
    ]  # fmt: skip


def test_a_deploy_flowchart_is_no_escalation() -> None:
    pb = imported("""
        # Deploys

        ```mermaid
        graph LR
          A[Build] --> B[Test] --> C[Deploy to staging] --> D[Deploy to production]
        ```
    """)
    assert not pb.get("escalation")


def test_an_escalation_path_said_from_one_to_the_next_and_then_on() -> None:
    escalates_to(
        {
            "Our escalation path goes from the support desk to the on-call engineer and then "
            "to the CTO.": ["Support desk", "on-call engineer", "CTO"],
            "During the night, call in order: the duty engineer, the duty manager, then the "
            "director of operations.": ["Duty engineer", "Duty manager", "Director of operations"],
        },
        heading="Out of hours",
    )


def test_a_need_a_hand_section_brings_in_the_team_to_reach() -> None:
    pb = imported("""
        # Runbook: queue backlog

        ## Fixing it

        1. Scale the workers to 10.
        2. Purge dead letters older than a week.

        ## Need a hand?

        The messaging team owns the queue cluster; reach them in #messaging.
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Messaging team"]


def test_officials_notified_in_turn_with_a_condition_between_them() -> None:
    pb = imported("""
        # Cyber incident response plan

        ## Notification

        Within 1 hour of a suspected incident, the Service Desk notifies the IT Security Manager. The IT Security Manager informs the Chief Information Officer and, where personal data may be affected, the Data Protection Officer. The CIO briefs the Permanent Secretary on any incident rated Significant or above.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "IT Security Manager", "Chief Information Officer", "Data Protection Officer",
        "Permanent Secretary",
    ]  # fmt: skip


def test_escalate_to_over_bold_labels_each_with_when() -> None:
    pb = imported("""
        # Escalation guidelines

        Escalate to:

        - **Team lead** – when a fix needs a production change
        - **Product owner** – when a customer-visible feature must be switched off
        - **Legal** – when a customer threatens legal action
    """)
    assert [(e["who"], e.get("condition")) for e in pb["escalation"]] == [
        ("Team lead", "when a fix needs a production change"),
        ("Product owner", "when a customer-visible feature must be switched off"),
        ("Legal", "when a customer threatens legal action"),
    ]


def test_an_escalation_table_led_by_its_level_number_escalates_to_its_contact_column() -> None:
    pb = imported("""
        # Incident handling

        ## Escalation matrix

        | Escalation level | Contact | Escalate when |
        |---|---|---|
        | 1 | On-duty support engineer | Ticket received |
        | 2 | Support team lead | No progress after 2 hours |
        | 3 | Head of customer operations | Customer-impacting for 4 hours |
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "On-duty support engineer", "Support team lead", "Head of customer operations",
    ]  # fmt: skip


def test_a_policy_numbered_inline_under_an_escalation_heading() -> None:
    escalates_to(
        {
            "1) primary 2) secondary 3) engineering lead": [
                "Primary",
                "Secondary",
                "Engineering lead",
            ]
        },
        heading="Escalation policy",
    )


def test_a_form_s_role_lines_each_over_the_holder_s_fields() -> None:
    pb = imported("""
        # Incident response template

        ## Team

        **Role:** Incident Lead
        **Name:**
        **Phone:**

        **Role:** Communications Coordinator
        **Name:**
        **Phone:**
    """)
    assert [r["name"] for r in pb["roles"]] == ["Incident Lead", "Communications Coordinator"]


def test_a_contact_table_s_position_column_beside_the_names_holds_the_roles() -> None:
    pb = imported("""
        # Incident response template

        ## Contacts

        | Position | Name | Phone |
        |---|---|---|
        | Library Director | | |
        | IT Manager | | |
        | Communications | | |

        ## Team

        | Team member | Name | Contact |
        |---|---|---|
        | Deputy | | |
        | IT Support | | |
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "Library Director",
        "IT Manager",
        "Communications",
        "Deputy",
        "IT Support",
    ]


def test_headings_under_roles_name_the_parts_whatever_their_words() -> None:
    pb = imported("""
        # Incident response plan

        ## Roles

        ### Incident Lead

        Runs the response.

        ### Communications

        Writes updates for staff and patrons.

        ### Overview of the roles

        Text.

        ## Responsibilities

        ### Library IT

        - Investigate the incident.
        - Restore services.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Lead", ["Runs the response."]),
        ("Communications", ["Writes updates for staff and patrons."]),
        ("Library IT", ["Investigate the incident.", "Restore services."]),
    ]


def test_a_team_list_of_people_and_the_posts_they_hold() -> None:
    pb = imported("""
        # Incident response template

        ## Incident Response Team

        - Jane Doe, Head of Library IT
        - John Smith, Systems Librarian
        - Ana Lee, Web Developer
    """)
    assert [(r["name"], r.get("usually")) for r in pb["roles"]] == [
        ("Head of Library IT", "Jane Doe"),
        ("Systems Librarian", "John Smith"),
        ("Web Developer", "Ana Lee"),
    ]


def test_a_role_s_field_naming_a_person_says_who_holds_it_not_what_it_does() -> None:
    pb = imported("""
        # Incident 2024-04

        - **Incident Commander:** Priya Raman
        - **Scribe:** @tom
        - **Status:** resolved
    """)
    assert [(r["name"], r.get("usually"), r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Commander", "Priya Raman", []),
        ("Scribe", "@tom", []),
    ]


def test_roles_appointed_with_no_article_or_named_by_a_lead() -> None:
    pb = imported("""
        # When things break

        A senior engineer will be appointed as technical lead for any payments outage.
        If the incident runs longer than an hour, the incident lead names a deputy.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Technical lead", "Incident lead", "Deputy"]


def test_a_process_in_sentences_done_by_groups_by_we_or_what_you_will_want_to_do() -> None:
    pb = imported("""
        # Service desk: major incidents

        ## Handling a major incident

        Resolver groups investigate the fault and update the ticket. Support agents escalate
        the ticket to engineering after 30 minutes. We then notify the affected users by email.
        You'll want to restart the web nodes before anything else.
    """)
    assert items(pb) == [
        "Resolver groups investigate the fault and update the ticket.",
        "Support agents escalate the ticket to engineering after 30 minutes.",
        "We then notify the affected users by email.",
        "You'll want to restart the web nodes before anything else.",
    ]
    described = imported("""
        # Security

        ## How we handle reports

        We take security seriously. The rest of this page describes how we handle a report.
    """)
    assert items(described) == []


def test_the_steps_under_a_decision_are_what_is_done_on_each_outcome() -> None:
    pb = imported("""
        # Incident process

        ## Triage

        1. The duty officer logs the report.
        2. The duty officer determines whether the report is a security incident.
           1. If it is not, the duty officer forwards it to the service desk.
           2. If it is an incident the duty officer opens an incident ticket.
        3. Determine if a banner should be added to the service page.
           - Draft the banner text and get it approved
           - Publish the banner on the service page
    """)
    assert items(pb) == [
        "The duty officer logs the report.",
        "The duty officer determines whether the report is a security incident.",
        "If it is not, the duty officer forwards it to the service desk.",
        "If it is an incident the duty officer opens an incident ticket.",
        "Determine if a banner should be added to the service page.",
        "Draft the banner text and get it approved",
        "Publish the banner on the service page",
    ]


def test_a_pointer_to_another_numbered_phase_is_no_step() -> None:
    listed = imported("""
        # Incident process

        ## Phase II - Containment

        1. Isolate the affected hosts from the network.
        2. Preserve the memory of each host.
        3. Once the hosts are isolated, move to Phase III, Eradication.
    """)
    assert items(listed) == [
        "Isolate the affected hosts from the network.",
        "Preserve the memory of each host.",
    ]
    said = imported("""
        # Incident process

        ## Eradication

        Remove the attacker's accounts.
        Rotate every credential on the hosts.
        Then go to Phase IV.
    """)
    assert items(said) == [
        "Remove the attacker's accounts.",
        "Rotate every credential on the hosts.",
    ]


def test_each_roles_list_under_role_checklists_is_that_roles_steps() -> None:
    pb = imported("""
        # Role checklists

        ## Incident Lead

        ### Start

        1. Opens the bridge call
        2. Calls in the on-call engineers
        3. Scribe role assigned

        ## Scribe

        ### Start

        - Starts the timeline in the incident document
        - Records every decision with its time
    """)
    assert [(i["text"], i.get("role")) for p in pb["phases"] for i in p["items"]] == [
        ("Opens the bridge call", "incident-lead"),
        ("Calls in the on-call engineers", "incident-lead"),
        ("Scribe role assigned", "incident-lead"),
        ("Starts the timeline in the incident document", "scribe"),
        ("Records every decision with its time", "scribe"),
    ]


def test_a_list_of_steps_each_named_before_a_dash() -> None:
    pb = imported("""
        # Incident management

        ## Incident response

        * Command - a clear structure of authority means the experts can focus on the fix.
        * Live document - keep a ticket updated every half hour. It is closed after the review.
        * Planning - track the changes made to the system during the incident.
        * Handoff - long incidents may span shifts. There must be a handover at each shift.
        * Cleanup - remove the temporary measures. Ensure all data is preserved.

        ## Roles

        - **Incident Commander**: leads the response
    """)
    assert items(pb) == [
        "Command - a clear structure of authority means the experts can focus on the fix.",
        "Live document - keep a ticket updated every half hour. It is closed after the review.",
        "Planning - track the changes made to the system during the incident.",
        "Handoff - long incidents may span shifts. There must be a handover at each shift.",
        "Cleanup - remove the temporary measures. Ensure all data is preserved.",
    ]


def test_sub_steps_lettered_in_the_paragraphs_of_an_item() -> None:
    pb = imported("""
        # Disk almost full

        ## Mitigation

        1. Free space on the volume.
        2. Grow the volume if the storage class allows it:

           a. Check that the storage class allows expansion:

              ```bash
              kubectl get storageclass standard -o yaml
              ```

           b. Edit the claim to ask for more space.

           c. Restart the VM to apply the change.
    """)
    assert items(pb) == [
        "Free space on the volume.",
        "Grow the volume if the storage class allows it:",
        "Check that the storage class allows expansion:",
        "Edit the claim to ask for more space.",
        "Restart the VM to apply the change.",
    ]


def test_an_alert_runbooks_diagnosis_is_steps_and_its_prevention_is_not() -> None:
    pb = imported("""
        # DiskAlmostFull

        ## Diagnosis

        - Check the disk usage on the node:
        - You can also open the node's dashboard to see which volume grows.

        ## Mitigation

        ### Clean up

        - Remove old log archives.

        ### Prevention

        - Set up log rotation on every node.
        - Review the volume sizes every quarter.
    """)
    assert items(pb) == [
        "Check the disk usage on the node:",
        "You can also open the node's dashboard to see which volume grows.",
        "Remove old log archives.",
    ]


def test_a_list_of_what_the_reader_can_run_or_is_responsible_for_is_steps() -> None:
    pb = imported("""
        # Payments on call

        ## Response

        1. Acknowledge the page.

        ## Troubleshooting

        ### Restarting the workers

        - Most nodes run a single worker.
        - You can run `sudo systemctl restart worker` to restart a worker.
        - Because the queue is sharded, you need to drain each shard first.
        - You are responsible for updating the status page as things change.
    """)
    said = [i["text"] for i in phase(pb, "Restarting the workers")["items"]]
    assert "You can run sudo systemctl restart worker to restart a worker." in said
    assert "Because the queue is sharded, you need to drain each shard first." in said
    assert "You are responsible for updating the status page as things change." in said


def test_paragraphs_led_by_a_numbered_step_in_bold() -> None:
    pb = imported("""
        # Incident guidance

        ## Incident activities

        **1\\. Log the incident** The service desk logs it and opens a ticket.

        **2\\. Notify the incident lead** The service desk calls the lead on duty.

        **3\\. Review**

        - Hold a review within five working days
    """)
    assert [(i["text"], i.get("detail", "")) for p in pb["phases"] for i in p["items"]] == [
        ("Log the incident", "The service desk logs it and opens a ticket."),
        ("Notify the incident lead", "The service desk calls the lead on duty."),
        ("Hold a review within five working days", ""),
    ]


def test_instructions_in_prose_under_a_heading_that_is_an_instruction() -> None:
    pb = imported("""
        # Support centre guide

        ## Add a colleague to your account

        Open the support portal and sign in.
        Choose Contacts in the menu and add the person's email address.

        ## About our support

        Our support team answers tickets around the clock. Urgent tickets go to the **duty
        manager**.
    """)
    assert items(pb) == [
        "Open the support portal and sign in.",
        "Choose Contacts in the menu and add the person's email address.",
    ]


def test_each_sentence_of_a_process_in_prose_keeps_the_line_it_starts_on() -> None:
    pb = imported("""
        # Major incidents

        ## Procedure

        The service desk logs the incident and
        opens a ticket. A log of all actions is kept in
        the ticket.
        Status updates are posted every 30 minutes.
    """)
    assert [(i["text"], i["source"]) for p in pb["phases"] for i in p["items"]] == [
        ("The service desk logs the incident and opens a ticket.", "SHAPES.md:6"),
        ("A log of all actions is kept in the ticket.", "SHAPES.md:7"),
        ("Status updates are posted every 30 minutes.", "SHAPES.md:9"),
    ]


def test_a_levels_number_with_its_word_in_brackets() -> None:
    pb = imported("""
        # Support

        <table>
          <tr><th>Severity Level</th><th>Description</th></tr>
          <tr><td>1 (Urgent)</td><td>Full or partial outage in production.</td></tr>
          <tr><td>2 (High)</td><td>Major functionality impacted.</td></tr>
          <tr><td>3 (Normal)</td><td>A component does not work as documented.</td></tr>
        </table>
    """)
    assert [(s["name"], s.get("meaning")) for s in pb["severities"]] == [
        ("Urgent", "Full or partial outage in production."),
        ("High", "Major functionality impacted."),
        ("Normal", "A component does not work as documented."),
    ]


def test_the_one_level_an_alerts_severity_field_states() -> None:
    alert = imported("""
        # VirtualMachineStuckOnNode

        ## Impact

        - **Severity:** Warning
        - **User impact:** VMs are unresponsive.
    """)
    assert [s["name"] for s in alert["severities"]] == ["Warning"]
    # where the document defines its scale, a field's other value is only a mention
    defined = imported("""
        # Incident response

        ## Severity

        ### 1 - High Severity

        Data is exposed.

        ### 2 - Low Severity

        Nothing is exposed.

        ## Report

        - **Severity:** Critical
        - **Summary:** what happened
    """)
    assert [s["name"] for s in defined["severities"]] == ["High", "Low"]


def test_a_numbered_list_of_levels_each_over_its_sub_list() -> None:
    pb = imported("""
        # Support

        1. **Severity 1 (Critical)**
           - Production is down
           - Response: 1 hour
        2. **Severity 2 (Major)**
           - Production degraded
           - Response: 4 hours
    """)
    assert [(s["name"], s.get("title"), s.get("response")) for s in pb["severities"]] == [
        ("Severity 1", "Critical", "1h"),
        ("Severity 2", "Major", "4h"),
    ]
    assert items(pb) == []


def test_two_paragraphs_each_declaring_a_kind_of_incident_make_a_scale_of_two() -> None:
    pb = imported("""
        # Incident management

        A **major incident** is declared when a service used by the whole organisation is
        unavailable.

        A **minor incident** is anything that affects a single team.
    """)
    assert [s["name"] for s in pb["severities"]] == ["major", "minor"]
    # one level word each over other things is no scale
    other = imported("""
        # Capacity

        High traffic comes in the morning.

        Low traffic comes at night.
    """)
    assert other.get("severities") is None


def test_levels_sentences_classify_incidents_as_one_at_a_time() -> None:
    pb = imported("""
        # Major Incident Procedure

        ## Classification

        An incident is classified as Priority 1 if it meets any of the following criteria:

        - a critical service is unavailable to all users
        - personal data may have been exposed

        An incident is classified as Priority 2 if a critical service is degraded.

        All other incidents are Priority 3.
    """)
    assert [s["name"] for s in pb["severities"]] == ["Priority 1", "Priority 2", "Priority 3"]
    # one such sentence alone is no scale
    alone = imported("""
        # Paging

        If the incident is classified as P1, page the on-call engineer.
    """)
    assert alone.get("severities") is None


def test_levels_as_the_summaries_of_html_details_over_their_meaning() -> None:
    pb = imported("""
        # Incident levels

        <details>
        <summary>SEV1 – Critical</summary>

        The whole site is down.

        </details>

        <details>
        <summary>SEV2 – Major</summary>

        A key feature is broken.

        </details>
    """)
    assert [(s["name"], s.get("title"), s.get("meaning")) for s in pb["severities"]] == [
        ("SEV1", "Critical", "The whole site is down."),
        ("SEV2", "Major", "A key feature is broken."),
    ]


def test_a_response_by_the_next_business_day() -> None:
    pb = imported("""
        # On-call guide

        | Severity | Description | Response |
        |---|---|---|
        | SEV1 | Complete outage | 15 minutes |
        | SEV2 | No customer impact | Next business day |
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("SEV1", "15m"),
        ("SEV2", "1d"),
    ]


def test_an_alert_runbooks_paragraphs_beside_its_commands_are_steps_in_order() -> None:
    pb = imported("""
        # HighQueueLatency

        ## Diagnosis

        Check the queue depth on the Ingest dashboard.

        Look at the worker logs for errors:

        ```shell
        kubectl logs deploy/worker --since=15m | grep ERROR
        ```

        ## Mitigation

        Scale the workers up:

        ```shell
        kubectl scale deploy/worker --replicas=12
        ```

        If the latency does not drop within 15 minutes, roll back the last deploy.
    """)
    assert items(pb) == [
        "Check the queue depth on the Ingest dashboard.",
        "Look at the worker logs for errors:",
        "Scale the workers up:",
        "If the latency does not drop within 15 minutes, roll back the last deploy.",
    ]


def test_an_unmarked_block_after_an_instruction_that_says_run_it_is_its_command() -> None:
    pb = imported("""
        # Mail relay

        ## Restarting the relay

        SSH to the relay host and run:

            sudo systemctl restart postfix
            sudo postqueue -f

        Then watch the queue drain with `mailq`.

        ## Sending the notice

        Send the following to the users list:

            The mail relay was restarted at 10:00.
            Mail queued during the outage is being delivered now.
    """)
    relay = phase(pb, "Restarting the relay")["items"]
    assert [i["text"] for i in relay] == [
        "SSH to the relay host and run:",
        "Then watch the queue drain with mailq.",
    ]
    assert relay[0]["detail"] == "sudo systemctl restart postfix\nsudo postqueue -f"
    # text to send is no command: the block is not the instruction's detail
    details = [i.get("detail", "") for p in pb["phases"] for i in p["items"]]
    assert all("relay was restarted" not in d for d in details)


def test_an_on_call_faqs_answer_to_what_do_i_do_is_steps() -> None:
    pb = imported("""
        # On-call FAQ

        ## What do I do when I get paged?

        Acknowledge the page within 5 minutes. Open the alert's runbook link and follow it.
        If you cannot tell what is wrong, post in the ops-help channel.

        ## Where are the dashboards?

        Open Grafana from the intranet home page.

        ## The disk is full, what now?

        1. Delete archives older than 7 days.
        2. Open a ticket with the storage team.
    """)
    assert items(pb) == [
        "Acknowledge the page within 5 minutes.",
        "Open the alert's runbook link and follow it.",
        "If you cannot tell what is wrong, post in the ops-help channel.",
        "Delete archives older than 7 days.",
        "Open a ticket with the storage team.",
    ]


def test_an_instruction_over_the_list_it_leads_in_to_is_a_step_and_its_help_is_escalation() -> None:
    pb = imported("""
        # BackupJobFailed

        ## Mitigation

        1. Rerun the backup job from the scheduler.

        ## Escalation

        Escalate to the storage on-call engineer if:
        - The backup fails twice in a row
        - The backup volume is read-only

        If you cannot resolve the issue, see the following resources:

        - [Storage handbook](https://example.org/storage)
        - [#storage-help Slack channel](https://example.org/storage-help)
    """)
    escalation = phase(pb, "Escalation")["items"]
    assert [i["text"] for i in escalation] == [
        "Escalate to the storage on-call engineer if:",
        "If you cannot resolve the issue, see the following resources:",
    ]
    assert (
        escalation[0]["detail"] == "The backup fails twice in a row; The backup volume is read-only"
    )
    who = [e["who"] for e in pb["escalation"]]
    assert "#storage-help" in who  # a channel is named as its "#name"
    # the conditions are when to escalate, not whom
    assert not any("backup" in w.lower() for w in who)


def test_commands_under_a_numbered_instruction_heading_are_its_detail() -> None:
    pb = imported("""
        # Restoring the wiki

        ## Steps

        ### 1. Stop the web server

        ```bash
        # stop nginx so no one edits during the restore
        sudo systemctl stop nginx
        ```

        ### 2. Restore the database

        ```bash
        gunzip -c /srv/backup/wiki/latest.sql.gz | sudo -u postgres psql wiki
        ```
    """)
    steps = [i for p in pb["phases"] for i in p["items"]]
    assert [i["text"] for i in steps] == ["Stop the web server", "Restore the database"]
    assert steps[0]["detail"].endswith("sudo systemctl stop nginx")
    assert (
        steps[1]["detail"]
        == "gunzip -c /srv/backup/wiki/latest.sql.gz | sudo -u postgres psql wiki"
    )


def test_lettered_paragraphs_inside_a_numbered_item_are_its_sub_steps() -> None:
    pb = imported("""
        # GuestDiskFull

        ## Mitigation

        1. **Expand the disk** if the volume supports it:

           a. Check that the storage class allows expansion:

              ```bash
              kubectl get storageclass standard -o yaml
              ```

           b. Restart the VM to apply the new size:

              ```bash
              virtctl restart guest-01
              ```
    """)
    steps = [i for p in pb["phases"] for i in p["items"]]
    texts = [i["text"] for i in steps]
    assert "Check that the storage class allows expansion:" in texts
    restart = steps[texts.index("Restart the VM to apply the new size:")]
    assert restart["detail"] == "virtctl restart guest-01"


def test_the_prose_under_what_to_check_is_its_steps() -> None:
    pb = imported("""
        # Stuck nightly export

        ## What to check

        First, check the export dashboard to see which table it stopped on.
    """)
    assert items(pb) == ["First, check the export dashboard to see which table it stopped on."]


def test_the_list_an_instruction_leads_in_to_is_listed_as_its_detail() -> None:
    report = import_runbook(
        "## Escalation\n\nEscalate to the storage on-call engineer if:\n\n"
        "- The backup fails twice in a row\n- The backup volume is read-only\n",
        "shapes",
        "SHAPES.md",
    )
    listed = next(s for s in report.sections if s.block == "list")
    assert listed.reason == (
        "the detail of the step before it, “Escalate to the storage on-call engineer if:”"
    )


def test_abbreviations_given_in_a_sentence_in_brackets_or_after_or() -> None:
    pb = imported("""
        # Incident roles

        We name the Communications Lead (or CL) and the Incident Manager [IM] at once.
    """)
    assert [(r["name"], r.get("short")) for r in pb["roles"]] == [
        ("Communications Lead", "CL"),
        ("Incident Manager", "IM"),
    ]


def test_a_who_and_does_what_table_and_a_function_named_in_the_plural() -> None:
    pb = imported("""
        # Response team

        <table>
        <tr><th>Who</th><th>Does what</th></tr>
        <tr><td><strong>Incident Lead</strong></td><td>Coordinates</td></tr>
        <tr><td><strong>Scribe</strong></td><td>Writes the timeline</td></tr>
        <tr><td><strong>Operations</strong></td><td>Makes the changes</td></tr>
        </table>
    """)
    assert [(r["name"], r.get("usually"), r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Lead", None, ["Coordinates"]),
        ("Scribe", None, ["Writes the timeline"]),
        ("Operations", None, ["Makes the changes"]),
    ]


def test_a_function_named_in_a_sentence_keeps_its_plural() -> None:
    pb = imported("""
        # Incidents

        The roles are incident lead, scribe and communications.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Incident lead", "Scribe", "Communications"]


def test_initials_that_act_after_a_clause_s_first_word() -> None:
    pb = imported("""
        # Alarms

        If ROD checks an alarm, he notifies the site. When the alarm turns green, then ROD
        should wait a day. Once it is fixed, ROD can close the alarm.
    """)
    assert [r["name"] for r in pb["roles"]] == ["ROD"]


def test_roles_a_long_lead_sentence_says_the_list_names() -> None:
    pb = imported("""
        # Start

        These additional roles are external to, and highly engaged with, responders in the room:

        * [Envoy](#envoy): Joins the partner's situation room
        * [Executive On-Call](#executive): Designated leadership member for escalation
    """)
    assert [r["name"] for r in pb["roles"]] == ["Envoy", "Executive On-Call"]


def test_a_body_named_in_capitals_after_a_verb_s_word_and_a_guide_s_reader() -> None:
    pb = imported("""
        # An On Call Core Engineer's guide to production

        ## Roles

        * Post Incident Review Team - stake holders and the response team.
        * Incident Commander - the person in charge.

        ## Checks

        - Run `status` to see the services.
        - Restart the stuck ones.
    """)
    assert [r["name"] for r in pb["roles"]] == [
        "On Call Core Engineer",
        "Post Incident Review Team",
        "Incident Commander",
    ]
    assert items(pb) == ["Run status to see the services.", "Restart the stuck ones."]


def test_a_role_s_field_linking_to_a_thing_is_no_holder() -> None:
    pb = imported("""
        # Incident checklist

        * Situation Lead: [Declare Incident Workflow](https://example.org/a)
        * Scribe: [Postmortems Folder](https://example.org/b)
        * Technical Lead: [Impact Assessment](https://example.org/c)
    """)
    assert [(r["name"], r.get("usually")) for r in pb["roles"]] == [
        ("Situation Lead", None),
        ("Scribe", None),
        ("Technical Lead", None),
    ]


def test_a_role_named_in_the_plural_acting_with_its_verb() -> None:
    pb = imported("""
        # Outages

        When the pager fires, the support engineers restart the web nodes.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Support engineer"]


def test_the_rung_of_the_rota_someone_is_on_is_a_role() -> None:
    pb = imported("""
        # On call

        * If you are on secondary on-call and receive a page, check whether help is needed.
    """)
    assert [r["name"] for r in pb["roles"]] == ["Secondary on-call"]


def test_bold_labels_under_a_roles_heading_name_roles_whatever_their_words() -> None:
    pb = imported("""
        # Incident response plan template

        ## Roles and Responsibilities

        **Technical Lead:** Investigates and contains.

        **Library Administration:** Approves closures.

        **Note:** everyone may hold two roles.
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Technical Lead", ["Investigates and contains."]),
        ("Library Administration", ["Approves closures."]),
    ]


def test_numbered_bold_roles_over_their_duties_under_a_roles_heading() -> None:
    pb = imported("""
        # Incident response plan template

        ## Roles and Responsibilities

        1. **Incident Response Coordinator**
           - Oversees the response
        2. **Communications**
           - Notifies patrons and staff
    """)
    assert [(r["name"], r["responsibilities"]) for r in pb["roles"]] == [
        ("Incident Response Coordinator", ["Oversees the response"]),
        ("Communications", ["Notifies patrons and staff"]),
    ]
    assert "Oversees the response" not in [
        i["text"] for p in pb.get("phases", []) for i in p["items"]
    ]


def test_a_system_s_roles_under_a_roles_heading_are_no_incident_roles() -> None:
    pb = imported("""
        # Revoking access

        ## Roles

        ### ReadOnlyAccess

        Can read every bucket.

        ### `admin`

        Full access.

        **viewer:** sees the dashboards.
    """)
    assert pb.get("roles") is None


def test_incidents_of_a_kind_reported_immediately_to_another_team_bring_that_team_in() -> None:
    pb = imported("""
        # Technical incident management

        ## Purpose

        You must still follow the separate processes for:

        * **Cyber security incidents:** Report immediately to the [Cyber Security Team](https://x.example/cyber)
        * **Data breaches:** Report immediately to the [Data Privacy & Compliance Team](https://x.example/dp)
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Cyber Security Team", "Data Privacy & Compliance Team",
    ]  # fmt: skip


def test_lines_of_support_named_by_line_and_function_keep_both() -> None:
    pb = imported("""
        # Incident management

        ## Standard lines of support

        * **1st line (user support):** the One Stop Shop. They route tickets to 2nd line.
        * **2nd line (technical support):** Live Services. They triage incidents.
        * **3rd line (product support):** The product teams. They fix what needs code.
    """)
    assert [e["who"] for e in pb["escalation"]][:3] == [
        "1st line (user support)", "2nd line (technical support)", "3rd line (product support)",
    ]  # fmt: skip


def test_who_reviews_an_escalated_request_whomever_is_the_main_contact_and_both_contacted() -> None:
    escalates_to(
        {
            "For urgent needs, the client may escalate by phone. A manager will review the "
            "request within two business hours.": ["Manager"],
            "For urgent issues, ping whomever is listed as main contact in #app-ops.": [
                "Whomever is listed as main contact"
            ],
            "If the site cannot fix it in 3 days, escalate: the regional manager will contact "
            "both Central Operations and the site.": ["Central Operations"],
        },
        heading="Escalation",
    )


def test_where_to_turn_when_it_cannot_be_resolved_is_who_is_brought_in() -> None:
    pb = imported("""
        # VM stuck on a node

        ## Mitigation

        If you cannot resolve the issue, see the following resources:

        - [Platform Help](https://platform.example/help)
        - [#virt-support Slack channel](https://chat.example/virt-support)
    """)
    assert [e["who"] for e in pb["escalation"]] == ["Platform Help", "#virt-support"]


def test_who_a_formal_notice_of_the_incident_is_sent_to_is_brought_in() -> None:
    escalates_to(
        {
            "Create email notice to the Security Office and the CISO using the notice template.": [
                "Security Office",
                "CISO",
            ],
        },
        heading="Notification",
    )


def test_who_is_told_as_an_outage_lasts_longer_written_with_arrows() -> None:
    pb = imported("""
        # Outage handling

        ## If the outage lasts

        - longer than 30 minutes → inform the service owner
        - longer than 2 hours → inform the CIO
        - longer than 1 day → inform the Vice-Chancellor's office
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Service owner", "CIO", "Vice-Chancellor's office",
    ]  # fmt: skip


def test_a_contact_table_in_call_order_is_an_escalation_ladder() -> None:
    pb = imported("""
        # Security incident handling

        ## Contacts, in order

        | Order | Who | How |
        |---|---|---|
        | 1 | Security on-call | PagerDuty "sec-oncall" |
        | 2 | Head of Security | phone |
        | 3 | General Counsel | phone |
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Security on-call", "Head of Security", "General Counsel",
    ]  # fmt: skip


def test_a_collapsed_box_of_escalation_contacts_leads_in_its_list() -> None:
    pb = imported("""
        # Runbook

        <details>
        <summary>Escalation contacts</summary>

        1. Database on-call (PagerDuty: db-primary)
        2. Database team lead
        3. Director of Data Platform

        </details>
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Database on-call", "Database team lead", "Director of Data Platform",
    ]  # fmt: skip


def test_a_timeline_of_who_is_told_when() -> None:
    pb = imported("""
        # Major incident timeline

        - **T+0**: the on-call engineer acknowledges the page
        - **T+15m**: if not mitigated, page the secondary on-call
        - **T+30m**: notify the engineering manager
        - **T+60m**: brief the VP Engineering
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Secondary on-call", "Engineering manager", "VP Engineering",
    ]  # fmt: skip


def test_a_rest_heading_underlined_with_backticks_is_a_heading() -> None:
    pb = imported("""
        Service Desk Handbook
        =====================

        .. note::
           This page is reviewed each term.

        Major outages
        `````````````

        1. Log a ticket and set its severity
        2. Page the duty manager
    """)
    assert phase(pb, "Major outages")["items"][0]["text"] == "Log a ticket and set its severity"


def test_rest_lettered_and_roman_items_are_list_items() -> None:
    pb = imported("""
        Service Desk Handbook
        =====================

        Outage procedure
        ~~~~~~~~~~~~~~~~

        1. Open the incident

           a) Log a ticket and set its severity
           b) Page the duty manager

        2. Recover

           i. Restore the service from the last backup
           ii. Tell users on the status page
    """)
    assert items(pb) == [
        "Log a ticket and set its severity", "Page the duty manager",
        "Restore the service from the last backup", "Tell users on the status page",
    ]  # fmt: skip


def test_a_process_for_a_level_is_its_procedure_not_what_it_means() -> None:
    pb = imported("""
        # Service desk

        ## Priorities

        - **P1**: the whole campus is affected
        - **P2**: one building is affected

        ## P1 process

        1. Page the duty manager
        2. Post a notice on the status page
    """)
    assert items(pb) == ["Page the duty manager", "Post a notice on the status page"]


def test_a_rest_warning_inside_a_step_is_its_detail_as_text() -> None:
    pb = imported("""
        Database failover
        =================

        Recovery
        ~~~~~~~~

        1. Stop the writer.
        2. Promote the replica.

           .. warning::
              :class: strong

               Check the replica's lag before you promote it.

        3. Point the application at the new primary.
    """)
    promote = phase(pb, "Recovery")["items"][1]
    assert promote["detail"] == "Check the replica's lag before you promote it."


def test_a_workflow_list_with_a_when_lead_in_over_who_does_what() -> None:
    pb = imported("""
        # Hosting support desk

        ## Ticket workflow

        * An issue is reported by email or chat
        * A ticket is created in the helpdesk.
        * When a new ticket arrives,

          * A support engineer reads the ticket and checks the customer's plan
          * If the site is down, page the on-call engineer
          * The support engineer sets the ticket's priority

        * Once the fix is confirmed, close the ticket.
    """)
    assert "A support engineer reads the ticket and checks the customer's plan" in items(pb)
    assert "If the site is down, page the on-call engineer" in items(pb)


def test_instructions_under_a_heading_of_resources_for_help_are_steps() -> None:
    pb = imported("""
        # Weekend cover

        ## Before your shift

        1. Check the rota.
        2. Test your phone.

        ## Resources for help

        - If the lab network fails at night, restart the core switch from the console.
        - Ask for help in the #lab-ops channel.
        - If nobody answers in #lab-ops, call the facilities manager.
    """)
    assert [i["text"] for i in phase(pb, "Resources for help")["items"]] == [
        "If the lab network fails at night, restart the core switch from the console.",
        "Ask for help in the #lab-ops channel.",
        "If nobody answers in #lab-ops, call the facilities manager.",
    ]


def test_a_rest_title_after_deeper_ones_is_at_its_own_underlines_level() -> None:
    from warroom.runbooks.markup import normalise

    text = normalise(
        dedent("""
        Service desk handbook
        =====================

        Ticket queues
        -------------

        Tickets arrive in the shared queue.

        Paging
        ^^^^^^

        The pager rotates weekly.

        Major incidents
        ---------------

        Open a bridge call.
    """)
    )
    # the "---" title after a "^^^" one is a sibling of "Ticket queues", not under "Paging"
    assert "\n## Major incidents\n" in text
    assert "\n### Paging\n" in text


def test_instructions_listed_under_an_item_of_a_list_that_describes_are_steps() -> None:
    pb = imported("""
        # Change request lifecycle

        ## Request states

        - ``Submitted``: The request has been filed and waits for the change board.
        - ``Approved``: The board has accepted the request and a window is booked.

          If the implementer cannot make the window, they must do the following:

          - Choose a new window in the change calendar.
          - Tell the requester why the change moved.
          - Record the new date on the request.

        - ``Closed``: The change has been made and verified.
    """)
    assert items(pb) == [
        "Choose a new window in the change calendar.",
        "Tell the requester why the change moved.",
        "Record the new date on the request.",
    ]


def test_a_staff_named_with_its_abbreviation_is_a_role() -> None:
    pb = imported("""
        # Outage handling

        ## Who responds

        The Network Operations Staff (NOS) will take charge of every outage.
    """)
    assert [(r["name"], r.get("short", "")) for r in pb["roles"]] == [
        ("Network Operations Staff", "NOS")
    ]


def test_sentences_that_open_with_a_moment_of_the_incident_are_steps_under_any_heading() -> None:
    pb = imported("""
        # Data protection policy

        ## Response procedure

        1. Open a ticket in the privacy queue.
        2. Assign a case owner.

        ## Case handling

        During an incident the case owner should keep a log of every decision. Notes may be
        kept in the case system.

        Records are kept for five years. Once the incident is closed, the case owner will send
        a summary to the data protection officer.
    """)
    assert items(pb)[2:] == [
        "During an incident the case owner should keep a log of every decision.",
        "Once the incident is closed, the case owner will send a summary to the data protection"
        " officer.",
    ]


def test_a_numbered_step_on_a_screen_the_reader_acts_in_is_a_step() -> None:
    pb = imported("""
        # Restoring a mailbox

        ## Restore from backup

        1. Sign in to the admin console.
        2. Open the Backups page and choose the mailbox.
        3. A dialog will open in which you can select the restore point.
        4. Press Restore and wait for the confirmation email.
    """)
    assert any(i.startswith("A dialog will open in which you can select") for i in items(pb))


def test_a_conditional_step_said_in_the_passive_is_a_step() -> None:
    pb = imported("""
        # Handling disk alerts

        ## Closing an alert

        1. Check that the volume has free space again.
        2. When the disk usage of a volume stays below 80%, then the ticket for that volume
           can be updated in the monitoring console. Do this by pressing Update on the ticket.
        3. If the backup job fails twice, then the storage ticket can be reopened.
        4. When the reporter confirms the fix, the case can be marked resolved in the portal.
    """)
    assert any(i.startswith("When the disk usage of a volume") for i in items(pb))
    assert any(i.startswith("If the backup job fails twice") for i in items(pb))
    assert any(i.startswith("When the reporter confirms the fix") for i in items(pb))


def test_instructions_in_prose_under_an_instruction_heading_beside_a_list_of_options() -> None:
    pb = imported("""
        # Help desk guide

        ## Share a ticket with a colleague

        To share a ticket, open it in the help desk portal. Click **Share** in the top bar,
        and choose the colleague from the list.

        Type a short note for them and press **Send**.

        From the shared ticket, you can:

        - Reassign it;
        - Add a comment;
        - Close it.
    """)
    assert any(i.startswith("To share a ticket, open it") for i in items(pb))
    assert any(i.startswith("Type a short note") for i in items(pb))


def test_a_heading_anchor_does_not_reach_the_text() -> None:
    pb = imported("""
        # Support handbook

        ## Duty Manager {#duty-manager}

        The Duty Manager decides when a fault becomes a major incident.

        ## Raise a fault {#raise}

        1. Open a ticket in the service desk.
        2. Page the Duty Manager.
    """)
    assert not any("{#" in r["name"] for r in pb.get("roles", []))
    assert not any("{#" in p["title"] for p in pb["phases"])
    assert "Duty Manager" in [r["name"] for r in pb.get("roles", [])]


def roles_in_order(playbook: dict[str, Any]) -> list[str]:
    return [r["name"] for r in playbook.get("roles", [])]


def test_a_list_of_names_and_what_each_does_is_roles() -> None:
    pb = imported("""
        # Outage playbook

        ## 1. Open the bridge

        Open a bridge call. We staff the following positions for every outage:

        - Call lead: Runs the bridge and makes sure someone owns each task.
        - Recorder: Keeps a timeline of what was tried.
        - Customer voice: Answers the support queue and posts status updates.
        - Fixers: Engineers who know the affected system.
    """)
    assert {"Call lead", "Recorder", "Customer voice"} <= set(roles_in_order(pb))
    pb = imported("""
        # Incident guide

        ## People on the call

        * **Host** — leads the call and hands out the work
        * **Timekeeper** — watches the clock and calls for updates every 30 minutes
        * **Liaison** — talks to the business owners
    """)
    assert roles_in_order(pb) == ["Host", "Timekeeper", "Liaison"]
    pb = imported("""
        # Major incidents

        During a major incident we fill three seats:

        1. Navigator - decides what the team works on next.
        2. Pilot - makes the changes on production.
        3. Radio operator - tells customers what is happening.
    """)
    assert roles_in_order(pb) == ["Navigator", "Pilot", "Radio operator"]
    assert not items(pb)


def test_named_instructions_and_tools_are_not_roles() -> None:
    pb = imported("""
        # Recovery

        ## Restore service

        - Database: restart the primary and check replication.
        - Cache: flush the keys.
        - Web: roll back the release.

        ## Services we use

        - PagerDuty: Pages whoever is on call.
        - Slack: Hosts the incident channel.
        - Statuspage: Tells customers what is down.
    """)
    assert not pb.get("roles")


def test_a_glossary_term_whose_sub_items_are_its_duties_is_a_role() -> None:
    pb = imported("""
        # Handling customer-facing faults

        ## Terms

        - **Fault**: anything customers notice.
        - **Rota Holder**:
          - The engineer whose week it is on the rota.
          - Decides whether a fault is customer-facing.
          - Opens the fault ticket.
        - **Release Approver**:
          - Approves any rollback.
          - Writes the closing note.

        ## Handling a fault

        1. Page the rota holder.
        2. Open a ticket.
    """)
    assert sorted(roles_in_order(pb)) == ["Release Approver", "Rota Holder"]
    holder = next(r for r in pb["roles"] if r["name"] == "Rota Holder")
    assert "Opens the fault ticket." in holder["responsibilities"]


def test_a_role_bound_to_do_what_follows_after_whose_it_is() -> None:
    pb = imported("""
        # Paging

        ## After hours

        Whenever the support desk phones the duty team, the team's standby engineer must:

        - answer the phone
        - join the bridge

        ## Releases

        Once the fix is merged, the service's release manager will tag it.
    """)
    assert {"Standby engineer", "Release manager"} <= set(roles_in_order(pb))


def test_a_role_then_the_person_who_holds_it_in_a_link() -> None:
    pb = imported("""
        # Reporting a flaw

        - Email the security list.
        - If nobody answers, contact the current response coordinator
          [Maria Lopez](mailto:m@example.org) directly.

        Ask the release manager [Tom Baker](https://example.org/tom) to tag the fix. Post in
        the Slack channel General Updates.
    """)
    assert roles_in_order(pb) == ["Response coordinator", "Release manager"]


def test_a_role_named_in_italics() -> None:
    pb = imported("""
        # Running an incident

        Every incident has a *Ledger Keeper*, who writes down each decision and its time.

        ## Steps

        1. Start the bridge.
        2. Ask for a _note taker_ on the call.
    """)
    assert roles_in_order(pb) == ["Ledger Keeper", "Note taker"]


def test_whoever_holds_a_role_by_a_long_clause_and_a_verb_that_is_no_role() -> None:
    pb = imported("""
        # Security incidents

        Whoever is on duty when the alarm goes off runs the response.

        The person who declared the incident leads it.
    """)
    assert roles_in_order(pb) == [
        "Whoever is on duty when the alarm goes off",
        "Person who declared the incident",
    ]


def test_what_there_is_after_there_are_is_not_steps_but_told_orders_are() -> None:
    pb = imported("""
        # Handling reports

        ## Triage

        First we learn what broke and for whom. There are three main channels:

        1. Page received from the monitoring system
        2. Customer writes in the support channel
        3. Partner calls the duty phone

        ## First hour

        There are a few things to do right away:

        1. Acknowledge the report.
        2. Open an incident in the tracker.
        3. Tell the reporter who is handling it.
    """)
    assert items(pb) == [
        "Acknowledge the report.",
        "Open an incident in the tracker.",
        "Tell the reporter who is handling it.",
    ]


def test_sentences_about_the_process_or_what_a_deed_means_are_not_steps() -> None:
    pb = imported("""
        # How we run outages

        ## Response process

        Once an outage is declared, the procedure should assign the work without a manual.

        The duty lead opens a channel and pages the owning team. The owning team checks the
        recent deploys.

        ## After the outage

        Muting the alarm does not mean the cause is fixed. The duty lead books
        the review meeting within two days.
    """)
    assert items(pb) == [
        "The duty lead opens a channel and pages the owning team.",
        "The owning team checks the recent deploys.",
        "The duty lead books the review meeting within two days.",
    ]


def test_what_happens_by_itself_and_a_stage_label_are_not_steps() -> None:
    pb = imported("""
        # Support

        ## When the site is down

        1. Call the hotline and describe the fault.
        2. The duty engineer is automatically paged.
        3. The engineer will confirm the fault and start the fix.
        4. Afterwards:
           - The duty engineer posts a summary in the status channel
           - We will write a post-mortem within 3 days
    """)
    assert items(pb) == [
        "Call the hotline and describe the fault.",
        "The engineer will confirm the fault and start the fix.",
        "The duty engineer posts a summary in the status channel",
        "We will write a post-mortem within 3 days",
    ]


def test_a_role_taken_on_with_no_article_and_a_holder_before_a_comma() -> None:
    pb = imported("""
        # Incidents

        The on-call engineer acts as incident manager until someone else takes over.

        Whoever opened the ticket, owns it.
    """)
    assert roles_in_order(pb) == [
        "On-call engineer",
        "Incident manager",
        "Whoever opened the ticket",
    ]


def test_a_summary_that_says_the_steps_again_adds_only_what_is_new() -> None:
    pb = imported("""
        # Database outage procedure

        ## Respond

        1. Disable all schema migrations in the deploy tool.
        2. Promote the standby replica to primary.
        3. Point the application at the new primary.

        ## At a glance

        - Disable schema migrations.
        - Promote the standby replica.
        - Schedule a review with the storage team.
    """)
    assert items(pb) == [
        "Disable all schema migrations in the deploy tool.",
        "Promote the standby replica to primary.",
        "Point the application at the new primary.",
        "Schedule a review with the storage team.",
    ]
    # a summary said first, before the full text, is not said again: it stays
    pb = imported("""
        # Database outage procedure

        ## TL;DR

        - Disable schema migrations.
        - Promote the standby replica.
    """)
    assert items(pb) == ["Disable schema migrations.", "Promote the standby replica."]


def test_a_role_whose_duties_a_possessive_heading_or_a_definition_gives() -> None:
    pb = imported("""
        # Security incident plan

        ## The Incident Manager's responsibilities

        - Decide whether to declare a major incident.
        - Keep the log.

        ## Definitions

        Dispatcher
        : Routes each call to the right team and keeps the queue moving.
    """)
    assert roles_in_order(pb) == ["Incident Manager", "Dispatcher"]
    assert not items(pb)  # the manager's duties, not steps


def test_who_is_on_call_named_by_any_persons_noun() -> None:
    pb = imported("""
        # On-call procedures

        The on-call developer must acknowledge every page within 15 minutes.

        The engineer on duty reviews the alerts each morning.

        The on-call SRE restarts the service if needed.
    """)
    assert roles_in_order(pb) == ["On-call developer", "Engineer on duty", "On-call SRE"]


def test_what_no_one_has_to_do_and_what_the_reader_is_shown_are_not_steps() -> None:
    pb = imported("""
        # Being on call

        ## During your shift

        - Answer pages within 15 minutes.
        - You are not responsible for answering customer emails.
        - You don't need to post updates when nothing has changed.
        - Open the support portal and press New ticket.
        - You will be presented with a form for the ticket's details.
    """)
    assert items(pb) == [
        "Answer pages within 15 minutes.",
        "Open the support portal and press New ticket.",
    ]


# -- severity levels read as a series of sibling labels, whichever block carries them --------


def test_a_series_of_level_codes_in_a_sub_list_of_a_glossary() -> None:
    pb = imported("""
        # Checkout service

        ## Glossary

        - **Outage**: the checkout cannot take payments.
        - **Priority levels**:
          - **P1 (Urgent)**: checkout is down for every shopper.
          - **P2 (High)**: card payments fail for some shoppers.
          - **P3 (Normal)**: a report is late.
        - **On-call**: the engineer holding the pager this week.
    """)
    levels = [(s["name"], s.get("title")) for s in pb["severities"]]
    assert levels == [("P1", "Urgent"), ("P2", "High"), ("P3", "Normal")]
    assert pb["severities"][0]["meaning"] == "checkout is down for every shopper."
    pb = imported("""
        # Data platform runbook

        ## Terms

        * Incident classes:
            * Sev 1 - every pipeline has stopped; answer within 10 minutes
            * Sev 2 - one pipeline has stopped
        * Data owner: the team whose tables are affected
    """)
    assert [s["name"] for s in pb["severities"]] == ["SEV 1", "SEV 2"]
    assert pb["severities"][0]["response"] == "10m"  # "answer within": a response time


def test_a_sentence_that_defines_the_scale_with_a_code_for_each_level() -> None:
    said = {
        "We sort every outage into one of two classes: major (`SEV-1`) or minor (`SEV-2`).": [
            ("SEV-1", "Major"), ("SEV-2", "Minor")],
        "Tickets are rated as urgent (P1), normal (P2) or low (P3) by the first-line agent.": [
            ("P1", "Urgent"), ("P2", "Normal"), ("P3", "Low")],
        "There are three severities: high (S1), medium (S2) and low (S3).": [
            ("S1", "High"), ("S2", "Medium"), ("S3", "Low")],
        "Our alerts are either high urgency (page at once) or low urgency (next working day).": [
            ("High", None), ("Low", None)],
    }  # fmt: skip
    for sentence, levels in said.items():
        pb = imported(f"# Incidents\n\n{sentence}\n")
        assert [(s["name"], s.get("title")) for s in pb["severities"]] == levels, sentence


def test_levels_a_sentence_only_mentions_or_words_that_grade_no_incident_are_no_series() -> None:
    for text in (
        "# After an incident\n\nA postmortem is written for all S1 and S2 severity incidents.\n",
        "# Capacity\n\nPlan for high or low traffic days; the autoscaler handles both.\n",
        "# Deploys\n\n## Versions\n\n- **Major**: breaking changes\n- **Minor**: new features\n"
        "- **Patch**: fixes only\n",
    ):
        assert imported(text).get("severities") is None, text


def test_sibling_headings_of_level_words_among_an_alerts_other_sections() -> None:
    pb = imported("""
        # QueueBacklogGrowing

        ## Symptoms

        Messages wait longer than usual.

        ## High urgency

        More than 10 000 messages are waiting. Page the on-call engineer.

        ## Low urgency

        The queue grows slowly. Look at it during working hours.

        ## Fix

        1. Scale the consumers.
    """)
    assert [s["name"] for s in pb["severities"]] == ["High", "Low"]
    # the same headings where nothing around them grades anything are sections of a guide
    pb = imported("""
        # Cooking guide

        ## Ingredients

        Flour and water.

        ## High

        Bake at 220 degrees.

        ## Low

        Simmer gently.
    """)
    assert pb.get("severities") is None


def test_an_on_call_rotas_urgencies_are_levels() -> None:
    pb = imported("""
        # On-call handbook

        ## Alert urgency

        We page for two kinds of alert:

        - **High-urgency**: pages the on-call engineer at once. Acknowledge within 5 minutes.
        - **Low-urgency**: creates a notification only during working hours.
    """)
    assert [(s["name"], s.get("response")) for s in pb["severities"]] == [
        ("High-urgency", "5m"), ("Low-urgency", None)]  # fmt: skip


def test_a_scale_across_a_tables_header_with_a_column_filled_like_the_levels() -> None:
    pb = imported("""
        # Managed hosting

        ## Support priorities

        | | Site down | Urgent | Normal |
        |---|---|---|---|
        | Scope | Nobody can reach the site | Work is blocked | Everything else |
        | Reply within | 15 minutes | 1 business hour | 2 business days |
    """)
    assert [(s["name"], s["response"]) for s in pb["severities"]] == [
        ("Site down", "15m"), ("Urgent", "1h"), ("Normal", "2d")]  # fmt: skip
    # a column beside them filled otherwise is not a level
    pb = imported("""
        # Managed hosting

        ## Support priorities

        | | Notes | Urgent | Normal |
        |---|---|---|---|
        | Reply within | see the contract | 1 business hour | 2 business days |
    """)
    assert [s["name"] for s in pb["severities"]] == ["Urgent", "Normal"]


def test_a_first_answer_column_is_a_response_time() -> None:
    pb = imported("""
        # Service desk

        ## Severity

        | Level | What it covers | First answer |
        |---|---|---|
        | Blocker | The shop is closed | 10 minutes |
        | Major | Payments are slow | 1 hour |
    """)
    assert [(s["name"], s["response"]) for s in pb["severities"]] == [
        ("Blocker", "10m"), ("Major", "1h")]  # fmt: skip


def test_levels_grouped_in_one_label_are_each_a_level() -> None:
    for text in (
        "# Security releases\n\n## Timelines\n\n### Critical and high severity\n\n"
        "Fixed within 14 days.\n\n### Medium and low severity\n\nFixed in the next release.\n",
        "# Security\n\n## Severity\n\n* **Critical / High** – fixed under embargo.\n"
        "* **Medium / Low** – fixed in public.\n",
    ):
        pb = imported(text)
        assert [(s["name"], s.get("title")) for s in pb["severities"]] == [
            ("Critical", None), ("High", None), ("Medium", None), ("Low", None)], text  # fmt: skip
        assert pb["severities"][1]["meaning"].startswith("Fixed" if "###" in text else "fixed")


def test_paragraphs_and_sentences_each_led_by_a_level_and_what_it_grades() -> None:
    said = {
        "# On-call\n\n## Paging\n\nP1 incidents page the on-call engineer at any hour.\n\n"
        "P2 incidents wait until the next working day.\n": ["P1", "P2"],
        "# On-call procedures\n\n## Urgency\n\nAlerts come in two urgencies. **High** urgency "
        "alerts call your phone. **Low** urgency alerts only send an email.\n": ["High", "Low"],
        "# On-call guide\n\nEach alert is either high-urgency or low-urgency.\n": [
            "High-urgency", "Low-urgency"],
        "# On-call guide\n\n## Alerts\n\n#### High-Urgency Alerts\n\nThese page you. Acknowledge "
        "within 5 minutes.\n\n#### Low-Urgency Alerts\n\nThese go to chat.\n": [
            "High-Urgency", "Low-Urgency"],
    }  # fmt: skip
    for text, names in said.items():
        assert [s["name"] for s in imported(text)["severities"]] == names, text


def test_an_update_cadence_in_a_levels_text_is_no_response_time() -> None:
    pb = imported("""
        # Incidents

        ## Severity

        - **SEV1**: the whole product is down. Respond and update stakeholders every 20 minutes.
        - **SEV2**: part of it is down. Acknowledge within 30 minutes; update every 2 hours.
    """)
    said = [(s["name"], s.get("response"), s.get("update_every")) for s in pb["severities"]]
    assert said == [("SEV1", None, "20m"), ("SEV2", "30m", "2h")]


def test_paragraphs_after_a_lead_in_of_what_to_try_are_whom_to_try_in_order() -> None:
    pb = imported("""
        # Reporting a vulnerability

        Send reports to security@acme.example. We reply within two working days.

        If you hear nothing back within a week, try the following, in this order:

        Email the security lead (Jane Roe) directly.

        Ping the release managers directly.

        Post a short reminder on the project Matrix room.

        Please note that the release engineers never discuss reports in public.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "security lead", "Release managers", "Project Matrix room",
    ]  # fmt: skip
    pb = imported("""
        # Paging

        ## When a page is missed

        If the page is not acknowledged within 10 minutes, work down this list:

        Call the secondary on-call engineer.

        Phone the engineering manager.

        ## Dashboards

        Ask the data team for access to the dashboards.
    """)
    # (the lead ends at the next heading: asking for access is no escalation)
    assert [e["who"] for e in pb["escalation"]] == [
        "secondary on-call engineer", "engineering manager",
    ]  # fmt: skip


def test_a_place_to_post_in_when_escalating_is_who_is_brought_in() -> None:
    escalates_to({
        "If you are stuck, ask on the community Discord or post in the public support forum.":
            ["Community Discord", "Public support forum"],
        "If nobody answers within a day, post a reminder on the contributors Slack.":
            ["Contributors Slack"],
        # the tool alone, the incident's own channel and a feed name no one
        "If you need help, use the button in your Slack channel.": [],
        "If you are stuck, post an update in the incident channel.": [],
        "If nobody answers, check the status channel.": [],
    })  # fmt: skip


def test_a_role_named_with_when_it_answers_or_as_a_compound_is_who() -> None:
    escalates_to({
        "Our 24x7 duty manager is paged automatically.": ["24x7 duty manager"],
        "The 24/7 on-call engineer is alerted by the phone line.": ["24/7 on-call engineer"],
    }, heading="Escalation")  # fmt: skip
    escalates_to({
        "When should I escalate and page another squad's on-caller? When their service is "
        "the cause.":
            ["another squad's on-caller"],
        "If the engineer on shift cannot help, they find a colleague who can take over as "
        "incident-coordinator.": ["incident-coordinator"],
    })  # fmt: skip


def test_an_escalation_said_as_a_noun_names_whom_it_goes_to() -> None:
    escalates_to({
        "Escalation to the platform team is possible through their request form.":
            ["platform team"],
        "If the lead needs more hands, escalation to more team members is possible.":
            ["team members"],
        "After 30 minutes, a hand-off to the duty manager is required.": ["duty manager"],
    })  # fmt: skip


def test_someone_from_that_team_is_the_team_named_before() -> None:
    escalates_to({
        "The reporter is often not part of the Database Reliability Group, so escalation is "
        "needed to bring in someone from that group.": ["Database Reliability Group"],
        "The on-call engineer is not in the payments team, so escalate to someone from that "
        "team.": ["Payments team"],
    })  # fmt: skip


def test_the_most_severe_incidents_handed_on_to_a_body_by_its_proper_name() -> None:
    escalates_to({
        "If this is a major incident the duty manager must report it to the Regional "
        "Resilience Hub.": ["Regional Resilience Hub"],
        "For P1 incidents, the comms lead should report it to NHS England's “Service Bridge”.":
            ["NHS England's Service Bridge"],
        # a procedure is not a body
        "If it is still open after 3 days, escalate the ticket to Political procedure.": [],
    }, heading="Major incidents")  # fmt: skip


def test_how_often_updates_go_out_is_no_escalation_delay() -> None:
    pb = imported("""
        # Incident levels

        | Level | Meaning | Response |
        |---|---|---|
        | P1 | Outage | Page the on-call engineer, update stakeholders every 20 minutes |
        | P2 | Degraded | Notify the team lead within 1 hour |

        ## If nobody answers

        If nobody answers within 10 minutes, call the duty manager; updates go out at
        30-minute intervals.
    """)
    after = {e["who"]: e.get("after") for e in pb["escalation"]}
    assert after == {"on-call engineer": None, "Team lead": "1h", "Duty manager": "10m"}


def test_who_answers_a_page_is_brought_in() -> None:
    escalates_to({
        "Whenever the duty analyst pings `@dba-$SHARD` in chat, the shard's on-call DBA "
        "shall join the bridge.": ["@dba-$SHARD", "Shard's on-call DBA"],
        "When the incident lead pages the storage team, their escalation engineer is "
        "expected to answer within 15 minutes.": ["Storage team", "Escalation engineer"],
        # the one who paged is not the one who answers; a status page is no page
        "When the incident lead pages the storage team, the incident lead should note the "
        "time.": ["Storage team"],
        "If the status page shows an outage, our engineers will already be on it.": [],
    }, heading="Getting help")  # fmt: skip


def test_a_ladder_told_over_short_sentences_is_read_rung_by_rung() -> None:
    escalates_to({
        # who did not answer is named in the sentence before; "After that" goes on
        "First try the on-call developer. No answer after 20 minutes? Try the platform lead. "
        "After that, the CTO.": ["on-call developer", "Platform lead", "CTO"],
        "Ask the release manager. Nobody responds within the hour? Ask the QA lead. Failing "
        "that, the head of delivery.": ["release manager", "QA lead", "head of delivery"],
        # someone used when the first is away is brought in
        "Try the primary contact first. If they are unavailable, use the secondary contact.":
            ["primary contact", "secondary contact"],
        # a going-on word after a sentence that brings no one in goes on nothing
        "Check the dashboards. After that, the logs.": [],
    }, heading="Support")  # fmt: skip


def test_lines_of_support_named_by_their_place_are_a_ladder() -> None:
    escalates_to({
        "Our second line is the Platform team, and the third line is the cloud vendor.":
            ["Platform team", "Cloud vendor"],
        "The first line is the service desk; the 2nd line is the application support team.":
            ["Service desk", "Application support team"],
    }, heading="Support")  # fmt: skip


def test_a_report_that_cannot_wait_hands_the_incident_on() -> None:
    escalates_to({
        "If you think there has been a security incident, report it to the Security Team "
        "straight away.": ["Security Team"],
        "Any suspected breach must be reported to the ISM and other on-call engineers "
        "promptly.": ["ISM", "Other on-call engineers"],
        # how to report, with no hurry said, is no hand-off
        "Report it to the maintainers through the issue tracker.": [],
    })  # fmt: skip
    escalates_to({
        "The incident lead is responsible for escalating to senior management where "
        "necessary.": ["Senior management"],
    }, heading="Roles")  # fmt: skip


def test_a_ladder_in_a_procedure_goes_on_to_the_item_after() -> None:
    pb = imported("""
        # Site outage

        ## If the site is down

        1. Check the status page.
        2. Contact the service owner.
        3. If there's no response within 30 minutes, contact their deputy.
        4. Then the head of service.
        5. Then the logs of the load balancer.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Service owner", "Deputy", "head of service",
    ]  # fmt: skip
    escalates_to({
        "If you need a decision, go to the duty director.": ["Duty director"],
        # a section of the document, a tool: no one
        "If it's expected behaviour, go to False Alarm.": [],
        "If the graph is empty, go to the dashboard.": [],
    }, heading="Support")  # fmt: skip


def test_a_second_instruction_after_who_is_not_part_of_who() -> None:
    escalates_to({
        "If you are unable to, talk to your lead and see if they can help.": ["Lead"],
        "If you get stuck, page the incoming on-call and make sure they're ready.":
            ["Incoming on-call"],
        "If it can wait, file an issue and pull in teams that way.": ["Teams"],
    })  # fmt: skip


def test_a_group_of_engineers_is_who_but_a_group_of_users_is_not() -> None:
    escalates_to({
        "Escalate to the release group.": ["release group"],
        "If the database is slow, escalate to the database reliability group.":
            ["database reliability group"],
        "If you are stuck, ask in the user group.": [],
    })  # fmt: skip


def test_the_label_of_a_place_on_the_path_is_not_who_holds_it() -> None:
    pb = imported("""
        # Incident handling

        ## Escalation

        Escalation contact: the platform duty officer, reachable on the duty phone.

        Backup contact: the Head of Infrastructure.
    """)
    assert [e["who"] for e in pb["escalation"]] == [
        "Platform duty officer", "Head of Infrastructure",
    ]  # fmt: skip


def test_escalation_read_after_a_lead_in_says_so_in_its_reason() -> None:
    report = import_runbook(
        dedent("""
            # Security

            ## Public keys

            If you have not heard back within 48 hours, there are a few steps you can take:

            Contact the back-up contact directly.
        """),
        "shapes",
        "SHAPES.md",
    )
    reasons = [s.reason for s in report.sections if s.kind == "escalation"]
    assert reasons == ["who is brought in, named in a sentence after a lead-in that escalates"]


def test_who_does_not_answer_was_called_first_in_a_given_time_or_not() -> None:
    escalates_to({
        "If the on-call engineer does not answer, call the duty manager.":
            ["On-call engineer", "Duty manager"],
        "If the primary does not respond, page the secondary.": ["Secondary"],
        # who is away stands aside: someone else stands in
        "If the team lead is unavailable, call the duty manager.": ["Duty manager"],
    })  # fmt: skip


def test_a_cue_said_not_to_be_done_does_not_escalate() -> None:
    pb = imported("""
        # Support

        ## Helping the support engineer

        When you join a support request, you shall:

        - NOT take over (at least not fully), but pair with the support engineer on shift
        - never take over from the analyst on shift, but pair with them instead
    """)
    assert pb.get("escalation", []) == []
    escalates_to({"If you cannot fix it, the duty manager takes over.": ["Duty manager"]})


def test_steps_inside_a_details_box_written_in_a_list_item() -> None:
    pb = imported("""
        # Restoring a stuck worker

        ## Steps

        1. Find the stuck worker named in the alert
        2. Drain the worker
            - <details><summary>in the web console</summary>

                1. open the Nodes page
                2. pick the worker from the list
                3. press `Drain` and confirm

                </details>

            - <details><summary>from a terminal</summary>

                ```sh
                kubectl drain worker-3
                ```

                </details>

        3. Restart the worker
    """)
    said = items(pb)
    for step in ("Drain the worker", "open the Nodes page", "pick the worker from the list",
                 "press Drain and confirm", "Restart the worker"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert not any(i.startswith(("in the web console", "from a terminal")) for i in said)


def test_a_way_of_doing_a_step_led_in_over_its_own_numbered_steps() -> None:
    pb = imported("""
        # Certificate expiry

        ## What to do

        1. Renew the certificate
           * Through the admin portal:
             1. sign in as an operator
             2. choose the expiring certificate
             3. click Renew
           * With the API: send a renewal request (see the API guide).
        2. Reload the proxies
    """)
    said = items(pb)
    for step in ("sign in as an operator", "choose the expiring", "click Renew",
                 "Reload the proxies"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_a_case_over_its_sub_list_leads_in_to_steps() -> None:
    pb = imported("""
        # Queue backlog

        ## Procedure

        1. Restart the consumer
        2. If the backlog keeps growing
           - scale the consumers to six
           - page the data team on call
        3. Close the alert once the backlog drains
    """)
    said = items(pb)
    assert any(i.startswith("scale the consumers to six") for i in said)
    assert any(i.startswith("page the data team on call") for i in said)


def test_checks_put_as_questions_under_an_instruction_are_steps() -> None:
    pb = imported("""
        # Checkout latency alert

        ## Runbook

        1. Open the payments latency dashboard.
            1. Is the p99 above two seconds for more than ten minutes?
            1. Do you see the slow calls only in one region?
            1. Check the error panel at the bottom as well.
        1. Restart the checkout pods if one region is slow.
    """)
    said = items(pb)
    for step in ("Open the payments latency dashboard", "Is the p99 above two seconds",
                 "Do you see the slow calls", "Check the error panel"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_what_to_find_out_stays_out_while_a_check_to_make_is_a_step() -> None:
    pb = imported("""
        # Compromised laptop

        ## Steps

        1. Isolate the laptop from the network.
        2. When did the attacker first sign in?
        3. Can you still reach the laptop over the management agent?
        4. Wipe the laptop.
    """)
    said = items(pb)
    assert any(i.startswith("Can you still reach the laptop") for i in said)
    assert not any(i.startswith("When did the attacker") for i in said)


def test_a_procedure_label_over_its_stages_said_in_the_third_person() -> None:
    pb = imported("""
        # Outage handling at the help desk

        ## Reporting and triage

        - **Channels**:
          - **Primary**: the service desk phone line.
          - **Secondary**: the shared mailbox.
        - **Triage Procedure**:
          1. **Intake**:
             - (TODO: check this matches the new tool)
             - The Desk Analyst opens a ticket in the tracker.
             - Records the caller's name and the affected service.
          2. **Classification**:
             - The Shift Supervisor reviews the ticket within ten minutes.
             - Decides whether the outage is a major incident.
    """)
    said = items(pb)
    for step in ("The Desk Analyst opens a ticket", "Records the caller's name",
                 "The Shift Supervisor reviews the ticket", "Decides whether the outage"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert not any("TODO" in i or "service desk phone" in i for i in said)


def test_a_procedure_label_among_other_labels_under_a_plain_heading() -> None:
    pb = imported("""
        # Library systems outage plan

        ## Who reports, and how

        - **Who Can Raise It**: any member of staff or a reader at the desk.
        - **Raising Process**:
          1. **Notice**:
             - The Duty Librarian phones the systems team.
             - Write the time of the call on the outage sheet.
          2. **Confirmation**:
             - The Systems Officer checks the catalogue from outside the network.
             - Confirms the outage to the Duty Librarian by phone.
    """)
    said = items(pb)
    for step in ("The Duty Librarian phones", "Write the time of the call",
                 "The Systems Officer checks", "Confirms the outage"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert not any(i.startswith("any member of staff") for i in said)


def test_a_counted_list_of_sources_is_not_steps_and_the_prose_after_it_is() -> None:
    pb = imported("""
        # How we run a major incident

        ## Process

        ### Detect

        There are two possible entry points:

        1. A monitor fires in the on-call channel
        2. A customer phones the support line

        In both cases, the engineer on call opens an incident with the chat command.
        For major incidents, the next step is to call in a second engineer.

        ### Close

        Remaining actions are converted into tickets by the incident lead. Support Engineers
        focus on the customer, but the lead posts the final summary.
    """)
    said = items(pb)
    assert not any(i.startswith(("A monitor fires", "A customer phones")) for i in said)
    for step in ("In both cases, the engineer on call opens", "For major incidents, the next step",
                 "Remaining actions are converted", "Support Engineers focus"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_instructions_written_as_not_to_do_are_steps() -> None:
    pb = imported("""
        # Database support

        ## Who supports the databases?

        Whenever the Service Desk Analyst pings the database team, the team's on-support
        engineer shall:
        - join the bridge call opened by the service desk
        - NOT restart the primary without the incident lead's approval
        - check replication lag on every replica
        - NOT close the ticket before the analyst agrees
    """)
    said = items(pb)
    for step in ("join the bridge call", "NOT restart the primary", "check replication lag",
                 "NOT close the ticket"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_what_a_role_does_when_an_event_happens_is_steps() -> None:
    pb = imported("""
        # Payments on-call

        ## Responsibilities

        When a payment outage is declared, the Payments Duty Manager shall:
        - open a bridge with the card processor
        - tell the contact centre what to say to callers
        - post an update in #payments-incident every half hour
    """)
    said = items(pb)
    for step in ("open a bridge", "tell the contact centre", "post an update"):
        assert any(i.startswith(step) for i in said), step
    assert "Payments Duty Manager" in [r["name"] for r in pb.get("roles", [])]


def test_steps_a_lead_announces_under_a_reporting_heading() -> None:
    pb = imported("""
        # Acme Widgets security

        ## Reporting a vulnerability

        Email security@acme.example with the details.

        If nobody has answered within three working days, these are the steps to take:

        * Phone the security on-call number on the contact page
        * Open a private advisory on the repository
    """)
    said = items(pb)
    assert any(i.startswith("Phone the security on-call number") for i in said)
    assert any(i.startswith("Open a private advisory") for i in said)


def test_paragraphs_after_a_lead_that_announces_steps_are_the_steps() -> None:
    pb = imported("""
        # Kiln project security

        ## Disclosure

        Send reports to the private list. If you hear nothing back within a week, there are
        some steps you can take, in order:

        Write to the release manager directly at the address in MAINTAINERS.
        Write to the project chair if the release manager does not answer either.

        Ask on the public forum for someone from the security team to get in touch.

        The forum is public, so do not describe the issue there.
    """)
    said = items(pb)
    for step in ("Write to the release manager directly", "Write to the project chair",
                 "Ask on the public forum"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert not any(i.startswith("The forum is public") for i in said)


def test_a_step_that_names_a_template_does_not_make_its_list_a_message() -> None:
    pb = imported("""
        # Outage handling

        ## Keep a record

        Copy the outage log template into the shared drive and fill in its first page.

        - **Share it** with the whole response team
        - **Link it** from the outage channel
        - **Log each action** with its time
    """)
    said = items(pb)
    for step in ("Share it", "Link it", "Log each action"):
        assert any(i.startswith(step) for i in said), step


def test_the_retro_s_instructions_in_prose_are_steps() -> None:
    pb = imported("""
        # Service outage guide

        ## Handle the outage

        1. Page the on-call engineer.
        2. Post in the outage channel.
        3. Restore the service.

        ## Post-mortem

        Hold the meeting within five working days.

        Walk through the timeline with everyone who took part.

        File a ticket for each follow-up action. To suggest changes to this guide, open a
        merge request.
    """)
    said = items(pb)
    for step in ("Hold the meeting within five", "Walk through the timeline", "File a ticket"):
        assert any(i.startswith(step) for i in said), step
    assert not any(i.startswith("To suggest changes") for i in said)


def test_a_box_titled_as_an_instruction_over_numbered_steps_unfolds_them() -> None:
    pb = imported("""
        # Cache node recovery

        ## Steps

        1. Check the cache hit rate on the dashboard
        2. If the hit rate is below half, do the following:
            - <details><summary>Make sure no rebuild is running</summary>

                1. Find the rebuild job in the scheduler
                2. Open its last run
                3. Cancel it if it is still running

                </details>

        3. Flush the cache
    """)
    said = items(pb)
    for step in ("Make sure no rebuild is running", "Find the rebuild job", "Open its last run",
                 "Cancel it if it is still running", "Flush the cache"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_an_instruction_over_the_cases_its_list_names_is_a_step() -> None:
    pb = imported("""
        # DiskFillingUp

        ## Warning

        Look at the volume's growth rate first.

        * under 1 GB a day: it can wait until the next working day
        * over 10 GB a day: something is writing logs in a loop
    """)
    said = items(pb)
    assert any(i.startswith("Look at the volume's growth rate first") for i in said)
    assert not any(i.startswith(("under 1 GB", "over 10 GB")) for i in said)


def test_a_long_sentence_that_says_its_sub_list_follows_is_no_step() -> None:
    pb = imported("""
        # Outages

        ## Logging the fault

        - Open a ticket in the tracker.
        - At the least, the ticket for a customer-facing outage should list the following tasks:
          - Restore the service
          - Write the timeline
    """)
    assert items(pb) == [
        "Open a ticket in the tracker.",
        "Restore the service",
        "Write the timeline",
    ]


def test_instructions_in_turn_in_one_paragraph_are_steps_each() -> None:
    pb = imported("""
        # Payments incident process

        ## Recovery

        First, roll back the last deploy. Next, confirm the error rate is back to normal on
        the dashboard. Finally, post a resolution note in #payments-ops.
    """)
    said = items(pb)
    for step in ("First, roll back the last deploy", "Next, confirm the error rate",
                 "Finally, post a resolution note"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_a_paragraph_led_by_a_bold_instruction_is_a_step_with_its_detail() -> None:
    pb = imported("""
        # Search cluster red

        ## Actions

        1. Acknowledge the alert in Opsgenie
        2. Restart the failed data node

        ## Communicate

        **Tell support.** Post in #support-escalations that search is degraded.

        **Update the status page.** Mark search as degraded until the cluster is green.

        **Note.** The status page is public.
    """)
    said = items(pb)
    assert "Tell support." in said and "Update the status page." in said
    assert not any(i.startswith("Note") for i in said)


def test_polite_and_time_boxed_instructions_are_steps() -> None:
    pb = imported("""
        # Mail relay down

        ## What happens

        - Please open a ticket with the hosting provider.
        - Kindly inform the service desk.
        - 0-5 min: acknowledge the alert
        - T+15: post an update in #mail-ops
    """)
    said = items(pb)
    for step in ("Please open a ticket", "Kindly inform the service desk", "0-5 min: acknowledge",
                 "T+15: post an update"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step


def test_gerunds_under_a_procedure_heading_are_steps() -> None:
    pb = imported("""
        # Mail relay down

        ## Fix

        - Checking the relay logs for TLS errors
        - Restarting the relay container
        - Verifying that mail flows again
    """)
    said = items(pb)
    for step in ("Checking the relay logs", "Restarting the relay container", "Verifying that"):
        assert any(i.startswith(step) for i in said), step


def test_a_list_pasted_with_bullet_glyphs_is_a_list() -> None:
    pb = imported("""
        # Network outage

        ## Steps

        • Check the core switch status page
        • Call the network provider on 0800 123 456
            ◦ ask for the fault reference
        → Post an update on the intranet
    """)
    said = items(pb)
    for step in ("Check the core switch status page", "Call the network provider",
                 "Post an update on the intranet"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert not any("•" in i or "→" in i for i in said)


def test_lines_numbered_in_shapes_markdown_reads_as_no_list_are_steps() -> None:
    for marks in (("1 - ", "2 - ", "3 - "), ("(1) ", "(2) ", "(3) "), ("1.", "2.", "3."),
                  ("**1.** ", "**2.** ", "**3.** "), ("1️⃣ ", "2️⃣ ", "3️⃣ ")):  # fmt: skip
        pb = imported(f"""
            # Storage alert

            ## What to do

            {marks[0]}Check the array health page
            {marks[1]}Fail over to the standby array
            {marks[2]}Open a case with the vendor
        """)
        assert items(pb) == [
            "Check the array health page", "Fail over to the standby array",
            "Open a case with the vendor",
        ], marks  # fmt: skip
    # a numbered line alone, or numbered lines in a code block, stay as written
    pb = imported("""
        # Storage alert

        ## What to do

        1. Check the array health page.

        ```
        1 - Fail over to the standby array
        2 - Open a case with the vendor
        ```

        1 - 2 hours is the usual time to rebuild a disk.
    """)
    assert items(pb)[0] == "Check the array health page."
    assert not any(i.startswith("2 hours") for i in items(pb))
    assert not any(i == "Open a case with the vendor" for i in items(pb))


def test_an_asciidoc_runbook_s_sections_and_numbered_steps() -> None:
    pb = imported("""
        = Cache cluster failover
        :toc:

        == When to use this

        The primary cache node is down for more than five minutes.

        == Procedure

        . Drain the primary from the load balancer
        . Promote the replica
        .. check the replication offset first
        . Page the platform on-call engineer

        [source,bash]
        ----
        redis-cli -h replica-1 replicaof no one
        ----
    """)
    said = items(pb)
    for step in ("Drain the primary from the load balancer", "Promote the replica",
                 "Page the platform on-call"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert not any("==" in p["title"] or ":toc:" in p["title"] for p in pb["phases"])


def test_a_page_in_confluence_wiki_markup_is_read() -> None:
    pb = imported("""
        h1. Payroll service outage

        {info}
        Owner: the payroll platform team.
        {info}

        h2. What to do

        # Check the payroll job dashboard
        # Restart the failed export job
        ## wait for the export to finish
        # Email the payroll office

        {code:bash}
        # not a step: a comment in a command block
        systemctl restart payroll-export
        {code}
    """)
    said = items(pb)
    for step in ("Check the payroll job dashboard", "Restart the failed export job",
                 "Email the payroll office"):  # fmt: skip
        assert any(i.startswith(step) for i in said), step
    assert [p["title"] for p in pb["phases"]][:1] == ["What to do"]


def test_not_able_to_get_it_fixed_is_a_cue_like_not_able_to_fix_it() -> None:
    escalates_to({
        "If the team is not able to get it resolved, raise it on the public platform users "
        "forum.": ["Public platform users forum"],
        "If you can't get it fixed, post in the community chat.": ["Community chat"],
    })  # fmt: skip


def test_a_checklist_s_boxes_said_as_states_are_steps() -> None:
    pb = imported("""
        # Incident handling

        ## Closing checklist

        - Status page updated
        - Customers notified by the account team
        - Post-incident review scheduled
    """)
    said = items(pb)
    for step in ("Status page updated", "Customers notified", "Post-incident review scheduled"):
        assert step in said or any(i.startswith(step) for i in said), step


def test_steps_numbered_in_words_are_steps() -> None:
    pb = imported("""
        # Storage alert

        ## What to do

        Step one: check the array health page.
        Step two: fail over to the standby array.
        Step three: open a case with the vendor.
    """)
    assert items(pb) == [
        "check the array health page.", "fail over to the standby array.",
        "open a case with the vendor.",
    ]  # fmt: skip


def test_a_short_page_about_an_incident_in_prose_imports_its_instructions() -> None:
    # No heading, no list: a page that only tells the reader what to do when it happens.
    page = imported("""
        If you think customer data has leaked, for example in a log shared with a supplier, you
        must immediately write to privacy@example.org with what you know. Keep the logs as they are.

        The privacy team keeps a register of these reports.
    """)
    assert items(page) == [
        "If you think customer data has leaked, for example in a log shared with a supplier, "
        "you must immediately write to privacy@example.org with what you know.",
        "Keep the logs as they are.",
    ]
    headed = imported("""
        # Lost or stolen laptop

        When a laptop holding customer records is lost or stolen, report it to the service desk
        at once. Change the passwords you used on it.
    """)
    assert items(headed) == [
        "When a laptop holding customer records is lost or stolen, report it to the service "
        "desk at once.",
        "Change the passwords you used on it.",
    ]
    # A page about requests, not incidents, tells how to ask for things: nothing to take.
    requests = imported("""
        # Platform support

        For certificates and DNS changes, use the request form. Email the platform team for
        anything else.
    """)
    assert items(requests) == []
