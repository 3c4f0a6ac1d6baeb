"""warroom.toml: the team's endpoints to watch (and, later, actions and webhooks).

Found at --config FILE, else ./warroom.toml, else <user config dir>/warroom.toml. Every value
is checked when it loads; an error names the file, the line and the field. `${VAR}` in a
header or URL is read from the environment when a check runs, so secrets never reach the
database or the timeline.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from warroom.core.fields import Duration, Seconds
from warroom.core.keys import ACTION_KEY, RESERVED_KEYS
from warroom.core.paths import find_config  # noqa: F401 (part of this module's API)
from warroom.core.tomlfile import FileError, locate, read_toml, validate
from warroom.text.redact import remember

# How often a check runs, and how long one may take (bounded: an interval of 10^20 s would
# mean never again).
Interval = Annotated[float, Seconds(0.05, 86_400)]
CheckDuration = Annotated[float, Seconds(0.01, 3_600)]
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
JSON_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "exists")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _status_spec(value: Any) -> Any:
    """200, "200" or a class such as "2xx"."""
    if isinstance(value, bool):
        raise ValueError("a status is a code such as 200 or a class such as 2xx")
    if isinstance(value, int):
        if not 100 <= value <= 599:
            raise ValueError(f"{value} is not an HTTP status code")
        return value
    text = str(value).strip().lower()
    if re.fullmatch(r"[1-5]xx", text):
        return text
    if text.isdigit() and 100 <= int(text) <= 599:
        return int(text)
    raise ValueError(f"{value!r} is not a status code (200) or class (2xx)")


StatusSpec = Annotated[int | str, Field(union_mode="left_to_right")]


_HOST = re.compile(r"[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]")  # a name or an IP, IPv6 in brackets


def http_url(value: str) -> str:
    """An http(s) URL whose host is a name or an address and whose port is a port:
    "http://exa mple.com/" and ":999999" are mistakes to say now, not checks that fail later."""
    parts = urlsplit(ENV_REF.sub("1", value))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http:// or https:// URL with a host")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValueError(f"{value!r} holds a space or a control character (write %20 in a path)")
    host = parts.netloc.rpartition("@")[2]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 or "]:" in host else host
    if not _HOST.fullmatch(host):
        raise ValueError(f"{value!r}: the host {host!r} is not a name or an address")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"{value!r}: the port is not between 1 and 65535")
    return value


def regex(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
    return value


class Defaults(Strict):
    interval: Interval = 15.0
    timeout: CheckDuration = 5.0
    retry_interval: Interval = 3.0
    fall: int = Field(3, ge=1, le=100)
    rise: int = Field(2, ge=1, le=100)
    expect_status: list[StatusSpec] = ["2xx"]

    @field_validator("expect_status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return [_status_spec(x) for x in (value if isinstance(value, list) else [value])]


class ProbeSettings(Strict):
    max_concurrency: int = Field(32, ge=1, le=10_000)
    per_host_concurrency: int = Field(4, ge=1, le=1000)
    max_redirects: int = Field(5, ge=0, le=50)
    body_limit: int = Field(65_536, ge=1024, le=16 * 1024 * 1024)


class JsonCheck(Strict):
    path: str = Field(min_length=1)
    op: Literal["==", "!=", "<", "<=", ">", ">=", "in", "exists"] = "=="
    value: Any = None


class Endpoint(Strict):
    name: str = Field(min_length=1, max_length=64)
    group: str = "default"
    url: str
    method: Literal["GET", "HEAD", "POST", "PUT", "OPTIONS"] = "GET"
    headers: dict[str, str] = {}
    interval: Interval | None = None
    timeout: CheckDuration | None = None
    retry_interval: Interval | None = None
    fall: int | None = Field(None, ge=1, le=100)
    rise: int | None = Field(None, ge=1, le=100)
    expect_status: list[StatusSpec] | None = None
    latency_degraded: CheckDuration | None = None
    latency_down: CheckDuration | None = None
    body_contains: str | None = None
    body_matches: str | None = None
    cert_min_days: int | None = Field(None, ge=0)
    json_checks: list[JsonCheck] = Field([], alias="json")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))

    @field_validator("expect_status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        if value is None:
            return None
        return Defaults._status(value)

    _regex = field_validator("body_matches")(classmethod(lambda cls, v: regex(v)))

    @model_validator(mode="after")
    def _one_body_check(self) -> Endpoint:
        if self.body_contains is not None and self.body_matches is not None:
            raise ValueError("use body_contains or body_matches, not both")
        if (
            self.latency_degraded
            and self.latency_down
            and self.latency_degraded >= self.latency_down
        ):
            raise ValueError("latency_degraded must be less than latency_down")
        return self


ACTION_PLACEHOLDERS = ("incident", "severity", "title", "status")
# Bounds of an action's durations, in seconds: a timeout of 0 never runs, one of years never
# ends; a grace of an hour is no grace; a verification is watched for an hour at most.
ACTION_DURATIONS = {"timeout": (0.1, 86_400.0), "kill_after": (0.1, 60.0),
                    "verify_within": (1.0, 3600.0)}  # fmt: skip


def format_seconds(value: float) -> str:
    if value < 60:
        return f"{value:g}s"
    if value < 3600:
        return f"{value / 60:g}m"
    return f"{value / 3600:g}h"


class Prompt(Strict):
    """A parameter asked for when the action's key is pressed: {name} in the command."""

    name: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    label: str = ""
    default: str = ""
    pattern: str | None = None  # a regular expression the answer must match in full

    _regex = field_validator("pattern")(classmethod(lambda cls, v: regex(v)))


class Action(Strict):
    key: str = Field(pattern=ACTION_KEY.pattern)
    label: str = Field(min_length=1)
    kind: Literal[
        "rollback", "feature-flag", "scale", "restart", "circuit-breaker", "route-away", "custom"
    ]
    command: list[str] = Field(min_length=1)
    prompts: list[Prompt] = []
    timeout: Duration = 60.0
    # After SIGTERM (cancel or timeout), how long the command's process group has to end
    # before SIGKILL.
    kill_after: Duration = 3.0
    # After it ends, how long the health checks are watched for the failing ones to recover.
    verify_within: Duration = 120.0
    cwd: str | None = None
    env: dict[str, str] = {}  # values may use ${VAR}: read from the environment when run

    @field_validator("timeout", "kill_after", "verify_within")
    @classmethod
    def _bounded(cls, value: float, info: Any) -> float:
        low, high = ACTION_DURATIONS[info.field_name]
        if not low <= value <= high:
            raise ValueError(f"must be from {format_seconds(low)} to {format_seconds(high)}")
        return value

    @model_validator(mode="after")
    def _placeholders(self) -> Action:
        if self.key in RESERVED_KEYS:
            raise ValueError(
                f"key {self.key!r} is taken by the console; reserved: {' '.join(sorted(RESERVED_KEYS))}"
            )
        known = set(ACTION_PLACEHOLDERS) | {p.name for p in self.prompts}
        for arg in self.command:
            for name in re.findall(r"\{([a-z_][a-z0-9_]*)\}", arg):
                if name not in known:
                    raise ValueError(
                        f"command uses {{{name}}}, which is neither built in nor a prompt"
                    )
            if ENV_REF.search(arg):
                raise ValueError(
                    'secrets go in env = { NAME = "${VAR}" }, never in the command line'
                )
        return self


WEBHOOK_FORMATS = ("slack", "mattermost", "teams", "discord", "google-chat", "matrix")
# A room ID: "!abc123:example.org", or "!abc123…" from room version 12 on (no server part).
MATRIX_ROOM = re.compile(r"![^\s/]+")


class Webhook(Strict):
    """Where sent status updates are posted, in the `format` of the team's chat: a webhook
    `url` (slack, mattermost, teams, discord, google-chat), or a Matrix room through the
    client-server API (`homeserver`, `room`, and a `token` read from the environment)."""

    name: str = Field(min_length=1)
    format: Literal["slack", "mattermost", "teams", "discord", "google-chat", "matrix"] = "slack"
    url: str | None = None
    homeserver: str | None = None
    room: str | None = None
    token: str | None = None  # "${MATRIX_TOKEN}": from the environment, never stored
    headers: dict[str, str] = {}
    timeout: CheckDuration = 5.0
    retries: int = Field(3, ge=0, le=10)

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if value not in WEBHOOK_FORMATS:
            raise ValueError(f"unknown format {value!r}: one of {', '.join(WEBHOOK_FORMATS)}")
        return value

    @field_validator("url", "homeserver")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        return None if value is None else http_url(value)

    @model_validator(mode="after")
    def _where(self) -> Webhook:
        matrix = ("homeserver", "room", "token")
        if self.format != "matrix":
            if self.url is None:
                raise ValueError(f'a {self.format} webhook needs url = "https://…"')
            if given := [k for k in matrix if getattr(self, k) is not None]:
                raise ValueError(f'{", ".join(given)}: only for format = "matrix"')
            return self
        if missing := [k for k in matrix if not getattr(self, k)]:
            raise ValueError(
                f"a matrix webhook needs homeserver, room and token (missing: {', '.join(missing)})"
            )
        if self.url is not None:
            raise ValueError("a matrix webhook has homeserver and room, not url")
        if not MATRIX_ROOM.fullmatch(self.room or ""):
            raise ValueError(f'room {self.room!r} is not a room ID such as "!abc123:example.org"')
        if not ENV_REF.fullmatch(self.token or ""):
            raise ValueError(
                'token comes from the environment, never the file: token = "${MATRIX_TOKEN}"'
            )
        return self


class Server(Strict):
    """A Prometheus-compatible or Alertmanager-compatible HTTP API (Thanos, Mimir,
    VictoriaMetrics, Grafana's Alertmanager speak the same)."""

    url: str
    headers: dict[str, str] = {}  # values may use ${VAR}
    bearer_token: str | None = None  # "${PROM_TOKEN}": from the environment, never stored
    timeout: CheckDuration = 5.0  # the whole of one request: connecting, headers and body
    verify_tls: bool = True
    ca_file: str | None = None
    body_limit: int = Field(8 * 1024 * 1024, ge=64 * 1024, le=256 * 1024 * 1024)  # bytes

    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))


class Metric(Strict):
    """A PromQL query watched like an endpoint: UP below `warn`, DEGRADED (warn) from `warn`,
    DOWN from `crit` (with `below = true`, the other way round)."""

    name: str = Field(min_length=1, max_length=64)
    group: str = "metrics"
    query: str = Field(min_length=1)
    warn: float | None = None
    crit: float | None = None
    below: bool = False  # alarm when the value falls below the thresholds (throughput, …)
    unit: Literal["", "percent", "ratio", "ms", "s", "req/s", "count"] = ""
    interval: Interval | None = None
    fall: int | None = Field(None, ge=1, le=100)
    rise: int | None = Field(None, ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Metric:
        if self.warn is not None and self.crit is not None:
            worse = self.crit < self.warn if self.below else self.crit > self.warn
            if not worse and self.crit != self.warn:
                side = "below" if self.below else "above"
                raise ValueError(f"crit must be further {side} than warn")
        return self


class Alerts(Strict):
    """Which Alertmanager alerts belong to this service's incidents, and how their severity
    label maps to the playbook's levels."""

    matchers: list[str] = []  # e.g. ['service="checkout"']
    severity_map: dict[str, str] = {}  # alert label value → playbook level, e.g. critical = "SEV-1"
    severity_label: str = "severity"
    interval: Interval = 10.0
    # Alerts that share these labels are one group: one row in the health pane, one timeline
    # entry when they start firing ("312 alerts firing for alertname=…, service=checkout").
    group_by: list[str] = ["alertname", "service"]


class Settings(Strict):
    """An endpoint's effective settings: its own values over [defaults]."""

    interval: float
    timeout: float
    retry_interval: float
    fall: int
    rise: int
    expect_status: tuple[int | str, ...]


class Config(Strict):
    database: str | None = None  # a file path or postgresql:// URL, unless --db says otherwise
    responder: str | None = None  # the name timeline entries are signed with
    playbook: str | None = None  # for incidents declared without --playbook
    theme: str | None = None  # the console's theme, unless --theme says otherwise
    defaults: Defaults = Defaults()
    probe: ProbeSettings = ProbeSettings()
    endpoints: list[Endpoint] = Field([], alias="endpoint")
    actions: list[Action] = Field([], alias="action")
    webhooks: list[Webhook] = Field([], alias="webhook")
    prometheus: Server | None = None
    alertmanager: Server | None = None
    metrics: list[Metric] = Field([], alias="metric")
    alerts: Alerts = Alerts()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        if self.metrics and self.prometheus is None:
            raise ValueError('[[metric]] needs [prometheus] url = "http://…"')
        names = [e.name for e in self.endpoints] + [m.name for m in self.metrics]
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"endpoint and metric names must be unique: {', '.join(dupes)}")
        keys = [a.key for a in self.actions]
        if dupes := sorted({k for k in keys if keys.count(k) > 1}):
            raise ValueError(f"action keys must be unique: {', '.join(dupes)}")
        for index, endpoint in enumerate(self.endpoints):
            s = self.settings(endpoint)
            if s.timeout >= s.interval:
                raise ValueError(
                    f"endpoint[{index}] {endpoint.name}: timeout ({s.timeout:g}s) must be "
                    f"less than interval ({s.interval:g}s)"
                )
        return self

    @property
    def checks(self) -> list[Endpoint | Metric]:
        """What the health pane watches: endpoints, then metrics."""
        return [*self.endpoints, *self.metrics]

    def settings(self, check: Endpoint | Metric) -> Settings:
        d = self.defaults
        if isinstance(check, Metric):
            timeout = self.prometheus.timeout if self.prometheus else d.timeout
            interval = check.interval or d.interval
            return Settings(
                interval=interval, timeout=min(timeout, interval * 0.9),
                retry_interval=d.retry_interval, fall=check.fall or d.fall,
                rise=check.rise or d.rise, expect_status=(200,),
            )  # fmt: skip
        return Settings(
            interval=check.interval or d.interval,
            timeout=check.timeout or d.timeout,
            retry_interval=check.retry_interval or d.retry_interval,
            fall=check.fall or d.fall,
            rise=check.rise or d.rise,
            expect_status=tuple(check.expect_status or d.expect_status),
        )


def load_config(path: str | Path, text: str | None = None) -> Config:
    data, source = read_toml(path, text)
    config = validate(path, source, data, Config)
    # Every secret the config will expand is known before anything can print it.
    for name in ENV_REF.findall(source):
        if name in os.environ:
            remember(name, os.environ[name])
    for index, endpoint in enumerate(config.endpoints):
        for field, text in [
            ("url", endpoint.url),
            *(("headers", v) for v in endpoint.headers.values()),
        ]:
            for name in ENV_REF.findall(text):
                if name not in os.environ:
                    line = locate(source, ("endpoint", index, field))
                    raise FileError(
                        path,
                        line,
                        f"endpoint[{index}].{field}: ${{{name}}} is not set in the environment",
                    )
    for section in ("prometheus", "alertmanager"):
        server = getattr(config, section)
        texts = [server.url, server.bearer_token or "", *server.headers.values()] if server else []
        for name in (n for t in texts for n in ENV_REF.findall(t)):
            if name not in os.environ:
                raise FileError(path, locate(source, (section,)),
                                f"{section}: ${{{name}}} is not set in the environment")  # fmt: skip
    return config


def expand_env(text: str) -> str:
    """${VAR} from the environment, at the moment of use; a missing variable is an error."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise KeyError(name)
        remember(name, os.environ[name])
        return os.environ[name]

    return ENV_REF.sub(value, text)
