"""The scale a document defines across its blocks: sibling headings or paragraphs that
name levels together, a list its lead-in calls the scale, a scale a sentence counts or
sorts issues into, and, where one is defined, the level words only mentioned elsewhere."""

from __future__ import annotations

import functools
import re

from markdown_it.token import Token

from warroom.runbooks.levels import (
    _LETTERED,
    COLOURS_SAID,
    _names_level,
    fit_name,
    level_lead,
    level_name,
    two_levels,
)
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.procedure import numbering
from warroom.runbooks.vocabulary import CODE, LEVEL_WORDS, _words, clean, said_any_case

# "prefix the title with one of the following, depending on the severity:", "Severity
# levels:", "Label the issue with one of the following priorities:": a lead-in that says the
# list under it is the scale.
_SCALE_LEAD = re.compile(
    r"(?i)(?:\bone\s+of\s+(?:the\s+)?following\b.*\b(?:severit|priorit|impact|criticalit)"
    r"|\b(?:severit|priorit|impact|criticalit)\w*\b.*\bone\s+of(?:\s+(?:the\s+)?following)?\b"
    r"|^(?:the\s+)?(?:severity|priority|impact)\s+(?:levels?|ratings?|classes|categories)"
    r"|^(?:severities|priorities)"
    # "There are three priority levels:", "We use four severity ratings:": the scale counted
    r"|^(?:there\s+are|we\s+(?:use|have))\s+(?:\w+\s+)?(?:severity|priority|impact)\s+"
    r"(?:levels|ratings|classes|categories)).{0,40}:$"
)
# "Bounty Category: ", "Severity: ": a label before the level's own name
_CLASS_LABEL = re.compile(
    r"(?i)^(?:[\w-]+\s+){0,2}(?:category|severity|priority|class|level|rating|track|type):\s*"
)


def lead_scale(lead: str, entries: list[Entry]) -> list[Entry]:
    """The items of a list its lead-in says are the scale ("one of the following, depending
    on the severity:" over "- [Bounty Category: Critical: Loss of Funds]", "- RPC"), each a
    short name, not a sentence: each a level, named as written."""
    # (a lead-in ends with a colon: the pattern is not tried on every paragraph)
    if not lead.rstrip().endswith(":") or len(lead) > 400 or len(entries) < 2:
        return []
    if not _SCALE_LEAD.search(clean(lead)):
        return []
    said = [_CLASS_LABEL.sub("", clean(e.text).strip(" []`*")) for e in entries]
    # "Critical, if an attacker can run code remotely", "High (e.g., system down)": the
    # name, then what it means
    parts = [(m.group(1), m.group(2) or "") for s in said
             if (m := _NAME_BRACKETED.match(s) or _NAME_THEN.match(s))]  # fmt: skip
    if len(parts) < len(said) or not all(
        0 < len(n.split()) <= 6 and not n.endswith((".", "?")) for n, _ in parts
    ):
        return []
    out = []
    for entry, (name, means) in zip(entries, parts, strict=True):
        # "Critical: Loss of Funds": the level's word before its own name stays in its title
        own = re.sub(rf"(?i)^(?:{'|'.join(LEVEL_WORDS)}):\s*", "", name)
        cells = {"=name": fit_name(own)} | ({"=title": name} if name != fit_name(own) else {})
        detail = "; ".join(d for d in (means, entry.detail) if d)
        out.append(Entry(name, detail, entry.line, cells))
    return out


_NAME_THEN = re.compile(r"^([^,]+?)(?:,\s+(\S.*))?$")
_NAME_BRACKETED = re.compile(r"^([^,()]+?)\s*\((\S[^()]*)\)\.?$")


def _a_scale(names: list[str]) -> bool:
    """Three different level names one after another, or two codes ("P1", "P2"): a scale,
    under any heading."""
    distinct = {n.lower() for n in names}
    coded = {n.lower() for n in names if CODE.match(n) or _LETTERED.match(n)}
    return len(distinct) >= 3 or len(coded) >= 2 or two_levels(names)


def level_paragraphs(tokens: list[Token]) -> set[int]:
    """The lines of paragraphs led by level names that make a scale together, between two
    headings ("**Critical**: …", "**High**: …", "**Low**: …")."""
    found: set[int] = set()
    run: list[tuple[int, str]] = []
    for n, token in enumerate(tokens + [Token("heading_open", "h1", 1)]):
        if token.type == "heading_open":
            if _a_scale([name for _, name in run]):
                found |= {line for line, _ in run}
            run = []
        elif (
            token.type == "paragraph_open"
            and token.level == 0
            and token.map
            and (lead := level_lead(tokens[n + 1]))
        ):
            run.append((token.map[0] + 1, lead[0]))
    return found


def level_headings(headings: list[tuple[int, str, int]]) -> set[int]:
    """The lines of sibling headings that name levels together ("### Critical", "### High",
    "### Low" under one heading), whatever their parent is called."""
    groups: dict[tuple[int, int], list[tuple[int, str]]] = {}
    parents: list[tuple[int, int]] = []  # (level, line) of the open headings
    for level, title, line in headings:
        parents = [p for p in parents if p[0] < level]
        key = (parents[-1][1] if parents else 0, level)
        groups.setdefault(key, []).append((line, numbering(title)[1]))
        parents.append((level, line))
    found: set[int] = set()
    for siblings in groups.values():
        named = [(line, words) for line, words in siblings if _names_level(words)]
        if _a_scale([w for _, w in named]) and len(named) * 2 >= len(siblings):
            found |= {line for line, _ in named}
    return found


# "We've created three tracks for vulnerabilities: PUBLIC, PRIVATE, and URGENT", "Issues are
# sorted into one of four categories.": a scale a sentence names by its count.
_COUNTED = re.compile(
    r"(?i)\b(?P<count>two|three|four|five|six|[2-6])\s+(?:[\w-]+\s+){0,2}?"
    r"(?:tracks|categories|classes|levels|tiers|ratings|severities|buckets|grades)\b(?P<rest>[^.]*)"
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def counted_scale(tokens: list[Token], headings: list[tuple[int, str, int]]) -> dict[int, str]:
    """Heading line → level name, for the headings a scale's sentence names one by one
    ("three tracks: PUBLIC, PRIVATE, and URGENT" over "### PUBLIC", "### PRIVATE", …),
    or, when it lists none, the sub-headings of its own section, as many as it counts."""
    found: dict[int, str] = {}
    for token in tokens:
        if token.type != "inline" or not token.map or not _names_a_scale(token.content):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", token.content):
            count, listed = _scale_said(sentence)
            if not count:  # most sentences name no scale: skip the walk over the headings
                continue
            below = _sub_headings(headings, token.map[0] + 1)
            if listed:
                # "### PUBLIC track": a heading led by one of the names it lists
                chosen = [(line, t) for _, t, line in headings if _lead_word(t) in listed]
            else:
                chosen = [(line, t) for _, t, line in below] if len(below) == count else []
            short = all(len(_words(numbering(t)[1])) <= 3 for _, t in chosen)
            if count and len(chosen) == count and short:
                found |= {line: fit_name(_lead_word(t) if listed else numbering(t)[1])
                          for line, t in chosen}  # fmt: skip
    return found


# "the security team will classify an issue as a PUBLIC, PRIVATE, or URGENT track issue":
# classes in capitals a triage sorts issues into.
_CLASSIFIED = re.compile(
    r"(?i)\b(?:classif|categori[sz]|sort|rate|rating|assign|label|triage)\w*\b[^.;]*?"
    r"\b(?:as|into)\s+(?:an?\s+|one\s+of\s+(?:the\s+)?)?(?P<list>[^.;:]+)"
)
_SCALE_SAID = re.compile(  # lower case: read with said_any_case
    r"\b(?:two|three|four|five|six|[2-6])\s|classif|categori|sort|rat|assign|label|triage"
)


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its paragraphs
def _names_a_scale(text: str) -> bool:
    return said_any_case(_SCALE_SAID, text)


def _scale_said(sentence: str) -> tuple[int, list[str]]:
    """How many classes a sentence says a scale has, and their names when it lists them."""
    if counted := _COUNTED.search(sentence):
        count = _COUNTS.get(counted.group("count").lower()) or int(counted.group("count"))
        rest = re.sub(r"[*_`]", "", counted.group("rest"))
        listed = list(dict.fromkeys(re.findall(r"\b[A-Z][\w-]*\b", rest)))
        return count, listed if len(listed) == count else []
    if classified := _CLASSIFIED.search(sentence):
        said = re.sub(r"[*_`\"“”']", "", classified.group("list"))  # "`PUBLIC`", "**PUBLIC**"
        parts = re.split(r"\s*(?:,|/|\bor\b|\band\b)\s*", said)
        names = [part.split()[0] for part in parts if part.split()]
        if len(names) >= 3 and all(re.fullmatch(r"[A-Z][A-Z0-9-]+", n) for n in names):
            return len(names), names
    return 0, []


def _sub_headings(headings: list[tuple[int, str, int]], at: int) -> list[tuple[int, str, int]]:
    """The headings one level below the section that holds line `at`."""
    above = [h for h in headings if h[2] < at]
    depth = above[-1][0] if above else 0
    out = []
    for heading in headings:
        if heading[2] <= at:
            continue
        if heading[0] <= depth:
            break
        if heading[0] == depth + 1:
            out.append(heading)
    return out


def _lead_word(title: str) -> str:
    words = clean(numbering(title)[1]).split()
    return words[0].strip("*_`:") if words else ""


# What a counted scale sorts: "three tracks for vulnerabilities", "four classes of issues".
_SORTS = re.compile(r"(?i)vulnerab|issue|incident|bug|report|severit|securit|risk|impact|fix")


def counted_names(text: str, line: int) -> list[Entry]:
    """The classes a sentence lists after counting them ("We have three tracks for
    vulnerabilities: PUBLIC, PRIVATE, and URGENT"), as levels, when it says what they sort."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        said = _COUNTED.search(sentence)
        if not said or not _SORTS.search(sentence):
            continue
        count = _COUNTS.get(said.group("count").lower()) or int(said.group("count"))
        listed = re.search(r"[:(]\s*([^:()]+)", said.group("rest"))
        parts = re.split(r"\s*(?:,|/|\bor\b|\band\b)\s*", listed.group(1)) if listed else []
        names = [p.strip(" .)") for p in parts if p.strip(" .)")]
        if len(names) == count and all(re.fullmatch(r"[A-Z][\w-]*", n) for n in names):
            return [Entry(n, "", line, {"=name": n}) for n in names]
    return []


def classified_names(text: str, line: int) -> list[Entry]:
    """The classes in capitals a sentence says issues are sorted into ("will classify an
    issue as a PUBLIC, PRIVATE, or URGENT track issue"), as levels."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _CLASSIFIED.search(sentence) and _SORTS.search(sentence):
            count, names = _scale_said(sentence)
            if names and not _COUNTED.search(sentence):
                return [Entry(n, "", line, {"=name": n}) for n in names]
    return []


# "### PRIVATE", "### PUBLIC track", "### Urgent track": a class's name in capitals, or any
# word before the noun of a class.
_CLASS_HEADING = re.compile(
    r"^(?:(?P<caps>[A-Z][A-Z-]{2,})(?:\s+(?i:tracks?|class|category))?"
    r"|(?P<word>[A-Za-z][\w-]*)\s+(?i:track|class|category))(?:\s+(?i:issues?|reports?))?$"
)
# A heading or a section's opening sentence that sorts reports: "## Tracks", "Reports are
# classified into one of the following tracks", "assigns it to a track", "## Severity".
_CLASSIFYING = re.compile(
    r"(?i)\b(?:tracks?\b|classif|categor|class(?:es)?\b|severit|priorit|triag|rated\b|rating"
    r"|impact\b)"
)


def class_headings(tokens: list[Token], headings: list[tuple[int, str, int]]) -> dict[int, str]:
    """Heading line → class name, for sibling headings that each name a class ("### PRIVATE",
    "### PUBLIC track") under a heading that classifies reports, by its title or by the
    sentences that open its section: two or more, most of the siblings."""
    groups: dict[tuple[int, int], list[tuple[int, str]]] = {}
    parents: list[tuple[int, int, str]] = []  # (level, line, title) of the open headings
    titles = {0: ""}
    for level, title, line in headings:
        parents = [p for p in parents if p[0] < level]
        groups.setdefault((parents[-1][1] if parents else 0, level), []).append((line, title))
        parents.append((level, line, title))
        titles[line] = title
    found: dict[int, str] = {}
    for (parent, _level), siblings in groups.items():
        named = [(line, m.group("caps") or m.group("word"))
                 for line, title in siblings
                 if (m := _CLASS_HEADING.match(clean(numbering(title)[1]).strip(" *_`:")))]  # fmt: skip
        if len(named) < 2 or len(named) * 2 < len(siblings):
            continue
        if len({name.lower() for _, name in named}) < len(named):
            continue
        opening = _opening(tokens, parent, siblings[0][0])
        if _CLASSIFYING.search(titles[parent]) or _CLASSIFYING.search(opening):
            found |= {line: fit_name(name) for line, name in named}
    return found


def _opening(tokens: list[Token], after: int, before: int) -> str:
    """The text between a heading's line and its first sub-heading's."""
    return " ".join(
        t.content for t in tokens if t.type == "inline" and t.map and after < t.map[0] + 1 < before
    )


# Level words a sentence or a list item only names, with nothing said of each ("each advisory
# carries a CVSS severity (critical, high, medium or low)").
_MENTIONED = ("levels named in a sentence", "levels named in a list item",
              "levels a paragraph rates issues by")  # fmt: skip


def prefer_defined(sections: list[Section]) -> None:
    """Where a document defines its scale (one level to a heading, row, item or paragraph)
    and a sentence elsewhere names other level words with nothing said of each, the scale it
    defines is its scale: the words merely mentioned are not placed, saying where it is."""
    levels = [s for s in sections if s.kind == "levels"]
    mentioned = [s for s in levels if s.reason in _MENTIONED and _bare(s.entries)]
    defined = [s for s in levels if s not in mentioned and s.entries]
    names = {_entry_name(e) for s in defined for e in s.entries} - {""}
    if len(names) < 2:
        return
    first = min(s.line for s in defined)
    for section in mentioned:
        if not {_entry_name(e) for e in section.entries} & names:
            section.kind = "not placed"
            section.reason = f"level words only mentioned; the scale is defined from line {first}"


def _bare(entries: list[Entry]) -> bool:
    return all(not e.detail and set(e.cells) <= {"=name"} for e in entries)


def _entry_name(entry: Entry) -> str:
    found = (entry.cells["=name"], "") if entry.cells.get("=name") else level_name(entry.text)
    return found[0].lower() if found else ""


# "## Incident categories", "### Alert levels", "Red alert": a place that speaks of grading
# incidents (not "## Reading the dashboard", whose green, amber and red are its tiles).
_GRADES_SAID = re.compile(
    r"(?i)severit|priorit|\blevels?\b|categor|classif|\balert|impact|incident|rating|grade"
    r"|escalat|\brag\b|condition|criticalit|urgenc|\bthreat|\bcode\b"
)


def colours_in_place(sections: list[Section]) -> None:
    """A scale of colours alone (green, amber, red) is a scale of levels only where its
    heading, or one of its own names ("Code Red", "Red alert"), speaks of grading incidents;
    a dashboard's or a build's colours are not placed, saying why."""
    scales: dict[tuple[str, ...], list[Section]] = {}
    for section in sections:
        names = [_entry_name(e) for e in section.entries]
        if section.kind == "levels" and names and all(_coloured(n) for n in names):
            # the nearest headings over it, not the document's title (nor, for a heading
            # that names a colour, the heading itself)
            above = section.path[1:] or section.path
            scales.setdefault(above[:-1] if section.block == "heading" else above, []).append(
                section
            )
    for above, scale in scales.items():
        said = " ".join((*above[-2:], *(e.text for s in scale for e in s.entries)))
        if not _GRADES_SAID.search(said):
            for section in scale:
                section.kind = "not placed"
                section.reason = "colours under a heading that grades no incidents"


def _coloured(name: str) -> bool:
    return name.split()[:1] != [] and name.split()[0] in COLOURS_SAID
