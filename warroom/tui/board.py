"""`warroom board`: the open incidents, live, full screen: severity, T+, status, Incident
Commander, the update due or overdue, open tasks, checks down. Enter opens one in the
console; leaving the console (q) comes back here.

It hears every change, on a file or a server, as a console hears its incident's: through
the database thread (see storage/thread.py), watching every incident at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Label

from warroom.core.clock import Clock, RealClock
from warroom.core.errors import WarroomError
from warroom.core.words import plural
from warroom.text.safe import safe_line
from warroom.tui.safe_app import SafeApp

if TYPE_CHECKING:
    from warroom.incident.board import BoardRow
    from warroom.incident.service import IncidentService
    from warroom.storage.thread import DatabaseThread

COLUMNS = [
    ("id", "ID"),
    ("severity", "SEV"),
    ("tplus", "T+"),
    ("status", "STATUS"),
    ("ic", "IC"),
    ("update", "UPDATE"),
    ("tasks", "TASKS"),
    ("down", "CHECKS"),
    ("title", "TITLE"),
]


class BoardApp(SafeApp):  # toasts shown plainly; a bug ends it with one line
    CSS = """
    #board-title { height: 1; background: $panel; padding: 0 1; text-style: bold; width: 100%; }
    #board { height: 1fr; }
    #board-empty { padding: 1 2; color: $text-muted; }
    """
    TITLE = "warroom board"
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        service: IncidentService | None = None,
        clock: Clock | None = None,
        theme: str | None = None,
        selected: str | None = None,
    ) -> None:
        super().__init__()
        from warroom.tui.controllers.startup import early_settings
        from warroom.tui.themes import choose_theme

        self.db = db
        self.given = service
        self.clock = clock or (service.clock if service else RealClock())
        self.rows: list[BoardRow] = []
        self.chosen: str | None = None  # the incident to open, once Enter is pressed
        self.selected = selected  # the row the cursor starts on
        self.problem = ""
        self.thread: DatabaseThread | None = None
        self._reading = False
        self._problems = choose_theme(self, theme, early_settings(None).theme)

    def compose(self) -> ComposeResult:
        yield Label("Open incidents: reading…", id="board-title", markup=False)
        table: DataTable[Text] = DataTable(id="board", cursor_type="row", zebra_stripes=True)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        from warroom.storage.thread import DatabaseThread

        for problem in self._problems:
            self.notify(problem, title="Theme", severity="warning", markup=False)
        self.thread = DatabaseThread(self._open, every=True)
        self.query_one(DataTable).focus()
        self.run_worker(self.reload(), name="read", group="board", exit_on_error=False)
        self.set_interval(0.1, self._poll, name="watch")
        self.set_interval(1.0, self.redraw, name="clock")

    def _open(self) -> IncidentService:
        if self.given is not None:
            return self.given
        from warroom.incident.service import IncidentService
        from warroom.storage.store import Store

        return IncidentService(Store(self.db, readonly=True), clock=self.clock)

    async def reload(self) -> None:
        assert self.thread is not None
        self._reading = True
        try:
            future = self.thread.submit(lambda: self.thread.service.board())  # type: ignore[union-attr]
            rows = await asyncio.wrap_future(future)
        except WarroomError as exc:
            self.problem = str(exc)
            self.redraw()
            return
        finally:
            self._reading = False
        self.problem = ""
        self.rows = rows
        self.redraw()

    def _poll(self) -> None:
        thread = self.thread
        if thread is None or self._reading:
            return
        if thread.problem != self.problem and thread.problem:
            self.problem = thread.problem
            self.redraw()
        if thread.changed() is not None:
            self._reading = True
            self.run_worker(self.reload(), name="read", group="board", exit_on_error=False)

    def redraw(self) -> None:
        """The rows from the last read, their clocks at now; the cursor stays on its incident."""
        now = self.clock.now()
        with contextlib.suppress(Exception):  # closing
            table: DataTable[Text] = self.query_one(DataTable)
            title = self.query_one("#board-title", Label)
            keep = self.selected
            if table.row_count and table.cursor_row < table.row_count:
                keep = str(
                    table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
                )
            ids = [r.id for r in self.rows]
            if [str(k.value) for k in table.rows] == ids:  # the same incidents: cells only
                for row in self.rows:
                    for (key, _), cell in zip(COLUMNS, self._cells(row, now), strict=True):
                        table.update_cell(row.id, key, cell, update_width=True)
            else:
                table.clear()
                for row in self.rows:
                    table.add_row(*self._cells(row, now), key=row.id)
                # The columns widen to the new rows at the next idle; lines rendered before
                # that are cut to the old widths unless drawn again.
                self.call_after_refresh(table.refresh, layout=True)
            if keep in ids:
                table.move_cursor(row=ids.index(keep))
            stopped = sum(r.stopped(now) for r in self.rows)
            count = len(self.rows) - stopped
            said = (
                plural(count, "open incident")
                + (f" and {plural(stopped, 'stopped drill')}" if stopped else "")
                if self.rows
                else ('No open incidents: declare one with warroom declare "what is broken"')
            )
            if self.problem:
                said += f" · database {self.problem}: last state shown"
            title.update(f"warroom board · {said} · enter opens · q quits")

    def _cells(self, row: BoardRow, now: Any) -> list[Text]:
        values = row.cells(now)
        colour = "#888888"
        with contextlib.suppress(KeyError):
            colour = row.state.playbook.severity(row.state.incident.severity).colour
        out = []
        for key, _ in COLUMNS:
            value = safe_line(values[key])
            style = ""
            if key == "severity":
                style = f"bold #000000 on {colour}"
                value = f" {value} "
            elif "OVERDUE" in value or (key == "down" and value.endswith("down")):
                style = "bold red"
            elif key == "status" and "(drill " in value:
                style = "dim"  # a drill nobody plays (or paused): not a live incident
            elif key == "ic" and value.startswith("—"):
                style = "italic yellow"
            out.append(Text(value, style=style))
        return out

    def action_cursor(self, step: int) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._choose(str(event.row_key.value))

    def action_open(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        if self.rows and table.cursor_row < len(self.rows):
            self._choose(self.rows[table.cursor_row].id)

    def _choose(self, ident: str) -> None:
        self.chosen = ident
        self.exit(return_code=0)

    async def action_quit(self) -> None:
        self.exit(return_code=0)

    def on_unmount(self) -> None:
        if self.thread is not None:
            self.thread.close()
            self.thread.join(timeout=2.0)


def run_board(db: str | None, theme: str | None = None, config: str | None = None) -> int:
    """The board; Enter opens the console on an incident, and quitting it comes back here
    (or to another incident, switched to with I). q on the board ends it."""
    from warroom.storage.url import database_url, supported
    from warroom.tui.app import WarroomApp

    supported(database_url(db))
    selected: str | None = None
    while True:
        board = BoardApp(db, theme=theme, selected=selected)
        board.run()
        if board.error is not None:
            raise board.error
        if board.chosen is None:
            return board.return_code or 0
        ident: str | None = board.chosen
        while ident is not None:
            console = WarroomApp(ident, db, theme=theme, config=config, from_board=True)
            console.run()
            if console.error is not None:
                raise console.error
            selected, ident = ident, console.next_incident
