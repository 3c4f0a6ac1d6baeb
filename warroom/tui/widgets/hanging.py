"""A marker and a text whose wrapped lines hang under the text, not under the marker."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text


class Hanging:
    """Cheaper than a Rich table for one row of two columns, which matters for long lists."""

    def __init__(self, mark: Text, body: Text, indent: int) -> None:
        self.mark = mark
        self.body = body
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        pad = Segment(" " * self.indent)
        # The mark's own style as a span: Text.render draws spans, not a text's base style.
        lead = Text().append_text(self.mark)
        lead.align("left", self.indent)
        for n, line in enumerate(self.body.wrap(console, max(1, width - self.indent))):
            yield from lead.render(console) if n == 0 else (pad,)
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.indent + 1, self.indent + self.body.cell_len)
