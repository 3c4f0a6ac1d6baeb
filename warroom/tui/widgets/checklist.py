"""Checklist items grouped by phase, with progress per phase and overall; space ticks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, ProgressBar
from textual.widgets.option_list import Option

from warroom.core.timefmt import format_duration
from warroom.text.safe import safe_line
from warroom.tui.widgets.hanging import Hanging

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from warroom.core.state import IncidentState, Item, PhaseProgress

BAR_WIDTH = 10


def phase_bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / total) if total else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class ChecklistList(OptionList):
    BINDINGS = [
        Binding("space", "toggle", "Tick/untick"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Toggle(Message):
        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def action_toggle(self) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id and option.id.startswith("item-") and not option.disabled:
            self.post_message(self.Toggle(int(option.id.removeprefix("item-"))))


class ChecklistPane(Vertical):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Checklist"
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, id="overall")
        yield ChecklistList(id="checklist-items")

    @property
    def options(self) -> ChecklistList:
        return self.query_one(ChecklistList)

    def show(self, state: IncidentState, now: datetime) -> None:
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

    @staticmethod
    def _header(phase: PhaseProgress) -> Text:
        text = Text(safe_line(phase.title), style="bold")
        if phase.window:
            text.append(f"  {safe_line(phase.window)}", style="dim")
        text.append(f"  {phase_bar(phase.done, phase.total)} {phase.done}/{phase.total}")
        if phase.overdue:
            text.append(f"  {phase.overdue} overdue", style="bold red")
        return text

    @staticmethod
    def _item(item: Item, roles: dict[str, str], overdue: bool, left: bool = False) -> Hanging:
        if item.done:
            mark, text = Text("✓", style="green"), Text(safe_line(item.text), style="dim")
        elif overdue:
            mark, text = Text("!", style="bold red"), Text(safe_line(item.text))
        else:
            mark, text = Text("☐"), Text(safe_line(item.text))
        meta = [safe_line(roles.get(item.role, item.role))] if item.role else []
        if left:
            meta.append("left undone")
        elif item.due_s is not None and not item.done:
            meta.append(("OVERDUE " if overdue else "due ") + f"T+{format_duration(item.due_s)}")
        if meta:
            text.append("  " + " · ".join(meta), style="bold red" if overdue else "dim")
        return Hanging(Text("  ") + mark, text, indent=4)
