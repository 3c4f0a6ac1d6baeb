"""Escalation written as lines of one paragraph, each led by its rung ("Level 1: the
on-call engineer", "Secondary: the team lead, after 15 minutes"): a ladder without list
markers, which Markdown joins into one paragraph."""

from __future__ import annotations

import re

from warroom.runbooks.escalation import TIER
from warroom.runbooks.escalation_who import _who
from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import clean

# "Level 1: …", "**Secondary** – …", "Tier 2 - …": a rung's label, then who is on it.
_LINE = re.compile(r"^\W*(?P<label>[\w -]{1,30}?)\W*\s*(?::|\s[-–—]\s)\s*(?P<who>\S.*)$")


def rung_lines(content: str, line: int) -> list[Entry]:
    """Who each line of a paragraph puts on a rung, in order, when every line (two or more)
    is led by a rung's label; otherwise none (one labelled line is the paragraph's own)."""
    lines = [s for s in re.split(r"\s*(?:\n|<br\s*/?>)\s*", content) if s.strip()]
    if len(lines) < 2:
        return []
    found: list[Entry] = []
    for n, text in enumerate(lines):
        plain = re.sub(r"\*\*|__", "", clean(text))
        match = _LINE.match(plain)
        if not match or not TIER.match(match.group("label").strip()):
            return []
        # the rung's delay is no part of who is on it ("…, after 15 minutes")
        who = _who(re.split(r",\s+(?=after|within|if|when)\b", match.group("who"))[0])
        if not who:
            return []  # "Level 1: full outage": what a level means, not who is on a rung
        found.append(Entry(who, plain, line + n))
    return found


# A diagram's node: "A[Support agent]", "B(Team lead)", "C{CTO}", "D((On-call))", "E>Ops]".
_NODE = re.compile(
    r"\b([A-Za-z][\w-]*)\s*(?:\[\[?|\(\(?|\{\{?|>)\s*\"?([^\]\)\}\"|]+?)\"?\s*(?:\]\]?|\)\)?|\}\}?)"
)
# An edge of a diagram: "-->", "---", "==>", "-.->", "--> |after 15 min|"
_EDGE = re.compile(r"\s*(?:-{2,}|={2,}|-\.+-?)(?:>|\s)\s*(?:\|[^|]*\|\s*)?")


def diagram_chain(text: str) -> str:
    """A flowchart written as text (Mermaid's "graph LR" over "A[Support] --> B[Team lead]")
    as one line of arrows between its nodes' labels, in the order first drawn; "" when it is
    no such diagram."""
    lines = text.strip().splitlines()
    if not lines or not re.match(r"(?i)\s*(?:graph|flowchart)\b", lines[0]):
        return ""
    labels = {m.group(1): clean(m.group(2)) for m in _NODE.finditer(text)}
    order: list[str] = []
    for line in lines[1:]:
        for node in _EDGE.split(_NODE.sub(r"\1", line.strip(" ;"))):
            name = labels.get(node.strip(), node.strip())
            if name and name not in order:
                order.append(name)
    return " → ".join(order) if len(order) >= 2 else ""
