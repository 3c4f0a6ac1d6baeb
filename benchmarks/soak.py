"""A console that runs for a whole incident: resident memory, minute by minute.

    python benchmarks/soak.py [--minutes 30] [--endpoints 50] [--json]

`warroom open` runs in a real tmux pane (160x45) with a warroom.toml of `--endpoints`
endpoints on a local HTTP server (checked every 5 s), while this script
- adds a note a second from outside, as `warroom log` does (through the service);
- runs an action every minute through the console's keys (the action key, `y`, the output
  view closed with Enter once it has finished);
- opens a dialog and closes it every 10 s (the note prompt, then the keys help, in turn).
It prints the console's resident memory (and its health poller's) every minute, then the
growth after minute 5. Target: at most 5 MB in total after the first 5 minutes.

The periods can be shortened (`--sample-every`, `--action-every`, `--dialog-every`,
`--note-every`, `--warmup`) for a quicker look. The suite does not run this script: a memory
slope takes minutes to mean anything; tests/e2e/test_soak.py counts what the same cycles leave.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import compile_warroom, rss_mb  # noqa: E402


class Healthy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def serve() -> tuple[http.server.ThreadingHTTPServer, int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Healthy)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def write_config(folder: Path, port: int, endpoints: int) -> Path:
    action = "for n in range(300): print('deploy step', n, 'x' * 60)"
    lines = ['[defaults]\ninterval = "5s"\ntimeout = "2s"\n']
    for n in range(endpoints):
        lines.append(
            f'[[endpoint]]\nname = "svc-{n:02d}"\ngroup = "group-{n % 5}"\n'
            f'url = "http://127.0.0.1:{port}/health/{n}"\n'
        )
    lines.append(
        '[[action]]\nkey = "r"\nlabel = "Restart web"\nkind = "restart"\n'
        f"command = [{sys.executable!r}, '-c', {action!r}]\nverify_within = \"1s\"\n"
    )
    config = folder / "warroom.toml"
    config.write_text("\n".join(lines))
    return config


class Pane:
    """One tmux server of its own, with the console in its only pane."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"warroom-soak-{uuid.uuid4().hex[:8]}"
        self.env = env

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env
        )
        return done.stdout

    def start(self, argv: list[str]) -> int:
        self("new-session", "-d", "-s", "soak", "-x", "160", "-y", "45", shlex.join(argv))
        return int(self("display-message", "-p", "-t", "soak", "#{pane_pid}").strip())

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "soak", *keys)

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "soak")

    def wait_for(self, text: str, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            time.sleep(0.1)
        return False

    def kill(self) -> None:
        self("kill-server")


def children_rss(pid: int) -> float:
    """The resident memory of the console's child processes (the health poller)."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = [int(k) for k in fh.read().split()]
    except OSError:
        return 0.0
    for kid in kids:
        with contextlib.suppress(OSError):  # it ended meanwhile
            total += rss_mb(kid)
    return total


def soak(args: argparse.Namespace) -> dict[str, object]:
    from warroom.incident.service import IncidentService
    from warroom.storage.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server, port = serve()
        config = write_config(folder, port, args.endpoints)
        db = folder / "soak.db"
        service = IncidentService(Store(db), actor="script")
        service.declare("SOAKTEST checkout returns 500s", "SEV-1", incident_id="INC-1")
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "COLUMNS", "LINES")}
        env.update(WARROOM_CONFIG_DIR=tmp, TERM="xterm-256color")
        argv = [sys.executable, "-m", "warroom", "open", "INC-1", "--db", str(db)]
        argv += ["--config", str(config)]
        pane = Pane(env)
        pid = pane.start(argv)
        samples: list[dict[str, float]] = []
        counts = {"notes": 0, "actions": 0, "dialogs": 0}
        try:
            if not pane.wait_for("SOAKTEST"):
                raise SystemExit(f"the console did not open:\n{pane.screen()}")
            start = time.monotonic()
            end = start + args.minutes * 60
            next_note = start
            next_dialog = start + args.dialog_every
            next_action = start + args.action_every
            next_sample = start
            dialogs = ["n", "?"]
            while time.monotonic() < end + 0.5:
                now = time.monotonic()
                if now >= next_sample:
                    console = rss_mb(pid)
                    sample = {
                        "minute": round((now - start) / 60, 2),
                        "rss_mb": round(console, 1),
                        "poller_mb": round(children_rss(pid), 1),
                    }
                    samples.append(sample)
                    if not args.json:
                        print(
                            f"{sample['minute']:6.1f} min  console {console:6.1f} MB  "
                            f"poller {sample['poller_mb']:6.1f} MB",
                            flush=True,
                        )
                    next_sample += args.sample_every
                if now >= next_note:
                    counts["notes"] += 1
                    service.add_note("INC-1", f"soak note {counts['notes']}: error rate steady")
                    next_note += args.note_every
                if now >= next_action:
                    pane.keys("r")
                    if pane.wait_for("y: yes", 10):
                        pane.keys("y")
                        if pane.wait_for("enter or escape closes", 20):
                            pane.keys("Enter")
                            counts["actions"] += 1
                    next_action = time.monotonic() + args.action_every
                elif now >= next_dialog:
                    key = dialogs[counts["dialogs"] % 2]
                    pane.keys(key)
                    time.sleep(0.5)
                    pane.keys("Escape")
                    counts["dialogs"] += 1
                    next_dialog += args.dialog_every
                time.sleep(0.05)
            alive = Path(f"/proc/{pid}").exists()
        finally:
            pane.kill()
            server.shutdown()
            service.store.close()
    after = [s["rss_mb"] for s in samples if s["minute"] >= args.warmup]
    growth = round(after[-1] - after[0], 1) if len(after) > 1 else 0.0
    return {"samples": samples, "counts": counts, "growth_after_warmup_mb": growth,
            "alive": alive}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--endpoints", type=int, default=50)
    parser.add_argument("--note-every", type=float, default=1.0, help="seconds")
    parser.add_argument("--dialog-every", type=float, default=10.0, help="seconds")
    parser.add_argument("--action-every", type=float, default=60.0, help="seconds")
    parser.add_argument("--sample-every", type=float, default=60.0, help="seconds")
    parser.add_argument("--warmup", type=float, default=5.0, help="minutes not counted")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    args = parser.parse_args()
    compile_warroom()
    result = soak(args)
    if args.json:
        print(json.dumps(result))
        return
    counts = result["counts"]
    print(
        f"{counts['notes']} notes, {counts['actions']} actions, {counts['dialogs']} dialogs "  # type: ignore[index]
        f"in {args.minutes:g} min; growth after minute {args.warmup:g}: "
        f"{result['growth_after_warmup_mb']:+.1f} MB (target <= 5 MB)"
    )


if __name__ == "__main__":
    main()
