"""Turn a team's markdown runbook into a playbook file they can review and keep editing.

The public face of the importer (the CLI and the review screen use these names); the work is
done by the modules beside it: `outline` reads the document into blocks, `vocabulary` holds
the words of incident response, `levels`, `roles`, `steps`, `escalation`, `tables` and `code`
decide what each block states, `walk` goes through the document, and `build` turns the
classified sections into playbook data.
"""

from __future__ import annotations

from warroom.runbooks.build import Report, build, playbook_toml
from warroom.runbooks.model import BORROW_FROM, KINDS, Entry, Section
from warroom.runbooks.outline import read_runbook
from warroom.runbooks.roles import role_name
from warroom.runbooks.vocabulary import parse_response, parse_window, slug
from warroom.runbooks.walk import import_runbook, read_sections

__all__ = [
    "BORROW_FROM", "KINDS", "Entry", "Report", "Section", "build", "import_runbook",
    "parse_response", "parse_window", "playbook_toml", "read_runbook", "read_sections",
    "role_name", "slug",
]  # fmt: skip
