"""`warroom tail` and `warroom log INC-42 -` as a chat bridge uses them, on a SQLite file and on
a real PostgreSQL server: following runs as a real process beside the writer; one-shot commands
run through the entry point in this process."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time

from tests.helpers import PYTHON
from tests.helpers.cli import invoke
from tests.helpers.pgserver import PostgresServer
from warroom.core.clock import SimulatedClock
from warroom.incident.service import IncidentService
from warroom.storage.store import Store


def test_tail_prints_the_timeline_as_text_and_as_json_lines(
    service: IncidentService, clock: SimulatedClock, cli_env: dict[str, str]
) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    clock.advance(minutes=12, seconds=5)
    service.add_note("INC-1", "[bold]not bold[/bold] \x1b[2Jcleared?\nsecond line")

    text = invoke(cli_env, "tail", "INC-1")
    assert text.returncode == 0, text.stderr
    declared, note, more = text.stdout.splitlines()
    assert declared.startswith("T+00:00:00  ") and "  alice  declared    Declared SEV-1" in declared
    # Literal text, no escape sequence; a later line indented under the first.
    assert note.startswith("T+00:12:05  ")
    assert note.endswith("  alice  note        [bold]not bold[/bold] cleared?")
    assert declared.index("Declared") == note.index("[bold]")  # the columns line up
    assert "\x1b" not in text.stdout
    assert more == " " * note.index("[bold]") + "second line"

    lines = invoke(cli_env, "tail", "INC-1", "--jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["kind"] for r in records] == ["declared", "note"]
    assert records[1] | {"at": None, "id": None} == {
        "incident": "INC-1",
        "id": None,
        "at": None,
        "t_plus": "T+00:12:05",
        "actor": "alice",
        "kind": "note",
        "text": "[bold]not bold[/bold] \x1b[2Jcleared?\nsecond line",  # as written
        "data": None,
    }

    missing = invoke(cli_env, "tail", "INC-9")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == "warroom: no incident INC-9\n"


def test_an_update_in_the_tail_says_where_it_got_to(
    service: IncidentService, clock: SimulatedClock, cli_env: dict[str, str]
) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    service.post_update("INC-1", "We are investigating.", None, ["chat"])
    service.record_delivery("INC-1", 1, "chat", "failed", "HTTP 500", 3)
    service.post_update("INC-1", "Rolling back.", None, ["chat"])
    service.record_delivery("INC-1", 2, "chat", "delivered", "HTTP 200")
    lines = invoke(cli_env, "tail", "INC-1").stdout.splitlines()
    first = next(n for n, line in enumerate(lines) if line.endswith("We are investigating."))
    assert lines[first + 1].strip() == "→ chat: FAILED HTTP 500"
    assert lines[first + 1].index("→") == lines[first].index("We are")
    second = next(n for n, line in enumerate(lines) if line.endswith("Rolling back."))
    assert lines[second + 1].strip() == "→ delivered to chat"


def test_tail_follow_sees_an_entry_another_process_wrote_within_a_second(
    service: IncidentService, cli_env: dict[str, str]
) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    tail = subprocess.Popen(
        [PYTHON, "-m", "warroom", "tail", "INC-1", "--follow", "--jsonl"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert tail.stdout is not None

    def next_line(timeout: float) -> bytes:
        ready, _, _ = select.select([tail.stdout], [], [], timeout)
        assert ready, f"nothing from tail in {timeout}s"
        return tail.stdout.readline()  # type: ignore[union-attr]

    try:
        assert json.loads(next_line(30))["kind"] == "declared"
        for n in range(3):  # the first just after tail's first read, then once it listens
            time.sleep(0.3 * n)
            written = service.add_note("INC-1", f"rolled back web, try {n}")
            began = time.monotonic()
            got = json.loads(next_line(1.0))
            assert time.monotonic() - began < 1.0
            assert (got["id"], got["text"]) == (written.id, f"rolled back web, try {n}")
    finally:
        tail.terminate()
        tail.wait(10)


def test_log_dash_saves_a_note_a_line_and_names_the_lines_it_refuses(
    service: IncidentService, cli_env: dict[str, str]
) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    lines = b"one\n\n   \ntwo\r\n" + b"x" * 10_001 + b"\n\xff\xfe\nthree"
    logged = invoke(cli_env, "log", "INC-1", "-", input=lines)
    assert logged.returncode == 1
    assert logged.stderr.splitlines() == [
        "warroom: line 5: a note is 10,001 characters long; the most is 10,000",
        "warroom: line 6: not UTF-8 text",
    ]
    saved = logged.stdout.splitlines()
    assert [line.rsplit(" (", 1)[1] for line in saved] == ["line 1)", "line 4)", "line 7)"]
    notes = [e.text for e in service.state("INC-1").timeline if e.kind == "note"]
    assert notes == ["one", "two", "three"]

    missing = invoke(cli_env, "log", "INC-9", "-", input=b"lost?\n")
    assert (missing.returncode, missing.stderr) == (2, "warroom: no incident INC-9\n")


def test_tail_follow_waits_out_a_server_outage_and_goes_on(
    pg_server: PostgresServer, pg_url: str
) -> None:
    service = IncidentService(Store(pg_url), actor="alice")
    service.declare("db down")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    env["WARROOM_DB"] = pg_url
    tail = subprocess.Popen(
        [PYTHON, "-m", "warroom", "tail", "INC-1", "--follow"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert tail.stdout is not None and tail.stderr is not None

    def line(stream, timeout: float) -> str:  # type: ignore[no-untyped-def]
        assert select.select([stream], [], [], timeout)[0], f"nothing in {timeout}s"
        return str(stream.readline().decode())

    try:
        assert "declared" in line(tail.stdout, 30)
        pg_server.stop()
        try:
            said = line(tail.stderr, 20)
            assert said.startswith("warroom tail: waiting: ") and said.count("\n") == 1
        finally:
            pg_server.start()
        service.add_note("INC-1", "after the outage")
        assert line(tail.stdout, 15).endswith("  alice  note        after the outage\n")
        assert line(tail.stderr, 5) == "warroom tail: the database answers again\n"
        assert tail.poll() is None
    finally:
        tail.terminate()
        tail.wait(10)
