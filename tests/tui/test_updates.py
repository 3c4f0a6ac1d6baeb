"""Status updates from the console to a real webhook on 127.0.0.1: each webhook's delivery is
shown (composer, timeline, severity pane, postmortem), it counts only once delivered, a
failure is sent again with a key, a left-over placeholder asks first, and the templates say
what is true."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.helpers.apps import timeline_words
from tests.helpers.console import plain, screen_text, settle, toasts, wait_until
from tests.helpers.tmux import Tmux, needs_tmux
from tests.helpers.updates import ALERT, console, declared, entries, ready
from tests.helpers.webhook_server import chat
from warroom.core.clock import SimulatedClock
from warroom.incident.postmortem import markdown
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp
from warroom.tui.clipboard import DROPPED, IN_TMUX, OFFERED, copy_reach
from warroom.tui.screens.compose import ComposeScreen
from warroom.tui.screens.confirm import ConfirmScreen
from warroom.tui.widgets.key_hints import KeyHints
from warroom.tui.widgets.severity import SeverityPane


@pytest.fixture(autouse=True)
def outside_tmux(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console as run in a plain terminal (the runner may be inside tmux)."""
    monkeypatch.delenv("TMUX", raising=False)


# The update as the postmortem draft writes it: its brackets are text, not markdown.
DRAFTED = ALERT.replace("[", "\\[").replace("]", "\\]")


def item_done(service: IncidentService, text: str) -> bool:
    return next(i for i in service.state("INC-42").items if i.text.startswith(text)).done


def severity(app: WarroomApp) -> str:
    app.tick_clock()
    return plain(app.query_one(SeverityPane).render())


def footer(app: WarroomApp) -> str:
    return plain(app.query_one(KeyHints).render())


async def test_a_refused_webhook_counts_nothing_until_a_resend_delivers(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    declared(service)
    with chat(listening=False) as server:  # bound, not listening: the connection is refused
        app = console(service, tmp_path, {"chat": server.url})
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await ready(pilot)
            await pilot.press("u", "enter", "ctrl+s")  # the initial alert
            await wait_until(pilot, lambda: "FAILED" in screen_text(app))
            assert isinstance(app.screen, ComposeScreen)
            shown = screen_text(app)
            assert "✖ chat: FAILED connection refused" in shown
            assert "ctrl+r sends it again to chat · escape closes" in shown
            assert entries(service) == ["Update 1 to chat: FAILED connection refused"]
            # Reached nobody: nothing ticked, the countdown runs on from the declaration.
            state = service.state("INC-42")
            assert not item_done(service, "Initial alert posted")
            assert state.updates == [] and state.update_due_in(clock.now()) == 900
            clock.advance(minutes=16)
            assert "UPDATE OVERDUE 01:00" in severity(app)
            assert "UPDATE 1 NOT DELIVERED   press U" in severity(app)

            server.listen()  # the chat is back
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: "✓ delivered to chat" in screen_text(app))
            assert "escape closes" in screen_text(app) and "ctrl+r" not in screen_text(app)
            await settle(pilot)
            assert "NOT DELIVERED" not in severity(app)
            assert "Next update due in 15:00" in severity(app)
    assert entries(service) == [
        "Update 1 to chat: FAILED connection refused",
        "Update 1: sending again to chat",
        "Update 1 delivered to chat (HTTP 200)",
    ]
    [(path, body)] = server.posted
    assert json.loads(body)["text"].startswith(ALERT)
    assert item_done(service, "Initial alert posted")
    state = service.state("INC-42")
    assert state.updates == [clock.now()] and state.update_due_in(clock.now()) == 900
    assert ("update", False, 960.0) in state.response_targets(clock.now())  # 16 minutes


async def test_an_http_500_is_shown_and_U_sends_it_again_from_the_console(
    service: IncidentService, tmp_path: Path
) -> None:
    declared(service)
    with chat("500") as server:
        app = console(service, tmp_path, {"chat": server.url})
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await ready(pilot)
            assert "resend" not in footer(app)  # nothing has failed: no key for it
            await pilot.press("u", "enter", "ctrl+s")
            await wait_until(pilot, lambda: "FAILED HTTP 500" in screen_text(app))
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, ComposeScreen)
            assert "→ chat: FAILED HTTP 500" in timeline_words(app)
            assert "U resend update" in footer(app)
            commands = [c.help for c in app.get_system_commands(app.screen)]
            assert "key: U" in commands

            server.answer = "accept"
            await pilot.press("U")
            await wait_until(pilot, lambda: "✓ delivered to chat" in screen_text(app))
            assert isinstance(app.screen, ComposeScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert "→ delivered to chat" in timeline_words(app)
            assert "→ chat: FAILED" not in timeline_words(app)
            assert "resend" not in footer(app)
    assert [path for path, _ in server.tried] == ["/hook", "/hook"]
    assert entries(service)[-1] == "Update 1 delivered to chat (HTTP 200)"
    assert item_done(service, "Initial alert posted")


async def test_a_hanging_webhook_is_sending_then_failed_within_its_timeout(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    declared(service)
    with chat("hang") as server:
        app = console(service, tmp_path, {"chat": server.url}, timeout="1s")
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await ready(pilot)
            await pilot.press("u", "enter", "ctrl+s")
            await wait_until(pilot, lambda: bool(server.tried))
            await settle_database(pilot, app)
            # While the server holds the request: said as sending, never as sent.
            shown = screen_text(app)
            assert "… sending to chat" in shown
            assert "escape closes (sending goes on; the timeline says how it went)" in shown
            assert "→ sending to chat…" in timeline_words(app)
            assert "Update 1 sending…" in severity(app)
            assert not item_done(service, "Initial alert posted")
            await wait_until(pilot, lambda: "FAILED no answer in 1s" in screen_text(app))
    assert entries(service) == ["Update 1 to chat: FAILED no answer in 1s"]
    assert service.state("INC-42").updates == []


async def settle_database(pilot, app: WarroomApp) -> None:
    """What the database thread holds is shown (without waiting for the sending worker)."""
    await app.sync.call(lambda: None)
    await app.sync.reload()
    await pilot.pause()


async def test_a_delivery_that_succeeds_is_confirmed_everywhere(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    declared(service)
    with chat() as accepting, chat(listening=False) as refusing:
        app = console(service, tmp_path, {"chat": accepting.url, "ops": refusing.url})
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await ready(pilot)
            await pilot.press("u", "enter")
            assert "Sends to chat, ops " in screen_text(app)
            assert OFFERED[1:] in screen_text(app)
            clock.advance(seconds=30)
            await pilot.press("ctrl+s")
            await wait_until(
                pilot, lambda: "✓ delivered to chat" in (t := screen_text(app)) and "FAILED" in t
            )
            assert "✖ ops: FAILED connection refused" in screen_text(app)
            await settle(pilot)
            # Delivered to one: it reached people, so it counts; ops can still be sent again.
            assert item_done(service, "Initial alert posted")
            assert "NOT DELIVERED" not in severity(app)
            await pilot.press("escape")
            await settle(pilot)
            assert "→ delivered to chat; ops: FAILED connection refused" in timeline_words(app)
            assert "U resend update" in footer(app)
            copied = app.clipboard
    [(_, body)] = accepting.posted
    assert json.loads(body)["text"] == copied.strip()
    state = service.state("INC-42")
    assert state.updates == [clock.now()]
    doc = markdown(state, clock.now())
    status = doc.split("## Status updates\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert status.startswith(f"- T+00:00:30 {DRAFTED}")
    assert status.endswith("(delivered to chat at T+00:00:30; ops: FAILED connection refused)")


async def test_without_a_webhook_it_is_copied_for_manual_posting(
    service: IncidentService, tmp_path: Path
) -> None:
    declared(service)
    app = console(service, tmp_path, {})
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("u", "enter")
        assert "No webhook configured: ctrl+s saves it for you to post" in screen_text(app)
        assert OFFERED[1:] in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert "→ saved for manual posting (no webhook)" in timeline_words(app)
        assert app.clipboard.startswith(ALERT)
    assert item_done(service, "Initial alert posted")
    doc = markdown(service.state("INC-42"), service.clock.now())
    status = doc.split("## Status updates\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert status.startswith(f"- T+00:00:00 {DRAFTED}")
    assert status.endswith("(saved for manual posting (no webhook))")


async def test_a_left_over_placeholder_asks_before_sending(
    service: IncidentService, tmp_path: Path
) -> None:
    declared(service)
    app = console(service, tmp_path, {})
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("u", "down", "enter")  # the progress update
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        shown = screen_text(app)
        assert "Send with 2 placeholders left?" in shown
        assert "[none yet]" in shown and "[what's happening next]" in shown
        await pilot.press("n")  # back to the text, nothing sent
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen) and entries(service, "update") == []
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")  # sent as it is, on purpose
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)
        # A blank update with brackets of the sender's own asks nothing.
        await pilot.press("u", "end", "enter")
        await pilot.press(*"[v2] ok")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen | ComposeScreen)
    sent = entries(service, "update")
    assert len(sent) == 2 and "[what's happening next]" in sent[0]
    assert sent[1] == "[v2] ok"


@pytest.mark.slow(7)
async def test_the_progress_update_says_what_was_done_in_words(
    service: IncidentService, clock: SimulatedClock, tmp_path: Path
) -> None:
    declared(service)
    service.set_status("INC-42", "identified")
    clock.advance(minutes=12)
    python = repr(sys.executable)
    actions = (
        '[[action]]\nkey = "r"\nlabel = "Roll back web"\nkind = "rollback"\n'
        f"command = [{python}, '-c', 'print(\"rolled back\")', 'http://127.0.0.1:9/deploy', '{{version}}']\n"
        'prompts = [{ name = "version", label = "Version", default = "v1.4.2" }]\n'
        '[[action]]\nkey = "x"\nlabel = "Restart auth"\nkind = "restart"\n'
        f"command = [{python}, '-c', 'import sys; sys.exit(2)']\n"
    )
    app = console(service, tmp_path, {}, more=actions)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await ready(pilot)
        for keys, done in ((("r", "enter"), "exit 0"), (("x",), "exit 2")):
            await pilot.press(*keys)
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            await wait_until(pilot, lambda d=done: any(d in t for t in entries(service, "action")))
            await pilot.press("enter")  # close the output view
            await settle(pilot)
        await pilot.press("u", "enter")  # the initial alert: the status said as it is
        alert = app.screen.query_one("#update-text").text
        await pilot.press("escape", "u", "down", "enter")  # the progress update
        progress = app.screen.query_one("#update-text").text
    assert "The cause has been identified and the team is working on a fix." in alert
    assert "investigating" not in alert
    assert progress.splitlines() == [
        "📊 [SEV-1] INC-42 update #1 - 09:12 UTC",
        "",
        "Current status: identified",
        "Actions taken: rolled back web to v1.4.2; tried to restart auth (it did not succeed)",
        "Next steps: [what's happening next]",
        "Next update by 09:27 UTC",
    ]
    for untrue in ("still failing", "http", sys.executable, "print", "+ 15m"):
        assert untrue not in progress


@needs_tmux
def test_the_copy_is_said_to_go_only_where_tmux_lets_it() -> None:
    """OSC 52 from a program in tmux reaches nothing unless set-clipboard is on; tmux's
    default (external) drops it. Was "copies it to the clipboard" whatever tmux did."""
    tmux = Tmux()
    try:
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "w", "sleep 60")
        socket = tmux("display-message", "-p", "#{socket_path}").strip()
        env = {**tmux.env(), "TMUX": f"{socket},{os.getpid()},0"}
        assert copy_reach(env) == DROPPED  # external, tmux's default
        tmux("set-option", "-s", "set-clipboard", "on")
        assert copy_reach(env) == IN_TMUX
        tmux("set-option", "-s", "set-clipboard", "off")
        assert copy_reach(env) == DROPPED
    finally:
        tmux.kill()
    assert copy_reach({}) == OFFERED


async def test_in_tmux_without_set_clipboard_the_composer_says_the_copy_is_dropped(
    service: IncidentService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("warroom.tui.clipboard.tmux_clipboard", lambda env: "external")
    monkeypatch.setenv("TMUX", "/tmp/none,1,0")
    declared(service)
    app = console(service, tmp_path, {})
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("u", "enter")
        assert DROPPED[1:] in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        toast = " ".join(toasts(app))
        assert "Update 1 is in the timeline for you to post (no webhook configured)" in toast
        assert DROPPED in toast and "copied to the clipboard" not in toast
