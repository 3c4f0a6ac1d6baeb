"""Field rules for plain dataclasses that pydantic validates when a file is loaded.

The playbook is read at every console start (an incident keeps a copy of it), so its classes
are standard dataclasses: building one from stored, already-checked data needs no pydantic,
whose import costs about a tenth of a second of the first paint. When a file is loaded,
pydantic validates against the very same classes, through these markers, which import it
only then: one definition of each format, with errors that name the field.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, TypeVar

from warroom.core.limits import LONGEST_S
from warroom.core.timefmt import format_duration, parse_duration

T = TypeVar("T")
STRICT = {"extra": "forbid"}  # for __pydantic_config__: an unknown key is an error


class Text:
    """A string with a length and a pattern, checked when validated."""

    def __init__(
        self, min_length: int = 0, max_length: int | None = None, pattern: str | None = None
    ) -> None:
        self.rules: dict[str, Any] = {"min_length": min_length}
        if max_length is not None:
            self.rules["max_length"] = max_length
        if pattern is not None:
            self.rules["pattern"] = pattern

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.str_schema(**self.rules)


class Number:
    """An int within bounds."""

    def __init__(self, ge: int | None = None, le: int | None = None) -> None:
        self.ge, self.le = ge, le

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.int_schema(ge=self.ge, le=self.le)


class NonEmpty:
    """A sequence with at least one element."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["min_length"] = 1
        return schema


class Seconds:
    """Seconds from "15m", "1h30m" or a number, between `low` and `high`: the marker of
    `Annotated[float, Seconds(low, high)]`."""

    def __init__(self, low: float = 0.0, high: float = LONGEST_S) -> None:
        self.low, self.high = low, high

    def seconds(self, value: Any) -> Any:
        if isinstance(value, str):
            value = parse_duration(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("a duration is a string such as 15m, or a number of seconds")
        if math.isnan(value):
            raise ValueError("not a duration")
        if value > self.high:
            raise ValueError(f"{value:g}s is longer than the most, {format_duration(self.high)}")
        if value < self.low:
            shortest = f"{self.low * 1000:g}ms" if self.low < 1 else format_duration(self.low)
            raise ValueError(f"{value:g}s is shorter than the least, {shortest}")
        return float(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(self.seconds)


Duration = Annotated[float, Seconds()]
"""Seconds, written in files as "15m", "1h30m" or a number of seconds: at most a year."""


def validate(cls: type[T], data: Any) -> T:
    """`data` checked against `cls` (raises pydantic's ValidationError)."""
    adapted: T = _adapter(cls).validate_python(data)
    return adapted


def _new_adapter(cls: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


_adapter: Callable[[Any], Any] = cache(_new_adapter)  # one adapter per class


def build(cls: type[T], data: dict[str, Any]) -> T:
    """`cls` from data that was validated when it was written (an incident's stored copy):
    nested dataclasses and tuples are rebuilt, nothing is checked again."""
    values = {}
    for name, convert in _plan(cls):
        if name in data:
            values[name] = convert(data[name])
    return cls(**values)


def to_data(value: Any) -> Any:
    """A dataclass as plain JSON-ready data (what `build` takes back)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    return value


def _new_plan(cls: Any) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls)]


_plan: Callable[[Any], list[tuple[str, Any]]] = cache(_new_plan)  # one plan per class


def _converter(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda v: build(hint, v)
    if origin is tuple and args and isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
        item = args[0]
        return lambda v: tuple(build(item, x) for x in v)
    if origin is tuple:
        return tuple
    return lambda v: v
