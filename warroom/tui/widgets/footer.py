"""The footer, without what Textual's keeps of its past.

Textual's Footer composes its keys again whenever the bindings change (every dialog opened
or closed), and each key binds itself to the footer's `compact` reactive. The footer keeps
that binding after the key is gone, until `compact` next changes, which in the console it
never does: some twenty keys (1 MB) kept per dialog, for the console's whole life.

The console shows its keys in KeyHints at every width and hides this footer (warroom.tcss).
Composing twenty keys costs tens of milliseconds each time, on the way to the first prompt
when the console opens: so a hidden footer composes nothing until it is shown.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class ConsoleFooter(Footer):
    async def recompose(self) -> None:
        if not self.display:
            return  # composed when shown (on_show)
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop the watchers that belong to keys no longer in the footer."""
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for name, watching in watchers.items():
            watchers[name] = [
                (node, callback)
                for node, callback in watching
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
            ]

    def on_show(self) -> None:
        self.call_after_refresh(self.recompose)
