"""Files the console follows while it runs: warroom.toml and the playbook folders. Each is
followed in an async worker (cancelled with the console), which calls back on the screen's
thread."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

FOLLOWING = "following"  # the worker group of what runs as long as the console does


async def follow_file(path: Path, changed: Callable[[], Awaitable[bool | None]]) -> None:
    """Await `changed()` after each change to `path`, until cancelled or it returns True
    (nothing more to follow)."""
    from watchfiles import awatch

    # Watch the folder: editors often replace the file rather than write into it.
    async for _ in awatch(path.parent, watch_filter=lambda _c, p: Path(p).name == path.name):
        if await changed():
            return


async def follow_folders(folders: list[Path], changed: Callable[[], Awaitable[None]]) -> None:
    """Await `changed()` after each change in any of `folders`, until cancelled."""
    from watchfiles import awatch

    async for _ in awatch(*folders):
        await changed()
