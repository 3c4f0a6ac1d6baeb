"""A Prometheus and an Alertmanager of the tests' own on 127.0.0.1, speaking just enough of
their APIs, that the test turns slow or hostile: answers that drip a byte every half second
after the headers, answers of 50 MB, and thousands of firing alerts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DRIP_S = 0.5


def prometheus_answer(value: float) -> bytes:
    return json.dumps({"status": "success", "data": {"resultType": "vector", "result": [
        {"metric": {}, "value": [time.time(), str(value)]}]}}).encode()  # fmt: skip


def alert(n: int, name: str, service: str, started: datetime) -> dict:
    return {
        "fingerprint": f"{n:016x}",
        "labels": {
            "alertname": name,
            "service": service,
            "pod": f"pod-{n}",
            "severity": "critical",
        },  # fmt: skip
        "annotations": {"summary": f"{name} on pod-{n}"},
        "startsAt": started.isoformat(),
        "status": {"state": "active", "silencedBy": [], "inhibitedBy": []},
    }


class SlowServer:
    """`mode`: "ok" answers at once, "drip" sends the headers and then one byte of the answer
    every DRIP_S seconds, "huge" sends a 50 MB answer as fast as it can be read."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.value = 0.002
        self.alerts: list[dict] = []
        self.requests = 0
        self.stopping = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (the http.server API)
                owner.requests += 1
                if self.path.startswith("/api/v2/alerts"):
                    body = json.dumps(owner.alerts).encode()
                else:
                    body = prometheus_answer(owner.value)
                self.answer(body)

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.answer(b'{"silenceID": "s-1"}')

            def answer(self, body: bytes) -> None:
                mode = owner.mode
                chunk = b"x" * 65536
                size = 50 * 1024 * 1024 if mode == "huge" else len(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(size))
                self.end_headers()
                try:
                    if mode == "huge":  # written as it is read, not held whole
                        for _ in range(size // len(chunk)):
                            self.wfile.write(chunk)
                    elif mode == "drip":
                        self.wfile.flush()
                        for byte in body:
                            if owner.stopping.wait(DRIP_S):
                                return
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                    else:
                        self.wfile.write(body)
                except OSError:
                    pass  # the client gave up, as it should

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def fire(self, count: int, names: tuple[str, ...] = ("HighLatency",),
             services: tuple[str, ...] = ("checkout",)) -> None:  # fmt: skip
        """`count` firing alerts, spread over these alert names and services."""
        started = datetime.now(UTC) - timedelta(minutes=5)
        self.alerts = [
            alert(n, names[n % len(names)], services[n // len(names) % len(services)], started)
            for n in range(count)
        ]

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def slow_server() -> Iterator[SlowServer]:
    server = SlowServer()
    try:
        yield server
    finally:
        server.close()
