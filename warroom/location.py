"""Where the database is: --db / WARROOM_DB as a path or URL, else the user data directory."""

from __future__ import annotations

from pathlib import Path


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("warroom") / "warroom.db"


def database_url(db: str | Path | None) -> str:
    """A database URL from a path, a sqlite:/// URL or another SQLAlchemy URL."""
    if db is None or str(db) == "":
        db = default_path()
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().absolute()}"


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
