"""The footer, without what Textual's keeps of its past.

Textual's Footer composes its keys again whenever the bindings change (every dialog opened
or closed), and each key binds itself to the footer's `compact` reactive. The footer keeps
that binding after the key is gone, until `compact` next changes, which in the console it
never does: some twenty keys (1 MB) kept per dialog, for the console's whole life.
"""

from __future__ import annotations

from textual.widgets import Footer

from warroom.tui.textual_fixes import forget_closed_watchers


class ConsoleFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop the watchers that belong to keys no longer in the footer."""
        forget_closed_watchers(self)
