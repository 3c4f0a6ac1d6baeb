"""Mitigation actions: configured commands run as subprocesses, never through a shell.

A command is an argument list; placeholders such as {incident} or a prompted {flag} are
substituted inside single arguments, so incident text can never become shell syntax. The
process leads a session (and process group) of its own: cancelling or timing out sends
SIGTERM to the whole group, then SIGKILL after the action's `kill_after` grace to whatever is
left of it, grandchildren that ignore SIGTERM included. It gets a clean environment: the
console's, without warroom's settings or anything that looks like a credential, plus what
the action's own `env` asks for.

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
import shlex
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from warroom.core.config import Action, expand_env
from warroom.text.redact import redact
from warroom.text.safe import safe_line

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
HEAD_LINES = 200  # the first lines kept
TAIL_LINES = 200  # and the last
LINE_CHARS = 2000  # a longer line is cut, saying by how much
CHUNK = 65_536
POLL = 0.02  # seconds between looks at a running command (exit, cancel, deadline)
DRAIN = 1.0  # after the command exits, how long its output may still flow
CREDENTIAL_WORDS = ("TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIAL")


def render_command(action: Action, values: Mapping[str, str]) -> list[str]:
    """The argument list with placeholders filled in; each argument stays one argument."""

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return [PLACEHOLDER.sub(fill, arg) for arg in action.command]


def display_command(argv: list[str]) -> str:
    """The argument list as one readable line that a shell would also read back as the same
    arguments: each argument quoted once, in double quotes when it holds single quotes
    (`print('draining…')` reads as written, not as `'print('"'"'draining…'"'"')'`)."""
    return " ".join(_readable(arg) for arg in argv)


def _readable(arg: str) -> str:
    if "'" not in arg or any(ch in arg for ch in "$`!"):
        return shlex.quote(arg)  # nothing to gain, or something a shell would expand
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


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


def seconds(duration: float) -> str:
    """A run's length as the console says it: "0.3 s", "3.1 s", "4m05s"."""
    if duration < 60:
        return f"{duration:.1f} s"
    minutes, secs = divmod(int(duration), 60)
    return f"{minutes}m{secs:02d}s" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}m"


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
    killed: bool = False  # stopped with SIGKILL: SIGTERM was not enough within the grace

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def ran(self) -> bool:
        """Whether the command started at all (something may have changed)."""
        return not self.reason.startswith("cannot start")

    @property
    def status(self) -> str:
        """What became of it, in a few words: "exit 0", "FAILED (exit 2)", "cancelled"."""
        if self.reason.startswith("cannot start"):
            return self.reason
        if self.reason.startswith("failed"):  # warroom could not run it to the end
            return f"FAILED: {self.reason.removeprefix('failed: ')}"
        if self.reason in ("cancelled", "timeout"):
            how = "killed" if self.killed else "stopped"
            verb = "cancelled" if self.reason == "cancelled" else "timed out"
            return f"{verb} after {seconds(self.duration)} ({how})"
        if self.exit_code == 0:
            return "exit 0"
        if self.exit_code is not None and self.exit_code < 0:
            try:
                name = signal.Signals(-self.exit_code).name
            except ValueError:
                name = f"signal {-self.exit_code}"
            return f"FAILED (killed by {name})"
        return f"FAILED (exit {self.exit_code})"

    @property
    def headline(self) -> str:
        """The title of the toast that says how it ended."""
        if self.ok:
            return "Action finished"
        if self.reason == "cancelled":
            return "Action cancelled"
        if self.reason == "timeout":
            return "Action timed out"
        if self.reason.startswith("cannot start"):
            return "Action did not start"
        return f"Action {self.status.split(' after ')[0].split(': ')[0]}"

    def describe(self, label: str) -> str:
        if not self.ran or self.reason.startswith("failed"):
            return f"{label}: {self.status}"
        status = self.status
        if " after " not in status:
            status += f" after {seconds(self.duration)}"
        last = " | ".join(line for line in self.tail[-3:] if line.strip())
        text = f"{label}: {status}"
        if self.note:
            text += f" ({self.note})"
        return text + (f"; last output: {last}" if last else "")


@dataclass
class Run:
    """One running action; `cancel()` stops its whole process group (SIGTERM, then SIGKILL
    after the action's `kill_after`)."""

    action: Action
    argv: list[str]
    output: Output = field(default_factory=Output)
    on_output: Callable[[], None] | None = None  # told (at most every chunk) that output grew
    _process: asyncio.subprocess.Process | None = None
    _cancelled: bool = False
    _killed: bool = False
    _started: float = 0.0

    @property
    def pid(self) -> int | None:
        """The command's process id, which is also its process group's."""
        return self._process.pid if self._process is not None else None

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
                start_new_session=True,  # its own session and group, so all of it can be stopped
            )
        except KeyError as exc:
            return self._outcome(None, f"cannot start: ${{{exc.args[0]}}} is not set")
        except OSError as exc:
            return self._outcome(None, f"cannot start: {exc.strerror or exc}")
        assert self._process.stdout is not None
        reader = asyncio.create_task(self._read(self._process.stdout))
        note = ""
        reason = await self._exited(self._started + self.action.timeout)
        if reason:
            await self._stop()
        else:
            # It exited: what it printed last may still be in the pipe.
            done, _ = await asyncio.wait({reader}, timeout=DRAIN)
            if not done:
                note = "a process it started kept its output open; not waited for"
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

    async def _exited(self, deadline: float) -> str:
        """Until the command itself exits (""), is cancelled ("cancelled") or runs past its
        deadline ("timeout"). Process.wait() would also wait for every process that inherited
        its output; and no timer outlives the run (a pending asyncio timeout would keep the
        run, its output and its view alive until it fell due)."""
        assert self._process is not None
        while self._process.returncode is None:
            if self._cancelled:
                return "cancelled"
            if time.monotonic() >= deadline:
                return "timeout"
            await asyncio.sleep(POLL)
        return ""

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
            killed=self._killed,
        )

    def cancel(self) -> None:
        """Stop it: SIGTERM to its group now, SIGKILL to what is left after `kill_after`."""
        self._cancelled = True

    async def _stop(self) -> None:
        """SIGTERM to the whole group, then SIGKILL once the grace is over if any of it is
        still alive: the command, or a grandchild that ignores SIGTERM after the command
        itself has exited."""
        if self._process is None:
            return
        group = self._process.pid
        _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + self.action.kill_after
        while group_alive(group) and time.monotonic() < deadline:
            await asyncio.sleep(POLL)
        if group_alive(group):
            self._killed = True
            _signal_group(group, signal.SIGKILL)
        # The command itself is reaped by asyncio; after SIGKILL that is a moment.
        deadline = time.monotonic() + 2.0
        while self._process.returncode is None and time.monotonic() < deadline:
            await asyncio.sleep(POLL)


def _signal_group(group: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, sig)


def group_alive(group: int) -> bool:
    """Whether any process of this process group is still running. Zombies do not count: an
    orphaned grandchild that has exited may wait a long time to be reaped (in a container
    whose first process reaps nothing, for ever), and it can do no more harm."""
    if sys.platform.startswith("linux"):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue  # it ended while being looked at
            # pid (comm) state ppid pgrp …: comm may hold anything, so read after its ")".
            fields = stat[stat.rfind(b")") + 2 :].split()
            if len(fields) > 2 and int(fields[2]) == group and fields[0] not in (b"Z", b"X"):
                return True
        return False
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
