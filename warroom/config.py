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

from warroom.fields import Duration
from warroom.keys import ACTION_KEY, RESERVED_KEYS
from warroom.location import find_config  # noqa: F401 (part of this module's API)
from warroom.secrets import remember
from warroom.tomlfile import FileError, locate, read_toml, validate

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


def http_url(value: str) -> str:
    parts = urlsplit(ENV_REF.sub("x", value))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http:// or https:// URL with a host")
    return value


def regex(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
    return value


class Defaults(Strict):
    interval: Duration = 15.0
    timeout: Duration = 5.0
    retry_interval: Duration = 3.0
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
    interval: Duration | None = None
    timeout: Duration | None = None
    retry_interval: Duration | None = None
    fall: int | None = Field(None, ge=1, le=100)
    rise: int | None = Field(None, ge=1, le=100)
    expect_status: list[StatusSpec] | None = None
    latency_degraded: Duration | None = None
    latency_down: Duration | None = None
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
    cwd: str | None = None
    env: dict[str, str] = {}  # values may use ${VAR}: read from the environment when run

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


class Webhook(Strict):
    """Where sent status updates are posted, as a Slack-compatible JSON body."""

    name: str = Field(min_length=1)
    url: str
    headers: dict[str, str] = {}
    timeout: Duration = 5.0
    retries: int = Field(3, ge=0, le=10)

    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))


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

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        names = [e.name for e in self.endpoints]
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"endpoint names must be unique: {', '.join(dupes)}")
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

    def settings(self, endpoint: Endpoint) -> Settings:
        d = self.defaults
        return Settings(
            interval=endpoint.interval or d.interval,
            timeout=endpoint.timeout or d.timeout,
            retry_interval=endpoint.retry_interval or d.retry_interval,
            fall=endpoint.fall or d.fall,
            rise=endpoint.rise or d.rise,
            expect_status=tuple(endpoint.expect_status or d.expect_status),
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
