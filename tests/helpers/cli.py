"""The `warroom` command, run in the test's own process (its entry point, with its own argv,
environment, working directory and standard streams) or as a real process where the process
itself is what is tested; and a database for it to read."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from tests.helpers import PYTHON
from warroom.cli import launch
from warroom.core.clock import RealClock, SimulatedClock
from warroom.incident.service import IncidentService
from warroom.storage.store import Store
from warroom.tui.app import WarroomApp


class ConsoleOpened(BaseException):
    """Past the command's own error handling (which turns an Exception into its one line)."""


@dataclass(frozen=True)
class Ran:
    """What a run of the command left: as subprocess.CompletedProcess has it."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def invoke(
    env: dict[str, str] | None, *args: str, cwd: Path | None = None, input: bytes = b""
) -> Ran:
    """`warroom ARGS` through its entry point (launch.main), in this process: the same argv,
    environment (replaced whole, as a process gets it), working directory and standard
    streams (stdin holds `input`, as a pipe would) that a real process gets, and its exit
    status from SystemExit. A start-up costs about a third of a second of CPU: the many
    command-line tests skip it; those that test the process itself use `warroom`."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    streams = [
        io.TextIOWrapper(buffer, encoding="utf-8", errors="strict", write_through=True)
        for buffer in (out, err)
    ]
    code: int

    def console_opened(*_args: object, **_kwargs: object) -> None:
        # In this process the console would take the test's terminal: fail instead.
        raise ConsoleOpened(f"warroom {' '.join(args)} opened the console")

    run_console = WarroomApp.run
    WarroomApp.run = console_opened  # type: ignore[method-assign]
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = ["warroom", *args]
        sys.stdin = io.TextIOWrapper(io.BytesIO(input), encoding="utf-8")
        sys.stdout, sys.stderr = streams
        try:
            launch.main()
            code = 0
        except SystemExit as exit:
            if exit.code is None or isinstance(exit.code, int):
                code = exit.code or 0
            else:  # sys.exit("message"): the message goes to stderr, the status is 1
                print(exit.code, file=sys.stderr)
                code = 1
        for stream in streams:
            stream.flush()
    finally:
        WarroomApp.run = run_console  # type: ignore[method-assign]
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(saved_cwd)
        os.environ.clear()  # the command may set WARROOM_DB (a --db before its name)
        os.environ.update(saved_env)
    return Ran(["warroom", *args], code, out.getvalue().decode(), err.getvalue().decode())


def warroom(
    env: dict[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`warroom ARGS` as a real process: for what only a process shows (start-up, its exit
    status as the shell sees it, nothing on stderr but the one line)."""
    return subprocess.run(
        [PYTHON, "-m", "warroom", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def prepare(db: Path) -> None:
    """INC-42 declared 23 minutes ago: SEV-1, mitigating, alice IC, 7 items done."""
    clock = SimulatedClock(RealClock().now() - timedelta(minutes=23, seconds=10))
    service = IncidentService(Store(db), clock=clock, actor="alice")
    service.open_or_declare("INC-42", title="Checkout returns 500s")
    service.set_severity("INC-42", "SEV-1")
    service.set_status("INC-42", "mitigating")
    service.assign_role("INC-42", "ic", "alice")
    for item in service.state("INC-42").items[:7]:
        service.tick("INC-42", item.id)
