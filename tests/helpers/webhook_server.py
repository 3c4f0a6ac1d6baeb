"""A real chat webhook on 127.0.0.1 that records what is posted to it, and answers as the test
says: accept (200), fail (500), hang, or refuse the connection (bound, not yet listening)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    server: ChatServer  # type: ignore[assignment]

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        server.tried.append((self.path, body))
        server.requests.append((self.command, self.path, dict(self.headers), body))
        if server.answer == "hang":
            server.stopping.wait(60)  # never answers while the test runs
            return
        status = 200 if server.answer == "accept" else int(server.answer)
        if status < 300:
            server.posted.append((self.path, body))
        reply = b"ok" if status < 300 else b"internal error"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_PUT = do_POST  # Matrix's client-server API sends a message with PUT


class ChatServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        # Bound to its port but not listening: connecting is refused until `listen()`.
        super().__init__(("127.0.0.1", 0), Handler, bind_and_activate=False)
        self.server_bind()
        self.answer = "accept"  # accept, hang, or an HTTP status such as "500"
        self.tried: list[tuple[str, bytes]] = []  # every request that arrived
        self.posted: list[tuple[str, bytes]] = []  # those it accepted
        # Every request with its method and headers: (method, path, headers, body).
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def listen(self) -> None:
        self.server_activate()
        # Polled for shutdown every 50 ms, not 0.5 s: each test waits that out when it ends.
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on a hanging answer is what the test is about


@contextmanager
def chat(answer: str = "accept", listening: bool = True) -> Iterator[ChatServer]:
    server = ChatServer()
    server.answer = answer
    if listening:
        server.listen()
    try:
        yield server
    finally:
        server.stopping.set()
        if server._thread is not None:
            server.shutdown()
        server.server_close()
