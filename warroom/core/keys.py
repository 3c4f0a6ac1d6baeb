"""The console's own keys, which a configured action cannot take. Light enough for start-up:
the action keys of warroom.toml are bound before the first frame."""

from __future__ import annotations

import re

ACTION_KEY = re.compile(r"^([a-z0-9]|f[1-9]|f1[0-2])$")
RESERVED_KEYS = frozenset("nstaquepjkgGz?") | {"space", "tab", "enter", "escape", "up", "down"}


def usable_action_key(key: object) -> bool:
    return isinstance(key, str) and bool(ACTION_KEY.match(key)) and key not in RESERVED_KEYS
