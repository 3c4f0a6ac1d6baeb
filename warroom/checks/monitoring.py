"""Prometheus and Alertmanager, read through their HTTP APIs (and whatever speaks them: Thanos,
Mimir, VictoriaMetrics, Grafana's Alertmanager).

A metric is judged like an endpoint (a `health.Result`), so the health pane's state machine,
confirmation and timeline entries apply to it unchanged. Alerts come from `/api/v2/alerts`;
a silence is created only by an explicit, confirmed request (never in a drill).

Every request has one deadline for all of it (connecting, the headers, the whole body: a server
that answers a byte every half second cannot hold a check past its timeout) and a body limit
(`body_limit`, as endpoints have): a 50 MB answer is refused, not read. Text from the servers
(alert names, labels, summaries) is cut to the lengths of warroom.core.limits.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from warroom.checks.results import Result
from warroom.core import limits
from warroom.core.config import Alerts, Metric, Server, expand_env
from warroom.core.errors import WarroomError


class MonitoringError(WarroomError):
    """Prometheus or Alertmanager did not answer, or answered with an error (one line)."""

    exit_code = 2


def _client_args(server: Server) -> dict[str, Any]:
    headers = {k: expand_env(v) for k, v in server.headers.items()}
    if server.bearer_token:
        headers["Authorization"] = f"Bearer {expand_env(server.bearer_token)}"
    # Bodies as sent: the limit counts what is read, not what a small gzip would unpack to.
    headers.setdefault("Accept-Encoding", "identity")
    verify: bool | str = server.ca_file or server.verify_tls
    return {"headers": headers, "timeout": server.timeout, "verify": verify}


class _TooLarge(Exception):
    pass


async def fetch(
    client: httpx.AsyncClient,
    server: Server,
    method: str,
    path: str,
    timeout: float | None = None,
    **request: Any,
) -> tuple[int, bytes]:
    """One request, whole within `timeout` (default: the server's) and at most `body_limit`
    bytes: the status and the body. TimeoutError, _TooLarge or httpx.HTTPError else."""
    async with asyncio.timeout(server.timeout if timeout is None else timeout):
        url = server.url.rstrip("/") + path
        async with client.stream(method, url, **request) as response:
            body = bytearray()
            async for chunk in response.aiter_raw():
                body += chunk
                if len(body) > server.body_limit:
                    raise _TooLarge
            return response.status_code, bytes(body)


async def _acall(server: Server, method: str, path: str, **request: Any) -> Any:
    try:
        async with httpx.AsyncClient(**_client_args(server)) as client:
            status, body = await fetch(client, server, method, path, **request)
    except (TimeoutError, httpx.TimeoutException):
        raise MonitoringError(f"{server.url}: no answer in {server.timeout:g}s") from None
    except _TooLarge:
        raise MonitoringError(
            f"{server.url}: answer larger than {_size(server.body_limit)}"
        ) from None
    except httpx.HTTPError as exc:
        raise MonitoringError(f"{server.url}: unreachable: {exc}") from None
    return _json(server, status, body)


def _call(server: Server, method: str, path: str, **request: Any) -> Any:
    """One request to the server's API, its JSON answer; a one-line MonitoringError else.
    For commands and threads (no event loop of their own running)."""
    return asyncio.run(_acall(server, method, path, **request))


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _json(server: Server, status: int, body: bytes) -> Any:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise MonitoringError(f"{server.url}: HTTP {status}, not JSON") from None
    if status >= 400:
        error = data.get("error") if isinstance(data, dict) else None
        reason = limits.cut(str(error or data), limits.ALERT_TEXT)
        raise MonitoringError(f"{server.url}: HTTP {status}: {reason}")
    return data


# -- Prometheus ---------------------------------------------------------------------------------
async def query_value(
    client: httpx.AsyncClient, server: Server, query: str, timeout: float | None = None
) -> float | None:
    """The query's single value now (the largest, if it returns several series); None for no
    data. Raises MonitoringError with a short reason, at the latest after `timeout`."""
    try:
        status, raw = await fetch(
            client, server, "GET", "/api/v1/query", timeout, params={"query": query}
        )
    except (TimeoutError, httpx.TimeoutException):
        raise MonitoringError("prometheus: no answer in time") from None
    except _TooLarge:
        raise MonitoringError(
            f"prometheus: answer larger than {_size(server.body_limit)}"
        ) from None
    except httpx.HTTPError:
        raise MonitoringError("prometheus unreachable") from None
    body = _json(server, status, raw)
    if not isinstance(body, dict) or body.get("status") != "success":
        error = body.get("error", "unknown") if isinstance(body, dict) else "not an answer"
        raise MonitoringError(f"query error: {limits.cut(str(error), limits.ALERT_TEXT)}")
    data = body.get("data")
    return _value(data if isinstance(data, dict) else {})


def _value(data: dict[str, Any]) -> float | None:
    kind, result = data.get("resultType"), data.get("result")
    if kind == "scalar" and isinstance(result, list):
        values = [result]
    elif kind == "vector" and isinstance(result, list):
        values = [r["value"] for r in result if isinstance(r, dict) and "value" in r]
    else:
        return None
    numbers = []
    for pair in values:
        try:
            number = float(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        if not math.isnan(number):
            numbers.append(number)
    return max(numbers) if numbers else None


async def history(
    client: httpx.AsyncClient,
    server: Server,
    query: str,
    minutes: int = 30,
    points: int = 20,
    timeout: float | None = None,
) -> list[float | None]:
    """The query's values over the last `minutes`, `points` of them (None where there was
    no data); empty when Prometheus cannot say (in `timeout`): the sparkline then starts
    from now."""
    end = datetime.now(UTC)
    step = minutes * 60 / points
    params = {"query": query, "start": (end - timedelta(minutes=minutes)).timestamp(),
              "end": end.timestamp(), "step": step}  # fmt: skip
    try:
        _, raw = await fetch(client, server, "GET", "/api/v1/query_range", timeout, params=params)
        body = json.loads(raw)
    except (TimeoutError, _TooLarge, httpx.HTTPError, ValueError, RecursionError):
        return []
    data = body.get("data") if isinstance(body, dict) else None
    series = (data.get("result") if isinstance(data, dict) else None) or []
    by_time: dict[float, float] = {}
    for one in series if isinstance(series, list) else []:
        values = one.get("values") if isinstance(one, dict) else None
        for pair in values if isinstance(values, list) else []:
            try:
                at, text = pair
                at, value = float(at), float(text)
            except (TypeError, ValueError):
                continue
            if not math.isnan(value) and not math.isnan(at):
                by_time[at] = max(value, by_time.get(at, value))
    start = end.timestamp() - minutes * 60
    slots: list[float | None] = [None] * points
    for at, value in by_time.items():
        slots[min(points - 1, max(0, int((at - start) / step)))] = value
    return slots if by_time else []


def shown(metric: Metric, value: float) -> str:
    """A value in the metric's unit: "4.8%", "230ms", "120 req/s"."""
    if metric.unit == "percent":
        return f"{value:.3g}%"
    if metric.unit == "ratio":
        return f"{value * 100:.3g}%"
    if metric.unit == "ms":
        return f"{value:.0f}ms"
    if metric.unit == "s":
        return f"{value:.3g}s"
    if metric.unit:
        return f"{value:.3g} {metric.unit}"
    return f"{value:.4g}"


def judge_metric(metric: Metric, value: float | None) -> Result:
    """UP, DEGRADED (past warn) or DOWN (past crit), with a reason that says the value and the
    threshold it is measured against; no data is its own failure."""
    if value is None:
        return Result(False, "no data")
    result = _judged(metric, value)
    return Result(result.ok, result.reason, degraded=result.degraded, value=value)


def _judged(metric: Metric, value: float) -> Result:
    now = shown(metric, value)

    def past(threshold: float | None) -> bool:
        if threshold is None:
            return False
        return value < threshold if metric.below else value > threshold

    side = "below" if metric.below else "above"
    if past(metric.crit):
        return Result(False, f"{now} ({side} {shown(metric, metric.crit)})")  # type: ignore[arg-type]
    if past(metric.warn):
        return Result(True, f"{now} ({side} {shown(metric, metric.warn)})", degraded=True)  # type: ignore[arg-type]
    limit = metric.warn if metric.warn is not None else metric.crit
    if limit is None:
        return Result(True, now)
    within = "above" if metric.below else "below"
    return Result(True, f"{now} ({within} {shown(metric, limit)})")


async def evaluate(
    client: httpx.AsyncClient, server: Server, metric: Metric, timeout: float | None = None
) -> Result:
    try:
        return judge_metric(metric, await query_value(client, server, metric.query, timeout))
    except MonitoringError as exc:
        return Result(False, str(exc))


def async_client(server: Server) -> httpx.AsyncClient:
    return httpx.AsyncClient(**_client_args(server))


# -- Alertmanager -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Alert:
    fingerprint: str
    name: str
    labels: dict[str, str]
    summary: str
    starts_at: datetime
    state: str  # active, suppressed (silenced or inhibited), unprocessed
    silenced_by: tuple[str, ...] = ()
    annotations: dict[str, str] = field(default_factory=dict)

    @property
    def severity_label(self) -> str:
        return self.labels.get("severity", "")

    def age(self, now: datetime) -> timedelta:
        return now - self.starts_at

    def as_data(self) -> dict[str, Any]:
        """What the timeline keeps of the alert (labels cut to their lengths: the record,
        not the matcher; `silence` uses the labels as they are)."""
        labels = list(self.labels.items())[: limits.ALERT_LABELS]
        return {
            "fingerprint": self.fingerprint,
            "name": self.name,
            "labels": {k: limits.cut(v, limits.ALERT_TEXT) for k, v in labels},
            "summary": self.summary,
            "startsAt": self.starts_at.isoformat(),
            "state": self.state,
            "silencedBy": list(self.silenced_by),
        }


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_MATCHER = re.compile(
    r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*$'
)


def matches(labels: dict[str, str], matchers: list[str]) -> bool:
    """Whether an alert's labels satisfy every matcher, as Alertmanager reads them:
    'service="checkout"', 'env!="dev"', 'job=~"api|web"' (regexes match the whole value),
    several in one '{a="b", c="d"}'. A matcher it cannot read is left to the server, which
    was given the same filter."""
    for matcher in matchers:
        for part in _split(matcher.strip().removeprefix("{").removesuffix("}")):
            found = _MATCHER.match(part)
            if found is None:
                continue
            name, op, quoted, bare = found.groups()
            wanted = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare or ""
            value = labels.get(name, "")
            if op in ("=~", "!~"):
                try:
                    hit = re.fullmatch(wanted, value) is not None
                except re.error:
                    continue
            else:
                hit = value == wanted
            if hit != (op in ("=", "=~")):
                return False
    return True


def _split(text: str) -> list[str]:
    """Matchers separated by commas outside quotes."""
    parts, current, quoted, escaped = [], "", False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            parts.append(current)
            current = ""
            continue
        current += ch
    return [p for p in [*parts, current] if p.strip()]


def alerts(server: Server, matchers: list[str] | None = None) -> list[Alert]:
    """The alerts Alertmanager has now (active and silenced) that match the matchers such as
    'service="checkout"', oldest first. The server filters by them, and so does this: an
    alert of another service never reaches this incident, whatever the server makes of
    the filter. For commands and threads; see `fetch_alerts`."""
    return asyncio.run(fetch_alerts(server, matchers))


async def fetch_alerts(server: Server, matchers: list[str] | None = None) -> list[Alert]:
    """`alerts`, on the running event loop."""
    params = [("filter", m) for m in matchers or []]
    body = await _acall(server, "GET", "/api/v2/alerts", params=params)
    out = []
    for raw in body if isinstance(body, list) else []:
        alert = _alert(raw)
        if alert is not None:
            out.append(alert)
    return sorted((a for a in out if matches(a.labels, matchers or [])), key=lambda a: a.starts_at)


def _alert(raw: Any) -> Alert | None:
    """One alert of the API's answer, its texts within their lengths; None if it is not one."""
    if not isinstance(raw, dict):
        return None

    def texts(value: Any) -> dict[str, str]:
        pairs = value.items() if isinstance(value, dict) else ()
        return {limits.cut(str(k), limits.ALERT_NAME): str(v) for k, v in pairs}

    labels = texts(raw.get("labels"))
    annotations = {k: limits.cut(v, limits.ALERT_TEXT) for k, v in
                   list(texts(raw.get("annotations")).items())[: limits.ALERT_LABELS]}  # fmt: skip
    status = raw.get("status")
    status = status if isinstance(status, dict) else {}
    try:
        starts_at = _parse_time(str(raw.get("startsAt")))
    except ValueError:
        return None
    silenced = status.get("silencedBy")
    return Alert(
        fingerprint=limits.cut(str(raw.get("fingerprint", "")), limits.ALERT_NAME),
        name=limits.cut(labels.get("alertname", "alert"), limits.ALERT_NAME),
        labels=labels,
        summary=annotations.get("summary") or annotations.get("description") or "",
        starts_at=starts_at,
        state=limits.cut(str(status.get("state", "")), limits.ALERT_NAME),
        silenced_by=tuple(str(s)[:64] for s in silenced) if isinstance(silenced, list) else (),
        annotations=annotations,
    )


def find_alert(server: Server, fingerprint: str) -> Alert:
    for alert in alerts(server):
        if alert.fingerprint == fingerprint or alert.fingerprint.startswith(fingerprint):
            return alert
    raise MonitoringError(f"no alert with fingerprint {fingerprint!r} in {server.url}")


def severity_for(alert: Alert, settings: Alerts, levels: list[str], fallback: str) -> str:
    """The playbook level an alert maps to through `[alerts] severity_map`; the label itself
    if it names a level; else the fallback."""
    label = alert.labels.get(settings.severity_label, "")
    mapped = settings.severity_map.get(label)
    if mapped:
        return mapped
    named = next((level for level in levels if level.lower() == label.lower()), None)
    return named or fallback


def silence(server: Server, alert: Alert, duration: timedelta, creator: str, comment: str) -> str:
    """A silence for exactly this alert's labels; its id."""
    now = datetime.now(UTC)
    body = {
        "matchers": [
            {"name": k, "value": v, "isRegex": False, "isEqual": True}
            for k, v in sorted(alert.labels.items())
        ],
        "startsAt": now.isoformat(),
        "endsAt": (now + duration).isoformat(),
        "createdBy": creator,
        "comment": comment,
    }
    answer = _call(server, "POST", "/api/v2/silences", json=body)
    ident = answer.get("silenceID") if isinstance(answer, dict) else None
    if not ident:
        raise MonitoringError(f"{server.url}: the silence was not confirmed (no silence id)")
    return limits.cut(str(ident), limits.ALERT_NAME)
