"""Endpoints by group, worst first: state, code, latency, sparkline, time in state, reason."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from warroom.safe import safe_line
from warroom.timefmt import short_span
from warroom.tui.widgets.hanging import Hanging

if TYPE_CHECKING:
    from warroom.health import Sample

# Word and symbol both: a state must read the same without colour.
LOOK = {
    "DOWN": ("✖", "bold red"),
    "SUSPECT": ("◌", "bold #ff8c00"),
    "DEGRADED": ("◐", "bold yellow"),
    "UNKNOWN": ("·", "dim"),
    "UP": ("●", "green"),
}
ORDER = {name: n for n, name in enumerate(LOOK)}
BARS = "▁▂▃▄▅▆▇█"


def sparkline(latencies: list[float | None], width: int = 10) -> str:
    recent = latencies[-width:]
    seen = [v for v in recent if v is not None]
    top = max(seen, default=0) or 1
    return "".join("×" if v is None else BARS[min(7, int(v / top * 7))] for v in recent)


class HealthPane(Widget):
    COMPACT_BELOW = 70

    class Resized(Message):
        """Its width changed: the rows it needs may have too (the console sizes its row)."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Health"
        self.samples: list[Sample] = []
        self.now: datetime | None = None

    def show(self, samples: list[Sample], now: datetime) -> None:
        self.samples, self.now = samples, now
        down = sum(s.state == "DOWN" for s in samples)
        count = f"{len(samples)} endpoint" + ("" if len(samples) == 1 else "s")
        self.border_title = f"Health · {down} DOWN" if down else f"Health · {count}"
        self.set_class(bool(down), "-down")
        self.refresh(layout=True)

    def render(self) -> Group:
        if not self.samples or self.now is None:
            return Group(Text("waiting for the first checks…", style="dim"))
        compact = self.content_size.width < self.COMPACT_BELOW
        worst: dict[str, int] = {}
        for s in self.samples:
            worst[s.group] = min(worst.get(s.group, 99), ORDER[s.state])
        rows = sorted(self.samples, key=lambda s: (worst[s.group], s.group, ORDER[s.state], s.name))
        name_width = min(24, max(len(s.name) for s in rows))
        groups = len(worst) > 1
        lines: list[Text | Hanging] = []
        group = None
        for s in rows:
            if groups and s.group != group:
                group = s.group
                lines.append(Text(safe_line(group), style="bold underline"))
            symbol, style = LOOK[s.state]
            mark = Text(f"{symbol} {s.state:<8}", style=style)
            body = Text(f"{safe_line(s.name):<{name_width}} ", style="bold")
            body.append(f"{s.status or '-':>3} ")
            if not compact:
                latency = f"{s.latency * 1000:.0f}ms" if s.latency is not None else "-"
                body.append(f"{latency:>7} ")
            body.append(
                f"{sparkline(s.latencies, 6 if compact else 10):<{6 if compact else 10}} ",
                style="cyan",
            )
            if not compact:
                body.append(f"{short_span((self.now - s.since).total_seconds()):>6} ", style="dim")
            if s.flapping:
                body.append("flapping ", style="bold magenta")
            body.append(safe_line(s.reason), style=style if s.state != "UP" else "dim")
            lines.append(Hanging(mark, body, indent=11))
        return Group(*lines)
