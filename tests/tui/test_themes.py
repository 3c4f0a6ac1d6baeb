"""Theme files: built-ins, the user's own, bad files reported, the choice remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.console import opened
from warroom.core.tomlfile import FileError
from warroom.tui.app import WarroomApp
from warroom.tui.themes import load_themes, remembered_theme, theme_from_file


def test_built_in_themes_load() -> None:
    themes, problems = load_themes()
    assert {t.name for t in themes} >= {"warroom-dark", "warroom-light", "warroom-high-contrast"}
    assert problems == []


def test_a_users_theme_file_is_offered_and_a_broken_one_reported(config_dir: Path) -> None:
    folder = config_dir / "themes"
    folder.mkdir()
    (folder / "ours.toml").write_text('name = "ours"\nprimary = "#ff8800"\ndark = true\n')
    (folder / "broken.toml").write_text('name = "broken"\nprimary = \n')
    (folder / "typo.toml").write_text('name = "typo"\nprimary = "#fff"\nbackgorund = "#000"\n')
    themes, problems = load_themes()
    assert "ours" in {t.name for t in themes}
    assert len(problems) == 2
    assert problems[0].startswith(f"{folder / 'broken.toml'}:2: ")
    assert "unknown key 'backgorund'" in problems[1]


def test_theme_needs_name_and_primary(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('name = "x"\n')
    with pytest.raises(FileError, match="needs at least name and primary"):
        theme_from_file(path)


async def test_the_chosen_theme_is_remembered(service, config_dir: Path) -> None:
    async with WarroomApp("INC-42", service=service, theme="warroom-light").run_test() as pilot:
        app = await opened(pilot)
        assert app.theme == "warroom-light"
        app.theme = "warroom-high-contrast"  # as the command palette's theme picker does
        await pilot.pause()
    assert remembered_theme() == "warroom-high-contrast"
    async with WarroomApp("INC-42", service=service).run_test() as pilot:
        app = await opened(pilot)
        assert app.theme == "warroom-high-contrast"


async def test_an_unknown_theme_falls_back_and_says_so(service) -> None:
    async with WarroomApp("INC-42", service=service, theme="neon").run_test() as pilot:
        app = await opened(pilot)
        assert app.theme == "warroom-dark"
        assert any("unknown theme 'neon'" in str(n.message) for n in app._notifications)


async def test_the_config_file_can_name_the_theme(service, tmp_path: Path) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text('theme = "warroom-light"\n')
    async with WarroomApp("INC-42", service=service, config=config).run_test() as pilot:
        app = await opened(pilot)
        assert app.theme == "warroom-light"
    async with WarroomApp(
        "INC-42", service=service, config=config, theme="warroom-high-contrast"
    ).run_test() as pilot:
        app = await opened(pilot)
        assert app.theme == "warroom-high-contrast"  # --theme wins over the file
