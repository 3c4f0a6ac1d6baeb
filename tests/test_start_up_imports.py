"""What start-up must not wait for: the heavy libraries stay off the paths that are timed in
an outage (the console's first frame, and the one-shot commands scripts and tmux call)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import PYTHON
from tests.helpers.cli import prepare

HEAVY = {"sqlalchemy", "sqlmodel", "pydantic", "typer", "click", "httpx", "alembic"}

PROBE = """
import sys
argv = sys.argv[1:]
if argv[0] == "import":
    __import__(argv[1])
else:
    sys.argv = ["warroom", *argv]
    from warroom.cli.launch import main
    try:
        main()
    except SystemExit as exit:
        assert exit.code in (0, None), exit.code
print("loaded:", " ".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded(*args: str) -> set[str]:
    result = subprocess.run([PYTHON, "-c", PROBE, *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split()[1:])


@pytest.mark.parametrize("module", ["warroom.tui.app", "warroom.cli.launch"])
def test_the_console_s_first_frame_needs_no_heavy_library(module: str) -> None:
    assert loaded("import", module) & HEAVY == set()


@pytest.mark.parametrize(
    "command",
    [["status", "INC-42"], ["log", "INC-42", "rolled back"], ["list"], ["list", "--json"]],
    ids=["status", "log", "list", "list-json"],
)
def test_one_shot_commands_load_neither_textual_nor_heavy_libraries(
    db_path: Path, command: list[str]
) -> None:
    prepare(db_path)
    modules = loaded(*command, "--db", str(db_path))
    assert modules & (HEAVY | {"textual"}) == set()
    assert "warroom" in modules  # the probe ran the command, not nothing


def test_the_console_s_first_frame_builds_no_timeline_payloads() -> None:
    # The payload classes (core/events.py) cost some twenty milliseconds to build; the first
    # frame compares kinds only, and the incident's data brings the payloads in after it.
    probe = "import sys, warroom.tui.app; print('warroom.core.events' in sys.modules)"
    result = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_what_opening_the_console_imports_is_kept_out_of_the_collector_s_passes(
    tmp_path: Path,
) -> None:
    probe = (
        "import gc, sys\n"
        "from textual.app import App\n"
        "App.run = lambda self, *a, **k: print(gc.get_freeze_count(), gc.isenabled())\n"
        "from warroom.tui.run import run_console\n"
        "run_console('INC-1', sys.argv[1])\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", probe, str(tmp_path / "w.db")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    frozen, enabled = result.stdout.split()
    assert int(frozen) > 10_000 and enabled == "True"
