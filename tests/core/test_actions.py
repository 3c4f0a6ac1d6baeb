"""Mitigation actions run as real subprocesses; webhooks post to a real local server."""

from __future__ import annotations

import asyncio
import json
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers.health_server import running
from tests.helpers.processes import LEAVES_ONE, STUBBORN, pids, stopped
from warroom.core.config import Action, Config, Webhook, load_config
from warroom.core.errors import WarroomError
from warroom.incident.actions import Run, render_command
from warroom.incident.chat import Message
from warroom.incident.comms import Sent, fill, post_webhook, values
from warroom.incident.service import IncidentService


def action(*command: str, timeout: float = 10, **extra) -> Action:
    return Action(
        key="r", label="Roll back", kind="rollback", command=list(command), timeout=timeout, **extra
    )


def run(act: Action, argv: list[str] | None = None):
    return asyncio.run(Run(act, argv or list(act.command)).execute())


def script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "act.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


def test_a_command_that_succeeds(tmp_path: Path) -> None:
    outcome = run(action(sys.executable, "-c", "print('rolled back to v1.4.2')"))
    assert (outcome.exit_code, outcome.tail, outcome.reason) == (0, ["rolled back to v1.4.2"], "")
    assert outcome.describe("Roll back").startswith("Roll back: exit 0 after ")


def test_a_command_that_fails(tmp_path: Path) -> None:
    outcome = run(action(sys.executable, "-c", "import sys; print('no such version'); sys.exit(3)"))
    assert (outcome.ok, outcome.exit_code) == (False, 3)
    assert outcome.describe("Roll back").endswith("last output: no such version")


def test_a_hanging_command_is_stopped_with_its_children(tmp_path: Path) -> None:
    body = """
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        print("child", child.pid, flush=True)
        time.sleep(60)
    """
    started = time.monotonic()
    outcome = run(action(sys.executable, script(tmp_path, body), timeout=1))
    assert outcome.reason == "timeout" and outcome.exit_code is None
    assert time.monotonic() - started < 5
    [child] = [int(line.split()[1]) for line in outcome.tail if line.startswith("child ")]
    assert stopped(child)  # the whole process group was stopped, the child too


def test_a_megabyte_of_output_keeps_its_head_and_tail(tmp_path: Path) -> None:
    body = "import sys\nfor n in range(20000):\n    sys.stdout.write(f'line {n} ' + 'x' * 50 + '\\n')\n"
    outcome = run(action(sys.executable, script(tmp_path, body)))
    assert outcome.exit_code == 0 and outcome.lines == 20000 and outcome.skipped == 19600
    assert outcome.tail[0].startswith("line 0 ") and outcome.tail[199].startswith("line 199 ")
    assert outcome.tail[200] == "… 19600 lines not kept …"
    assert outcome.tail[201].startswith("line 19800 ") and outcome.tail[-1].startswith(
        "line 19999 "
    )


def test_shell_metacharacters_arrive_unchanged(tmp_path: Path) -> None:
    act = action(
        sys.executable,
        "-c",
        "import sys, json; print(json.dumps(sys.argv[1:]))",
        "--reason={title}",
        "{flag}",
        prompts=[{"name": "flag"}],
    )
    nasty = "$(touch /tmp/pwned); `id` && rm -rf ~ | cat > x; 'quote\" \\n"
    argv = render_command(act, {"title": nasty, "flag": "a b;c"})
    outcome = run(act, argv)
    assert outcome.tail == [
        '["--reason=' + nasty.replace("\\", "\\\\").replace('"', '\\"') + '", "a b;c"]'
    ]


def test_a_missing_program_is_a_clear_outcome() -> None:
    outcome = run(action("/no/such/deploy-tool", "rollback"))
    assert outcome.exit_code is None and outcome.reason.startswith("cannot start: ")


def test_cancel_stops_a_running_command(tmp_path: Path) -> None:
    act = action(sys.executable, "-c", "import time; print('go', flush=True); time.sleep(60)")

    async def go():
        runner = Run(act, list(act.command))
        task = asyncio.create_task(runner.execute())
        while not runner.output.lines:
            await asyncio.sleep(0.01)
        runner.cancel()
        return await task

    outcome = asyncio.run(go())
    assert outcome.reason == "cancelled" and outcome.exit_code is None


def test_action_config_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "warroom.toml"
    path.write_text('[[action]]\nkey = "s"\nlabel = "x"\nkind = "custom"\ncommand = ["true"]\n')
    with pytest.raises(WarroomError, match="key 's' is taken by the console"):
        load_config(path)
    path.write_text(
        '[[action]]\nkey = "r"\nlabel = "x"\nkind = "custom"\ncommand = ["echo", "{nope}"]\n'
    )
    with pytest.raises(WarroomError, match=r"uses \{nope\}"):
        load_config(path)
    path.write_text(
        '[[action]]\nkey = "r"\nlabel = "x"\nkind = "custom"\ncommand = ["echo", "${TOKEN}"]\n'
    )
    with pytest.raises(WarroomError, match="secrets go in env"):
        load_config(path)
    path.write_text(
        '[[action]]\nkey = "r"\nlabel = "x"\nkind = "reboot-the-world"\ncommand = ["true"]\n'
    )
    with pytest.raises(WarroomError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:4: action[0].kind: ")


def test_the_sample_config_documents_one_action_of_each_kind(monkeypatch) -> None:
    monkeypatch.setenv("CHECKOUT_TOKEN", "t")
    monkeypatch.setenv("DEPLOY_TOKEN", "t")
    monkeypatch.setenv("SLACK_WEBHOOK_PATH", "p")
    sample = Path(__file__).parent.parent.parent / "warroom" / "builtin" / "warroom.toml"
    config = load_config(sample)
    kinds = {a.kind for a in config.actions}
    assert kinds == {
        "rollback",
        "feature-flag",
        "scale",
        "restart",
        "circuit-breaker",
        "route-away",
        "custom",
    }


UPDATE = Message("INC-1", "SEV-1", 0, "#e5484d", 1, "SEV-1 update", "warroom.INC-1.1.1")


def hook(url: str, **extra) -> Webhook:
    return Webhook(name="chat", url=url, **extra)


def test_webhook_up_down_and_slow(tmp_path: Path) -> None:
    slept: list[float] = []

    async def no_wait(seconds: float) -> None:
        slept.append(seconds)  # the backoff, without sleeping through it

    async def go(url: str, **extra):
        async with httpx.AsyncClient() as client:
            return await post_webhook(client, hook(url, **extra), UPDATE, sleep=no_wait)

    with running() as server:
        assert asyncio.run(go(server.base + "/ok")) == Sent(True, "HTTP 200", 1)
        assert [json.loads(b)["text"] for b in server.behaviour.posted] == ["SEV-1 update"]
        server.behaviour.status = 503
        assert asyncio.run(go(server.base + "/switch", retries=3)) == Sent(False, "HTTP 503", 4)
        assert slept == [1.0, 2.0, 4.0] and server.behaviour.hits == 4
        # Bounded by the hook's timeout whatever the server does, and said in words.
        assert asyncio.run(go(server.base + "/hang", timeout=0.2, retries=1)) == Sent(
            False, "no answer in 0.2s", 2
        )
        assert asyncio.run(go(server.base + "/404", retries=3)) == Sent(False, "HTTP 404", 1)
    assert asyncio.run(go("http://127.0.0.1:9/hook", retries=0)) == Sent(
        False, "connection refused", 1
    )
    assert asyncio.run(go("http://nowhere.invalid/hook", retries=0)).reason == "host not found"


def test_update_cadence_and_templates_follow_the_clock(service: IncidentService, clock) -> None:
    service.declare("Checkout returns 500s", "SEV-1")
    state = service.state("INC-1")
    assert state.update_due_in(clock.now()) == 900
    clock.advance(minutes=16)
    assert service.state("INC-1").update_due_in(clock.now()) == -60
    template = service.state("INC-1").playbook.templates["initial_alert"]
    text = fill(template, values(service.state("INC-1"), clock.now()))
    assert text.startswith("🚨 [SEV-1] Production incident INC-1: Checkout returns 500s")
    assert "Incident Commander: [unassigned]" in text
    service.post_update("INC-1", text, "initial_alert")
    assert service.state("INC-1").update_due_in(clock.now()) == 900
    service.set_severity("INC-1", "SEV-2")  # a new severity, a new cadence
    assert service.state("INC-1").update_due_in(clock.now()) == 1800


def test_escalation_is_recorded_level_by_level(service: IncidentService) -> None:
    service.declare("x", "SEV-1")
    service.escalate("INC-1", 0, "On-call engineer", "dana")
    service.escalate("INC-1", 1, "Engineering Manager", "eve")
    entries = [e.text for e in service.state("INC-1").timeline if e.kind == "escalation"]
    assert entries == [
        "Escalated to level 1: On-call engineer (paged dana)",
        "Escalated to level 2: Engineering Manager (paged eve)",
    ]


def test_secrets_in_env_never_reach_the_timeline(
    monkeypatch, tmp_path: Path, service: IncidentService
) -> None:
    monkeypatch.setenv("DEPLOY_TOKEN", "s3cr3t-value")
    act = action(
        sys.executable,
        "-c",
        "import os; print(len(os.environ['TOKEN']))",
        env={"TOKEN": "${DEPLOY_TOKEN}"},
    )
    outcome = run(act)
    assert outcome.tail == ["12"]
    service.declare("x")
    service.record_action(
        "INC-1",
        "Roll back",
        outcome.describe("Roll back"),
        {"argv": outcome.argv, "tail": outcome.tail},
    )
    assert "s3cr3t" not in repr(service.state("INC-1").timeline)
    assert Config.model_validate({"action": [act.model_dump()]}).actions[0].env == {
        "TOKEN": "${DEPLOY_TOKEN}"
    }


def test_response_targets_and_escalation_timers(service: IncidentService, clock) -> None:
    service.declare("x", "SEV-1")  # respond within 15 minutes; escalation after 30m, then 1h
    clock.advance(minutes=5)
    service.assign_role("INC-1", "ic", "alice")
    state = service.state("INC-1")
    assert state.response_targets(clock.now()) == [("IC", True, 300), ("update", None, 300)]
    assert state.escalation_due(clock.now()) == (0, None)  # level 1: the on-call engineer, at once
    service.escalate("INC-1", 0, "On-call engineer", "bob")
    clock.advance(minutes=20)
    state = service.state("INC-1")
    assert state.response_targets(clock.now())[1] == ("update", False, 1500)
    assert state.escalation_due(clock.now()) == (1, 300)  # the manager at T+30m
    clock.advance(minutes=6)
    assert service.state("INC-1").escalation_due(clock.now()) == (1, -60)


# -- output of any size and shape ------------------------------------------------------------
NASTY_OUTPUT = {
    "one 1 MB line": "import sys; sys.stdout.write('x' * 1_000_000)",
    "binary": "import os, sys; sys.stdout.buffer.write(os.urandom(300_000))",
    "escapes": "print('pre\\x1b[2Jpost \\x1b]52;c;ZXZpbA==\\x07 \\x9b31m done')",
}


@pytest.mark.parametrize("name", NASTY_OUTPUT)
def test_any_output_is_read_bounded_and_safe(name: str) -> None:
    import tracemalloc

    tracemalloc.start()
    started = time.monotonic()
    outcome = run(action(sys.executable, "-c", NASTY_OUTPUT[name]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert outcome.exit_code == 0 and time.monotonic() - started < 10
    assert peak < 8_000_000, f"{peak / 1e6:.1f} MB held while reading"
    assert len(outcome.tail) <= 401 and all(len(line) < 2100 for line in outcome.tail)
    assert not any(ch in line for line in outcome.tail for ch in "\x1b\x00\x9b\x07")


def test_one_endless_line_is_cut_and_says_by_how_much() -> None:
    outcome = run(action(sys.executable, "-c", "import sys; sys.stdout.write('z' * 1_000_000)"))
    assert outcome.lines == 1
    assert outcome.tail[0].endswith(" … (998000 more bytes)")


def test_a_child_holding_the_output_open_does_not_hold_the_action() -> None:
    body = (
        "import subprocess, sys; "
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); print('started')"
    )
    started = time.monotonic()
    outcome = run(action(sys.executable, "-c", body, timeout=20))
    assert outcome.exit_code == 0 and outcome.tail == ["started"]
    assert time.monotonic() - started < 5  # the command's run plus a moment, not the child's
    assert "kept its output open" in outcome.describe("Restart")


def test_the_environment_never_shows_in_an_unexpected_failure(monkeypatch) -> None:
    monkeypatch.setenv("DEPLOY_TOKEN", "s3cr3t-token-value")
    act = action("/bin/true", env={"DEPLOY_TOKEN": "${DEPLOY_TOKEN}"})

    async def broken(*args, **kwargs):
        raise RuntimeError("spawn exploded")

    monkeypatch.setattr(asyncio, "create_subprocess_exec", broken)
    outcome = run(act)
    assert outcome.reason == "failed: RuntimeError: spawn exploded"
    assert "s3cr3t" not in repr(outcome)


# -- stopping: the whole tree, SIGTERM then SIGKILL --------------------------------------------
# A shell that traps TERM (and so outlives it) and a grandchild that ignores it: each prints
# its pid, so the test can see by pid that neither survives.
def test_cancel_kills_a_tree_that_ignores_sigterm_after_the_grace() -> None:
    act = action("sh", "-c", STUBBORN, kill_after=0.5)

    async def go():  # type: ignore[no-untyped-def]
        runner = Run(act, list(act.command))
        task = asyncio.create_task(runner.execute())
        while len(pids(runner)) < 2:
            await asyncio.sleep(0.01)
        runner.cancel()
        return await task

    outcome = asyncio.run(go())
    assert outcome.reason == "cancelled" and outcome.killed and outcome.exit_code is None
    assert "got TERM" in outcome.tail  # it was asked first
    assert 0.5 <= outcome.duration < 3
    assert outcome.describe("Drain").startswith("Drain: cancelled after 0.")
    assert outcome.describe("Drain").split(";")[0].endswith(" s (killed)")
    assert len(pids(outcome)) == 2 and stopped(*pids(outcome))


def test_a_command_that_stops_at_sigterm_is_not_killed() -> None:
    act = action(sys.executable, "-c", "import time; print('go', flush=True); time.sleep(60)")

    async def go():  # type: ignore[no-untyped-def]
        runner = Run(act, list(act.command))
        task = asyncio.create_task(runner.execute())
        while not runner.output.lines:
            await asyncio.sleep(0.01)
        runner.cancel()
        return await task

    outcome = asyncio.run(go())
    assert outcome.duration < 2 and not outcome.killed
    assert outcome.status.startswith("cancelled after ") and outcome.status.endswith("(stopped)")


def test_a_timeout_spares_no_grandchild_that_ignores_sigterm() -> None:
    outcome = run(action("sh", "-c", LEAVES_ONE, timeout=1, kill_after=0.3))
    assert outcome.reason == "timeout" and outcome.killed
    assert outcome.status.startswith("timed out after 1.") and outcome.status.endswith("(killed)")
    [shell, grandchild] = pids(outcome)
    assert stopped(shell, grandchild)


def test_a_failed_command_says_failed_with_its_exit_status() -> None:
    outcome = run(action(sys.executable, "-c", "import sys; print('cannot drain'); sys.exit(2)"))
    assert outcome.status == "FAILED (exit 2)" and outcome.headline == "Action FAILED (exit 2)"
    assert outcome.describe("Drain").startswith("Drain: FAILED (exit 2) after ")
    killed = run(action("sh", "-c", "kill -9 $$"))
    assert killed.status == "FAILED (killed by SIGKILL)"


def test_a_command_is_shown_once_readably_and_reads_back_the_same() -> None:
    import shlex

    from warroom.incident.actions import display_command

    argv = ["python", "-c", "print('draining…')"]
    assert display_command(argv) == "python -c \"print('draining…')\""
    nasty = ["a b", "it's", 'say "hi"', "$HOME", "`x`", "back\\slash", "", "ok", "it's $5", "!",
             "it's \\ \"quoted\"", "trap 'echo' TERM; sh -c 'trap \"\" TERM'"]  # fmt: skip
    assert shlex.split(display_command(nasty)) == nasty
    assert display_command(["deploy", "--to=v1.4.2"]) == "deploy --to=v1.4.2"
    assert display_command(["sh", "-c", "trap 'x' TERM; sh -c 'trap \"\" TERM'"]) == (
        "sh -c \"trap 'x' TERM; sh -c 'trap \\\"\\\" TERM'\""
    )


def test_action_durations_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "warroom.toml"
    base = '[[action]]\nkey = "r"\nlabel = "x"\nkind = "custom"\ncommand = ["true"]\n'
    path.write_text(base + 'verify_within = "90s"\nkill_after = "1s"\n')
    [act] = load_config(path).actions
    assert (act.verify_within, act.kill_after) == (90, 1)
    for line, why in (('kill_after = "2h"', "kill_after: must be from 0.1s to 1m"),
                      ('verify_within = "0s"', "verify_within: must be from 1s to 1h"),
                      ('verify_within = "soon"', "verify_within")):  # fmt: skip
        path.write_text(base + line + "\n")
        with pytest.raises(WarroomError, match=why) as error:
            load_config(path)
        assert "warroom.toml:6" in str(error.value)
