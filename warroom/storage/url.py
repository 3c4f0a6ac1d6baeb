"""Where the database is: --db, else $WARROOM_DB, as a path or URL, else warroom.toml's
`database`, else warroom.db in the user data directory; and how a location is shown without
its secrets."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote_plus

from warroom.core.paths import configured, default_path

# libpq settings that are secrets, or point at them: never shown.
SECRET_SETTINGS = frozenset({"password", "passfile", "sslpassword"})


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
    from warroom.core.errors import UsageError

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


def sqlite_file(url: str) -> Path | None:
    """The file behind a sqlite:/// URL; None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None
