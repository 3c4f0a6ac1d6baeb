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

from textual.widgets import Footer

from warroom.tui.textual_fixes import forget_closed_watchers


class ConsoleFooter(Footer):
    async def recompose(self) -> None:
        if not self.display:
            return  # composed when shown (on_show)
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop the watchers that belong to keys no longer in the footer."""
        forget_closed_watchers(self)

    def on_show(self) -> None:
        self.call_after_refresh(self.recompose)
