"""The footer's keys for narrow terminals, wrapped between keys instead of cut off."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget


class KeyHints(Widget):
    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved, init=False)

    def _focus_moved(self) -> None:
        self.refresh(layout=True)  # the focused pane's keys are others

    def hints(self) -> list[Text]:
        out, seen = [], set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            hint = Text(self.app.get_key_display(binding), style="bold")
            hint.append(" " + binding.description.lower())
            out.append(hint)
        out.append(Text("^p commands", style="dim"))
        return out

    def render(self) -> Text:
        return self._packed(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._packed(width).split())

    def _packed(self, width: int) -> Text:
        return pack(self.hints(), width)


def pack(parts: list[Text], width: int, lead: Text | None = None) -> Text:
    """Whole parts per line, two spaces apart, after `lead` on the first: Rich would happily
    break "t" from "status", or a key from its label."""
    width = max(1, width)
    lines = [lead.copy() if lead is not None else Text()]
    filled = False  # the current line holds a part
    for part in parts:
        line = lines[-1]
        if filled and line.cell_len + 2 + part.cell_len > width:
            lines.append(line := Text())
            filled = False
        if filled:
            line.append("  ")
        line.append_text(part)
        filled = True
    return Text("\n").join(lines)
