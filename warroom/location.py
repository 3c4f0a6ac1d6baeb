"""Where the database is: --db, else $WARROOM_DB, as a path or URL, else warroom.toml's
`database`, else warroom.db in the user data directory; and how a location is shown without
its secrets."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

# libpq settings that are secrets, or point at them: never shown.
SECRET_SETTINGS = frozenset({"password", "passfile", "sslpassword"})


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("warroom") / "warroom.db"


def database_url(db: str | Path | None) -> str:
    """A database URL from a path or a URL: sqlite:///ABSOLUTE/PATH, postgresql://…, or any
    other URL as given (which the store then refuses)."""
    if db is None or str(db) == "":
        db = os.environ.get("WARROOM_DB") or configured("database") or default_path()
    text = str(db)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return f"sqlite:///{Path(text).expanduser().absolute()}"
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql://{rest}"
    return text


def supported(url: str) -> str:
    """The URL, if warroom can keep incidents there; else a one-line error (exit 2)."""
    if url.startswith(("sqlite:///", "postgresql://")):
        return url
    from warroom.errors import UsageError

    raise UsageError(
        f"{public_url(url)}: warroom keeps incidents in a SQLite file (a path) or on "
        "PostgreSQL (postgresql://…), not in this kind of database"
    )


def libpq_url(url: str) -> str | None:
    """A PostgreSQL URL as libpq takes it (TLS and other settings pass straight through);
    None for other databases."""
    return url if url.startswith("postgresql://") else None


def sqlalchemy_url(url: str) -> str:
    """The same database for SQLAlchemy (Alembic), with psycopg 3 as the driver warroom ships."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if libpq_url(url) else url


# scheme://[user[:password]@]host[:port][/database][?settings]. The password ends at the
# first '@', as libpq reads it; what an unescaped '@' leaves of it reads as part of the host.
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][\w+.-]*)://(?:(?P<user>[^:/@?]*)(?::(?P<password>[^@]*))?@)?"
    r"(?P<host>[^/?]*)(?P<path>/[^?]*)?(?:\?(?P<query>.*))?",
    re.DOTALL,
)


def _parts(url: str) -> tuple[str, list[str]]:
    """The URL without its secrets, and the secrets it held (raw and percent-decoded).
    Plain string work: SQLAlchemy's parser would cost a one-shot command 190 ms of imports."""
    match = _URL.fullmatch(url)
    if match is None:
        raise ValueError("not a URL")
    scheme, user, password, host, path, query = match.group(
        "scheme", "user", "password", "host", "path", "query"
    )
    secrets = [password or ""]
    if "@" in host:
        leaked, _, host = host.rpartition("@")
        secrets.append(leaked + "@")
    kept = []
    for setting in (query or "").split("&"):
        key, _, value = setting.partition("=")
        if unquote_plus(key).lower() in SECRET_SETTINGS:
            secrets.append(value)
        elif setting:
            kept.append(setting)
    secrets += [unquote_plus(s) for s in secrets]
    clean = f"{scheme}://{f'{user}@' if user else ''}{host}{path or ''}"
    clean += f"?{'&'.join(kept)}" if kept else ""
    return clean, [s for s in dict.fromkeys(secrets) if s]


def public_url(url: str) -> str:
    """A URL fit for a message, the screen or a command line: no password wherever it was
    (userinfo, `password=`, `passfile=`, `sslpassword=`), and the scheme users type."""
    try:
        clean, _ = _parts(url)
    except ValueError:  # an unreadable URL is shown as nothing of it
        return "(a database URL warroom cannot read)"
    return clean.replace("postgresql+psycopg://", "postgresql://", 1)


def scrub(text: str, url: str) -> str:
    """A message with every secret of the URL blanked, whatever put it there (libpq echoes
    parts of a URL it cannot read)."""
    text = text.replace(url, public_url(url))
    try:
        _, secrets = _parts(url)
    except ValueError:
        return text
    # Secrets too short to tell from ordinary words would blank the message, not the secret.
    for secret in sorted(
        (s for s in secrets if len(s) >= 4 or s.endswith("@")), key=len, reverse=True
    ):
        text = text.replace(secret, "***@" if secret.endswith("@") else "***")
    return text


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
    from warroom.tomlfile import FileError, read_toml

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


def sqlite_file(url: str) -> Path | None:
    """The file behind a sqlite:/// URL; None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


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
            from warroom.tomlfile import FileError

            raise FileError(path, None, "no such config file")
        return path
    here = Path("warroom.toml")
    if here.is_file():
        return here.absolute()
    user = config_dir() / "warroom.toml"
    return user if user.is_file() else None
