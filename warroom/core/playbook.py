"""A team's incident process as data: severity scale, roles, phase checklists.

Playbooks are TOML files read through these pydantic models. The built-in ones ship in
`warroom/builtin/playbooks/`. An incident stores a copy of the playbook it was declared
with, so later edits never rewrite an old incident.

A playbook imported from a runbook that states no severity scale or no roles says
`extends = "default"`: those parts are borrowed from that playbook when the file is loaded
(and listed in `borrowed`), never copied in as if the team had written them. `source`
fields say where in the runbook a fact came from ("RUNBOOK.md:123").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from warroom.core import limits
from warroom.core.fields import STRICT, Duration, NonEmpty, Seconds, Text, to_data, validate
from warroom.core.tomlfile import FileError, read_toml
from warroom.core.tomlfile import validate as validate_model

KEY = Text(1, 24, r"^[a-z0-9_-]+$")
# Texts of a playbook, within the lengths of warroom.core.limits.
Line = Annotated[str, Text(0, limits.ITEM)]
Detail = Annotated[str, Text(0, limits.DETAIL)]


@dataclass(frozen=True)
class Severity:
    __pydantic_config__ = STRICT
    name: Annotated[str, Text(1, 16)]
    title: Line = ""
    meaning: Detail = ""
    examples: tuple[Detail, ...] = ()
    response: Duration | None = None
    update_every: Duration | None = None
    colour: str = "#888888"
    source: str = ""


@dataclass(frozen=True)
class Role:
    __pydantic_config__ = STRICT
    key: Annotated[str, KEY]
    name: Annotated[str, Text(1, limits.NAME)]
    short: Annotated[str, Text(0, 16)] = ""
    responsibilities: tuple[Detail, ...] = ()
    usually: Detail = ""
    escalation: Detail = ""
    source: str = ""

    @property
    def label(self) -> str:
        return self.short or self.name


# What completes an item without a tick by hand: a role assigned ("role:ic"), every role held
# ("roles:all"), the first status update or one from a template ("update:first",
# "update:initial_alert"), the status reaching a stage ("status:mitigating"), an action run
# ("action:rollback", "action:any"), or every endpoint up ("health:all-up").
DONE_WHEN = re.compile(
    r"role:[a-z0-9_-]+|roles:all|update:(?:first|any|[a-z0-9_]+)|"
    r"status:(?:investigating|identified|mitigating|monitoring|resolved)|action:[a-z0-9_-]+|"
    r"health:all-up"
)


@dataclass(frozen=True)
class Item:
    __pydantic_config__ = STRICT
    text: Annotated[str, Text(1, limits.ITEM)]
    detail: Detail = ""
    role: str | None = None
    due: Duration | None = None
    done_when: str = ""
    source: str = ""


@dataclass(frozen=True)
class Phase:
    __pydantic_config__ = STRICT
    key: Annotated[str, KEY]
    title: Annotated[str, Text(1, limits.ITEM)]
    window: Line = ""
    items: tuple[Item, ...] = ()
    # The work that follows resolution (the postmortem …): its items stay due once the
    # incident is resolved, while every other phase's clock stops there. Not stated in any
    # phase of a playbook: its last phase is taken to be that one.
    after_resolution: bool | None = None
    source: str = ""


@dataclass(frozen=True)
class EscalationLevel:
    """Who is brought in next, and when: after a delay unresolved, or on a condition."""

    __pydantic_config__ = STRICT
    who: Annotated[str, Text(1, limits.ITEM)]
    after: Duration | None = None
    condition: Detail = ""
    source: str = ""


@dataclass(frozen=True)
class Command:
    """How the console helps the Incident Commander lead (the playbook's [command] table)."""

    __pydantic_config__ = STRICT
    # Past this long in a role, the roles pane suggests handing it over (none: never).
    handover_after: Duration | None = 4 * 3600.0
    # How long a decision stays open to objections.
    objection_window: Annotated[float, Seconds(5, 3600)] = 60.0
    # The time box a task gets when none is said.
    task_within: Annotated[float, Seconds(10, 86400)] = 300.0
    # When the IC starts a mitigation action, offer to hand it to the Technical Lead.
    ic_hands_off: bool = True


@dataclass(frozen=True)
class Playbook:
    __pydantic_config__ = STRICT
    name: Annotated[str, Text(1, pattern=r"^[A-Za-z0-9_.-]+$")]
    severities: Annotated[tuple[Severity, ...], NonEmpty()]
    title: Line = ""
    description: Detail = ""
    default_severity: str | None = None
    roles: tuple[Role, ...] = ()
    phases: tuple[Phase, ...] = ()
    # Status-update texts by name (initial_alert, progress_update, resolution_notice,
    # status_page_investigating …); {placeholders} are filled in from the incident.
    templates: dict[str, Annotated[str, Text(0, limits.NOTE)]] = field(default_factory=dict)
    escalation: tuple[EscalationLevel, ...] = ()
    command: Command = field(default_factory=Command)
    # The playbook whose severities and roles fill in what this one does not state, and
    # which parts were filled in that way when it was loaded.
    extends: str | None = None
    borrowed: tuple[str, ...] = ()
    # Where parts without a `source` of their own came from: "templates.NAME" → "FILE:LINE".
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [s.name for s in self.severities]
        if not names:
            raise ValueError("a playbook needs at least one severity level")
        if len(set(names)) != len(names):
            raise ValueError("severity names must be unique")
        if self.default_severity and self.default_severity not in names:
            raise ValueError(f"default_severity {self.default_severity!r} is not one of {names}")
        keys = [r.key for r in self.roles]
        if len(set(keys)) != len(keys):
            raise ValueError("role keys must be unique")
        if len({p.key for p in self.phases}) != len(self.phases):
            raise ValueError("phase keys must be unique")
        for phase in self.phases:
            for item in phase.items:
                if item.done_when and not DONE_WHEN.fullmatch(item.done_when):
                    raise ValueError(
                        f"phase {phase.key!r} item {item.text!r}: done_when {item.done_when!r} "
                        "is not one of role:KEY, roles:all, update:first, update:TEMPLATE, "
                        "status:STATUS, action:KIND, action:any, health:all-up"
                    )
                if item.done_when.startswith("role:") and item.done_when[5:] not in keys:
                    raise ValueError(
                        f"phase {phase.key!r} item {item.text!r}: done_when names role "
                        f"{item.done_when[5:]!r}, not one of {keys}"
                    )
                if item.role and item.role not in keys:
                    raise ValueError(
                        f"phase {phase.key!r} item {item.text!r}: role {item.role!r} "
                        f"is not one of {keys}"
                    )

    def severity(self, name: str) -> Severity:
        for sev in self.severities:
            if sev.name.lower() == name.lower():
                return sev
        raise KeyError(name)

    @property
    def initial_severity(self) -> str:
        return self.default_severity or self.severities[len(self.severities) // 2].name

    @property
    def post_incident_phases(self) -> frozenset[str]:
        """The keys of the phases whose items stay due once the incident is resolved."""
        if all(p.after_resolution is None for p in self.phases):
            return frozenset(p.key for p in self.phases[-1:])
        return frozenset(p.key for p in self.phases if p.after_resolution)

    def role(self, key: str) -> Role:
        for role in self.roles:
            if role.key == key:
                return role
        raise KeyError(key)


BUILTIN_DIR = "builtin/playbooks"


BORROWABLE = ("severities", "roles")


def extended(data: dict[str, Any], base: Callable[[str], Playbook] | None = None) -> dict[str, Any]:
    """Playbook data with the parts it borrows (`extends`) filled in from the named playbook,
    and `borrowed` saying which. Parts the file states itself are never replaced."""
    name = data.get("extends")
    if not isinstance(name, str) or not name:
        return data
    missing = [part for part in BORROWABLE if not data.get(part)]
    if not missing:
        return {**data, "borrowed": []}
    try:
        parent = (base or load_builtin)(name)
    except FileError:
        raise FileError(name, None, f"extends {name!r}: no playbook by that name") from None
    out = {**data, "borrowed": missing}
    for part in missing:
        out[part] = to_data(getattr(parent, part))
    if "severities" in missing and not data.get("default_severity"):
        out["default_severity"] = parent.default_severity
    return out


def from_data(data: dict[str, Any], base: Callable[[str], Playbook] | None = None) -> Playbook:
    """A playbook from data (an import's result, a parsed file), borrowed parts resolved."""
    return validate(Playbook, extended(data, base))


def _load(path: str | Path, text: str | None, base: Callable[[str], Playbook] | None) -> Playbook:
    data, source = read_toml(path, text)
    try:
        data = extended(data, base)
    except FileError as exc:
        raise FileError(path, None, exc.message) from None
    return validate_model(path, source, data, Playbook)


def load_file(path: str | Path, base: Callable[[str], Playbook] | None = None) -> Playbook:
    return _load(path, None, base)


def load_builtin(name: str = "default") -> Playbook:
    resource = resources.files("warroom").joinpath(BUILTIN_DIR, f"{name}.toml")
    if not resource.is_file():
        raise FileError(name, None, f"no built-in playbook named {name!r}")
    return _load(f"(built-in) {name}.toml", resource.read_text(encoding="utf-8"), None)


def search_path() -> list[Path | None]:
    """Where playbooks come from, later ones winning: built-ins (None), the user's, the project's."""
    from warroom.core.paths import config_dir

    return [None, config_dir() / "playbooks", Path("playbooks")]


class PlaybookLibrary:
    """Every playbook by name, from the search path; reloaded on demand.

    A file that breaks keeps its last good version in the library, and the problem is kept
    in `problems` (one line each) for the console or the CLI to show.
    """

    def __init__(self, folders: list[Path | None] | None = None) -> None:
        self.folders = search_path() if folders is None else folders
        self.playbooks: dict[str, tuple[Playbook, str]] = {}
        self.problems: dict[str, str] = {}
        self.reload()

    def files(self) -> list[tuple[str, str | Path]]:
        """(name, source) for every playbook file, in search order."""
        out: list[tuple[str, str | Path]] = []
        for folder in self.folders:
            if folder is None:
                builtin = resources.files("warroom").joinpath(BUILTIN_DIR)
                names = sorted(p.name for p in builtin.iterdir() if p.name.endswith(".toml"))
                out += [(n.removesuffix(".toml"), "(built-in)") for n in names]
            elif folder.is_dir():
                out += [(p.stem, p) for p in sorted(folder.glob("*.toml"))]
        return out

    def reload(self) -> None:
        found: dict[str, tuple[Playbook, str]] = {}
        problems: dict[str, str] = {}
        for name, source in self.files():

            def base(other: str, found: dict[str, tuple[Playbook, str]] = found) -> Playbook:
                return found[other][0] if other in found else load_builtin(other)

            try:
                playbook = load_builtin(name) if source == "(built-in)" else load_file(source, base)
            except FileError as exc:
                problems[str(source)] = str(exc)
                if name in self.playbooks and name not in found:
                    found[name] = self.playbooks[name]  # the last good version stays
                continue
            found[playbook.name] = (playbook, str(source))
        self.playbooks, self.problems = found, problems

    def get(self, name: str) -> Playbook:
        if name not in self.playbooks:
            known = ", ".join(sorted(self.playbooks)) or "none"
            raise FileError(name, None, f"no playbook named {name!r} (known: {known})")
        return self.playbooks[name][0]


def find_playbook(name: str | None) -> Playbook:
    """A playbook by name from the search path; with no name, warroom.toml's `playbook`, else
    the built-in default. Only that key of warroom.toml is read: a problem elsewhere in the
    file is for the console and `warroom check` to report, not for declaring an incident."""
    if not name:
        from warroom.core.paths import configured

        chosen = configured("playbook", strict=False)
        name = chosen if isinstance(chosen, str) and chosen else None
    return PlaybookLibrary().get(name or "default")
