"""Incident command from a shell: the `warroom` command (its entry point, in-process) on a real
database file."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import invoke
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def test_tasks_decisions_and_a_briefing_from_the_command_line(
    cli_env: dict[str, str], db_path: Path
) -> None:
    IncidentService(Store(db_path), actor="alice").declare("Checkout down", incident_id="INC-42")
    given = invoke(cli_env, "task", "INC-42", "check replica lag", "--to", "bob", "--within", "5m")
    assert (given.returncode, given.stdout) == (
        0, "Task 1 for bob: check replica lag (due in 5m)\n",
    ), given.stderr  # fmt: skip
    bad = invoke(cli_env, "task", "INC-42", "x", "--to", "bob", "--within", "5 fortnights")
    assert bad.returncode == 2 and bad.stderr.startswith("warroom: --within: unknown unit")
    status = invoke(cli_env, "status", "INC-42", "--format", "{id}{tasks}")
    assert status.stdout == "INC-42 1 task\n"

    decided = invoke(cli_env, "decide", "INC-42", "Roll back 4512", "--option", "roll back",
                      "--option", "fail over")  # fmt: skip
    assert decided.stdout == "Decision 1: Roll back 4512 (objections within 1m)\n"
    objected = invoke(cli_env, "object", "INC-42", "1", "fail over is faster")
    assert objected.returncode == 0, objected.stderr
    assert invoke(cli_env, "done", "INC-42", "1", "lag is 0s").stdout == "Task 1 done\n"
    again = invoke(cli_env, "drop", "INC-42", "1")
    assert again.stdout == "Task 1 was closed already (recorded)\n"
    missing = invoke(cli_env, "done", "INC-42", "9")
    assert missing.returncode != 0 and missing.stderr == "warroom: INC-42 has no task 9\n"

    brief = invoke(cli_env, "brief", "INC-42")
    assert brief.returncode == 0, brief.stderr
    lines = brief.stdout.splitlines()
    assert lines[1].startswith("INC-42 at T+00:00:") and "Open tasks: none" in lines
    assert "  1 Roll back 4512 — open to objections" in brief.stdout
    state = IncidentService(Store(db_path)).state("INC-42")
    assert [t.state for t in state.tasks] == ["done"]
    assert [e.actor for e in state.timeline if e.kind in ("task", "decision")] == ["tester"] * 5
