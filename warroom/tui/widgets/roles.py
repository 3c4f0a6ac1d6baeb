"""Who holds each role and for how long (a hand-over suggested past the playbook's time);
unassigned roles are marked, not hidden. Under them the open tasks, each counting down
to its time box, and the decisions open to objections."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from warroom.core.timefmt import format_duration, mm_ss, short_span
from warroom.core.words import plural
from warroom.text.safe import safe_line
from warroom.tui.widgets.looks import look, looks_classes, looks_css

if TYPE_CHECKING:
    from warroom.core.state import IncidentState


class RolesPane(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = looks_classes("unassigned", "bad", "soon")
    DEFAULT_CSS = looks_css("RolesPane", "unassigned", "bad", "soon")
    COMPACT_BELOW = 34  # columns: below this, short role labels (IC, TL, CL)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: IncidentState | None = None
        self.now: datetime | None = None
        self.border_title = "Roles"

    def show(self, state: IncidentState, now: datetime | None = None) -> None:
        self.state = state
        self.now = now
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.state is None:
            return Text("")
        if self.screen.has_class("-narrow") and self.screen.has_class("-short"):
            return self._one_line()
        lines = [*self._role_lines(), *self._command_lines(), *self._watching_lines()]
        lines += self._escalation_lines()
        return Text("\n").join(lines)

    def _role_lines(self) -> list[Text]:
        """Each role, its holder and how long they have held it (or "unassigned")."""
        assert self.state is not None
        roles = self.state.playbook.roles
        compact = self.content_size.width < self.COMPACT_BELOW
        labels = [safe_line(r.label if compact else r.name) for r in roles]
        width = max((len(label) for label in labels), default=0)
        holders = [self.state.roles.get(r.key) for r in roles]
        names = max((len(safe_line(h.holder)) for h in holders if h), default=0)
        lines = []
        for label, held in zip(labels, holders, strict=True):
            line = Text(f"{label:<{width}}  ", style="bold")
            if held:
                line.append(f"{safe_line(held.holder):<{names}}")
                line.append_text(self._time_in_role(held.assigned_at))
            else:
                line.append("— unassigned", style=look(self, "unassigned"))
            lines.append(line)
        return lines

    def _watching_lines(self) -> list[Text]:
        assert self.state is not None
        if len(self.state.watchers) <= 1:  # only yourself watching is not news
            return []
        line = Text("Watching ", style="dim")
        line.append(safe_line(", ".join(self.state.watchers)))
        return [line]

    def _escalation_lines(self) -> list[Text]:
        """Who is next on the escalation path and when (or why nobody is)."""
        assert self.state is not None
        path = self.state.playbook.escalation
        if not path or self.now is None:
            return []
        level, due = self.state.escalation_due(self.now)
        line = Text("Escalation ", style="dim")
        if self.state.incident.status == "resolved":
            line.append("none: resolved")
        elif level >= len(path):
            line.append(f"at the top: {safe_line(path[-1].who)}")
        else:
            line.append(f"next {safe_line(path[level].who)}", style="bold")
            if due is not None:
                line.append(
                    f" in {mm_ss(due)}" if due >= 0 else " now (e)",
                    style="" if due >= 0 else look(self, "bad"),
                )
            elif path[level].condition:
                line.append(f" if {safe_line(path[level].condition)}", style="dim")
        return [line]

    def _time_in_role(self, since: datetime) -> Text:
        """How long the role has been held; past the playbook's time, a hand-over suggested."""
        if self.now is None or self.state is None or self.state.incident.status == "resolved":
            return Text("")
        held = (self.now - since).total_seconds()
        text = Text(f"  {short_span(held)}", style="dim")
        limit = self.state.playbook.command.handover_after
        if limit is not None and held > limit:
            text = Text(f"  {short_span(held)}", style=look(self, "soon"))
            text.append(
                f"  over {format_duration(limit)}: hand over? (a)", style=look(self, "soon")
            )
        return text

    def _command_lines(self) -> list[Text]:
        """The open tasks with their countdowns, and the decisions open to objections."""
        from warroom.tui.controllers.command import decision_line, task_line

        assert self.state is not None
        if self.now is None:
            return []
        lines = []
        tasks = self.state.open_tasks
        if tasks:
            lines.append(Text("Tasks  (X: done or dropped)", style="bold"))
            resolved = self.state.resolved
            lines += [Text(" ") + task_line(t, self.now, resolved) for t in tasks]
        for d in self.state.decisions:
            if self.state.decision_open(d, self.now):
                line = Text("Decision ", style="bold") + decision_line(d, self.now)
                line.append("  (O objects)", style="dim")
                lines.append(line)
        return lines

    def lines(self) -> int:
        """Lines the pane needs at its width (the grid sizes its row from this)."""
        if self.state is None:
            return 0
        return len(self.render().wrap(self.app.console, max(1, self.content_size.width)))

    def _one_line(self) -> Text:
        """A short side pane keeps who leads in view: "IC alice · TL — · CL — · Scribe —"."""
        assert self.state is not None
        line = Text()
        for role in self.state.playbook.roles:
            held = self.state.roles.get(role.key)
            if line.cell_len:
                line.append(" · ", style="dim")
            line.append(f"{safe_line(role.label)} ", style="bold")
            if held:
                line.append(safe_line(held.holder))
            else:
                line.append("—", style=look(self, "unassigned"))
        if self.now is not None and (tasks := self.state.open_tasks):
            late = sum(self.state.task_overdue(t, self.now) for t in tasks)
            line.append(" · ", style="dim")
            line.append(plural(len(tasks), "task"), style="bold")
            if late:
                line.append(f" {late} OVERDUE", style=look(self, "bad"))
        return line
