"""Severity levels: what names a level ("SEV-1", "P1 - Critical", "Critical") and what a
level's row, heading or line says about it (meaning, response time, update cadence)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from markdown_it.token import Token

from warroom.core.timefmt import format_duration
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import _bold_lead, _inline_text
from warroom.runbooks.procedure import numbering
from warroom.runbooks.vocabulary import (
    CODE,
    LEVEL_WORDS,
    _words,
    clean,
    first_duration,
    parse_response,
    said_any_case,
)

COLOURS = ["#e5484d", "#f76b15", "#ffc53d", "#5b8def", "#8e8c99", "#8e8c99"]


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def level_name(text: str) -> tuple[str, str] | None:
    """(name, title) if the text names a severity level: "SEV-1", "Sev1: Critical (Full
    Outage)", "Severity:1 Critical", "P1 - Critical", "CRITICAL (P0)", "Critical"."""
    text = clean(text).strip(" *:-–—#")  # "#P1" (a tag-like level in a table)
    # "9.0-10.0 (Critical)": a score band, then the level it is
    text = _BAND.sub(r"\1", text)
    match = CODE.search(text)
    if match and (match.start() == 0 or text[: match.start()].strip(" ([").lower() in LEVEL_WORDS):
        code = re.sub(r"\s*[:#_]\s*|\s+", " ", match.group("code")).strip()
        code = code.upper() if len(code) <= 6 else code
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ()[]:-–—")
        rest = re.sub(r"^[\s()\[\]:\-–—]+|[\s()\[\]:\-–—]+$", "", rest)
        return fit_name(code), rest
    # "Severity: Critical", "Priority – High": the label before the level's word
    text = _unlabelled(text)
    if said := _named_sentence(text):  # "CRITICAL Severity. This affects …"
        text = said[0]
    words = text.split()
    if words and _JOINED.match(words[0]) and len(words) <= 6:
        # "High-severity vulnerability": the level's word joined to what it rates
        return fit_name(words[0].strip(",.")), " ".join(words[1:]).strip(" ()[]:-–—")
    if words and (clause := _CLAUSE.match(text)):  # "High, if data can leak": what it means
        word = clause.group(1)
        return fit_name(word.capitalize() if word.isupper() else word), ""
    if words and words[0].lower().strip(",.") in LEVEL_WORDS and len(words) <= 6:
        word = words[0].strip(",.")
        return fit_name(word.capitalize() if word.isupper() else word), (
            " ".join(words[1:]).strip(" ()[]:-–—")
        )
    return None


_WORD_ALT = "(?:" + "|".join(sorted(LEVEL_WORDS)) + ")"
_CLAUSE = re.compile(
    rf"(?i)^({_WORD_ALT}),\s+((?:if|when|where|for|e\.g\.|such as|otherwise)\b.*)$"
)
_BAND = re.compile(
    r"^(?:cvss\S*\s*)?\d+(?:\.\d+)?\s*(?:[-–—]|to)\s*\d+(?:\.\d+)?\s*\(([^()]+)\)$", re.I
)


_JOINED = re.compile(rf"(?i)^(?:{'|'.join(sorted(LEVEL_WORDS))})-(?:severity|impact|risk)[,.]?$")


def _unlabelled(text: str) -> str:
    """ "Severity: Critical", "Priority – High", "Category A: Critical", "Class 2 – High": the
    level without the label before it."""
    text = re.sub(r"(?i)^(?:severity|priority|impact|rating)\s*[:\-–—]\s*(?=[a-z])", "", text)
    return _CLASS_LABEL_BEFORE.sub("", text)


_CLASS_LABEL_BEFORE = re.compile(
    rf"(?i)^(?:category|class|group)\s+\w{{1,3}}\s*[:\-–—]\s*(?={_WORD_ALT}\b)"
)


def coded_heading(title: str) -> bool:
    """A heading led by a level's code ("### SEV1", "### P2 – High", "### Level 1 – Critical"),
    not by a numbered "Level" of something else ("## Level 2 heading")."""
    text = clean(title).strip(" *")
    match = CODE.match(text)
    if not match:
        return False
    if not re.match(r"(?i)l(?:evel)?\b", match.group("code")):
        return True
    rest = set(_words(text[match.end() :]))
    return not rest or bool(rest & (LEVEL_WORDS | _LEVEL_NOUNS))


def _named_sentence(text: str) -> tuple[str, str] | None:
    """ "CRITICAL Severity. This affects …": a level's name as a sentence of its own, and
    what follows it."""
    said = re.match(r"^([A-Za-z]+(?:[ -][A-Za-z]+)?)[.:]\s+(\S.*)$", text, re.DOTALL)
    if said and set(_words(said.group(1))[1:]) <= _LEVEL_NOUNS:
        return said.group(1), said.group(2)
    return None


def fit_name(name: str, limit: int = 16) -> str:
    """A name within the field's limit, cut between words, never inside one."""
    if len(name) <= limit:
        return name
    kept = ""
    for word in name.split():
        if len(kept) + len(word) + bool(kept) > limit:
            break
        kept = f"{kept} {word}".strip()
    # "Consensus /" of "Consensus / Safety Violations": the cut ends on a word
    return kept.rstrip(" /&,:;–—-") or name.split()[0][:limit]


def _level_lines(text: str, line: int) -> list[Entry]:
    """ "SEV-1: update every 15 minutes" lines of a paragraph, as level entries."""
    out = []
    for part in re.split(r"\s*\n\s*|(?<=[.;])\s+(?=(?:sev|p|priority)\s*-?\d)", text, flags=re.I):
        match = re.match(rf"^\s*{CODE.pattern}\s*[:\-–—]\s*(?P<rest>.+)$", part, re.I)
        if match:
            out.append(Entry(match.group("code"), match.group("rest"), line))
    return out


# "P1 incidents page the on-call at once.": a sentence about one level, led by its code.
_CODED_SENTENCE = re.compile(
    r"(?i)^(?:an?\s+|the\s+)?(?P<code>(?:sev(?:erity)?|priority|p)\s*[-:#_ ]?\s*\d{1,2})\b"
    r"\s*(?:incidents?|issues?|bugs?|alerts?|tickets?|outages?)?\s*[:,–—-]?\s+(?P<rest>\w.+)$"
)


def coded_sentences(text: str, line: int) -> list[Entry]:
    """ "P1 incidents page the on-call immediately. P2 incidents wait until morning.": two or
    more sentences each led by a different level's code, and what each says of it."""
    sentences = [s for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]
    found = [m for s in sentences if (m := _CODED_SENTENCE.match(s.strip()))]
    codes = {re.sub(r"\W", "", m.group("code").lower()) for m in found}
    if len(codes) < 2 or len(found) < len(sentences):
        return []
    said = [re.sub(r"(?i)^(?:is|are|means)\s+", "", m.group("rest")).rstrip(". ;") for m in found]
    return [
        Entry(m.group("code"), rest.rstrip(";"), line) for m, rest in zip(found, said, strict=True)
    ]


# "Critical severity issues allow remote code execution.", "Low-severity issues are fixed in
# the next release.", "Important issues get a coordinated release.": a sentence about one level.
_WORDED_SENTENCE = re.compile(
    rf"(?i)^(?:an?\s+|the\s+)?(?P<word>{'|'.join(sorted(LEVEL_WORDS))})"
    r"(?:[- ](?:severity|priority|impact|risk))?\s+(?P<noun>(?:security\s+)?(?:issues?|vulnerabilit(?:y|ies)"
    r"|bugs?|incidents?|problems?|flaws?|reports?|outages?)\b|(?:severity|priority)\b)\s*(?P<rest>\w.+)$"
)


def _many_worded(text: str) -> bool:
    """Sentences led by different levels' words in one paragraph: each is a level."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]
    return len({m.group("word").lower() for s in sentences if (m := _WORDED_SENTENCE.match(s))}) > 1


def worded_sentences(text: str, line: int) -> list[Entry]:
    """Sentences each led by a different level's word and the kind of issue it rates, three
    or more in a paragraph: "Critical issues are fixed at once. High issues …"."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]
    found = [m for s in sentences if (m := _WORDED_SENTENCE.match(s))]
    if len({m.group("word").lower() for m in found}) < 3:
        return []
    return [Entry(m.group("word").capitalize(), m.group(0).rstrip(". ;"), line) for m in found]


# "Critical means the issue can be exploited remotely": a level, then what it means.
_LEVEL_MEANS = re.compile(
    rf"(?i)^(?P<word>{'|'.join(sorted(LEVEL_WORDS))})(?:[- ](?:severity|priority|impact|risk))?"
    r"\s+(?:means|indicates|denotes|covers|applies\s+to|is\s+(?:used\s+)?for)\s+\w"
)


def worded_items(entries: list[Entry]) -> list[Entry]:
    """A list whose every item is a sentence led by a different level's word and the kind of
    issue it rates ("- **Critical severity issues** are fixed within 7 days."), three or more:
    each a level, the sentence what it says of it."""
    found = [
        (e, m)
        for e in entries
        if (m := _WORDED_SENTENCE.match(clean(e.text)) or _LEVEL_MEANS.match(clean(e.text)))
    ]
    words = {m.group("word").lower() for _, m in found}
    if len(found) < len(entries) or len(words) < min(3, len(entries)) or len(words) < 2:
        return []
    said = [(e, m, f"{e.text} {e.detail}".strip()) for e, m in found]
    return [Entry(m.group("word").capitalize(), text, e.line) for e, m, text in said]


# "…; i. High: the incident is catastrophic; …": a part of an item's detail led by a level
# (a sub-item's marker before it) and a colon.
_DETAIL_LEVEL = re.compile(
    rf"(?i)(?:^|;\s)\s*(?:(?:[ivx]+|[a-z]|\d{{1,2}})[.)]\s+)?"
    rf"(?P<level>{'|'.join(sorted(LEVEL_WORDS))}|{CODE.pattern})\s*(?::|\s[–—-])\s+(?=\S)"
)
_SPEAKS_OF_LEVELS = re.compile(r"(?i)\b(?:severit|priorit|impact|criticalit|urgenc)")


def detail_levels(entry: Entry) -> list[Entry]:
    """Levels a list item's sub-items or paragraphs define one by one ("assign a severity
    level:" over "i. High: …", "i. Medium: …", "i. Low: …"): two or more under an item that
    speaks of severity, or three or more."""
    if not any(mark in entry.detail for mark in (":", " –", " —", " -")):
        return []  # (most items' details name no level: the pattern is not tried on them)
    marks = list(_DETAIL_LEVEL.finditer(entry.detail))
    names = {m.group("level").lower() for m in marks}
    if len(names) < (2 if _SPEAKS_OF_LEVELS.search(entry.text) else 3) or len(names) < len(marks):
        return []
    return [
        Entry(m.group("level"),
              entry.detail[m.end() : marks[n + 1].start() if n + 1 < len(marks) else None]
              .strip(" ;"), entry.line)
        for n, m in enumerate(marks)
    ]  # fmt: skip


def severity_labels(entries: list[Entry]) -> list[Entry]:
    """The items of a list of outcomes whose labels say which severity they are ("**Low-severity
    vulnerability**: …", "**High-severity vulnerability**: …" among "**Bug**: …"), two or
    more different ones."""
    found = [e for e in entries if _JOINED.match(e.text.split()[0] if e.text.split() else "")]
    if len({e.text.split()[0].lower() for e in found}) < 2:
        return []
    return [Entry(e.text, e.detail, e.line) for e in found]


# "prefix the title with one of the following, depending on the severity:", "Severity
# levels:", "Label the issue with one of the following priorities:": a lead-in that says the
# list under it is the scale.
_SCALE_LEAD = re.compile(
    r"(?i)(?:\bone\s+of\s+(?:the\s+)?following\b.*\b(?:severit|priorit|impact|criticalit)"
    r"|\b(?:severit|priorit|impact|criticalit)\w*\b.*\bone\s+of(?:\s+(?:the\s+)?following)?\b"
    r"|^(?:the\s+)?(?:severity|priority|impact)\s+(?:levels?|ratings?|classes|categories)"
    r"|^(?:severities|priorities)).{0,40}:$"
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
    # "Critical, if an attacker can run code remotely": the name, then what it means
    parts = [(m.group(1), m.group(2) or "") for s in said if (m := _NAME_THEN.match(s))]
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


# "priority::high", "severity/critical", "sev:1": a scoped label a tracker sets for a level.
_SCOPED_LABEL = re.compile(
    r"(?i)(?<![\w:/])(?P<label>(?:severity|priority|sev|prio|impact)(?:::|/|:)(?P<value>[\w-]+))"
)


def scoped_labels(sentence: str, line: int) -> list[Entry]:
    """Levels a sentence names as the labels an issue tracker sets ("we label it with
    `priority::high`, `priority::higher`, or `priority::highest`"), two or more: each named
    by its value, the label as written its title."""
    found = {m.group("label").lower(): m for m in _SCOPED_LABEL.finditer(sentence)}
    if len(found) < 2:
        return []
    return [
        Entry(m.group("label"), "", line,
              {"=name": fit_name(m.group("value")), "=title": m.group("label")})
        for m in found.values()
    ]  # fmt: skip


# "critical and high severity issues", "medium or low ones", "low-impact bugs": level words
# before the issues they rate.
_RATED = re.compile(
    rf"(?i)(?<![\w-])(?P<run>{_WORD_ALT}(?:(?:\s*,\s*|\s*,?\s+(?:and|or)\s+){_WORD_ALT})*)"
    r"[- ](?:(?:severity|impact|risk)\b|(?:(?:severity|impact|risk|priority)[- ])?"
    r"(?:security\s+)?(?:issues?|vulnerabilit(?:y|ies)|bugs?|flaws?|reports?|ones|cves?)\b)"
)


def rated_issues(text: str, line: int) -> list[Entry]:
    """Levels a paragraph rates issues by, a few at a time ("critical and high severity issues
    get a dedicated release; medium and low ones wait for the next"): three or more different
    level words before the issues they rate, in the order said."""
    if len(set(_words(text)) & LEVEL_WORDS) < 3:
        return []  # (three level words at least: the pattern is not tried on other text)
    names: dict[str, str] = {}
    for match in _RATED.finditer(text):
        for word in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group("run")):
            names.setdefault(word.lower(), word)
    if len(names) < 3:
        return []
    return [Entry(word, "", line) for word in names.values()]


def _add_level(
    entry: Entry, severities: list[dict[str, Any]], at: Callable[[int], str], notes: list[str]
) -> None:
    """A level entry into the playbook's levels: a new level, or more about one already
    named (a table row, then a heading's lines about the same level)."""
    cells = entry.cells
    found = (cells["=name"], "") if cells.get("=name") else level_name(entry.text)
    if not found:
        return
    name, title = found
    title = title or cells.get("=title", "")  # a long name, cut to fit, kept whole as the title
    if set(_words(title)) <= _LEVEL_NOUNS:
        title = ""  # "Critical severity issues": "severity issues" is no title
    title, entry = _titled(title, entry)
    if said := re.search(r"\s*\(([^()]*\d[^()]*)\)?$", title):
        # "P1 – Critical (respond within 15 minutes)": the brackets say more than the title
        title = title[: said.start()]
        entry = Entry(entry.text, f"{said.group(1)}; {entry.detail}".strip("; "), entry.line, cells)
    existing = next((s for s in severities if s["name"].lower() == name.lower()), None)
    if existing and cells.get("=title") and existing.get("title") != cells["=title"]:
        name, existing = _apart(cells["=title"], existing.get("title", ""), severities), None
    sev = existing or {"name": name, "source": at(entry.line)}
    if title and "title" not in sev:
        sev["title"] = title
    for key, value in cells.items():
        if value and value != entry.text and not key.startswith("="):
            _level_cell(sev, key, value, bool(title), notes)
    if entry.detail:
        _level_detail(sev, entry.detail)
    if existing is None:
        severities.append(sev)


def _titled(title: str, entry: Entry) -> tuple[str, Entry]:
    """ "**SEV 1 — Critical.** The whole site is down…": the word is the level's title."""
    if not entry.detail and not entry.cells and (named := _named_sentence(clean(entry.text))):
        entry = Entry(entry.text, named[1], entry.line)  # "CRITICAL Severity. This affects …"
    if not entry.detail and not entry.cells and (clause := _CLAUSE.match(clean(entry.text))):
        entry = Entry(entry.text, clause.group(2), entry.line)  # "High, if data can leak"
    lead = re.match(r"^\s*([A-Za-z]+)\s*[.:]\s+(.*)$", entry.detail)
    if not title and lead and lead.group(1).lower() in LEVEL_WORDS:
        return lead.group(1), Entry(entry.text, lead.group(2), entry.line, entry.cells)
    return title, entry


def _apart(title: str, other: str, severities: list[dict[str, Any]]) -> str:
    """A name for a long level whose words cut to fit are another's ("Minimal Impact" for
    "MINIMAL IMPACT TO CRITICAL SERVICES" beside "… TO NON-CRITICAL SERVICES"): the longest
    run of its words that fits and holds a word the other has not (nothing made up)."""
    words = title.title().split()
    theirs = set(other.title().split())
    taken = {s["name"].lower() for s in severities}
    runs = [
        " ".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
        if set(words[start:end]) - theirs
    ]
    fits = [r for r in runs if len(r) <= 16 and r.lower() not in taken]
    # "Non-Critical" rather than "To Non-Critical": a run that starts and ends on a word
    # that says something, then the longest.
    return max(fits, key=lambda r: (_says(r.split()[0]) and _says(r.split()[-1]), len(r)),
               default=fit_name(title.title()))  # fmt: skip


def _says(word: str) -> bool:
    return word.lower() not in {"of", "to", "the", "and", "or", "for", "in", "on", "but", "a"}


_UPDATE_COLUMN = ("update", "cadence", "frequency", "comms", "communication")
_RESPONSE_COLUMN = ("response", "respond", "ack", "sla", "time to", "target")
_MEANING_COLUMN = ("impact", "definition", "criteria", "description", "meaning", "condition",
                   "when", "summary")  # fmt: skip


def _level_cell(sev: dict[str, Any], key: str, value: str, titled: bool, notes: list[str]) -> None:
    """What one column of a level's row says, by the column's name."""
    if any(w in key for w in _UPDATE_COLUMN):
        if (seconds := first_duration(value)) is not None and "update_every" not in sev:
            sev["update_every"] = format_duration(seconds)
    elif any(w in key for w in _RESPONSE_COLUMN):
        _level_response(sev, value, notes)
    elif "example" in key:
        sev["examples"] = [e.strip() for e in re.split(r"[,\n]", value) if e.strip()]
    elif any(w in key for w in _MEANING_COLUMN):
        text = value.split("\n")[0]
        if not titled and len(text.split()) == 1 and "title" not in sev:
            sev["title"] = text
        else:
            sev.setdefault("meaning", text)
    elif key in ("name", "label") and "title" not in sev:
        sev["title"] = value


def _level_detail(sev: dict[str, Any], detail: str) -> None:
    """What a level's line or paragraphs say: "update every 30 minutes", "respond within
    15 minutes", and its meaning."""
    every = re.search(r"(?i)\bevery\s+(\d[^.;,]*)", detail)
    seconds = first_duration(every.group(1)) if every else None
    if seconds is not None and "update_every" not in sev:
        sev["update_every"] = format_duration(seconds)
    respond = re.search(r"(?i)(respon\w*|acknowledg\w*|ack)\b[^.;]*", detail)
    # "response > 4 weeks", "in more than 4 weeks": no target to respond by
    longer = respond and _LONGER.search(respond.group(0))
    if (
        respond
        and not longer
        and "response" not in sev
        and (seconds := first_duration(respond.group(0))) is not None
    ):
        sev["response"] = format_duration(seconds)
    if "meaning" not in sev and not re.match(r"(?i)^\s*(update|every|respon)", detail):
        sev["meaning"] = detail.split("; ")[0]


_LONGER = re.compile(r"(?i)(?:>|≥|>=|\bmore than|\bover|\bat least|\blonger than)\s*\d")


def _level_response(sev: dict[str, Any], value: str, notes: list[str]) -> None:
    seconds = parse_response(value)
    if seconds is None and not re.match(r"(?i)^\s*(?:>|≥|>=|more than|over|at least)", value):
        seconds = first_duration(value)  # "> 4 weeks" is no target to respond by
    if seconds is not None and "response" not in sev:
        sev["response"] = format_duration(seconds)
    elif seconds is None:
        notes.append(f"{sev['name']}: response time {value!r} not understood")


def ranked(entries: list[Entry], severities: list[dict[str, Any]]) -> None:
    """Cadences a document gives the levels by rank ("hourly for the top level, twice a day
    for the next"), once the levels are known, most severe first."""
    for entry in entries:
        rank = entry.cells["=rank"]
        chosen = severities[int(rank[:-1]) :] if rank.endswith("+") else severities[int(rank) :][:1]
        for sev in chosen:
            seconds = first_duration(entry.cells.get("update every", ""))
            if seconds is not None and "update_every" not in sev:
                sev["update_every"] = format_duration(seconds)


def level_lead(inline: Token, worded: bool = True) -> tuple[str, str] | None:
    """A paragraph led by a level's name, and what it says of it: "**Critical**: remote code
    execution", a definition ("Critical" on its own line, its meaning indented below),
    "P1 – Outage", and when `worded`, a sentence led by a level's word ("Critical
    vulnerabilities are fixed within a week.")."""
    lead = _bold_lead(inline)
    lines = inline.content.strip().split("\n", 1)
    if lead:
        term, rest = clean(lead[0]), clean(lead[1])
    elif len(lines) == 2 and len(_words(lines[0])) <= 4:
        term, rest = clean(lines[0]), clean(_inline_text(inline))[len(clean(lines[0])) :]
    elif (
        worded
        and (sentence := _WORDED_SENTENCE.match(clean(_inline_text(inline))))
        and not _many_worded(sentence.group(0))
    ):
        # "Critical vulnerabilities are fixed within a week.": the sentence says what it means
        term, rest = sentence.group("word"), sentence.group(0)
    else:
        said = re.match(r"^([^:–—]{1,40}?)\s*(?::|\s[–—-])\s+(.+)$", clean(_inline_text(inline)))
        if not said:
            return None
        term, rest = said.groups()
    term, rest = term.strip(" *:–—-."), rest.strip().lstrip(":–—- ")
    # "**Critical**" alone over the paragraph that says what it means: a heading in bold.
    alone = bool(lead) and not rest
    if not (rest or alone) or len(_words(term)) > 6 or not _names_level(term):
        return None
    return term, rest


def level_line_run(content: str, line: int, in_levels: bool) -> list[Entry]:
    """ "**Critical:** remote code execution" / "**High:** data leak" / …, one level to a
    line of one paragraph: every line a level and what it means (three or more different
    levels, or two under a levels heading)."""
    lines = [re.sub(r"\*\*|__", "", clean(part)) for part in content.strip().split("\n")]
    if len(lines) < 2:
        return []
    if bare := _bare_lines(lines, line):
        return bare
    said = [re.match(r"^([^:–—]{1,40}?)\s*(?::|\s[–—-])\s+(\S.*)$", part) for part in lines]
    found = [(m.group(1).strip(" *"), m.group(2)) for m in said if m]
    if len(found) < len(lines) or not all(_names_level(term) for term, _ in found):
        return []
    if len({term.lower() for term, _ in found}) < (2 if in_levels else 3):
        return []
    return [Entry(term, rest.strip(" *"), line + n) for n, (term, rest) in enumerate(found)]


def _bare_lines(lines: list[str], line: int) -> list[Entry]:
    """ "Severity levels:" over "Critical", "High", "Low" lines of one paragraph: a lead-in
    that speaks of severity, then a level's bare name to a line (two or more)."""
    if not (lines[0].endswith(":") and _SPEAKS_OF_LEVELS.search(lines[0])):
        return []
    names = [n.strip(" *_`.") for n in lines[1:]]
    if not all(_names_level(n) and len(n.split()) <= 3 for n in names):
        return []
    if len({n.lower() for n in names}) < 2:
        return []
    return [Entry(n, "", line + k) for k, n in enumerate(names, 1)]


# Words that may follow a level's word in its name ("Critical severity", "High impact issues").
_LEVEL_NOUNS = {"severity", "priority", "impact", "risk", "level", "rating", "issue", "issues",
                "vulnerability", "vulnerabilities", "bug", "bugs", "incident", "incidents"}  # fmt: skip


def _names_level(term: str) -> bool:
    """A level's whole name: "Critical", "SEV1 (Critical)", "P2 - High", "Critical severity
    (CVSS 9.0-10.0)", not "Low traffic"."""
    if not level_name(term):
        return False
    if CODE.match(term):
        return coded_heading(term)  # not "Level 2 heading"
    words = _words(re.sub(r"\([^()]*\)", "", _CLASS_LABEL_BEFORE.sub("", clean(term))))
    return bool(words) and words[0] in LEVEL_WORDS and set(words[1:]) <= _LEVEL_NOUNS


def level_word(text: str) -> str:
    """The level word a list item's name is ("Critical (CVSS 9.0-10.0)" → "critical"), or ""."""
    return _words(text)[0] if _names_level(text) and not CODE.match(text) else ""


def _a_scale(names: list[str]) -> bool:
    """Three different level names one after another, or two codes ("P1", "P2"): a scale,
    under any heading."""
    distinct = {n.lower() for n in names}
    coded = {n.lower() for n in names if CODE.match(n)}
    return len(distinct) >= 3 or len(coded) >= 2


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


# "NO IMPACT – Event has no impact NO IMPACT TO SERVICES – …": names in capitals, each
# followed by a dash and what it means.
_CAPITAL_NAME = re.compile(
    r"(?:^|(?<=\s))([A-Z][A-Z0-9/&'-]*(?:\s+[A-Z0-9/&'-]+)*[A-Z0-9])\s+[-–—]\s*"
)


def levels_in_cell(cell: str) -> list[Entry]:
    """The levels one table cell lists, each in capitals with its meaning (the cell of a
    scale's row: "Functional impact" | "NO IMPACT – … MINIMAL IMPACT – …")."""
    marks = [m for m in _CAPITAL_NAME.finditer(cell) if len(m.group(1)) >= 3]
    if len(marks) < 2 or marks[0].start() != 0:
        return []
    return [
        Entry(
            m.group(1),
            cell[m.end() : marks[n + 1].start() if n + 1 < len(marks) else None].strip(),
            0,
            {"=name": fit_name(m.group(1).title()), "=title": m.group(1)},
        )
        for n, m in enumerate(marks)
    ]


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
        if token.type != "inline" or not token.map or not said_any_case(_SCALE_SAID, token.content):
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
