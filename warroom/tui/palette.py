"""The command palette: every key of the console is also a command, generated from the
bindings, so the palette and the keys never disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding

# Offered in the palette though not in the footer (the footer has no room for them).
UNSHOWN = (
    "mitigate",
    "drill_",
    "alerts",
    "retitle",
    "task",
    "decide",
    "close_task",
    "object",
    "briefing",
    "switch",
    "find",
    "narrow",
    "replay",
)


def key_commands(
    bindings: Iterable[object],
    run: Callable[[str], Any],
    display: Callable[[Binding], str],
) -> Iterator[SystemCommand]:
    """A command for each binding shown in the footer or named in UNSHOWN, once each, with
    its key as `display` shows it (the footer's "/", not Textual's name "slash")."""
    seen = {"quit", "help", "focus_next", "focus_previous"}
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        wanted = binding.show or binding.action.startswith(UNSHOWN)
        if wanted and binding.action not in seen:
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"key: {display(binding)}",
                lambda action=binding.action: run(action),
            )
