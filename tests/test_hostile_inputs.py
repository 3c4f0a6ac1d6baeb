"""Bad and hostile input through every command: one line and exit 2, never a traceback, never a
changed input file; untrusted text never reaches the terminal raw. Commands run through their
entry point in this process; as real processes where a process shows more (a read-only file
to a user without root's powers, input nested deeper than a fresh interpreter's stack)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import PYTHON
from tests.helpers.cli import Ran, invoke, warroom
from tests.helpers.console import HOSTILE, has_controls
from warroom.core.errors import UsageError
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def one_line_error(result: Ran | subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("warroom: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


# -- untrusted text in every command's output ------------------------------------------------
def test_escape_sequences_never_reach_a_terminal_through_the_commands(
    cli_env: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    service = IncidentService(Store(db_path), actor="bot\x1b]0;owned\x07")
    service.open_or_declare("INC-1", title="Checkout " + HOSTILE[0])
    service.assign_role("INC-1", "ic", "mallory\x1b[2J")
    for text in HOSTILE:
        service.add_note("INC-1", text)
    logged = invoke(cli_env, "log", "INC-1", "via cli \x1b[2J\x1b]52;c;eA==\x07")
    assert logged.returncode == 0, logged.stderr
    outputs = {
        "log": logged.stdout,
        "list": invoke(cli_env, "list").stdout,
        "list --json": invoke(cli_env, "list", "--json").stdout,
        "status": invoke(cli_env, "status", "INC-1", "--format", "{title} {ic}").stdout,
        "export md": invoke(cli_env, "export", "INC-1").stdout,
        "export json": invoke(cli_env, "export", "INC-1", "--format", "json").stdout,
    }
    for face, out in outputs.items():
        assert out.strip(), face
        assert not has_controls(out), (
            face,
            [line for line in out.splitlines() if has_controls(line)],
        )
    assert "Checkout clearscreen" in outputs["list"] and "mallory" in outputs["status"]
    # The export keeps every byte as written: it reads back to the stored text exactly.
    exported = json.loads(outputs["export json"])
    texts = [e["text"] for e in exported["timeline"]]
    assert all(text in texts for text in HOSTILE if "\x00" not in text)
    assert exported["incident"]["title"] == "Checkout " + HOSTILE[0]


# -- bad input: one line, exit 2, nothing changed ------------------------------------------------
@pytest.mark.parametrize(
    "content",
    ["[1, 2, 3]", "null", "[" * 100_000 + "]" * 100_000],
    ids=["a-list", "null", "deep-nesting"],
)
def test_importing_what_is_not_an_export_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "incident.json"
    path.write_text(content)
    one_line_error(warroom(cli_env, "import", str(path)))
    assert path.read_text() == content


@pytest.mark.parametrize(
    "args",
    [
        ["open", "INC-٤٢"],
        ["status", "INC-1", "--db", "mysql://x/y"],
        ["list", "--db", "mysql://x/y"],
        ["declare", "x", "--no-open", "--db", "oracle://u:secret@h/db"],
        ["open", "INC-1", "--db", "mysql://x/y"],
    ],
    ids=["arabic-indic-digits", "mysql-status", "mysql-list", "oracle", "mysql-open"],
)
def test_ids_are_ascii_and_databases_are_sqlite_or_postgresql(
    cli_env: dict[str, str], args: list[str]
) -> None:
    result = invoke(cli_env, *args)
    one_line_error(result)
    assert "secret" not in result.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n", os.urandom(4096), b"\x00\x01binary\x00"],
    ids=["empty", "blank", "random", "nul"],
)
def test_importing_an_empty_or_binary_runbook_is_an_error(
    cli_env: dict[str, str], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "RUNBOOK.md"
    path.write_bytes(content)
    one_line_error(invoke(cli_env, "playbook", "import", str(path), "--yes", cwd=tmp_path))
    assert path.read_bytes() == content
    assert not (tmp_path / "playbooks").exists()


def test_a_playbook_name_cannot_leave_the_folder(cli_env: dict[str, str], tmp_path: Path) -> None:
    runbook = tmp_path / "RUNBOOK.md"
    runbook.write_text("# Steps\n\n- [ ] Page the on-call engineer\n")
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    one_line_error(
        invoke(
            cli_env, "playbook", "import", str(runbook), "--name", "../../evil", "--yes", cwd=work
        )
    )
    assert not list(tmp_path.rglob("evil*"))


def as_user(command: list[str]) -> list[str]:
    """Root may write anywhere: under root the command runs without the capabilities that
    override file permissions, so a read-only file is read-only to it too."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *command]


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="needs setpriv")
def test_commands_that_only_read_work_on_a_read_only_database() -> None:
    folder = Path(tempfile.mkdtemp(prefix="warroom-ro-"))
    try:
        db = folder / "warroom.db"
        service = IncidentService(Store(db), actor="alice")
        service.declare("Checkout down", "SEV-1")
        service.store.close()
        before = hashlib.sha256(db.read_bytes()).hexdigest()
        db.chmod(0o444)
        folder.chmod(0o555)
        env = {"PATH": os.environ["PATH"], "HOME": str(folder), "WARROOM_CONFIG_DIR": str(folder)}
        for args in (["list"], ["export", "INC-1"], ["export", "INC-1", "--format", "json"],
                     ["status", "INC-1"], ["report"], ["verify", "INC-1"]):  # fmt: skip
            result = subprocess.run(
                as_user([PYTHON, "-m", "warroom", *args, "--db", str(db)]),
                capture_output=True, text=True, env=env, timeout=60, cwd="/",
            )  # fmt: skip
            assert result.returncode == 0, (args, result.stderr)
            assert "INC-1" in result.stdout or "incident" in result.stdout, args
        write = subprocess.run(
            as_user([PYTHON, "-m", "warroom", "log", "INC-1", "x", "--db", str(db)]),
            capture_output=True, text=True, env=env, timeout=60, cwd="/",
        )  # fmt: skip
        one_line_error(write)
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


# -- whatever the arguments and files: exit 0 or 2, one line, inputs untouched -------------------
def run_in_process(args: list[str]) -> tuple[int, str, str]:
    """`warroom ARGS` in this process (fast enough for hundreds of examples)."""
    from warroom.cli.launch import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    argv = sys.argv
    sys.argv = ["warroom", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), built_once():
            main()
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 2)
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def built_once():
    """Typer builds its click commands from the functions' signatures on every call, as a
    process does once: the same command line each time (nothing in it depends on the
    arguments), so it is built once for the hundreds of calls here."""
    import typer.main

    build = typer.main.get_command
    typer.main.get_command = _built(build)
    try:
        yield
    finally:
        typer.main.get_command = build


@functools.cache
def _built(build):  # type: ignore[no-untyped-def]
    return functools.cache(build)


_work = tempfile.TemporaryDirectory(prefix="warroom-fuzz-")  # removed when the run ends
WORK = Path(_work.name)
ids = st.one_of(st.text(max_size=12), st.from_regex(r"[A-Za-z]{1,4}-[0-9٤٢]{1,11}", fullmatch=True))
words = st.text(max_size=40)
toml_like = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.tuples(st.from_regex(r"[a-z_\[\]. ]{1,12}", fullmatch=True), st.text(max_size=20)),
        max_size=6,
    ).map(lambda kv: "".join(f'{k} = "{json.dumps(v)[1:-1]}"\n' for k, v in kv)),
)
file_content = st.one_of(
    st.binary(max_size=2000),
    toml_like.map(str.encode),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode()),
)


@st.composite
def commands(draw) -> tuple[list[str], bytes]:
    file = str(WORK / "input")
    template = draw(st.sampled_from([
        ["declare", "{w}", "--no-open"], ["declare", "{w}", "--sev", "{w}", "--no-open"],
        ["log", "{id}", "{w}"], ["list"], ["list", "--status", "{w}"], ["list", "--since", "{w}"],
        ["list", "--sev", "{w}", "--json"], ["export", "{id}"], ["export", "{id}", "--format", "{w}"],
        ["status", "{id}"], ["status", "{id}", "--format", "{w}"], ["report", "--since", "{w}"],
        ["playbook", "show", "{w}"], ["playbook", "validate", "{file}"], ["import", "{file}"],
        ["playbook", "import", "{file}", "--name", "{w}", "--yes", "--output", "{out}"],
        ["check", "--config", "{file}"], ["open", "{id}", "--config", "{file}", "--db", "{w}"],
        ["drill", "{file}"], ["playbook", "list"],
        ["{w}"], ["log", "{id}"],
    ]))  # fmt: skip
    values = {"w": draw(words), "id": draw(ids), "file": file, "out": str(WORK / "out.toml")}
    args = [part.format(**values) if "{" in part else part for part in template]
    # "open" with a good id would start the console: only its refusals are tried here.
    if args[0] == "open":
        args[1] = "not an id " + args[1]
    return args, draw(file_content)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(commands())
@pytest.mark.slow(3)
def test_no_arguments_or_files_make_a_traceback(command: tuple[list[str], bytes]) -> None:
    args, content = command
    source = WORK / "input"
    source.write_bytes(content)
    (WORK / "out.toml").unlink(missing_ok=True)
    old = {k: os.environ.get(k) for k in ("WARROOM_DB", "WARROOM_CONFIG_DIR", "WARROOM_RESPONDER")}
    os.environ.update(
        {"WARROOM_DB": str(WORK / "warroom.db"), "WARROOM_CONFIG_DIR": str(WORK / "config"),
         "WARROOM_RESPONDER": "fuzz"}
    )  # fmt: skip
    from warroom.tui.app import WarroomApp

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"{args} opened the console")

    run = WarroomApp.run
    WarroomApp.run = never  # type: ignore[method-assign]
    try:
        code, out, err = run_in_process(args)
    finally:
        WarroomApp.run = run  # type: ignore[method-assign]
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    allowed = {0, 1, 2} if args[0] == "check" else {0, 2}  # check: 1 means "something is down"
    assert code in allowed, (args, code, err)
    assert "Traceback" not in err and "unexpected error" not in err, (args, err)
    if code == 2 and err:
        assert err.startswith(("warroom: ", "Usage: ")), (args, err)
    assert source.read_bytes() == content  # an input is never changed
    assert not has_controls(out.replace("\t", " ")), (args, out)


def test_declare_does_not_talk_about_unrelated_config(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """A problem in warroom.toml's actions belongs to the console and `warroom check`, not to
    every command run in that folder."""
    (tmp_path / "warroom.toml").write_text(
        '[[action]]\nkey = "x"\nlabel = "Restart"\nkind = "restart"\n'
        'command = ["systemctl", "restart", "${NOT_SET_ANYWHERE}"]\nbogus = 1\n'
    )
    result = invoke(cli_env, "declare", "db down", "--no-open", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "INC-1\n", "")


# -- ids: one written form, numbers within bounds ------------------------------------------------
def test_an_id_has_one_form_and_a_bounded_number(cli_env: dict[str, str], db_path: Path) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    first, _ = service.open_or_declare("INC-1")
    again, declared = service.open_or_declare("INC-01")
    assert (again.id, declared) == ("INC-1", False)  # not a second incident beside INC-1
    assert service.find("inc-0001") is not None
    service.open_or_declare("INC-999999999")  # a mistyped id takes the largest number
    assert service.declare("next").id == "INC-2"  # declaring goes on below it
    one_line_error(invoke(cli_env, "open", "INC-1000000000"))
    for args in (["log", "INC-01", "via a padded id"], ["status", "INC-001"], ["export", "INC-1"]):
        result = invoke(cli_env, *args)
        assert result.returncode == 0, (args, result.stderr)
    assert service.state("INC-1").timeline[-1].text == "via a padded id"


def test_the_report_leaves_out_an_incident_it_cannot_read(
    cli_env: dict[str, str], db_path: Path
) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Checkout down", "SEV-1")
    with service.store.write() as tx:  # what an older warroom wrote: an id past the bound
        tx.run(
            "INSERT INTO incident (id, prefix, number, title, severity, status, declared_at, "
            "drill, playbook_name, playbook, revision) SELECT 'INC-1000000000', prefix, "
            "1000000000, 'Search slow', severity, status, declared_at, drill, playbook_name, "
            "playbook, revision FROM incident WHERE id = 'INC-1'"
        )
    result = invoke(cli_env, "report")
    assert result.returncode == 0, result.stderr
    assert "1 incident in the last 90d" in result.stdout
    assert result.stderr.startswith("warroom: INC-1000000000 left out of the report: ")
    assert result.stderr.count("\n") == 1


# -- imports: times within range, texts within their lengths ---------------------------------
@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("incident", "declared_at"), "9999-12-31T00:00:00+00:00"),
        (("incident", "declared_at"), "0001-01-01T00:00:00"),
        (("timeline", 0, "at"), "9999-12-31T23:59:59+00:00"),
        (("incident", "title"), "t" * 50_000),
        (("timeline", 0, "actor"), "a" * 1000),
        (("timeline", 0, "text"), "x" * 1_000_000),
    ],
    ids=["year-9999", "year-1", "entry-9999", "long-title", "long-actor", "long-entry"],
)
def test_an_import_out_of_range_is_refused_in_one_line(
    cli_env: dict[str, str], db_path: Path, tmp_path: Path, where: tuple, value: str
) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Checkout down", "SEV-1")
    exported = json.loads(invoke(cli_env, "export", "INC-1", "--format", "json").stdout)
    node = exported
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(exported))
    result = invoke(cli_env, "import", str(path))
    one_line_error(result)
    assert ".".join(str(k) for k in where if not isinstance(k, int)).split(".")[-1] in result.stderr
    assert [r.id for r in service.list_incidents()] == ["INC-1"]  # nothing half-imported
    assert invoke(cli_env, "status", "INC-1").returncode == 0


# -- lengths: refused at every way in, and what is stored already is shown cut -----------------
def test_text_past_its_length_is_refused_at_every_way_in(
    cli_env: dict[str, str], db_path: Path
) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Checkout down", "SEV-1")
    long = "x" * 300
    for args in (["declare", long, "--no-open"], ["open", "INC-2", "--title", long],
                 ["log", "INC-1", "n" * 10_001]):  # fmt: skip
        result = invoke(cli_env, *args)
        one_line_error(result)
        assert "characters long; the most is" in result.stderr
    named = invoke({**cli_env, "WARROOM_RESPONDER": "r" * 101}, "log", "INC-1", "hello")
    assert named.stderr == "warroom: WARROOM_RESPONDER is 101 characters long; the most is 100\n"
    for verb, args in (("assign_role", ("ic", long)), ("post_update", ("u" * 10_001,)),
                       ("add_note", ("n" * 10_001,))):  # fmt: skip
        with pytest.raises(UsageError, match="characters long"):
            getattr(service, verb)("INC-1", *args)
    assert [r.id for r in service.list_incidents()] == ["INC-1"]
    assert len(service.state("INC-1").timeline) == 1  # only the declaration


def test_a_huge_title_already_stored_is_shown_cut(cli_env: dict[str, str], db_path: Path) -> None:
    service = IncidentService(Store(db_path), actor="alice")
    service.declare("Checkout down", "SEV-1")
    with service.store.write() as tx:  # as an older warroom let it in
        tx.run("UPDATE incident SET title = ?", "T" * 5_000_000)
    listed = invoke(cli_env, "list")
    assert listed.returncode == 0 and len(listed.stdout) < 1000, len(listed.stdout)
    assert "T" * 199 + "…" in listed.stdout
    status = invoke(cli_env, "status", "INC-1", "--format", "{title}")
    assert len(status.stdout) < 300, len(status.stdout)
    draft = invoke(cli_env, "export", "INC-1")
    assert len(draft.stdout) < 100_000, len(draft.stdout)
    assert len(invoke(cli_env, "list", "--json").stdout) < 1000


# -- warroom.toml: URLs, ports and durations within bounds -----------------------------------
@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ('url = "http://exa mple.com/"', "holds a space"),
        ('url = "http://example.com:999999/"', "port is not between 1 and 65535"),
        ('url = "http://ex$ample.com/"', "is not a name or an address"),
        ('url = "http://127.0.0.1:9/"\ninterval = 100000000000000000000', "longer than the most"),
        ('url = "http://127.0.0.1:9/"\ninterval = "99999999999d"', "longer than the most, 1d"),
        ('url = "http://127.0.0.1:9/"\ntimeout = "2d"', "longer than the most, 1h"),
        ('url = "http://127.0.0.1:9/"\ninterval = nan', "not a duration"),
    ],
    ids=["space-in-host", "port", "host", "interval-1e20", "interval-text", "timeout", "nan"],
)
def test_a_config_value_out_of_bounds_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, setting: str, reason: str
) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text(f'[[endpoint]]\nname = "api"\n{setting}\n')
    result = invoke(cli_env, "check", "--config", str(config))
    one_line_error(result)
    assert f"{config}:" in result.stderr and reason in result.stderr, result.stderr


# -- a broken warroom.toml blocks only what it makes unknowable ------------------------------
@pytest.mark.parametrize(
    "content",
    ['database = "{db}"\n[[endpoint]\nname = "api"\n', '[[endpoint]\nname = "api"\n'],
    ids=["database-readable", "no-database-line"],
)
def test_a_config_syntax_error_below_the_database_blocks_neither_list_nor_log(
    cli_env: dict[str, str], tmp_path: Path, content: str
) -> None:
    db = tmp_path / (
        "named.db" if "database" in content else "home/.local/share/warroom/warroom.db"
    )
    env = {**{k: v for k, v in cli_env.items() if k != "WARROOM_DB"}, "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "home/.local/share")}  # fmt: skip
    (tmp_path / "warroom.toml").write_text(content.format(db=db))
    IncidentService(Store(db), actor="alice").declare("Checkout down", "SEV-1")
    logged = invoke(env, "log", "INC-1", "still working", cwd=tmp_path)
    assert (logged.returncode, logged.stderr) == (0, ""), logged.stderr
    listed = invoke(env, "list", cwd=tmp_path)
    assert listed.returncode == 0 and "Checkout down" in listed.stdout, listed.stderr
    assert IncidentService(Store(db)).state("INC-1").timeline[-1].text == "still working"
    checked = invoke(env, "check", cwd=tmp_path)  # what needs the broken part says so
    one_line_error(checked)
    assert "warroom.toml:" in checked.stderr and "Expected ']]'" in checked.stderr


def test_a_config_whose_database_cannot_be_read_says_how_to_go_on(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in cli_env.items() if k != "WARROOM_DB"}
    (tmp_path / "warroom.toml").write_text('database = "/srv/warroom.db\n')
    result = invoke(env, "list", cwd=tmp_path)
    one_line_error(result)
    assert "warroom.toml:1:" in result.stderr and "--db or WARROOM_DB" in result.stderr
    assert invoke(cli_env, "list", cwd=tmp_path).returncode == 0  # named: it goes on


def test_a_runbook_with_bytes_not_utf8_says_on_which_lines(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Was: bytes that are not UTF-8 were written into the playbook as "\ufffd" and nothing
    said so."""
    path = tmp_path / "RUNBOOK.md"
    path.write_bytes(b"# T\n\n1. Check the caf\xe9 dashboard\n2. Restart the service\n")
    result = invoke(cli_env, "playbook", "import", str(path), "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"warroom: {path}: not UTF-8 text on line(s) 3: read as '\ufffd'"
    ]
    assert len(list((tmp_path / "playbooks").glob("*.toml"))) == 1
