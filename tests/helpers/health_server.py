"""A real HTTP server on 127.0.0.1 that the tests control: healthy, failing, slow, hanging…"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


class Behaviour:
    """What /switch answers; the test flips it while the console runs."""

    def __init__(self) -> None:
        self.status = 200
        self.hits = 0
        self.posted: list[bytes] = []


class Handler(BaseHTTPRequestHandler):
    server: HealthServer  # type: ignore[assignment]

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 (the http.server API): webhooks
        length = int(self.headers.get("Content-Length") or 0)
        self.server.behaviour.posted.append(self.rfile.read(length))
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        route = url.path
        if route == "/ok":
            self._send(200, json.dumps({"status": "UP", "ok": True}).encode())
        elif route == "/down":
            self._send(200, json.dumps({"status": "DOWN"}).encode())
        elif route == "/503":
            self._send(503, b'{"status": "DOWN"}')
        elif route == "/slow":
            time.sleep(float(query.get("s", ["0.5"])[0]))
            self._send(200, b'{"status": "UP"}')
        elif route == "/hang":
            self.server.stopping.wait(60)  # never answers while the test runs
        elif route == "/reset":
            # SO_LINGER 0 makes close() send a TCP RST: a connection reset, not a clean close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        elif route == "/badjson":
            self._send(200, b"{not json")
        elif route == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(800):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client stopped reading at its cap, as it should
        elif route == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/set":  # a mitigation, from a subprocess: /switch answers this now
            self.server.behaviour.status = int(query["status"][0])
            self._send(200, b"{}")
        elif route == "/switch":
            self.server.behaviour.hits += 1
            status = self.server.behaviour.status
            self._send(status, json.dumps({"status": "UP" if status < 400 else "DOWN"}).encode())
        else:
            self._send(404, b"{}")


class HealthServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.behaviour = Behaviour()
        self.stopping = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up (timeouts, resets) are what several tests are about

    @property
    def base(self) -> str:
        scheme = "https" if isinstance(self.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"


@contextmanager
def running(tls_dir: Path | None = None) -> Iterator[HealthServer]:
    server = HealthServer()
    if tls_dir is not None:
        cert, key = tls_dir / "cert.pem", tls_dir / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    # Polled for shutdown every 50 ms, not 0.5 s: each test waits that out when it ends.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
