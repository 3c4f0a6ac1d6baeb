"""Checklist items grouped by phase, with progress per phase and overall; space ticks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, ProgressBar
from textual.widgets.option_list import Option

from warroom.core.timefmt import format_duration
from warroom.text.safe import safe_line
from warroom.tui.widgets.hanging import Hanging
from warroom.tui.widgets.looks import look, looks_classes, looks_css

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from warroom.core.state import IncidentState, Item, PhaseProgress

BAR_WIDTH = 10


def phase_bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / total) if total else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class ChecklistList(OptionList):
    BINDINGS = [
        Binding("space", "tick", "Tick/untick"),
        Binding("enter", "detail", "Detail"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Toggle(Message):
        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    class Detail(Message):
        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def action_detail(self) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id and option.id.startswith("item-"):
            self.post_message(self.Detail(int(option.id.removeprefix("item-"))))

    def action_tick(self) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id and option.id.startswith("item-") and not option.disabled:
            self.post_message(self.Toggle(int(option.id.removeprefix("item-"))))


class ChecklistPane(Vertical):
    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes("bad", "good")
    DEFAULT_CSS = looks_css("ChecklistPane", "bad", "good")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Checklist"
        self._shown: tuple[object, ...] | None = None
        self._last: tuple[IncidentState, datetime] | None = None

    def on_mount(self) -> None:
        # Its lines are made (coloured) when the incident changes: a new theme makes them again.
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self.call_after_refresh(self._restyle)  # once the new theme's styles are in place

    def _restyle(self) -> None:
        if self._last is not None:
            self._shown = None
            self.show(*self._last)

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, id="overall")
        yield ChecklistList(id="checklist-items")

    @property
    def options(self) -> ChecklistList:
        return self.query_one(ChecklistList)

    def show(self, state: IncidentState, now: datetime) -> None:
        self._last = (state, now)
        overdue = {i.id for i in state.items if state.is_overdue(i, now)}
        # Once resolved, what was not done by then is left undone: no clock runs on it.
        left = {i.id for i in state.items if state.left_undone(i)}
        key = (tuple((i.id, i.done) for i in state.items), frozenset(overdue), frozenset(left))
        if key == self._shown:
            return  # nothing visible changed: keep the cursor and scroll exactly as they are
        self._shown = key
        progress = state.progress(now)
        done, total = sum(p.done for p in progress), sum(p.total for p in progress)
        self.query_one(ProgressBar).update(total=total or 1, progress=done)
        title = f"Checklist · {done}/{total}"
        if overdue:
            title += f" · {len(overdue)} overdue"
        self.border_title = title

        roles = {r.key: r.label for r in state.playbook.roles}
        options: list[Option] = []
        for phase in progress:
            options.append(Option(self._header(phase), id=f"phase-{phase.key}", disabled=True))
            for item in state.items:
                if item.phase == phase.key:
                    options.append(
                        Option(
                            self._item(item, roles, item.id in overdue, item.id in left),
                            id=f"item-{item.id}",
                        )
                    )
        olist = self.options
        keep = olist.highlighted
        keep_id = olist.get_option_at_index(keep).id if keep is not None else None
        olist.clear_options()
        olist.add_options(options)
        if keep_id is not None:
            olist.highlighted = olist.get_option_index(keep_id)
        else:
            olist.highlighted = next((n for n, o in enumerate(options) if not o.disabled), None)

    def _header(self, phase: PhaseProgress) -> Text:
        text = Text(safe_line(phase.title), style="bold")
        if phase.window:
            text.append(f"  {safe_line(phase.window)}", style="dim")
        text.append(f"  {phase_bar(phase.done, phase.total)} {phase.done}/{phase.total}")
        if phase.overdue:
            text.append(f"  {phase.overdue} overdue", style=look(self, "bad"))
        return text

    def _item(
        self, item: Item, roles: dict[str, str], overdue: bool, left: bool = False
    ) -> Hanging:
        if item.done:
            mark, text = (
                Text("✓", style=look(self, "good")),
                Text(safe_line(item.text), style="dim"),
            )
        elif overdue:
            mark, text = Text("!", style=look(self, "bad")), Text(safe_line(item.text))
        else:
            mark, text = Text("☐"), Text(safe_line(item.text))
        if item.detail.strip():
            text.append(" ⏎", style="dim")  # enter shows the runbook's detail
        meta = [safe_line(roles.get(item.role, item.role))] if item.role else []
        if left:
            meta.append("left undone")
        elif item.due_s is not None and not item.done:
            meta.append(("OVERDUE " if overdue else "due ") + f"T+{format_duration(item.due_s)}")
        if meta:
            text.append("  " + " · ".join(meta), style=look(self, "bad") if overdue else "dim")
        return Hanging(Text("  ") + mark, text, indent=4)
