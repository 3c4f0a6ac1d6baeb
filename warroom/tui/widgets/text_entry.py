"""Text fields whose editing keys act in the order they were typed.

Textual's Input and TextArea insert a typed character as soon as its key reaches them, but
their own bound keys (backspace, delete, the arrows, home, enter…) act only after the key
has bubbled up to the app and back, a trip through every queue on the way. Keys that arrive
together (a fast typist, a slow SSH link, a drill keeping the app busy) then overtake each
other: a backspace lands after the letters typed after it (Textual issue #6605). Here a field runs its own bindings the moment the key reaches it, in
its own queue, so each key acts in turn. Every prompt and composer of the console uses these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input, TextArea

from warroom.tui.bindings import declared

if TYPE_CHECKING:
    from textual import events
    from textual.widget import Widget


async def _run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own (non-priority) binding for this key, now; whether one ran.
    Priority bindings were already checked by the app before the key was sent here."""
    for binding in declared(type(widget)).get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()  # neither the base class nor the app acts on it again
            return True
    return False


class LineEntry(Input):
    """One line of text (notes, names, answers)."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            await _run_own_binding(self, event)


class TextEntry(TextArea):
    """Several lines of text (a status update)."""

    async def _on_key(self, event: events.Key) -> None:
        # Enter and tab are text here (TextArea inserts them itself), never bindings.
        if not event.is_printable and event.key not in ("enter", "tab"):
            await _run_own_binding(self, event)
