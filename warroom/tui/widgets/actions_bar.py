"""The mitigation actions and drill keys, always in view: the footer has no room for them."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from warroom.safe import safe_line


class ActionsBar(Widget):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.actions: list[tuple[str, str]] = []  # (key, label)
        self.drill: str = ""  # the drill's speed line, when it is one

    def show(self, actions: list[tuple[str, str]], drill: str = "") -> None:
        self.actions, self.drill = actions, drill
        self.display = bool(actions or drill)
        self.refresh(layout=True)

    def _parts(self) -> list[Text]:
        parts = []
        for key, label in self.actions:
            part = Text(f" {key} ", style="bold reverse")
            part.append(f" {safe_line(label)}")
            parts.append(part)
        if self.drill:
            parts.append(Text(self.drill, style="bold"))
        return parts

    def render(self) -> Text:
        return self._packed(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._packed(width).split())

    def _packed(self, width: int) -> Text:
        # Whole entries per line, as in the key hints: a key is never parted from its label.
        lines = [Text("Actions ", style="bold")]
        for part in self._parts():
            line = lines[-1]
            if line.cell_len > 8 and line.cell_len + 2 + part.cell_len > max(1, width):
                lines.append(line := Text(""))
            if line.cell_len > 8:
                line.append("  ")
            line.append_text(part)
        return Text("\n").join(lines)
