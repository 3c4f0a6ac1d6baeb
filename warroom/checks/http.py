"""HTTP/1.1 for health checks, lean: asyncio streams, parsed by h11, connections kept alive and
reused per host.

A console polling a thousand endpoints makes dozens of checks a second in the same process as
the keyboard; a general client (httpx) spends about 3.5 ms of CPU on each, this one about a
quarter of that (benchmarks/health.py). It does what a check needs: any method, headers, TLS
with certificate verification (and the certificate's expiry), redirects, a body read up to a
limit, and no content coding (bodies are compared as sent). Checks that must go through a proxy
(HTTP_PROXY and friends) are made with httpx, which knows proxies.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import h11

REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 65_536


class TooManyRedirects(Exception):
    pass


class ProtocolError(Exception):
    """The server's answer was not HTTP, or the connection ended in the middle of it."""


@dataclass
class Answer:
    status: int
    body: bytes
    cert_days: int | None = None


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    http: h11.Connection = field(default_factory=lambda: h11.Connection(h11.CLIENT))
    reused: bool = False

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()


class Pool:
    """Keep-alive connections by (scheme, host, port); a connection is reused only after a
    whole answer was read from it."""

    def __init__(self, user_agent: str, keep: int = 8) -> None:
        self.user_agent = user_agent
        self.keep = keep  # idle connections kept per host
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._tls = ssl.create_default_context()

    async def request(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body_limit: int,
        max_redirects: int,
        want_cert: bool = False,
    ) -> Answer:
        for _ in range(max_redirects + 1):
            answer, location = await self._one(method, url, headers, body_limit, want_cert)
            if location is None:
                return answer
            url = urljoin(url, location)
            if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
                method = "GET"
        raise TooManyRedirects(url)

    async def _one(
        self, method: str, url: str, headers: dict[str, str], body_limit: int, want_cert: bool
    ) -> tuple[Answer, str | None]:
        parts = urlsplit(url)
        scheme = parts.scheme
        if scheme not in ("http", "https") or not parts.hostname:
            raise ProtocolError(f"not an http(s) URL: {url}")
        port = parts.port or (443 if scheme == "https" else 80)
        key = (scheme, parts.hostname, port)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        if ":" in parts.hostname and not host.startswith("["):
            host = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
        request = h11.Request(
            method=method,
            target=target,
            headers=[
                ("Host", host),
                ("User-Agent", self.user_agent),
                ("Accept", "*/*"),
                *headers.items(),
            ],
        )
        while True:
            conn = await self._connection(key)
            try:
                return await self._exchange(conn, key, request, body_limit, want_cert)
            except (ProtocolError, ConnectionError, h11.RemoteProtocolError) as exc:
                conn.close()
                if not conn.reused or isinstance(exc, ConnectionRefusedError):
                    raise
                # A kept-alive connection the server had closed meanwhile: once more, anew.

    async def _connection(self, key: tuple[str, str, int]) -> _Connection:
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            if not conn.writer.is_closing() and not conn.reader.at_eof():
                conn.reused = True
                return conn
            conn.close()
        scheme, hostname, port = key
        reader, writer = await asyncio.open_connection(
            hostname,
            port,
            ssl=self._tls if scheme == "https" else None,
            server_hostname=hostname if scheme == "https" else None,
            limit=CHUNK,
        )
        return _Connection(reader, writer)

    async def _exchange(
        self,
        conn: _Connection,
        key: tuple[str, str, int],
        request: h11.Request,
        body_limit: int,
        want_cert: bool,
    ) -> tuple[Answer, str | None]:
        http = conn.http
        conn.writer.write(http.send(request) + http.send(h11.EndOfMessage()))
        await conn.writer.drain()
        status, location = 0, None
        body = bytearray()
        whole = False
        while True:
            event = http.next_event()
            if event is h11.NEED_DATA:
                data = await conn.reader.read(CHUNK)
                if not data and http.their_state is h11.SEND_RESPONSE:
                    raise ProtocolError("the connection closed before an answer")
                http.receive_data(data)
            elif isinstance(event, h11.Response):
                status = event.status_code
                if status in REDIRECTS:
                    for name, value in event.headers:
                        if name == b"location":
                            location = value.decode("latin-1")
            elif isinstance(event, h11.Data):
                if len(body) < body_limit:
                    body.extend(event.data[: body_limit - len(body)])
                if len(body) >= body_limit:
                    break  # enough to judge: the rest is not read (nor the connection kept)
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                whole = isinstance(event, h11.EndOfMessage)
                break
            elif isinstance(event, h11.InformationalResponse):
                continue
        cert_days = _cert_days(conn.writer) if want_cert else None
        if whole and http.our_state is h11.DONE and http.their_state is h11.DONE:
            http.start_next_cycle()
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.keep:
                idle.append(conn)
            else:
                conn.close()
        else:
            conn.close()
        return Answer(status, bytes(body), cert_days), location

    async def close(self) -> None:
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()


def _cert_days(writer: asyncio.StreamWriter) -> int | None:
    ssl_object = writer.get_extra_info("ssl_object")
    cert = ssl_object.getpeercert() if ssl_object is not None else None
    if not cert or "notAfter" not in cert:
        return None
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), UTC)
    return (expires - datetime.now(UTC)).days


def needs_proxy(url: str, proxies: dict[str, str]) -> bool:
    """Whether these proxy settings (urllib.request.getproxies(): HTTP_PROXY, NO_PROXY …)
    route the URL through a proxy."""
    import urllib.request

    parts = urlsplit(url)
    if not (proxies.get(parts.scheme) or proxies.get("all")):
        return False
    # Public in urllib since Python 2, though typeshed leaves it out.
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return not bypass(parts.hostname or "", proxies)
