"""Run a full-screen program in a pseudo-terminal and time when text first appears on it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time


def compile_warroom() -> None:
    """Byte-compile warroom first, as a wheel install does: an editable install (or
    PYTHONDONTWRITEBYTECODE) would otherwise compile it again on every start and measure that."""
    import compileall

    import warroom

    compileall.compile_dir(os.path.dirname(warroom.__file__), quiet=1)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def time_to_markers(
    argv: list[str],
    markers: list[bytes],
    env: dict[str, str] | None = None,
    size=(160, 45),
    press: bytes | None = None,
    every: float = 0.05,
) -> tuple[list[float], float]:
    """Seconds from spawn until each marker is on the terminal, and the RSS (MB) at the end.
    With `press`, those bytes are typed every `every` seconds from the start, as an impatient
    person would, until the last marker shows."""
    env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        os.execvpe(argv[0], argv, env)
    screen = bytearray()
    found: list[float] = []
    typed = start
    try:
        deadline = start + 30
        while len(found) < len(markers) and time.perf_counter() < deadline:
            if press is not None and time.perf_counter() - typed >= every:
                typed = time.perf_counter()
                os.write(fd, press)
            if select.select([fd], [], [], 0.005)[0]:
                try:
                    screen.extend(os.read(fd, 65536))
                except OSError:
                    break
            while len(found) < len(markers) and markers[len(found)] in screen:
                found.append(time.perf_counter() - start)
        if len(found) < len(markers):
            raise RuntimeError(f"{argv}: never showed {markers[len(found)]!r}")
        time.sleep(0.3)  # let it settle before reading memory
        memory = rss_mb(pid)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return found, memory
