"""The only place the console reaches into Textual's private parts: each is something Textual
has no public way to do (checked against Textual 8.2.8). Everything else stays on its public
API; a new Textual release is checked here first.

- A leak: StylesCache caches `get_inner_outer` with `functools.lru_cache` on the method, so
  the cache's keys hold every StylesCache (every widget's drawn lines) of the last 1024 calls:
  each dialog opened adds its widgets' caches, and tens of megabytes stay after it is closed
  (Textual issue #6665, open). The colours alone decide the answer; they alone are the key.
- A toast replaced: `App.notify` returns nothing and posts the toast by a message, and the
  only public removal is `clear_notifications`, which takes every other toast with it.
- A key renamed: see `rename_key`.
- The footer's keys kept: see `forget_closed_watchers` (used by widgets/footer.py).
- A bug's end: Textual prints a traceback with every local variable (`show_locals=True`) and
  has no public hook for an unhandled exception; `_fatal_error` is the step that prints it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.style import Style

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.notifications import Notification

ReturnType = TypeVar("ReturnType")


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(
    self: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def apply() -> None:
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]


def show_now(app: App[Any], notification: Notification) -> None:
    """Show a toast at once, not by a message: one withdrawn while its message still waited
    would appear after all."""
    app._notifications.add(notification)
    app._refresh_notifications()


def withdraw(app: App[Any], notification: Notification) -> None:
    """Take one toast off the screen (if still there), leaving the others."""
    if notification in app._notifications:
        app._unnotify(notification)


def forget_closed_watchers(node: DOMNode) -> None:
    """Drop a node's watchers whose watching nodes are closed (the footer's keys, each bound
    to its `compact`). Textual drops them only when the watched value next changes, and has
    no public way to list or remove a node's watchers."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(node, "__watchers", {})
    for name, watching in watchers.items():
        watchers[name] = [
            (watcher, callback)
            for watcher, callback in watching
            if not (getattr(watcher, "_closing", False) or getattr(watcher, "_closed", False))
        ]


class EndsOnUnexpected(App[ReturnType]):
    """An app told of an unhandled exception before Textual prints its traceback."""

    def unexpected(self, error: BaseException | None) -> bool:
        """Handle a bug that ends the app; False leaves it to Textual's traceback."""
        return False

    def _fatal_error(self) -> None:
        if not self.unexpected(sys.exc_info()[1] or self._exception):
            super()._fatal_error()


def rename_key(app: App[Any], key: str, description: str) -> None:
    """A declared key that says something else in one app (q is Back when the console was
    opened from the board): bindings are declared per class, `App.bind` only adds one, and
    `check_action` cannot tell q's quit from ctrl+q's."""
    keys = app._bindings.key_to_bindings
    keys[key] = [replace(b, description=description) for b in keys[key]]
