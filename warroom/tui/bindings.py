"""The keys a class declares, read from its `BINDINGS` as Textual merges them: its bases'
first, a key declared again replacing the base's (what `?`, the palette and the text fields
list and run)."""

from __future__ import annotations

from functools import cache

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode


@cache
def declared(node: type[DOMNode]) -> dict[str, list[Binding]]:
    """Key → its bindings, in the order declared (a key keeps its first place)."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(node.__mro__):
        if not issubclass(base, DOMNode):
            continue
        keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    return keys


def listed(node: type[DOMNode]) -> list[Binding]:
    """Every binding a class declares, in the order declared."""
    return [b for bs in declared(node).values() for b in bs]
