"""`warroom playbook`: list, show, validate, and import a markdown runbook."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.options import _say
from warroom.core.errors import UsageError
from warroom.core.words import plural
from warroom.text.safe import safe_line

PLAYBOOK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

playbooks = typer.Typer(
    help="Playbooks: list, show, validate, and import a markdown runbook.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@playbooks.command("list")
def playbook_list() -> None:
    """Every playbook on the search path: built-ins, ~/.config/warroom/playbooks, ./playbooks."""
    from warroom.core.playbook import PlaybookLibrary

    library = PlaybookLibrary()
    width = max((len(n) for n in library.playbooks), default=0)
    for name, (playbook, source) in sorted(library.playbooks.items()):
        levels = "/".join(s.name for s in playbook.severities)
        items = sum(len(p.items) for p in playbook.phases)
        _say(f"{name:<{width}}  {levels:<24} {items:>3} items  {source}")
    for problem in library.problems.values():
        _say(f"warroom: {problem}", err=True)


@playbooks.command("show")
def playbook_show(
    name: Annotated[str, typer.Argument(help="Playbook name, e.g. default.")],
) -> None:
    """A readable summary of one playbook."""
    from warroom.core.playbook import find_playbook
    from warroom.core.timefmt import format_duration

    pb = find_playbook(name)

    def part(title: str, key: str) -> str:
        return f"\n{title}" + (f" (borrowed from {pb.extends})" if key in pb.borrowed else "")

    def where(source: str) -> str:
        return f"  [{source}]" if source else ""

    _say(f"{pb.name}: {pb.title}")
    if pb.description:
        _say(pb.description)
    _say(part("Severities", "severities"))
    for sev in pb.severities:
        respond = format_duration(sev.response) if sev.response is not None else "-"
        update = format_duration(sev.update_every) if sev.update_every is not None else "-"
        _say(
            f"  {sev.name:<8} {sev.title:<10} respond {respond:<5} update {update:<5} "
            f"{sev.meaning}{where(sev.source)}"
        )
    _say(part("Roles", "roles"))
    for role in pb.roles:
        _say(
            f"  {role.name} ({role.label}): {'; '.join(role.responsibilities)}{where(role.source)}"
        )
    _say("\nPhases")
    for phase in pb.phases:
        _say(f"  {phase.title} {phase.window}".rstrip() + f": {plural(len(phase.items), 'item')}")
        for item in phase.items:
            due = f" (T+{format_duration(item.due)})" if item.due is not None else ""
            _say(f"    - {item.text}{due}{where(item.source)}")
    if pb.templates:
        _say("\nTemplates: " + ", ".join(pb.templates))
    if pb.escalation:
        _say("\nEscalation")
        for n, level in enumerate(pb.escalation, 1):
            when = " ".join(
                x
                for x in (
                    f"after {format_duration(level.after)}" if level.after else "",
                    level.condition,
                )
                if x
            )
            _say(f"  {n}. {level.who}" + (f" ({when})" if when else "") + where(level.source))


@playbooks.command("validate")
def playbook_validate(file: Annotated[str, typer.Argument(help="A playbook .toml file.")]) -> None:
    """Check a playbook file; errors name the file, the line and the field."""
    from warroom.core.playbook import load_file

    pb = load_file(file)
    print(
        f"{file}: ok ({pb.name}: {len(pb.severities)} levels, {plural(sum(len(p.items) for p in pb.phases), 'item')})"
    )


@playbooks.command("import")
def playbook_import(
    runbook: Annotated[str, typer.Argument(help="A markdown runbook, e.g. INCIDENT_RESPONSE.md.")],
    name: Annotated[
        str | None, typer.Option(help="Playbook name. Default: from the file name.")
    ] = None,
    output: Annotated[
        str | None, typer.Option(help="Where to write it. Default: ./playbooks/NAME.toml.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Write without the review screen (for scripts).")
    ] = False,
) -> None:
    """Turn a markdown runbook into a playbook file: review what was taken from each section
    (in a terminal), then write it with the line each fact came from."""
    from pydantic import ValidationError

    from warroom.core.playbook import from_data
    from warroom.runbooks.importer import import_runbook, playbook_toml, read_runbook, slug

    source = Path(runbook)
    text, not_utf8 = read_runbook(source)
    name = name or slug(source.stem, 40)
    if not PLAYBOOK_NAME.fullmatch(name):
        raise UsageError(
            f"--name {safe_line(name)!r}: a playbook name is letters, digits, '-', '_' and '.', "
            "starting with a letter or digit"
        )
    report = import_runbook(text, name, source.name)
    if not (report.levels_found or report.roles_found or report.items):
        raise UsageError(
            f"{runbook}: found no severity levels, roles or steps in it: nothing to import"
        )
    target = Path(output) if output else Path("playbooks") / f"{name}.toml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists: choose another --output, or --force to overwrite")
    if not yes and sys.stdin.isatty() and sys.stdout.isatty():
        from warroom.tui.screens.import_review import review

        reviewed = review(report)
        if reviewed is None:
            print("nothing written")
            raise typer.Exit(1)
        report = reviewed
    try:
        from_data(report.playbook)  # what is written must load again
    except ValidationError as exc:
        raise UsageError(f"{runbook}: the playbook made from it does not load: {exc}") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(playbook_toml(report), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror}") from None
    _say(report.summary())
    print(f"\nwrote {target}; check it with: warroom playbook validate {target}")
    if not_utf8:
        # Such bytes are read as "�": say where, so the text written can be checked there.
        lines = ", ".join(str(n) for n in not_utf8[:5]) + (" …" if len(not_utf8) > 5 else "")
        _say(f"warroom: {runbook}: not UTF-8 text on line(s) {lines}: read as '\ufffd'", err=True)
