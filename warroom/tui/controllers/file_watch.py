"""Files the console follows while it runs: warroom.toml and the playbook folders."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path


def watch_file(path: Path, changed: Callable[[], None], stop: threading.Event) -> None:
    """Call `changed()` after each change to `path`, until `stop` is set (blocks)."""
    from watchfiles import watch

    # Watch the folder: editors often replace the file rather than write into it.
    for _ in watch(
        path.parent, watch_filter=lambda _c, p: Path(p).name == path.name, stop_event=stop
    ):
        changed()


def watch_folders(folders: list[Path], changed: Callable[[], None], stop: threading.Event) -> None:
    """Call `changed()` after each change in any of `folders`, until `stop` is set (blocks)."""
    from watchfiles import watch

    for _ in watch(*folders, stop_event=stop):
        changed()
