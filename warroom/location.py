"""Where the database is: --db / WARROOM_DB as a path or URL, else warroom.toml's `database`,
else warroom.db in the user data directory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PSYCOPG = "postgresql+psycopg"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("warroom") / "warroom.db"


def database_url(db: str | Path | None) -> str:
    """A database URL from a path, a sqlite:/// URL or another SQLAlchemy URL."""
    if db is None or str(db) == "":
        db = configured("database") or default_path()
    text = str(db)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return f"sqlite:///{Path(text).expanduser().absolute()}"
    if scheme in ("postgresql", "postgres"):
        # psycopg 3 is the driver warroom ships with; SQLAlchemy would pick psycopg2.
        return f"{PSYCOPG}://{rest}"
    return text


def libpq_url(url: str) -> str | None:
    """A PostgreSQL database URL as libpq takes it (TLS and other query settings pass
    straight through); None for other databases."""
    scheme, _, rest = url.partition("://")
    return f"postgresql://{rest}" if scheme == PSYCOPG else None


def public_url(url: str) -> str:
    """A URL fit for a message or a command line: no password, the scheme users type."""
    # The password as SQLAlchemy reads it: after the user's ':', up to the next '@'.
    return re.sub(r"^([\w+]+://[^:/]*):[^@]*@", r"\1@", libpq_url(url) or url)


def configured(key: str, strict: bool = True) -> Any:
    """A top-level value from warroom.toml, read without the full config model (start-up).

    A broken file is an error when `strict` (guessing the database would be worse), else
    None: whatever loads the whole config reports the problem.
    """
    path = find_config()
    if path is None:
        return None
    from warroom.tomlfile import FileError, read_toml

    try:
        return read_toml(path)[0].get(key)
    except FileError:
        if strict:
            raise
        return None


def sqlite_file(url: str) -> Path | None:
    """The file behind a sqlite:/// URL; None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


def config_dir() -> Path:
    """$WARROOM_CONFIG_DIR, else the user config directory (~/.config/warroom on Linux)."""
    import os

    if override := os.environ.get("WARROOM_CONFIG_DIR"):
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("warroom")


def find_config(explicit: str | Path | None = None) -> Path | None:
    """--config FILE, else ./warroom.toml, else the user's config directory; None if none."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            from warroom.tomlfile import FileError

            raise FileError(path, None, "no such config file")
        return path
    here = Path("warroom.toml")
    if here.is_file():
        return here.absolute()
    user = config_dir() / "warroom.toml"
    return user if user.is_file() else None
