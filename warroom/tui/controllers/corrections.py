"""Saying again what was said wrongly, without rewriting it: a new title (`T`), a correction
of a note (`C` on it in the timeline), and a question before unticking an item the console
ticked by itself. Each is a new timeline entry; nothing already written changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from warroom.core.kinds import Kind
from warroom.core.timefmt import t_plus
from warroom.text.safe import safe_line

if TYPE_CHECKING:
    from warroom.core.state import Entry, IncidentState, Item
    from warroom.tui.controllers.console import Console


class Corrections:
    def __init__(self, console: Console) -> None:
        self.console = console

    def retitle(self) -> None:
        from warroom.tui.screens.prompts import PromptScreen

        state = self.console.state
        if state is None:
            return
        current = state.incident.title

        def save(title: str | None) -> None:
            if title and title != current:
                self.console.sync.save(lambda s: s.retitle(self.console.incident_id, title))

        self.console.push_screen(
            PromptScreen("Title of the incident", "what is broken, in a few words", current), save
        )

    def correct(self, entry: Entry | None) -> None:
        """A prompt with the note as it reads; what is typed is a new entry correcting it."""
        from warroom.tui.screens.prompts import PromptScreen

        state = self.console.state
        if state is None:
            return
        if entry is None:
            self.console.notify("Move to a note with j or k, then press C", title="Correct")
            return
        if entry.kind != Kind.NOTE:
            hint = " (T retitles the incident)" if entry.kind in (Kind.TITLE, Kind.DECLARED) else ""
            self.console.notify(
                f"Only notes are corrected this way; this is a {entry.kind} entry{hint}",
                title="Correct",
            )
            return
        when = t_plus(entry.at - state.incident.declared_at)

        def save(text: str | None) -> None:
            if text and text != entry.said:
                self.console.sync.save(
                    lambda s: s.correct_note(self.console.incident_id, entry.id, text)
                )

        self.console.push_screen(
            PromptScreen(f"Correct the {when} note (it stays, marked as corrected)",
                         "the note as it should read", entry.said),
            save,
        )  # fmt: skip

    def untick(self, item: Item, then: Callable[[], None]) -> None:
        """`then` (the untick) at once, or, for an item that ticked itself, after a yes."""
        from warroom.tui.screens.confirm import ConfirmScreen

        state = self.console.state
        because = ticked_because(state, item) if state is not None else None
        if because is None:
            then()
            return
        details = Text(f"{safe_line(item.text)}\n\n", style="bold")
        details.append(f"Ticked automatically because {safe_line(because)}.", style="")

        def decided(yes: bool | None) -> None:
            if yes:
                then()

        self.console.push_screen(ConfirmScreen("Untick anyway?", details), decided)


def ticked_because(state: IncidentState, item: Item) -> str | None:
    """Why the console ticked this item by itself, if its last tick was automatic."""
    from warroom.core.events import Checklist  # loaded with the incident, after the first frame

    if not item.done:
        return None
    for entry in reversed(state.timeline):
        if entry.kind != Kind.CHECKLIST:
            continue
        tick = Checklist.from_data(entry.data)
        if tick.item == item.id and not tick.already:
            return str(tick.because) if tick.done and tick.because else None
    return None
