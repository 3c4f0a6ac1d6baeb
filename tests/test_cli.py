"""The `warroom` command as a user runs it, on a real database file: through its entry point in
this process, and as a real process where the exit status and stderr a shell sees are what is
tested."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import invoke, warroom
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def test_declare_log_and_list(cli_env: dict[str, str], db_path: Path) -> None:
    Store(db_path).close()
    IncidentService(Store(db_path)).open_or_declare("INC-42")
    declared = invoke(cli_env, "declare", "Checkout returns 500s", "--sev", "SEV-1")
    assert (declared.returncode, declared.stdout) == (0, "INC-43\n"), declared.stderr

    logged = invoke(cli_env, "log", "inc-43", "rolled back web to v1.4.2")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("INC-43 T+00:00:")

    listed = invoke(cli_env, "list")
    assert listed.returncode == 0
    header, newest, older = listed.stdout.splitlines()
    assert header.split() == ["ID", "SEV", "STATUS", "TITLE", "AGE", "IC"]
    assert newest.split()[:3] == ["INC-43", "SEV-1", "investigating"]
    assert "Checkout returns 500s" in newest
    assert older.split()[0] == "INC-42"

    timeline = IncidentService(Store(db_path)).state("INC-43").timeline
    assert [(e.kind, e.actor, e.text) for e in timeline][-1] == (
        "note",
        "tester",
        "rolled back web to v1.4.2",
    )


def test_list_says_a_quit_drill_is_stopped_not_being_investigated(
    cli_env: dict[str, str], db_path: Path
) -> None:
    service = IncidentService(Store(db_path))
    service.declare("Drill: replica lag", "SEV-2", incident_id="INC-7", drill=True)
    service.declare("Drill: cache storm", "SEV-3", incident_id="INC-8", drill=True)
    service.keep_drill_clock("INC-7", 1.0, "stopped")  # its console was quit with q
    service.keep_drill_clock("INC-8", 1.0, "running")  # its console still plays it

    listed = invoke(cli_env, "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()[1:]}
    assert "investigating (drill stopped)" in rows["INC-7"]
    assert "investigating  " in rows["INC-8"] and "stopped" not in rows["INC-8"]
    as_json = invoke(cli_env, "list", "--json")
    assert '"drill_clock": "stopped"' in as_json.stdout


def test_bad_id_is_one_line_exit_2_and_creates_nothing(
    cli_env: dict[str, str], db_path: Path
) -> None:
    result = warroom(cli_env, "open", "foo bar")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "warroom: 'foo bar' is not an incident id: write it as LETTERS-NUMBER, e.g. INC-42"
    ]
    assert not db_path.exists()


def test_a_file_that_is_not_a_database_is_named_and_left_alone(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# not a database\n")
    result = invoke(cli_env, "list", "--db", str(notes))
    assert result.returncode == 2
    assert result.stderr == f"warroom: {notes}: is not a SQLite database; left untouched\n"
    assert notes.read_text() == "# not a database\n"


def test_logging_to_a_missing_incident_is_a_clear_error(cli_env: dict[str, str]) -> None:
    result = invoke(cli_env, "log", "INC-7", "hello")
    assert (result.returncode, result.stderr) == (2, "warroom: no incident INC-7\n")


def test_every_plain_option_reaches_the_command(monkeypatch) -> None:
    """`warroom open` and `status` skip typer: each option must still arrive."""
    import warroom.cli.launch as launch

    seen = {}
    monkeypatch.setattr(launch, "run_console", lambda **kw: seen.update(kw) or 0)
    args = ["open", "INC-1", "--db", "x.db", "--playbook", "p", "--title", "t", "--theme", "th"]
    monkeypatch.setattr("sys.argv", ["warroom", *args, "--config", "c.toml"])
    try:
        launch.main()
    except SystemExit as exit:
        assert exit.code == 0
    assert seen == {
        "incident_id": "INC-1", "db": "x.db", "playbook": "p", "title": "t", "theme": "th", "config": "c.toml",
    }  # fmt: skip


def test_retitle_keeps_the_old_title_in_the_timeline(
    cli_env: dict[str, str], db_path: Path
) -> None:
    IncidentService(Store(db_path)).open_or_declare("INC-42")
    result = invoke(cli_env, "retitle", "inc-42", "Checkout returns 500s")
    assert (result.returncode, result.stdout) == (
        0,
        "INC-42: Untitled incident → Checkout returns 500s\n",
    ), result.stderr
    again = invoke(cli_env, "retitle", "INC-42", "Checkout returns 500s")
    assert again.stdout == "INC-42 is titled that already: Checkout returns 500s\n"
    state = IncidentService(Store(db_path)).state("INC-42")
    assert state.incident.title == "Checkout returns 500s"
    assert [(e.kind, e.actor, e.text) for e in state.timeline][1:] == [
        ("title", "tester", "Title: Untitled incident → Checkout returns 500s")
    ]
    missing = invoke(cli_env, "retitle", "INC-9", "x")
    assert (missing.returncode, missing.stderr) == (2, "warroom: no incident INC-9\n")


def test_db_goes_before_or_after_the_command_name(cli_env: dict[str, str], tmp_path: Path) -> None:
    """The README says every command takes --db: before its name as well as after it, on the
    fast path (log, list, status, open) and the full command line (export, retitle, …)."""
    env = {k: v for k, v in cli_env.items() if k != "WARROOM_DB"}
    db, other = tmp_path / "given.db", tmp_path / "other.db"
    IncidentService(Store(db)).open_or_declare("INC-1", title="In the given database")
    IncidentService(Store(other)).open_or_declare("INC-1", title="In the other one")
    logged = invoke(env, "--db", str(db), "log", "INC-1", "first")
    assert logged.returncode == 0, logged.stderr
    assert invoke(env, f"--db={db}", "log", "INC-1", "second").returncode == 0
    listed = invoke(env, "--db", str(db), "list")
    assert "In the given database" in listed.stdout, listed.stderr
    status = invoke(env, "--db", str(db), "status", "INC-1", "--format", "{title}")
    assert status.stdout == "In the given database\n", status.stderr
    exported = invoke(env, "--db", str(db), "export", "INC-1", "--format", "json")
    assert exported.returncode == 0 and '"first"' in exported.stdout, exported.stderr
    retitled = invoke(env, "--db", str(db), "retitle", "INC-1", "Renamed")
    assert retitled.returncode == 0, retitled.stderr
    after = invoke(env, "status", "INC-1", "--db", str(db), "--format", "{title}")
    assert after.stdout == "Renamed\n"
    # Given twice, the one after the command name wins, as an option of the command.
    both = invoke(
        env, "--db", str(db), "status", "INC-1", "--db", str(other), "--format", "{title}"
    )
    assert both.stdout == "In the other one\n"
    both = invoke(env, "--db", str(db), "export", "INC-1", "--db", str(other), "--format", "json")
    assert "In the other one" in both.stdout
    assert [e.text for e in IncidentService(Store(db)).state("INC-1").timeline][1:3] == [
        "first",
        "second",
    ]
    helped = invoke(env, "--help")
    assert "--db" in helped.stdout


def test_a_db_before_open_reaches_the_console(monkeypatch) -> None:
    import warroom.cli.launch as launch

    monkeypatch.delenv("WARROOM_DB", raising=False)  # restored after the test
    seen = {}
    monkeypatch.setattr(launch, "run_console", lambda **kw: seen.update(kw) or 0)
    monkeypatch.setattr("sys.argv", ["warroom", "--db", "x.db", "open", "INC-1"])
    try:
        launch.main()
    except SystemExit as exit:
        assert exit.code == 0
    assert (seen["incident_id"], seen["db"]) == ("INC-1", "x.db")
