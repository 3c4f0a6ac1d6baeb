"""Action keys in the console: confirm and it runs (really); cancel and nothing runs."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.apps import config_with_action
from tests.helpers.console import opened, plain, settle, toasts, wait_until
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.screens.confirm import ConfirmScreen


async def to_confirmation(pilot) -> None:
    """Open the console, press the action's key, take the prompt's default."""
    app = await opened(pilot)
    await wait_until(pilot, lambda: app.config is not None)
    await pilot.press("r", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))


def action_log(service: IncidentService) -> list:  # type: ignore[type-arg]
    return [e for e in service.state("INC-42").timeline if e.kind == "action"]


def action_entries(service: IncidentService) -> list[str]:
    return [e.text for e in action_log(service)]


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


async def test_a_console_beside_a_drill_runs_no_action(
    service: IncidentService, tmp_path: Path
) -> None:
    """A drill is played in its own console, where actions are simulated; a console opened
    beside it binds no action from warroom.toml, so none can reach production."""
    marker = tmp_path / "ran"
    service.declare("practice", incident_id="INC-42", drill=True)
    app = WarroomApp("INC-42", service=service, config=config_with_action(tmp_path, marker))
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        bound = [b.binding.action for b in app.active_bindings.values()]
        assert not any(action.startswith("mitigate") for action in bound), bound
        await pilot.press("r", "y")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
    assert not marker.exists()
    assert action_entries(service) == []


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
    "4": ("Closes output", "import os, time; print('bye', flush=True); os.close(1); os.close(2); time.sleep(0.3)"),
    "5": ("Leaves a child", "import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(20)']); print('started')"),
}  # fmt: skip


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))


@pytest.mark.slow(5)
async def test_no_output_of_an_action_can_end_or_swamp_the_console(
    service: IncidentService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The output of a child left holding the pipe is waited for this long, not the second
    # a person would give it: the test is that it is not waited for to the end.
    monkeypatch.setattr("warroom.incident.actions.DRAIN", 0.2)
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


# -- the whole life of an action: verified, FAILED, cancelled, and nothing of it kept -----------
def health_config(
    tmp_path: Path, base: str, fix: list[str], retry: str = "300ms", **action: str
) -> Path:
    """One endpoint, `auth`, and one action. The endpoint is checked every 30 s (so only the
    checks after the action move it on), retried every `retry`, confirmed in 2 either way."""
    path = tmp_path / "warroom.toml"
    extra = "".join(f'{k} = "{v}"\n' for k, v in action.items())
    path.write_text(
        f'[defaults]\ninterval = "30s"\ntimeout = "2s"\nretry_interval = "{retry}"\n'
        "fall = 2\nrise = 2\n"
        f'[[endpoint]]\nname = "auth"\nurl = "{base}/switch"\n'
        '[[action]]\nkey = "r"\nlabel = "Restart auth"\nkind = "restart"\n'
        f"command = {json.dumps(fix)}\n" + extra
    )
    return path


def notices(app: WarroomApp) -> list[str]:
    return toasts(app)


async def run_the_action(pilot) -> WarroomApp:  # type: ignore[no-untyped-def]
    from warroom.tui.widgets.health import HealthPane

    app = await opened(pilot)
    await wait_until(pilot, lambda: "DOWN" in app.query_one(HealthPane).border_title)
    await pilot.press("r")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    await pilot.press("y")
    return app


async def test_a_recovery_is_verified_before_it_is_told(tmp_path: Path) -> None:
    from tests.helpers.health_server import running
    from warroom.core.clock import RealClock
    from warroom.storage.store import Store
    from warroom.tui.widgets.health import HealthPane

    service = IncidentService(Store(tmp_path / "warroom.db"), clock=RealClock(), actor="alice")
    service.open_or_declare("INC-42")
    with running() as server:
        server.behaviour.status = 500
        fix = [sys.executable, "-c",
               f"import urllib.request; urllib.request.urlopen('{server.base}/set?status=200')"]  # fmt: skip
        # Confirmed over a second, so a console polled on a busy machine still sees it.
        config = health_config(tmp_path, server.base, fix, retry="1s")
        app = WarroomApp("INC-42", service=service, config=config)
        seen: set[str] = set()
        rows: set[str] = set()
        shown = app.notice

        def notice(key: str, message: str, **how: Any) -> None:
            seen.add(f"{how['title']}: {message}" if how.get("title") else message)
            shown(key, message, **how)

        app.notice = notice  # type: ignore[method-assign]  # every toast, however brief

        def done() -> bool:
            seen.update(notices(app))
            rows.add(plain(app.query_one(HealthPane).render()))
            return any((e.data or {}).get("phase") == "verified" for e in action_log(service))

        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await run_the_action(pilot)
            await wait_until(pilot, done)
            await settle(pilot)
            final = notices(app)
    texts = [e.text for e in service.state("INC-42").timeline]
    assert not any("still failing" in t for t in texts + list(seen)), texts
    [verified] = [e for e in action_log(service) if (e.data or {}).get("phase") == "verified"]
    assert re.fullmatch(r"auth recovered \d+ s after Restart auth", verified.text), verified.text
    # While it was being confirmed the console said so, and the toast was then replaced.
    assert any(re.fullmatch(r"Verifying Restart auth: verifying: auth 1/2 healthy checks · up to "
                            r"(2m|1m5\ds) more", n) for n in seen), seen  # fmt: skip
    assert not any(n.startswith("Verifying") for n in final)
    assert f"After Restart auth: {verified.text}" in final
    assert any("▲ RECOVERING auth 200" in row and "1/2 healthy checks" in row for row in rows), rows
    assert "auth DOWN: status 500, 2 failures" in texts and any(
        t.startswith("auth UP after") for t in texts
    )
    # The postmortem lists the action with its true outcome.
    from warroom.incident.postmortem import markdown

    actions = markdown(service.state("INC-42"), RealClock().now()).split("## Actions run")[1]
    actions = actions.split("\n## ")[0]
    assert verified.text in actions and "still failing" not in actions
    assert "Restart auth: exit 0 after " in actions


async def test_a_check_still_down_is_told_after_the_window(
    service: IncidentService, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.health_server import running

    service.open_or_declare("INC-42")
    with running() as server:
        server.behaviour.status = 500  # and nothing mends it
        app = WarroomApp("INC-42", service=service,
                         config=health_config(tmp_path, server.base, ["true"]))  # fmt: skip
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await run_the_action(pilot)
            await wait_until(pilot, lambda: any("verifying: auth failing" in n
                                                for n in notices(app)))  # fmt: skip
            await pilot.pause(0.7)  # a few looks later: still within its 2 minutes
            assert not [e for e in action_log(service) if "verified" in str(e.data)]
            clock.advance(minutes=2)
            await wait_until(pilot, lambda: any("verified" in str(e.data)
                                                for e in action_log(service)))  # fmt: skip
            await settle(pilot)
    verified = action_log(service)[-1]
    assert verified.text == "auth still failing 2m after Restart auth"
    assert verified.data["failing"] == ["auth"]


async def test_a_failed_action_says_failed_everywhere(
    service: IncidentService, tmp_path: Path
) -> None:
    from textual.widgets import Label

    config = tmp_path / "warroom.toml"
    body = "print('draining…'); import sys; sys.exit(2)"
    config.write_text(
        '[[action]]\nkey = "d"\nlabel = "Drain node"\nkind = "custom"\n'
        f"command = [{sys.executable!r}, '-c', {body!r}]\n"
    )
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f'{sys.executable} -c "{body}"' in plain(app.screen.details)
        await pilot.press("y")
        await wait_until(pilot, lambda: any("FAILED" in t for t in action_entries(service)))
        label = app.screen.query_one("#run-state", Label)
        await wait_until(pilot, lambda: "FAILED" in str(label.render()))
        state, marked = str(label.render()), label.has_class("-failed")
        toasts = notices(app)
        await pilot.press("enter")
        await settle(pilot)
    started, finished = action_log(service)[:2]
    # Shown as configured, each argument once: no shell-quoting noise.
    assert started.text == f'Drain node: started: {sys.executable} -c "{body}"'
    assert started.data["argv"] == [sys.executable, "-c", body]
    assert finished.text.startswith("Drain node: FAILED (exit 2) after ")
    assert finished.text.endswith("; last output: draining…")
    assert finished.data["exit_code"] == 2
    assert state.startswith("FAILED (exit 2) after ") and marked, state
    assert any(t.startswith("Action FAILED (exit 2): Drain node: Drain node: FAILED (exit 2)")
               for t in toasts), toasts  # fmt: skip


async def test_escape_stops_the_whole_tree_and_says_killed(
    service: IncidentService, tmp_path: Path
) -> None:
    from tests.helpers.processes import STUBBORN, pids, stopped

    config = tmp_path / "warroom.toml"
    config.write_text(
        '[[action]]\nkey = "d"\nlabel = "Drain node"\nkind = "custom"\n'
        f'command = {json.dumps(["sh", "-c", STUBBORN])}\nkill_after = "300ms"\n'
    )
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(app.mitigation.running))
        [controller] = app.mitigation.running
        assert controller.run is not None
        run = controller.run
        del controller
        await wait_until(pilot, lambda: len(pids(run)) == 2)
        started = pids(run)
        await pilot.press("escape")
        await wait_until(pilot, lambda: any("cancelled" in t for t in action_entries(service)))
        await pilot.press("escape")  # closes the view
        await settle(pilot)
    finished = action_log(service)[1]
    said = re.fullmatch(r"Drain node: cancelled after (\d+\.\d) s \(killed\); last output: .*",
                        finished.text)  # fmt: skip
    assert said, finished.text
    # Killed once the 0.3 s grace is over; the slack is for a loaded machine.
    assert 0.3 <= float(said.group(1)) < 5.0, finished.text
    assert finished.data["killed"] is True
    assert stopped(*started)


async def test_nothing_of_a_run_is_kept_once_it_is_closed(
    service: IncidentService, tmp_path: Path
) -> None:
    import gc
    import weakref

    from warroom.tui.screens.action_run import ActionRunScreen

    config = tmp_path / "warroom.toml"
    body = "for n in range(3000): print('step', n, 'x' * 60)"
    config.write_text(
        '[[action]]\nkey = "d"\nlabel = "Drain node"\nkind = "custom"\n'
        f"command = [{sys.executable!r}, '-c', {body!r}]\ntimeout = \"5m\"\n"
    )
    app = WarroomApp("INC-42", service=service, config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app.config is not None)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionRunScreen))
        view = app.screen
        assert isinstance(view, ActionRunScreen)
        kept = [weakref.ref(view), weakref.ref(view.controller), weakref.ref(view.controller.run)]
        del view
        await wait_until(pilot, lambda: not app.mitigation.running)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.3)
        # What a periodic gc.freeze() pinned is another matter: here, whether anything still
        # refers to the run (its view, its output, its controller).
        gc.unfreeze()
        gc.collect()
        alive = [type(ref()).__name__ for ref in kept if ref() is not None]
    assert alive == []


async def test_a_notice_replaced_before_it_was_shown_is_not_left_behind(
    service: IncidentService,
) -> None:
    """A drill's verification says "verifying: …" every tenth of a second, then the outcome:
    a toast replaced before the console had shown it must not appear afterwards."""
    service.open_or_declare("INC-42")
    app = WarroomApp("INC-42", service=service)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await opened(pilot)
        app.notice("k", "verifying: auth 1/2 healthy checks", title="Verifying Restart auth")
        app.notice("k", "auth recovered 4 s after Restart auth", title="After Restart auth")
        await settle(pilot)
        assert notices(app) == ["After Restart auth: auth recovered 4 s after Restart auth"]
