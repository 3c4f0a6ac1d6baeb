"""What a new responder trips on in the first hour, each fixed and kept fixed: the checklist
follows what the console already knows, the drill says its speed, action keys have a home,
the words say what is true, and a side pane still shows who leads."""

from __future__ import annotations

import re

import pytest

from tests.helpers.apps import console
from tests.helpers.console import opened, plain, screen_text, settle
from warroom.incident.service import IncidentService
from warroom.tui.widgets.checklist import ChecklistList


def item_done(service: IncidentService, text: str) -> bool:
    return next(i for i in service.state("INC-42").items if i.text.startswith(text)).done


async def test_the_checklist_ticks_what_the_console_already_knows(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("a", "enter", "enter")  # I am the Incident Commander
        await settle(pilot)
        # The initial alert goes out, [title] and [the impact] left in it on purpose.
        await pilot.press("u", "enter", "ctrl+s", "y")
        await settle(pilot)
        await pilot.press("t", "down", "down", "enter")  # status: mitigating
        await settle(pilot)
    assert item_done(service, "Incident Commander assigned")
    assert item_done(service, "Initial alert posted")
    assert not item_done(service, "Roles assigned")  # three roles are still open
    entries = [e.text for e in service.state("INC-42").timeline if e.kind == "checklist"]
    assert any("Incident Commander assigned (automatically: Incident Commander is" in t
               for t in entries)  # fmt: skip
    assert any("Initial alert posted" in t and "automatically: update initial_alert" in t
               for t in entries)  # fmt: skip


async def test_an_auto_tick_shows_at_once_in_the_checklist(service: IncidentService) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        await pilot.press("a", "enter", "enter")
        await settle(pilot)
        checklist = app.query_one(ChecklistList)
        prompts = [plain(checklist.get_option_at_index(n).prompt)
                   for n in range(checklist.option_count)]  # fmt: skip
        line = next(p for p in prompts if "Incident Commander assigned" in p)
        assert line.lstrip().startswith("✓") and "OVERDUE" not in line


async def test_action_keys_have_a_home_and_the_palette_knows_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.apps import drill_app
    from warroom.tui.widgets.actions_bar import ActionsBar

    (tmp_path / "warroom.toml").write_text("")
    for size in ((160, 45), (60, 40)):
        app, _, engine = drill_app(tmp_path, "db-outage", tmp_path / "warroom.toml")
        async with app.run_test(size=size) as pilot:
            await opened(pilot)
            bar = plain(app.query_one(ActionsBar).render())
            labels = [a.label for a in engine.scenario.actions]
            assert all(label in bar for label in labels), (size, bar)
            assert app.query_one(ActionsBar).region.height >= 1
            palette = {c.title for c in app.get_system_commands(app.screen)}
            assert set(labels) | {"Pause drill", "Drill faster", "Drill slower"} <= palette
            # The footer keeps the incident's own keys; the actions are in their bar.
            footer = [b.binding.action for b in app.screen.active_bindings.values()
                      if b.binding.show]  # fmt: skip
            assert not any(a.startswith("mitigate") for a in footer)


async def test_the_drill_says_its_speed_and_how_to_change_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.apps import drill_app
    from warroom.tui.widgets.incident_bar import IncidentBar

    (tmp_path / "warroom.toml").write_text("")
    app, _, _ = drill_app(tmp_path, "db-outage", tmp_path / "warroom.toml")
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        top = lambda: plain(app.query_one(IncidentBar).render())  # noqa: E731
        assert "60× speed · + faster · - slower · z pause" in top()
        await pilot.press("minus")
        await pilot.pause()
        assert "30× speed" in top()
        await pilot.press("z")
        await pilot.pause()
        assert "paused" in top() and "z resume" in top()


async def test_status_since_is_when_the_status_changed(service: IncidentService, clock) -> None:  # type: ignore[no-untyped-def]
    from warroom.core.clock import to_local
    from warroom.tui.widgets.severity import SeverityPane

    async with console(service).run_test(size=(160, 45)) as pilot:
        app = await opened(pilot)
        clock.advance(minutes=7)
        await pilot.press("t", "down", "enter")  # identified, seven minutes in
        await settle(pilot)
        shown = plain(app.query_one(SeverityPane).render())
        assert f"since {to_local(clock.now()).strftime('%H:%M:%S')}" in shown, shown


async def test_a_short_side_pane_still_shows_who_leads(service: IncidentService) -> None:
    from warroom.tui.widgets.roles import RolesPane

    async with console(service).run_test(size=(60, 40)) as pilot:
        app = await opened(pilot)
        await pilot.press("a", "enter", "enter")
        await settle(pilot)
        roles = app.query_one(RolesPane)
        assert roles.region.height >= 1
        assert plain(roles.render()).startswith("IC ") and "TL —" in plain(roles.render())


async def test_dialog_hints_fit_a_side_pane(service: IncidentService) -> None:
    from textual.widgets import Label

    async with console(service).run_test(size=(60, 40)) as pilot:
        await opened(pilot)
        for key in ("p", "u"):
            await pilot.press(key)
            await pilot.pause()
            if key == "u":
                await pilot.press("enter")  # a template
                await pilot.pause()
            screen = pilot.app.screen
            dialog = screen.query_one(".dialog")
            hint = screen.query_one(".dialog-hint", Label)
            assert dialog.region.contains_region(hint.region), key  # inside, not over the keys
            words = plain(hint.render())
            assert words.rstrip().endswith(("closes", "cancels")), words
            await pilot.press("escape")
            await pilot.pause()


async def test_the_severity_picker_shows_rank_marks(service: IncidentService) -> None:
    from textual.widgets import OptionList

    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press("s")
        await pilot.pause()
        options = pilot.app.screen.query_one(OptionList)
        first, last = (plain(options.get_option_at_index(n).prompt) for n in (0, 3))
        assert "▲▲▲" in first and "▽" in last


async def test_drill_results_read_as_words() -> None:
    from textual.app import App

    from warroom.tui.screens.drill_results import DrillResultsScreen

    score = {
        "score": 20,
        "parts": [
            {"key": "commander", "label": "Incident Commander named", "points": 15, "max": 15,
             "said": "after 1m (target 15m)", "next": ""},
            {"key": "first_update", "label": "First status update", "points": 5, "max": 15,
             "said": "after 22m, later than 15m",
             "next": "Next time: post the initial alert (u) within 15m (you posted it at 12:22, T+22m)"},
        ],
    }  # fmt: skip
    app: App[None] = App()
    async with app.run_test(size=(160, 45)) as pilot:
        app.push_screen(DrillResultsScreen("db", score))
        await pilot.pause()
        shown = screen_text(app)
    assert "Score 20/100" in shown
    assert "Incident Commander named  15/15  after 1m (target 15m)" in shown
    assert "First status update        5/15  after 22m, later than 15m" in shown
    assert (
        "Next time: post the initial alert (u) within 15m (you posted it at 12:22, T+22m)" in shown
    )
    # It says how it closes, as every dialog does (was: nothing, over a console that waits).
    assert "enter or escape closes" in shown


async def test_between_side_pane_and_wide_every_key_is_shown(service: IncidentService) -> None:
    from textual.widgets import Footer

    from warroom.tui.widgets.key_hints import KeyHints

    async with console(service).run_test(size=(124, 36)) as pilot:
        app = await opened(pilot)
        hints = app.query_one(KeyHints)
        assert hints.display and not app.query_one(Footer).display
        text = plain(hints.render())
        assert all(key in text for key in ("space tick", "p postmortem", "q quit"))
        assert hints.region.bottom == 36  # at the bottom, below the panes


@pytest.mark.parametrize("width", [60, 124, 160])
async def test_at_every_width_the_keys_wrap_and_say_the_same(
    service: IncidentService, width: int
) -> None:
    from textual.widgets import Footer

    from warroom.tui.widgets.key_hints import KeyHints

    # Was: at 160 Textual's footer cut the last keys ("? Key▏^p palette") and worded the
    # palette otherwise than at 60 ("^p commands").
    async with console(service).run_test(size=(width, 45)) as pilot:
        app = await opened(pilot)
        hints = app.query_one(KeyHints)
        assert hints.display and not app.query_one(Footer).display
        text = plain(hints.render(), width=width)
        assert all(len(line) <= width for line in text.splitlines())
        assert "q quit" in text and text.rstrip().endswith("^p commands")


async def test_drill_rows_count_their_time_in_state_between_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.apps import drill_app
    from tests.helpers.console import wait_until
    from warroom.tui.widgets.health import HealthPane

    (tmp_path / "warroom.toml").write_text("")
    # At 1200x the nine simulated minutes take under half a real second (at 60x, nine).
    app, _, engine = drill_app(tmp_path, "db-outage", tmp_path / "warroom.toml", speed=1200)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: "postgres-primary" in engine.down)

        def row() -> str:
            text = plain(app.query_one(HealthPane).render())
            rows = text.splitlines()
            return next(r for r in rows if re.search(r"DOWN\s+postgres-primary", r))

        # The scenario's last event is at 5m; minutes pass after it and the row keeps count.
        await wait_until(pilot, lambda: engine.elapsed > 9 * 60, timeout=30)
        await pilot.pause(0.3)
        minutes = re.search(r"\s(\d+)m\d*s?\s", row().split("postgres-primary", 1)[1])
        assert minutes and int(minutes.group(1)) >= 8, row()
