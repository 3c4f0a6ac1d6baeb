"""Opening the console spends nothing on what is not shown: the note prompt is up sooner."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from tests.helpers.apps import console
from tests.helpers.console import opened, send_at_once, settle, wait_until
from warroom.incident.service import IncidentService


async def test_the_hidden_footer_composes_its_keys_only_once_shown(
    service: IncidentService,
) -> None:
    async with console(service).run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        footer = pilot.app.query_one(Footer)
        assert not footer.display  # the key hints say the keys at every width
        assert not footer.children
        footer.display = True
        await wait_until(pilot, lambda: any(getattr(k, "key", "") == "n" for k in footer.children))


async def test_the_stylesheet_is_parsed_once_in_the_chosen_theme_s_colours(
    service: IncidentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.color import Color
    from textual.css.stylesheet import Stylesheet

    from warroom.tui.app import WarroomApp

    reparsed = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(1) or reparse(self))
    app = WarroomApp("INC-42", service=service, theme="warroom-light")
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await settle(pilot)
        assert not reparsed  # was: parsed in Textual's default theme, then again in this one
        assert app.screen.styles.background == Color.parse("#fbfcfd")  # light.toml's
        app.theme = "warroom-high-contrast"  # a theme picked later still restyles everything
        await wait_until(pilot, lambda: app.screen.styles.background == Color.parse("#000000"))
        assert reparsed


async def test_a_note_typed_before_the_first_frame_is_up_before_the_incident_is_read(
    service: IncidentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.tui.controllers.database import Sync
    from warroom.tui.screens.prompts import PromptScreen

    screens = []
    start = Sync.start

    def started(sync: Sync) -> None:
        screens.append(type(sync.console.screen))
        start(sync)

    monkeypatch.setattr(Sync, "start", started)
    app = console(service)
    send_at_once(app, "n")  # read with the console's first input, before its first frame
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(pilot)
        await pilot.press(*"early", "enter")
        await wait_until(pilot, lambda: service.state("INC-42").timeline[-1].text == "early")
    # The data layer starts (its imports, the first read) once the prompt is up, not meanwhile.
    assert screens == [PromptScreen]


@pytest.mark.parametrize("size", [(60, 40), (100, 40), (160, 45)])
async def test_the_console_screen_opens_with_the_size_classes_of_its_terminal(
    service: IncidentService, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    from warroom.tui.app import WarroomApp

    born: list[set[str]] = []
    default_screen = WarroomApp.get_default_screen

    def created(app: WarroomApp):  # type: ignore[no-untyped-def]
        screen = default_screen(app)
        born.append(set(screen.classes))
        return screen

    monkeypatch.setattr(WarroomApp, "get_default_screen", created)
    async with console(service).run_test(size=size) as pilot:
        app = await opened(pilot)
        sized = {
            c
            for c in app.console_screen.classes
            if c.startswith(("-narrow", "-medium", "-wide", "-short", "-tall"))
        }
        # Given at birth, the first resize changes no class: the panes are styled once.
        assert born == [sized] and len(sized) == 2
