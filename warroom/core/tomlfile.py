"""Read TOML files into pydantic models, with errors that name the file, the line and the field."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from warroom.core.errors import WarroomError

Model = TypeVar("Model")


class FileError(WarroomError):
    """A config, playbook or scenario file that cannot be used, located as file:line."""

    exit_code = 2

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def read_toml(path: str | Path, text: str | None = None) -> tuple[dict[str, Any], str]:
    """The parsed table and the source text; a syntax error becomes a FileError with its line."""
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise FileError(path, None, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise FileError(path, None, "is not UTF-8 text") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise FileError(path, int(match.group(1)) if match else None, reason) from None


def load_model(path: str | Path, model: type[Model], text: str | None = None) -> Model:
    """Parse and validate a TOML file; the first problem is reported as file:line: field: reason."""
    data, source = read_toml(path, text)
    return validate(path, source, data, model)


def validate(path: str | Path, source: str, data: dict[str, Any], model: type[Model]) -> Model:
    """`data` as a `model` (a pydantic model, or a dataclass of fields.py); the first problem
    as file:line: field: reason."""
    from pydantic import ValidationError  # pydantic is not needed to read themes at start-up

    from warroom.core.fields import validate as validate_dataclass

    try:
        if hasattr(model, "model_validate"):
            return model.model_validate(data)  # type: ignore[attr-defined]
        return validate_dataclass(model, data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        field = dotted(loc)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "unknown key"
        raise FileError(path, locate(source, loc), f"{field}: {message}") from None


def dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def locate(source: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of a validation error's location in TOML source.

    tomllib keeps no positions, so walk the text: array-of-table headers for indices,
    `key =` lines for keys, each search starting where the previous one matched.
    """
    lines = source.splitlines()
    start, found = 0, None
    table: list[str] = []
    i = 0
    while i < len(loc):
        part = loc[i]
        if not isinstance(part, str):
            i += 1
            continue
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        table.append(part)
        if isinstance(nxt, int):
            header = ".".join(table)
            seen = -1
            for n in range(start, len(lines)):
                m = _HEADER.match(lines[n])
                if m and m.group(1) == header and lines[n].strip().startswith("[["):
                    seen += 1
                    if seen == nxt:
                        start, found = n + 1, n + 1
                        break
            else:
                hit = _find_key(lines, start, part)
                if hit is not None:
                    return hit + 1
                return found
            i += 2
            continue
        header = ".".join(table)
        hit = None
        for n in range(start, len(lines)):
            m = _HEADER.match(lines[n])
            if m and m.group(1) == header:
                hit = n
                break
        if hit is None:
            hit = _find_key(lines, start, part)
        if hit is None:
            return found
        start, found = hit + 1, hit + 1
        i += 1
    return found


def _find_key(lines: list[str], start: int, key: str) -> int | None:
    pattern = re.compile(
        rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=|[{{,]\s*{re.escape(key)}\s*="
    )
    for n in range(start, len(lines)):
        if pattern.search(lines[n]):
            return n
    return None
