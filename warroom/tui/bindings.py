"""Key bindings made at run time (the actions of warroom.toml, the drill's keys)."""

from __future__ import annotations

from typing import Any


def unbind(app: Any, key: str) -> None:
    """Remove an app binding. Textual has no public call for it: bindings from a reloaded
    warroom.toml replace the old ones, so a removed action's key must stop working."""
    app._bindings.key_to_bindings.pop(key, None)
