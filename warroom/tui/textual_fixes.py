"""Where Textual keeps what it no longer needs, for a console that runs for hours.

Textual 8's StylesCache caches `get_inner_outer` with `functools.lru_cache` on the method, so
the cache's keys hold every StylesCache (every widget's drawn lines) of the last 1024 calls:
each dialog opened adds its widgets' caches, and tens of megabytes stay after it is closed.
The colours alone decide the answer; they alone are the key here.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(
    self: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def apply() -> None:
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
