"""Theme files (TOML) loaded as Textual themes: the built-in ones and the user's own.

Built-ins live in warroom/builtin/themes/; a user drops more into <config dir>/themes/. The chosen
theme is remembered in <config dir>/settings.json.
"""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

from textual.app import App
from textual.theme import Theme

from warroom.core.paths import config_dir
from warroom.core.tomlfile import FileError, read_toml

DEFAULT_THEME = "warroom-dark"


def theme_from_file(path: Path | str, text: str | None = None) -> Theme:
    data, _source = read_toml(path, text)
    known = {f.name for f in fields(Theme)}
    if unknown := sorted(set(data) - known):
        raise FileError(
            path, None, f"unknown key {unknown[0]!r} (a theme has {', '.join(sorted(known))})"
        )
    if "name" not in data or "primary" not in data:
        raise FileError(path, None, "a theme needs at least name and primary")
    try:
        return Theme(**data)
    except Exception as exc:  # Textual rejects a bad colour with its own exception types
        raise FileError(path, None, str(exc).splitlines()[0]) from None


def load_themes() -> tuple[list[Theme], list[str]]:
    """Every theme that loads, and a one-line problem for each file that does not."""
    themes, problems = [], []
    for entry in sorted(
        resources.files("warroom").joinpath("builtin", "themes").iterdir(), key=lambda p: p.name
    ):
        if entry.name.endswith(".toml"):
            themes.append(
                theme_from_file(f"(built-in) {entry.name}", entry.read_text(encoding="utf-8"))
            )
    user = config_dir() / "themes"
    if user.is_dir():
        for path in sorted(user.glob("*.toml")):
            try:
                themes.append(theme_from_file(path))
            except FileError as exc:
                problems.append(str(exc))
    return themes, problems


def choose_theme(app: App[Any], wanted: str | None, configured: str | None) -> list[str]:
    """Register the theme files and pick one (--theme, else warroom.toml's, else the last one
    picked, else the default) before the first style pass: switching themes after mounting
    would restyle every widget before the first frame. The problems to show, one line each."""
    themes, problems = load_themes()
    for theme in themes:
        app.register_theme(theme)
    name = wanted or configured or remembered_theme() or DEFAULT_THEME
    if name not in app.available_themes:
        problems.append(f"unknown theme {name!r}; using {DEFAULT_THEME}")
        name = DEFAULT_THEME
    app.theme = name
    # Parsed with this theme's colours from the first style pass (Textual would otherwise
    # parse the default theme's first, then everything again for this one: see refresh_css).
    app.stylesheet.set_variables(app.get_css_variables())
    if wanted == name:
        remember_theme(name)
    return problems


def remembered_theme() -> str | None:
    try:
        return json.loads((config_dir() / "settings.json").read_text()).get("theme")
    except (OSError, ValueError, AttributeError):
        return None


def remember_theme(name: str) -> None:
    path = config_dir() / "settings.json"
    try:
        settings = json.loads(path.read_text()) if path.exists() else {}
        if not isinstance(settings, dict):
            settings = {}
    except (OSError, ValueError):
        settings = {}
    settings["theme"] = name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(settings, indent=2))
        tmp.replace(path)  # never leave a half-written settings file behind
    except OSError:
        pass  # remembering the theme is a convenience; the console works without it
