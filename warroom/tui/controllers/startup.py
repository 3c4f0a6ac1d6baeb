"""From the first frame to a live console.

Before the first frame only warroom.toml is read, as plain TOML (a millisecond): its theme and
its action keys, so the footer and `?` are right from the start. After it, and after the keys
typed meanwhile that need nothing have acted (a note prompt comes up before the data layer
starts competing with it): the incident is read on the database thread and shown, held keys are replayed, then the full config is
validated, the actions bound for real, and health checks, presence and file watching started.
What is still loading is said in the top line, with the keys waiting for it.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warroom.core.errors import WarroomError

if TYPE_CHECKING:
    from warroom.core.config import Config
    from warroom.tui.controllers.actions import Mitigation
    from warroom.tui.controllers.console import Console
    from warroom.tui.controllers.drill import DrillController
    from warroom.tui.controllers.health import HealthController


@dataclass(frozen=True)
class Early:
    """What warroom.toml says that the first frame needs."""

    path: Path | None = None
    theme: str | None = None
    actions: list[tuple[str, str]] = field(default_factory=list)  # (key, label)


def early_settings(config: str | Path | None) -> Early:
    """The theme and the action keys, read without validating: a broken file is reported when
    it is loaded properly, a moment later."""
    from warroom.core.keys import usable_action_key
    from warroom.core.paths import find_config
    from warroom.core.tomlfile import FileError, read_toml

    try:
        path = find_config(config)
        data = read_toml(path)[0] if path else {}
    except FileError:
        return Early()
    theme = data.get("theme")
    actions = []
    entries = data.get("action")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and usable_action_key(entry.get("key")):
            label = entry.get("label")
            actions.append(
                (entry["key"], label if isinstance(label, str) and label else entry["key"])
            )
    return Early(path, theme if isinstance(theme, str) else None, actions)


def _settle_memory() -> None:
    """What start-up made and keeps for the console's life (widgets, styles, modules) is kept
    out of the cycle collector's full passes, which otherwise stop the keyboard for tens of
    milliseconds. Once only: a freeze later would also pin what is garbage by then (a closed
    dialog, an action's output, read entries), since frozen cycles are never collected."""
    gc.collect(1)
    gc.freeze()


async def _nothing() -> None:
    pass


def _load(path: Path) -> Config:
    """The whole config (pydantic: imported only when there is a file to check)."""
    from warroom.core.config import load_config

    return load_config(path)


class Startup:
    def __init__(
        self,
        console: Console,
        config: str | Path | None,
        mitigation: Mitigation,
        health: HealthController,
        drill: DrillController | None,
    ) -> None:
        self.console = console
        self.config_path = config
        self.mitigation = mitigation
        self.health = health
        self.drill = drill
        self.on_loaded: Callable[[], None] = lambda: None  # something loaded: replay held keys
        self.keys_first: Callable[[], Awaitable[None]] = _nothing  # the held keys that can act
        self._loaded: dict[str, asyncio.Event] = {}

    def loaded(self, part: str) -> bool:
        """Whether `part` ("incident", "actions") has loaded (or failed to, and says so)."""
        event = self._loaded.get(part)
        return event is not None and event.is_set()

    async def wait(self, part: str) -> None:
        await self._loaded.setdefault(part, asyncio.Event()).wait()

    def _done(self, part: str) -> None:
        self._loaded.setdefault(part, asyncio.Event()).set()
        self.on_loaded()

    async def run(self) -> None:
        console = self.console
        sync = console.sync
        await self.keys_first()
        sync.start()
        try:
            state = await sync.read_state()
        except WarroomError as exc:
            console.fail(exc)
            return
        console.show(state)
        self._done("incident")
        console.set_interval(1.0, console.tick_clock, name="clock")
        sync.follow()
        if self.drill is not None:
            self.drill.start()
            self._done("actions")
            return  # a drill makes no network connection and reads no actions from the config
        if state.incident.drill:
            self._beside_drill()
            await sync.be_present()
            return
        await sync.be_present()
        self._watch_playbooks()
        await self._load_config()
        _settle_memory()

    def _beside_drill(self) -> None:
        """A console opened on a drill beside the one playing it: the drill's world (its
        checks, its actions) lives in that console's process. This one shows what it recorded
        and runs nothing of warroom.toml into the drill: no real checks, no real actions."""
        self.mitigation.bind([])
        self._done("actions")
        self.console.console_screen.drill_note = "played in its own console"
        self.health.beside_drill()

    async def _load_config(self) -> None:
        from warroom.core.paths import find_config

        console, mitigation = self.console, self.mitigation
        path: Path | None = None
        try:
            path = find_config(self.config_path)
            config = await asyncio.to_thread(_load, path) if path else None
        except WarroomError as exc:
            mitigation.unavailable = f"warroom.toml does not load: {exc}"
            console.console_screen.warn(str(exc), source="config")
            console.notify(str(exc), title="Config not loaded", severity="error", timeout=10)
            self._done("actions")
            if path is not None:  # an edit that mends the file brings it in, as any edit would
                from warroom.tui.controllers.file_watch import FOLLOWING, follow_file

                mended = path
                console.run_worker(follow_file(mended, lambda: self._mended(mended)),
                                   name="config-mend", group=FOLLOWING, exit_on_error=False)  # fmt: skip
            return
        if path is None or config is None:
            mitigation.bind([])
            self._done("actions")
            return
        await self._use(path, config)

    async def _use(self, path: Path, config: Config) -> None:
        """A config that loaded: its actions bound, its checks started and the file followed."""
        self.console.config = config
        self.mitigation.bind([(a.key, a.label) for a in config.actions])
        self._done("actions")
        self.health.start(path, config, await self._stored_states() if config.checks else [])

    async def _mended(self, path: Path) -> bool:
        """The broken warroom.toml was edited: taken once it loads (True: no more to follow
        here, the checks follow it from now on); still broken, the top line says the new
        reason."""
        try:
            config = await asyncio.to_thread(_load, path)
        except WarroomError as exc:
            self.console.console_screen.warn(str(exc), source="config")
            self.mitigation.unavailable = f"warroom.toml does not load: {exc}"
            return False
        self.mitigation.unavailable = ""
        self.console.console_screen.warn("", source="config")
        await self._use(path, config)
        return True

    async def _stored_states(self) -> list[dict[str, Any]]:
        """What was confirmed before this console opened (by another console, or the last
        one on this incident): the checks start from it rather than from UNKNOWN."""
        sync = self.console.sync
        service = sync.service
        if service is None:
            return []
        try:
            return await sync.call(service.endpoint_states, self.console.incident_id)
        except WarroomError:
            return []

    def _watch_playbooks(self) -> None:
        """A broken edit of a playbook file is said in the top line while the console runs
        (incidents declared afterwards use the file; this one keeps its copy)."""
        from warroom.core.playbook import PlaybookLibrary, search_path
        from warroom.tui.controllers.file_watch import FOLLOWING, follow_folders

        folders = [f for f in search_path() if f is not None and f.is_dir()]
        if not folders:
            return
        library = PlaybookLibrary(folders=[None, *folders])

        async def reloaded() -> None:
            await asyncio.to_thread(library.reload)  # reads every playbook file
            problems = list(library.problems.values())
            self._playbook_problem(
                f"{problems[0]} (the last good version stays in use)" if problems else ""
            )

        self.console.run_worker(
            follow_folders(folders, reloaded),
            name="playbook-watch",
            group=FOLLOWING,
            exit_on_error=False,
        )

    def _playbook_problem(self, problem: str) -> None:
        self.console.console_screen.warn(problem, source="playbooks")
        if problem:
            self.console.notify(
                problem, title="Playbook not reloaded", severity="error", timeout=10
            )
