"""Mitigation actions: configured commands run as subprocesses, never through a shell.

A command is an argument list; placeholders such as {incident} or a prompted {flag} are
substituted inside single arguments, so incident text can never become shell syntax. The
process gets its own process group, so cancelling or timing out stops everything it started.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from warroom.config import Action, expand_env

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
KEEP_LINES = 200  # the output tail kept for the timeline and the view
GRACE = 2.0  # seconds between SIGTERM and SIGKILL


def render_command(action: Action, values: Mapping[str, str]) -> list[str]:
    """The argument list with placeholders filled in; each argument stays one argument."""

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return [PLACEHOLDER.sub(fill, arg) for arg in action.command]


@dataclass
class Outcome:
    argv: list[str]
    exit_code: int | None  # None: it never ran to an exit (cancelled, timed out, not started)
    duration: float
    tail: list[str]
    reason: str = ""  # "timeout", "cancelled", "cannot start: …"
    lines: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def describe(self, label: str) -> str:
        if self.reason.startswith("cannot start"):
            return f"{label}: {self.reason}"
        status = f"exit {self.exit_code}" if self.exit_code is not None else self.reason
        last = " | ".join(line for line in self.tail[-3:] if line.strip())
        return f"{label}: {status} after {self.duration:.1f}s" + (
            f"; last output: {last}" if last else ""
        )


@dataclass
class Run:
    """One running action; `cancel()` stops its whole process group."""

    action: Action
    argv: list[str]
    on_line: Callable[[str], None] | None = None
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=KEEP_LINES))
    _process: asyncio.subprocess.Process | None = None
    _cancelled: bool = False

    async def execute(self) -> Outcome:
        started = time.monotonic()
        try:
            env = {**os.environ, **{k: expand_env(v) for k, v in self.action.env.items()}}
        except KeyError as exc:
            return Outcome(self.argv, None, 0.0, [], f"cannot start: ${{{exc.args[0]}}} is not set")
        try:
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=self.action.cwd,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # its own process group, so we can stop all of it
            )
        except OSError as exc:
            return Outcome(self.argv, None, 0.0, [], f"cannot start: {exc.strerror or exc}")
        lines = 0
        reason = ""
        try:
            async with asyncio.timeout(self.action.timeout):
                assert self._process.stdout is not None
                async for raw in self._process.stdout:
                    lines += 1
                    line = raw.decode("utf-8", "replace").rstrip("\n")
                    self.tail.append(line)
                    if self.on_line is not None:
                        self.on_line(line)
                await self._process.wait()
        except TimeoutError:
            reason = "timeout"
            await self._stop()
        except asyncio.CancelledError:
            reason = "cancelled"
            await self._stop()
        if self._cancelled and not reason:
            reason = "cancelled"
        code = self._process.returncode if not reason else None
        return Outcome(self.argv, code, time.monotonic() - started, list(self.tail), reason, lines)

    def cancel(self) -> None:
        self._cancelled = True
        self._signal(signal.SIGTERM)

    async def _stop(self) -> None:
        self._signal(signal.SIGTERM)
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), GRACE)
        except TimeoutError:
            self._signal(signal.SIGKILL)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), GRACE)

    def _signal(self, sig: int) -> None:
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, sig)
