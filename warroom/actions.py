"""Mitigation actions: configured commands run as subprocesses, never through a shell.

A command is an argument list; placeholders such as {incident} or a prompted {flag} are
substituted inside single arguments, so incident text can never become shell syntax. The
process gets its own process group, so cancelling or timing out stops everything it started,
and a clean environment: the console's, without warroom's settings or anything that looks
like a credential, plus what the action's own `env` asks for.

Output of any size and shape (one endless line, 50 MB, binary) is read in bounded chunks and
kept bounded: the first and last lines, each cut to a length, and a count of what was
skipped between. The run ends with the command (and a moment to drain its output), never with
a child that keeps the pipe open.
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
from warroom.safe import safe_line
from warroom.secrets import redact

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
HEAD_LINES = 200  # the first lines kept
TAIL_LINES = 200  # and the last
LINE_CHARS = 2000  # a longer line is cut, saying by how much
CHUNK = 65_536
GRACE = 2.0  # seconds between SIGTERM and SIGKILL
DRAIN = 1.0  # after the command exits, how long its output may still flow
CREDENTIAL_WORDS = ("TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIAL")


def render_command(action: Action, values: Mapping[str, str]) -> list[str]:
    """The argument list with placeholders filled in; each argument stays one argument."""

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return [PLACEHOLDER.sub(fill, arg) for arg in action.command]


def action_environment(action: Action, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """What the command runs with: the console's environment minus warroom's own settings
    (WARROOM_*, the database and its password) and every variable whose name looks like a
    credential (TOKEN, SECRET, PASSWORD, KEY, CREDENTIAL), plus the action's `env`, expanded.
    A credential reaches a command only when its action names it in `env`."""
    base = os.environ if base is None else base
    env = {
        name: value
        for name, value in base.items()
        if not name.startswith("WARROOM_")
        and not (name.startswith("PG") and ("PASS" in name or name == "PGSERVICEFILE"))
        and not any(word in name.upper() for word in CREDENTIAL_WORDS)
    }
    env.update({k: expand_env(v) for k, v in action.env.items()})
    return env


class Output:
    """What a command printed, bounded in memory whatever it printed."""

    def __init__(self) -> None:
        self.head: list[str] = []
        self.tail: deque[str] = deque(maxlen=TAIL_LINES)
        self.lines = 0
        self.skipped = 0  # lines between head and tail that were counted, not kept
        self.bytes = 0
        self._partial = bytearray()
        self._partial_cut = 0
        self._fresh: deque[str] = deque(maxlen=HEAD_LINES)  # for the live view
        self._fresh_skipped = 0

    def feed(self, chunk: bytes) -> None:
        self.bytes += len(chunk)
        first = chunk.find(b"\n")
        if first < 0:
            self._grow(chunk)
            return
        self._grow(chunk[:first])
        self._end_line()
        last = chunk.rfind(b"\n")
        if last > first:
            middle = chunk[first + 1 : last]
            count = middle.count(b"\n") + 1
            want = max(0, HEAD_LINES - len(self.head))
            if count <= want + TAIL_LINES:
                for raw in middle.split(b"\n"):
                    self._line(raw)
            else:  # many short lines: only those that can be kept are looked at
                firsts = middle.split(b"\n", want)[:want] if want else []
                lasts = middle.rsplit(b"\n", TAIL_LINES)[-TAIL_LINES:]
                for raw in firsts:
                    self._line(raw)
                self._skip(count - len(firsts) - len(lasts))
                for raw in lasts:
                    self._line(raw)
        self._grow(chunk[last + 1 :])

    def finish(self) -> None:
        if self._partial or self._partial_cut:
            self._end_line()

    def take_fresh(self) -> tuple[int, list[str]]:
        """Lines printed since the last call, and how many more were skipped before them."""
        lines, skipped = list(self._fresh), self._fresh_skipped
        self._fresh.clear()
        self._fresh_skipped = 0
        return skipped, lines

    @property
    def kept(self) -> list[str]:
        """Head, a line saying what was skipped, and tail: what the view and the record show."""
        gap = [f"… {self.skipped} lines not kept …"] if self.skipped else []
        return [*self.head, *gap, *self.tail]

    def _grow(self, data: bytes) -> None:
        room = LINE_CHARS * 4 - len(self._partial)
        if len(data) > room:
            self._partial_cut += len(data) - max(0, room)
            data = data[: max(0, room)]
        self._partial += data

    def _end_line(self) -> None:
        raw, cut = bytes(self._partial), self._partial_cut
        self._partial.clear()
        self._partial_cut = 0
        self._line(raw, cut)

    def _line(self, raw: bytes, cut: int = 0) -> None:
        self.lines += 1
        text = raw.decode("utf-8", "replace").rstrip("\r")
        if len(text) > LINE_CHARS or cut:
            more = cut + len(text.encode()) - len(text[:LINE_CHARS].encode())
            text = f"{text[:LINE_CHARS]} … ({more} more bytes)"
        # Shown on screen and kept in the timeline: no escapes, no secret warroom expanded.
        text = redact(safe_line(text))
        if len(self.head) < HEAD_LINES:
            self.head.append(text)
        else:
            if len(self.tail) == self.tail.maxlen:
                self.skipped += 1
            self.tail.append(text)
        if len(self._fresh) == self._fresh.maxlen:
            self._fresh_skipped += 1
        self._fresh.append(text)

    def _skip(self, count: int) -> None:
        self.lines += count
        self.skipped += count + len(self.tail)  # these lines pass the kept tail by
        self.tail.clear()
        self._fresh_skipped += count + len(self._fresh)
        self._fresh.clear()


@dataclass
class Outcome:
    argv: list[str]
    exit_code: int | None  # None: it never ran to an exit (cancelled, timed out, not started)
    duration: float
    tail: list[str]
    reason: str = ""  # "timeout", "cancelled", "cannot start: …", "failed: …"
    lines: int = 0
    skipped: int = 0
    note: str = ""  # something to know about the run ("output kept open by a child")

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def describe(self, label: str) -> str:
        if self.reason.startswith(("cannot start", "failed")):
            return f"{label}: {self.reason}"
        status = f"exit {self.exit_code}" if self.exit_code is not None else self.reason
        last = " | ".join(line for line in self.tail[-3:] if line.strip())
        text = f"{label}: {status} after {self.duration:.1f}s"
        if self.note:
            text += f" ({self.note})"
        return text + (f"; last output: {last}" if last else "")


@dataclass
class Run:
    """One running action; `cancel()` stops its whole process group."""

    action: Action
    argv: list[str]
    output: Output = field(default_factory=Output)
    on_output: Callable[[], None] | None = None  # told (at most every chunk) that output grew
    _process: asyncio.subprocess.Process | None = None
    _cancelled: bool = False
    _started: float = 0.0

    async def execute(self) -> Outcome:
        """Run it to the end. Never raises: whatever goes wrong becomes the outcome's reason."""
        self._started = time.monotonic()
        try:
            return await self._execute()
        except asyncio.CancelledError:
            await self._stop()
            return self._outcome(None, "cancelled")
        except Exception as exc:  # noqa: BLE001 - an action never ends the console
            await self._stop()
            reason = redact(safe_line(str(exc).splitlines()[0] if str(exc) else ""))
            return self._outcome(None, f"failed: {type(exc).__name__}: {reason}".rstrip(": "))

    async def _execute(self) -> Outcome:
        try:
            # Built in the call: no local variable of this frame holds the environment, so no
            # traceback or log can show its secrets.
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=self.action.cwd,
                env=action_environment(self.action),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # its own process group, so we can stop all of it
            )
        except KeyError as exc:
            return self._outcome(None, f"cannot start: ${{{exc.args[0]}}} is not set")
        except OSError as exc:
            return self._outcome(None, f"cannot start: {exc.strerror or exc}")
        assert self._process.stdout is not None
        reader = asyncio.create_task(self._read(self._process.stdout))
        reason, note = "", ""
        try:
            async with asyncio.timeout(self.action.timeout):
                await self._exited()
                # It exited: what it printed last may still be in the pipe.
                done, _ = await asyncio.wait({reader}, timeout=DRAIN)
                if not done:
                    note = "a process it started kept its output open; not waited for"
        except TimeoutError:
            reason = "timeout"
            await self._stop()
        if self._cancelled and not reason:
            reason = "cancelled"
        if not reader.done():
            reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await reader
        transport = getattr(self._process, "_transport", None)
        if transport is not None:
            transport.close()  # a pipe still held open by a child is let go, not waited for
        self.output.finish()
        code = self._process.returncode if not reason else None
        outcome = self._outcome(code, reason)
        outcome.note = note
        return outcome

    async def _exited(self) -> None:
        """Until the command itself exits. (Process.wait() would also wait for every process
        that inherited its output to close it.)"""
        assert self._process is not None
        while self._process.returncode is None:
            await asyncio.sleep(0.02)

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(CHUNK):
            self.output.feed(chunk)
            if self.on_output is not None:
                self.on_output()

    def _outcome(self, code: int | None, reason: str) -> Outcome:
        out = self.output
        return Outcome(
            self.argv,
            code,
            time.monotonic() - self._started,
            out.kept,
            reason,
            out.lines,
            out.skipped,
        )

    def cancel(self) -> None:
        self._cancelled = True
        self._signal(signal.SIGTERM)

    async def _stop(self) -> None:
        self._signal(signal.SIGTERM)
        if self._process is None:
            return
        try:
            await asyncio.wait_for(self._exited(), GRACE)
        except TimeoutError:
            self._signal(signal.SIGKILL)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._exited(), GRACE)

    def _signal(self, sig: int) -> None:
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, sig)
