"""The review of an imported runbook before its playbook is written.

Left: the document's sections in order, each with what it was taken as. Right: what was taken
from the highlighted section (or, for a section left out, what it says). Keys change the
choice; the playbook is rebuilt from the sections after each change and the counts at the
bottom follow. `w` writes, escape leaves without writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from warroom.core.limits import DETAIL, ITEM, cut
from warroom.runbooks.importer import BORROW_FROM, KINDS, Entry, Report, Section
from warroom.text.safe import safe_line
from warroom.tui.palette import key_commands
from warroom.tui.screens.prompts import PickScreen, PromptScreen
from warroom.tui.themes import choose_theme

KIND_LABEL = {
    "phase": "phase",
    "roles": "roles",
    "levels": "levels",
    "escalation": "escalation",
    "templates": "template",
    "not placed": "not placed",
    "dropped": "dropped",
}
KIND_STYLE = {"not placed": "dim", "dropped": "dim strike"}
ASSIGNABLE = tuple(kind for kind in KINDS if kind != "dropped")  # dropping has its own key


class Listing(OptionList):
    """A list of the review: j and k move in it too, as in every list of the console."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class ImportReview(App[Report | None]):
    """Accept, drop, rename, merge, re-assign or edit what import took from a runbook."""

    CSS_PATH = ["../warroom.tcss", "import_review.tcss"]
    TITLE = "warroom · review import"
    BINDINGS = [
        Binding("w", "write", "Write playbook"),
        Binding("d", "drop", "Drop/keep"),
        Binding("a", "assign", "Take as…"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge up"),
        Binding("e", "edit", "Edit item"),
        Binding("x", "edit_detail", "Edit detail"),
        Binding("n", "add_item", "New item"),
        Binding("N", "add_phase", "New phase"),
        Binding("tab", "switch", "Sections/items", show=False),
        Binding("escape", "quit_unsaved", "Quit, write nothing"),
    ]

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report
        choose_theme(self, None, None)

    def compose(self) -> ComposeResult:
        with Horizontal(id="review"):
            with Vertical(id="document"):
                yield Label(
                    f"{safe_line(self.report.source)}: sections", classes="pane-title", markup=False
                )
                yield Listing(id="sections")
            with Vertical(id="taken-pane"):
                yield Label("", id="taken-title", classes="pane-title", markup=False)
                yield Listing(id="taken")
        yield Static(id="counts", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._fill_sections()
        self.query_one("#sections", OptionList).focus()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # The review's own keys are its commands; Textual's "Quit" is escape's "write nothing".
        yield from (c for c in super().get_system_commands(screen) if c.title != "Quit")
        yield from key_commands(self.BINDINGS, self.run_action, self.get_key_display)

    def on_resize(self) -> None:
        self.screen.set_class(self.size.width < 100, "-narrow")  # a tmux side pane: stacked

    # -- what is shown ----------------------------------------------------------------------
    @property
    def sections(self) -> list[Section]:
        return self.report.sections

    @property
    def current(self) -> Section | None:
        index = self.query_one("#sections", OptionList).highlighted
        return self.sections[index] if index is not None and index < len(self.sections) else None

    def _fill_sections(self, keep: int | None = None) -> None:
        listing = self.query_one("#sections", OptionList)
        index = listing.highlighted if keep is None else keep
        listing.clear_options()
        listing.add_options([Option(self._section_line(s)) for s in self.sections])
        if self.sections:
            listing.highlighted = min(index or 0, len(self.sections) - 1)
        self._fill_taken()
        self._fill_counts()

    def _section_line(self, section: Section) -> Text:
        where = section.path[-1] if section.path else "(top)"
        line = Text(f"{section.line:>5} ", style="dim", no_wrap=True, overflow="ellipsis")
        line.append(f"{KIND_LABEL.get(section.kind, section.kind):<11}",
                    style=KIND_STYLE.get(section.kind, "bold"))  # fmt: skip
        line.append(f" {safe_line(where)}", style=KIND_STYLE.get(section.kind, ""))
        if section.kind == "phase" and section.title:
            line.append(f" → {safe_line(section.title)}", style="italic")
        line.append(f"  {section.block}", style="dim")
        return line

    def _fill_taken(self) -> None:
        section = self.current
        taken = self.query_one("#taken", OptionList)
        title = self.query_one("#taken-title", Label)
        taken.clear_options()
        if section is None:
            title.update("")
            return
        what = KIND_LABEL.get(section.kind, section.kind)
        reason = f" ({section.reason})" if section.reason else ""
        title.update(safe_line(f"line {section.line}: taken as {what}{reason}"))
        taken.add_options([Option(self._entry_line(section, e)) for e in section.entries])
        if section.entries:
            # e and x act on the highlighted entry: one is always shown highlighted, so they
            # never change an entry the screen does not point at.
            taken.highlighted = 0

    def _entry_line(self, section: Section, entry: Entry) -> Text:
        # A step added here has no line in the runbook: "new", never a line 0.
        where = f"{entry.line:>5}" if entry.line > 0 else "  new"
        text = Text(f"{where} ", style="dim", no_wrap=True, overflow="ellipsis")
        # Runbook text is shown as every face shows untrusted text: no control characters,
        # no terminal escapes, no bidi reordering.
        text.append(_entry_text(entry))
        if entry.detail and section.kind != "templates":
            text.append(f"  {safe_line(entry.detail[:120])}", style="dim")
        return text

    def _fill_counts(self) -> None:
        report = self.report
        levels = ", ".join(report.levels) or f"borrowed from {BORROW_FROM}"
        roles = ", ".join(report.roles) or f"borrowed from {BORROW_FROM}"

        def count(n: int, what: str) -> str:
            return f"{n} {what}" + ("" if n == 1 else "s")

        self.query_one("#counts", Static).update(safe_line(
            f"levels: {levels} · roles: {roles} · {count(len(report.phases), 'phase')}, "
            f"{count(report.items, 'item')} · {count(len(report.templates), 'template')} · "
            f"escalation: {len(report.escalation)} · not placed: {len(report.unplaced)}"
        ))  # fmt: skip

    def _changed(self) -> None:
        self.report.rebuild()
        self._fill_sections()

    @on(OptionList.OptionHighlighted, "#sections")
    def _section_highlighted(self) -> None:
        self._fill_taken()

    # -- choices ------------------------------------------------------------------------------
    def action_switch(self) -> None:
        focused = self.focused
        target = "#taken" if focused is not None and focused.id == "sections" else "#sections"
        self.query_one(target, OptionList).focus()

    def action_drop(self) -> None:
        section = self.current
        if section is None:
            return
        if section.kind == "dropped":
            section.kind, section.reason = section.reason.removeprefix("dropped; was "), ""
        else:
            section.reason = f"dropped; was {section.kind}"
            section.kind = "dropped"
        self._changed()

    def action_assign(self) -> None:
        section = self.current
        if section is None:
            return
        choices: list[tuple[str, Text | str]] = [(kind, KIND_LABEL[kind]) for kind in ASSIGNABLE]

        def chosen(kind: str | None) -> None:
            if kind and section is not None:
                section.kind, section.reason = kind, "" if kind != "not placed" else "by hand"
                if kind == "phase" and not section.title:
                    section.title = section.path[-1] if section.path else "Checklist"
                self._changed()

        # A paragraph read several ways stands as several sections on one line: say which.
        title = f"Take line {section.line} (now {KIND_LABEL.get(section.kind, section.kind)}) as…"
        self.push_screen(PickScreen(title, choices), chosen)

    def action_rename(self) -> None:
        section = self.current
        if section is None:
            return
        if section.kind == "phase":
            current = section.title or (section.path[-1] if section.path else "")

            def renamed(title: str | None) -> None:
                if title:
                    # Every block of the same phase takes the new name.
                    for other in self.sections:
                        if other.kind == "phase" and other.heading_line == section.heading_line:
                            other.title = title
                    self._changed()

            self.push_screen(
                PromptScreen("Rename the phase", value=safe_line(current), max_length=ITEM), renamed
            )
        else:
            self.action_edit()

    def action_edit(self) -> None:
        section = self.current
        taken = self.query_one("#taken", OptionList)
        if section is None or not section.entries:
            return
        index = taken.highlighted if taken.highlighted is not None else 0
        entry = section.entries[index]
        current = entry.cells.get("=name") or entry.text

        def edited(text: str | None) -> None:
            if text:
                entry.text = text
                entry.cells["=name"] = text  # taken as written, not parsed again
                self._changed()
                taken.highlighted = index

        kind = KIND_LABEL.get(section.kind, section.kind)
        self.push_screen(
            PromptScreen(
                f"Edit this {kind} entry ({_entry_name(entry)})",
                value=safe_line(current),
                max_length=DETAIL,
            ),
            edited,
        )

    def action_edit_detail(self) -> None:
        """The highlighted entry's detail: a step's command or explanation, a level's meaning."""
        section = self.current
        taken = self.query_one("#taken", OptionList)
        if section is None or not section.entries:
            return
        index = taken.highlighted if taken.highlighted is not None else 0
        entry = section.entries[index]

        def edited(detail: str | None) -> None:
            if detail is not None:
                entry.detail = detail
                self._changed()
                taken.highlighted = index

        self.push_screen(
            PromptScreen(
                f"Edit the detail of {_entry_name(entry)} (empty: none)",
                value=safe_line(entry.detail),
                max_length=DETAIL,
            ),  # fmt: skip
            edited,
        )

    def action_add_item(self) -> None:
        """A new entry in the highlighted section: a step the runbook forgot, a level, a role."""
        section = self.current
        if section is None:
            return
        if section.kind in ("not placed", "dropped"):
            self.notify("take this section as something first (a)", severity="warning")
            return
        what = {"phase": "step", "roles": "role", "levels": "level", "escalation": "person to call",
                "templates": "template name"}.get(section.kind, "entry")  # fmt: skip

        def added(text: str | None) -> None:
            if text and section is not None:
                section.entries.append(Entry(text, "", 0, {"=name": text}))
                self._changed()
                self.query_one("#taken", OptionList).highlighted = len(section.entries) - 1

        self.push_screen(PromptScreen(f"New {what} in line {section.line}'s section",
                                      max_length=ITEM), added)  # fmt: skip

    def action_add_phase(self) -> None:
        """A new, empty phase after the highlighted section; `n` then adds its steps."""
        section = self.current
        index = self.sections.index(section) if section is not None else len(self.sections) - 1

        def added(title: str | None) -> None:
            if not title:
                return
            taken = {s.heading_line for s in self.sections}
            key = min([0, *taken]) - 1_000_000  # a phase of its own, apart from every heading's
            new = Section((title,), section.line if section else 0, "added", "phase", [],
                          heading_line=key, reason="added in the review", title=title)  # fmt: skip
            self.sections.insert(index + 1, new)
            self._changed()
            self.query_one("#sections", OptionList).highlighted = index + 1
            self.notify("n adds its steps")

        self.push_screen(PromptScreen("New phase: its title", max_length=ITEM), added)

    def action_merge(self) -> None:
        """This section joins the nearest one above it of the same kind (for phases: the same
        phase, under that phase's name)."""
        section = self.current
        if section is None or section.kind in ("not placed", "dropped"):
            return
        index = self.sections.index(section)
        above = next((s for s in reversed(self.sections[:index]) if s.kind == section.kind), None)
        if above is None:
            self.notify("nothing of the same kind above to merge with", severity="warning")
            return
        if section.kind == "phase":
            for other in self.sections:
                if other.kind == "phase" and other.heading_line == section.heading_line:
                    other.heading_line, other.title = above.heading_line, above.title
        else:
            above.entries.extend(section.entries)
            section.entries = []
            section.kind, section.reason = "dropped", f"merged into line {above.line}"
        self._changed()

    def action_write(self) -> None:
        self.exit(self.report)

    def action_quit_unsaved(self) -> None:
        self.exit(None)


def _entry_text(entry: Entry) -> str:
    """An entry's text as the review lists it: its name where it has one."""
    return safe_line(entry.cells.get("=name") or entry.text or "(no text)")


def _entry_name(entry: Entry) -> str:
    """Which entry a prompt changes, as the list shows it: its line and the start of its text."""
    text = cut(_entry_text(entry), 40)
    return f"line {entry.line}: {text}" if entry.line > 0 else f"new: {text}"


def review(report: Report) -> Report | None:
    """Run the review in the terminal; the report as accepted, or None to write nothing."""
    return ImportReview(report).run()
