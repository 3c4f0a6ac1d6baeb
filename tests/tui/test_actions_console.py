"""Action keys in the console: confirm and it runs (really); cancel and nothing runs."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.tui.helpers import opened, settle, wait_until
from warroom.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.confirm import ConfirmScreen


def config_with_action(tmp_path: Path, marker: Path) -> Path:
    script = tmp_path / "rollback.py"
    script.write_text(
        "import sys, pathlib\n"
        "pathlib.Path(sys.argv[1]).write_text(' '.join(sys.argv[2:]))\n"
        "print('rolled back to', sys.argv[2])\n"
    )
    path = tmp_path / "warroom.toml"
    path.write_text(
        "[[action]]\n"
        'key = "r"\nlabel = "Roll back web"\nkind = "rollback"\n'
        f'command = [{sys.executable!r}, {str(script)!r}, {str(marker)!r}, "{{version}}", "{{incident}}"]\n'
        'prompts = [{ name = "version", label = "Version", default = "v1.4.2", pattern = "v[0-9.]+" }]\n'
    )
    return path


async def to_confirmation(pilot) -> None:
    """Open the console, press the action's key, take the prompt's default."""
    app = await opened(pilot)
    await wait_until(pilot, lambda: app.config is not None)
    await pilot.press("r", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))


def action_entries(service: IncidentService) -> list[str]:
    return [e.text for e in service.state("INC-42").timeline if e.kind == "action"]


async def test_confirmed_action_runs_and_lands_in_the_timeline(
    service: IncidentService, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, marker))
    async with app.run_test(size=(160, 45)) as pilot:
        await to_confirmation(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: marker.exists())
        await wait_until(pilot, lambda: any("exit 0" in t for t in action_entries(service)))
        await pilot.press("enter")  # close the output view
        await settle(pilot)
    assert marker.read_text() == "v1.4.2 INC-42"
    started, finished = action_entries(service)[:2]
    assert started.startswith("Roll back web: started: ") and started.endswith(" v1.4.2 INC-42")
    assert finished.startswith("Roll back web: exit 0 after ")
    assert finished.endswith("last output: rolled back to v1.4.2")


async def test_cancelling_the_confirmation_runs_nothing(
    service: IncidentService, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, marker))
    async with app.run_test(size=(160, 45)) as pilot:
        await to_confirmation(pilot)
        await pilot.press("n")
        await pilot.press("r", "escape")  # and backing out of the prompt
        await settle(pilot)
    assert not marker.exists()
    assert action_entries(service) == []


async def test_in_a_drill_an_action_is_recorded_as_simulated(
    service: IncidentService, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    service.declare("practice", incident_id="INC-42", drill=True)
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, marker))
    async with app.run_test(size=(160, 45)) as pilot:
        await to_confirmation(pilot)
        assert "DRILL" in str(app.screen.warning)
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(action_entries(service)))
        await settle(pilot)
    assert not marker.exists()
    assert action_entries(service)[0].startswith("Roll back web: simulated (drill), not run: ")


async def test_a_status_update_is_composed_sent_and_copied(service: IncidentService) -> None:
    service.open_or_declare("INC-42", title="Checkout returns 500s")
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("u", "enter")  # the first template: the initial alert
        await pilot.press("ctrl+s", "y")  # sent with "[unassigned]" for the commander
        await settle(pilot)
        copied = app.clipboard
    [update] = [e for e in service.state("INC-42").timeline if e.kind == "update"]
    assert update.text.startswith("🚨 [SEV-2] Production incident INC-42: Checkout returns 500s")
    assert copied.strip() == update.text


NASTY = {
    "1": ("One long line", "import sys; sys.stdout.write('x' * 1_000_000)"),
    "2": ("Fifty megabytes", "import sys\nb = (('y' * 99) + '\\n').encode() * 10000\nfor _ in range(50): sys.stdout.buffer.write(b)"),
    "3": ("Binary", "import os, sys; sys.stdout.buffer.write(os.urandom(300_000))"),
    "4": ("Closes output", "import os, time; print('bye', flush=True); os.close(1); os.close(2); time.sleep(1)"),
    "5": ("Leaves a child", "import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(20)']); print('started')"),
}  # fmt: skip


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))


async def test_no_output_of_an_action_can_end_or_swamp_the_console(
    service: IncidentService, tmp_path: Path
) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text(
        "".join(
            f'[[action]]\nkey = "{key}"\nlabel = "{label}"\nkind = "custom"\n'
            f"command = [{sys.executable!r}, '-c', {body!r}]\ntimeout = \"15s\"\n"
            for key, (label, body) in NASTY.items()
        )
    )
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        for key, (label, _body) in NASTY.items():
            before = rss_mb()
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            await wait_until(
                pilot,
                lambda label=label: any(f"{label}: exit 0" in t for t in action_entries(service)),
                30,
            )
            assert rss_mb() - before < 40, f"{label}: memory grew by {rss_mb() - before:.0f} MB"
            await pilot.press("enter")  # close the output view
            await settle(pilot)
        assert app.is_running
    finished = [t for t in action_entries(service) if ": exit 0 after " in t]
    assert len(finished) == len(NASTY)
    assert "kept its output open" in next(t for t in finished if t.startswith("Leaves a child"))
