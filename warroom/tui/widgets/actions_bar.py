"""The mitigation action keys (and Alerts), always in view: the footer has no room for them."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from warroom.text.safe import safe_line
from warroom.tui.widgets.key_hints import pack


class ActionsBar(Widget):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.actions: list[tuple[str, str]] = []  # (key, label)

    def show(self, actions: list[tuple[str, str]]) -> None:
        self.actions = actions
        self.display = bool(actions)
        self.refresh(layout=True)

    def _parts(self) -> list[Text]:
        parts = []
        for key, label in self.actions:
            part = Text(f" {key} ", style="bold reverse")
            part.append(f" {safe_line(label)}")
            parts.append(part)
        return parts

    def render(self) -> Text:
        return self._packed(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._packed(width).split())

    def _packed(self, width: int) -> Text:
        return pack(self._parts(), width, lead=Text("Actions ", style="bold"))
