"""What the console's parts (start-up, sync, health, drill, actions, updates) may ask of the
console itself. They hold it as this protocol, not as the app class, so no part imports the
app and the app imports them all: composition, without an import circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.message import Message
    from textual.screen import Screen, ScreenResultCallbackType
    from textual.timer import Timer, TimerCallback
    from textual.widget import AwaitMount
    from textual.worker import Worker, WorkType

    from warroom.checks.health import Sample
    from warroom.core.clock import Clock
    from warroom.core.config import Config
    from warroom.core.errors import WarroomError
    from warroom.core.state import IncidentState
    from warroom.incident.drill import Engine
    from warroom.tui.controllers.command import Leading
    from warroom.tui.controllers.database import Sync
    from warroom.tui.screens.console import ConsoleScreen


ResultType = TypeVar("ResultType")
ScreenResultType = TypeVar("ScreenResultType")


class Rechecks(Protocol):
    @property
    def samples(self) -> list[Sample]:
        """What the health pane shows now."""
        ...

    async def recheck(self, names: list[str] | None = None) -> list[Sample]:
        """Every endpoint (or those named) checked now (after an action); their samples."""
        ...

    def settings(self, name: str) -> tuple[float, int] | None:
        """A check's retry interval and rise."""
        ...


class Drilling(Protocol):
    engine: Engine


class Console(Protocol):
    incident_id: str
    state: IncidentState | None
    clock: Clock
    config: Config | None
    sync: Sync
    next_incident: str | None  # switched to (I): opened once this console closes

    # Read-only here, so the app's own controller types satisfy them.
    @property
    def health(self) -> Rechecks: ...

    @property
    def drill(self) -> Drilling | None: ...

    @property
    def leading(self) -> Leading: ...

    def show(self, state: IncidentState) -> None: ...

    def tick_clock(self) -> None: ...

    def fail(self, error: WarroomError) -> None:
        """The console cannot open: it exits with this one-line reason."""

    @property
    def console_screen(self) -> ConsoleScreen:
        """The console's screen, which holds what its panes show (also while a dialog is open
        over it); NoMatches once the console is closing."""
        ...

    def pane(self, kind: type[Any]) -> Any:
        """The console screen's pane of this type, also while a dialog is open over it."""

    def show_actions(self) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
    ) -> None: ...

    def notice(
        self,
        key: str,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
    ) -> None:
        """A toast that replaces the one shown before under the same key."""

    # Textual's own, as the app has them.
    @property
    def screen(self) -> Screen[object]: ...

    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: Literal[False] = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount: ...

    def run_worker(
        self,
        work: WorkType[ResultType],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[ResultType]: ...

    def post_message(self, message: Message) -> bool:
        """Safe from any thread: handled on the screen's thread, in order."""

    def set_interval(
        self,
        interval: float,
        callback: TimerCallback | None = None,
        *,
        name: str | None = None,
        repeat: int = 0,
        pause: bool = False,
    ) -> Timer: ...

    def bind(
        self,
        keys: str,
        action: str,
        *,
        description: str = "",
        show: bool = True,
        key_display: str | None = None,
    ) -> None: ...

    def unbind(self, key: str) -> None:
        """A key bound at run time stops working."""

    def refresh_bindings(self) -> None: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...

    def copy_to_clipboard(self, text: str) -> None: ...
