"""One check of one HTTP(S) endpoint: the request (our own keep-alive pool, httpx only
through a proxy), and the answer judged against what the endpoint expects (status, latency,
body, JSON, certificate), every failure classified with a one-word reason."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import ssl
import time
from typing import Any

from warroom.checks.http import Pool, ProtocolError, TooManyRedirects, needs_proxy
from warroom.checks.results import Result
from warroom.core.config import Endpoint, JsonCheck, Settings, expand_env

USER_AGENT = "warroom-health/0.1"


async def probe(
    client: Client, endpoint: Endpoint, settings: Settings, body_limit: int = 65_536
) -> Result:
    """Check an endpoint once. Never raises: every failure becomes a Result with its reason."""
    started = time.perf_counter()
    try:
        url = expand_env(endpoint.url)
        headers = {k: expand_env(v) for k, v in endpoint.headers.items()}
    except KeyError as exc:
        return Result(False, f"env {exc.args[0]} unset")
    want_cert = endpoint.cert_min_days is not None
    try:
        async with asyncio.timeout(settings.timeout):
            if client.proxied(url):
                status, body, cert_days = await client.through_proxy(
                    endpoint.method, url, headers, body_limit
                )
            else:
                answer = await client.pool.request(
                    endpoint.method, url, headers, body_limit, client.max_redirects, want_cert
                )
                status, body, cert_days = answer.status, answer.body, answer.cert_days
    except TimeoutError:
        return Result(False, "timeout", latency=time.perf_counter() - started)
    except TooManyRedirects:
        return Result(False, "redirects")
    except Exception as exc:  # noqa: BLE001 - every failure is a reason, never a crash
        return Result(False, _network_reason(exc))
    latency = time.perf_counter() - started
    return judge(endpoint, settings, status, body, latency, cert_days)


class Client:
    """The connections a monitor checks with: its own keep-alive pool, and httpx only for a
    URL the environment sends through a proxy."""

    def __init__(self, max_redirects: int, keep: int) -> None:
        import urllib.request

        self.pool = Pool(USER_AGENT, keep=keep)
        self.max_redirects = max_redirects
        self._proxies = urllib.request.getproxies()  # read once: the environment is fixed
        self._proxied: Any = None

    def proxied(self, url: str) -> bool:
        return bool(self._proxies) and needs_proxy(url, self._proxies)

    async def through_proxy(
        self, method: str, url: str, headers: dict[str, str], body_limit: int
    ) -> tuple[int, bytes, int | None]:
        import httpx

        if self._proxied is None:
            self._proxied = httpx.AsyncClient(
                max_redirects=self.max_redirects, timeout=None, headers={"User-Agent": USER_AGENT}
            )
        request = self._proxied.build_request(method, url, headers=headers)
        try:
            response = await self._proxied.send(request, stream=True, follow_redirects=True)
        except httpx.TooManyRedirects:
            raise TooManyRedirects(url) from None
        try:
            body = bytearray()
            async for chunk in response.aiter_raw():
                body.extend(chunk)
                if len(body) >= body_limit:
                    del body[body_limit:]
                    break
        finally:
            await response.aclose()
        return response.status_code, bytes(body), None

    async def close(self) -> None:
        await self.pool.close()
        if self._proxied is not None:
            await self._proxied.aclose()


def judge(
    endpoint: Endpoint,
    settings: Settings,
    status: int,
    body: bytes,
    latency: float,
    cert_days: int | None = None,
) -> Result:
    """Classify a response; the first problem found is the reason."""
    if not status_expected(status, settings.expect_status):
        return Result(False, f"status {status}", status, latency)
    text = body.decode("utf-8", "replace")
    if endpoint.body_contains is not None and endpoint.body_contains not in text:
        return Result(False, "body", status, latency)
    if endpoint.body_matches is not None and not re.search(endpoint.body_matches, text):
        return Result(False, "body", status, latency)
    if endpoint.json_checks:
        try:
            document = json.loads(text)
        except ValueError:
            return Result(False, "json invalid", status, latency)
        for check in endpoint.json_checks:
            if not json_holds(document, check):
                return Result(False, f"json {describe_failed(check)}", status, latency)
    if endpoint.latency_down is not None and latency >= endpoint.latency_down:
        return Result(False, f"latency {latency:.1f}s", status, latency)
    if endpoint.latency_degraded is not None and latency >= endpoint.latency_degraded:
        return Result(True, f"latency {latency:.1f}s", status, latency, degraded=True)
    if (
        cert_days is not None
        and endpoint.cert_min_days is not None
        and cert_days < endpoint.cert_min_days
    ):
        return Result(True, f"cert {cert_days} days", status, latency, degraded=True)
    return Result(True, "", status, latency)


def status_expected(status: int, expected: tuple[int | str, ...]) -> bool:
    return any(
        status == spec if isinstance(spec, int) else str(status)[0] == spec[0] for spec in expected
    )


_MISSING = object()


def json_lookup(document: Any, path: str) -> Any:
    """The value at a dotted path ("data.items.0.status"), or _MISSING."""
    node = document
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif (
            isinstance(node, list)
            and part.lstrip("-").isdigit()
            and -len(node) <= int(part) < len(node)
        ):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def json_holds(document: Any, check: JsonCheck) -> bool:
    value = json_lookup(document, check.path)
    if check.op == "exists":
        return value is not _MISSING
    if value is _MISSING:
        return False
    try:
        if check.op == "==":
            return value == check.value
        if check.op == "!=":
            return value != check.value
        if check.op == "in":
            return value in check.value
        if check.op == "<":
            return value < check.value
        if check.op == "<=":
            return value <= check.value
        if check.op == ">":
            return value > check.value
        if check.op == ">=":
            return value >= check.value
    except TypeError:
        return False  # comparing a string with a number: the check does not hold
    return False


_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<", "in": "not in"}


def describe_failed(check: JsonCheck) -> str:
    if check.op == "exists":
        return f"{check.path} missing"
    return f"{check.path} {_NEGATED[check.op]} {check.value}"


def _network_reason(exc: BaseException) -> str:
    """A failed check's reason in a word: dns, connect, tls, timeout, reset."""
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return "tls"
    if isinstance(exc, socket.gaierror):
        return "dns"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connect"
    if isinstance(
        exc, ConnectionResetError | BrokenPipeError | ProtocolError | asyncio.IncompleteReadError
    ):
        return "reset"
    text = f"{exc!r} {exc.__cause__!r} {exc.__context__!r}".lower()
    if "ssl" in text or "certificate" in text:
        return "tls"
    if "name or service not known" in text or "nodename nor servname" in text:
        return "dns"
    if "reset" in text or "remoteprotocolerror" in text or "readerror" in text:
        return "reset"
    return "connect"
