"""Where warroom's own files are: warroom.toml (--config, else ./warroom.toml, else the user's
config directory), the config directory itself, and the default database file. Light enough
for start-up: the standard library and platformdirs only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("warroom") / "warroom.db"


def configured(key: str, strict: bool = True) -> Any:
    """A top-level value from warroom.toml, read without the full config model (start-up).

    A file that does not parse blocks only what it makes unknowable: when the broken part is
    below the top-level settings (in a table such as [[endpoint]]), or the file never names
    `key`, the value is still known and returned; the console and `warroom check`, which load
    the whole file, report the problem. When the value itself cannot be read, that is an
    error if `strict` (guessing the database would be worse), else None.
    """
    path = find_config()
    if path is None:
        return None
    from warroom.core.tomlfile import FileError, read_toml

    try:
        return read_toml(path)[0].get(key)
    except FileError as error:
        known, value = _readable_anyway(path, key, error.line)
        if known:
            return value
        if strict:
            raise FileError(
                error.path,
                error.line,
                f"{error.message} (so its `{key}` cannot be read: fix the file, or name the "
                "database with --db or WARROOM_DB)",
            ) from None
        return None


def config_dir() -> Path:
    """$WARROOM_CONFIG_DIR, else the user config directory (~/.config/warroom on Linux)."""
    if override := os.environ.get("WARROOM_CONFIG_DIR"):
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("warroom")


def find_config(explicit: str | Path | None = None) -> Path | None:
    """--config FILE, else ./warroom.toml, else the user's config directory; None if none."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            from warroom.core.tomlfile import FileError

            raise FileError(path, None, "no such config file")
        return path
    here = Path("warroom.toml")
    if here.is_file():
        return here.absolute()
    user = config_dir() / "warroom.toml"
    return user if user.is_file() else None


def _readable_anyway(path: Path, key: str, broken_line: int | None) -> tuple[bool, Any]:
    """(True, value) when a top-level `key` of a file that does not parse is known all the
    same: the file never names it, or the top-level settings (above the first [table]) parse
    alone and the problem is below them."""
    import re
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False, None
    if not re.search(rf"\b{re.escape(key)}\b", text):
        return True, None
    lines = text.splitlines()
    top = next((n for n, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    if broken_line is None or broken_line <= top:
        return False, None
    try:
        return True, tomllib.loads("\n".join(lines[:top])).get(key)
    except tomllib.TOMLDecodeError:
        return False, None
