"""What the console's parts (start-up, sync, health, drill, actions, updates) may ask of the
console itself. They hold it as this protocol, not as the app class, so no part imports the
app and the app imports them all: composition, without an import circle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.worker import Worker

    from warroom.checks.health import Sample
    from warroom.core.clock import Clock
    from warroom.core.config import Config
    from warroom.core.errors import WarroomError
    from warroom.core.state import IncidentState
    from warroom.incident.drill import Engine
    from warroom.tui.controllers.command import Leading
    from warroom.tui.controllers.database import Sync


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
    health: Rechecks
    drill: Drilling | None
    leading: Leading

    def show(self, state: IncidentState) -> None: ...

    def tick_clock(self) -> None: ...

    def fail(self, error: WarroomError) -> None:
        """The console cannot open: it exits with this one-line reason."""

    def warn(self, problem: str, source: str) -> None:
        """A standing one-line problem in the top line (empty: cleared)."""

    def pane(self, kind: type[Any]) -> Any:
        """The console screen's pane of this type, also while a dialog is open over it."""

    def arrange(self) -> None: ...

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

    def push_screen(
        self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None
    ) -> Any: ...

    def run_worker(self, work: Any, **kwargs: Any) -> Worker[Any]: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def set_interval(
        self, interval: float, callback: Callable[[], Awaitable[None] | None], **kwargs: Any
    ) -> Any: ...

    def bind(self, keys: str, action: str, *, description: str = "", show: bool = True) -> None: ...

    def refresh_bindings(self) -> None: ...

    def copy_to_clipboard(self, text: str) -> None: ...

    def query_one(self, selector: Any) -> Widget: ...
