"""Severity levels: what names a level ("SEV-1", "P1 - Critical", "Critical") and what a
level's row, heading or line says about it (meaning, response time, update cadence)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from markdown_it.token import Token

from warroom.core.timefmt import format_duration
from warroom.runbooks.level_times import _CADENCE_SAID, _LONGER, _in_figures, cadence_seconds
from warroom.runbooks.model import Entry
from warroom.runbooks.outline import _bold_lead, _inline_text
from warroom.runbooks.vocabulary import (
    CODE,
    LEVEL_WORDS,
    _words,
    clean,
    first_duration,
    parse_response,
)

COLOURS = ["#e5484d", "#f76b15", "#ffc53d", "#5b8def", "#8e8c99", "#8e8c99"]


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def level_name(text: str) -> tuple[str, str] | None:
    """(name, title) if the text names a severity level: "SEV-1", "Sev1: Critical (Full
    Outage)", "Severity:1 Critical", "P1 - Critical", "CRITICAL (P0)", "Critical"."""
    text = clean(text).strip(" *:-–—#")  # "#P1" (a tag-like level in a table)
    # "9.0-10.0 (Critical)": a score band, then the level it is
    text = _BAND.sub(r"\1", text)
    # "4.1 Level 1 — Emergency": a section's number before the level it names
    text = _SECTION_NUMBER.sub("", text)
    if coded := _coded(text):
        return coded
    # "Severity: Critical", "Priority – High": the label before the level's word
    text = _unlabelled(text)
    if said := _named_sentence(text):  # "CRITICAL Severity. This affects …"
        text = said[0]
    if worded := _worded(text):
        return worded
    if category := _CATEGORY.match(text):  # "Category 2 – Highly significant incident"
        return fit_name(category.group(0)), text[category.end() :].strip(" ()[]:-–—")
    return None


def _coded(text: str) -> tuple[str, str] | None:
    """A level named by its number or code: "1 (Urgent)", "P1 / Critical", "Severity A"."""
    if numbered := _NUMBER_THEN_WORD.match(text):  # "1 (Urgent)": the word names it
        word = numbered.group(1)
        return fit_name(word.capitalize() if word.isupper() else word), text[numbered.end() :]
    match = CODE.search(text)
    if match and (match.start() == 0 or text[: match.start()].strip(" ([").lower() in LEVEL_WORDS):
        code = re.sub(r"\s*[:#_]\s*|\s+", " ", match.group("code")).strip()
        code = code.upper() if len(code) <= 6 else code
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ()[]:-–—")
        # ("P1 / Critical": the slash between the code and the word is neither)
        rest = re.sub(r"^[\s()\[\]:\-–—/|]+|[\s()\[\]:\-–—/|]+$", "", rest)
        return fit_name(code), rest
    if lettered := _LETTERED.match(text):  # "Severity A — Total outage": a graded letter
        return fit_name(lettered.group(0)), text[lettered.end() :].strip(" ()[]:-–—")
    return None


def _worded(text: str) -> tuple[str, str] | None:
    """A level named by its word: "Critical", "High-severity vulnerability", "High, if …"."""
    words = text.split()
    if not words:
        return None
    if _JOINED.match(words[0]) and len(words) <= 6:
        # "High-severity vulnerability": the level's word joined to what it rates
        return fit_name(words[0].strip(",.")), " ".join(words[1:]).strip(" ()[]:-–—")
    if clause := _CLAUSE.match(text):  # "High, if data can leak": what it means
        word = clause.group(1)
        return fit_name(word.capitalize() if word.isupper() else word), ""
    # "Extensive/Widespread", "Moderate/Limited": a scale's two words for one level;
    # "Non-critical", "Non-urgent": the level below the word it denies
    if _PAIRED.sub("", words[0].lower().strip(",.")) in LEVEL_WORDS and len(words) <= 6:
        word = words[0].strip(",.")
        if "/" in word:  # named by its first word, both its title
            return fit_name(word.split("/")[0].capitalize()), " ".join(words).strip(" ()[]:-–—")
        return fit_name(word.capitalize() if word.isupper() else word), (
            " ".join(words[1:]).strip(" ()[]:-–—")
        )
    return None


_PAIRED = re.compile(r"/[a-z]+$|^non-?(?=[a-z])")
_WORD_ALT = "(?:" + "|".join(sorted(LEVEL_WORDS)) + ")"
_CLAUSE = re.compile(
    rf"(?i)^({_WORD_ALT}),\s+((?:if|when|where|for|e\.g\.|such as|otherwise)\b.*)$"
)
_BAND = re.compile(
    r"^(?:cvss\S*\s*)?\d+(?:\.\d+)?\s*(?:[-–—]|to)\s*\d+(?:\.\d+)?\s*\(([^()]+)\)$", re.I
)


# "Severity A", "Priority B", "SEV-C": levels graded by a capital letter rather than a number
_LETTERED = re.compile(r"^(?i:sev(?:erity)?|priority)[\s_-]?[A-E]\b(?![-'’.]\w)")
# "4.1 Level 1", and "1 - Critical", "2) High" (a level's number before its word)
# "1 (Urgent)", "2 [High] – Significant business impact": a level's number, its word in brackets
_NUMBER_THEN_WORD = re.compile(
    rf"^\d{{1,2}}\s*[(\[]\s*((?i:{_WORD_ALT}))\s*[)\]]\s*(?:[-–—:.]\s*)?(?=\S|$)"
)
# "Category 1", "Class B (High)", "Category 3 – Significant incident": a numbered class of
# incident, alone or before what it means (not "Category 1 responders", who are bodies)
_CATEGORY = re.compile(
    r"^(?i:category|cat\.?|class)\s*(?:\d{1,2}|[A-E])\b(?=\s*$|\s*[:(\[\-–—]"
    r"|\s+(?i:incidents?|severity|priority|level)\b)"
)
_SECTION_NUMBER = re.compile(
    rf"^\d+(?:\.\d+)+\.?\s+(?=\S)|^\d{{1,2}}\s*(?:[.)]|\s[-–—:])\s*(?=(?i:{_WORD_ALT})\b)"
)


_JOINED = re.compile(rf"(?i)^{_WORD_ALT}-(?:severity|impact|risk|urgency)[,.]?$")


def _unlabelled(text: str) -> str:
    """ "Severity: Critical", "Priority – High", "Category A: Critical", "Class 2 – High",
    "Code Red", "Status Amber": the level without the label before it."""
    text = re.sub(r"(?i)^(?:severity|priority|impact|rating)\s*[:\-–—]\s*(?=[a-z])", "", text)
    text = _COLOUR_LABEL_BEFORE.sub("", text)
    return _CLASS_LABEL_BEFORE.sub("", text)


COLOURS_SAID = ("red", "amber", "green", "yellow", "orange")
_COLOUR_ALT = "|".join(COLOURS_SAID)
# "Code Red", "Status Amber", "Level Green": a colour's label before it
_COLOUR_LABEL_BEFORE = re.compile(
    rf"(?i)^(?:code|status|condition|alert|level|rag)\s*[:\-–—]?\s*(?=(?:{_COLOUR_ALT})\b)"
)


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


# "Critical severity issues allow remote code execution.", "Low-severity issues are fixed in
# the next release.", "Important issues get a coordinated release.": a sentence about one level.
_WORDED_SENTENCE = re.compile(
    rf"(?i)^(?:an?\s+|the\s+)?(?P<word>{_WORD_ALT})"
    r"(?:[- ](?:severity|priority|impact|risk))?\s+(?P<noun>(?:security\s+)?(?:issues?|vulnerabilit(?:y|ies)"
    # a support desk's: "Urgent requests (production down) get a reply within 1 hour"
    r"|bugs?|incidents?|problems?|flaws?|reports?|outages?|requests?|tickets?|cases?)\b"
    r"|(?:severity|priority)\b)\s*(?:\([^()]*\)\s*)?(?P<rest>\w.+)$"
)


def _many_worded(text: str) -> bool:
    """Sentences led by different levels' words in one paragraph: each is a level."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]
    return len({m.group("word").lower() for s in sentences if (m := _WORDED_SENTENCE.match(s))}) > 1


# "assign a severity level:", "by priority": text that speaks of levels.
_SPEAKS_OF_LEVELS = re.compile(r"(?i)\b(?:severit|priorit|impact|criticalit|urgenc)")


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
    if set(_words(title)) <= _LEVEL_NOUNS | _COLOURED:
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
_RESPONSE_COLUMN = ("response", "respond", "ack", "sla", "time to", "target", "reaction",
                    "reply", "answer")  # fmt: skip
# "Resolution target", "Time to fix": how soon it is fixed, not how soon someone responds
_FIX_COLUMN = re.compile(r"resol|\bfix|restor|closure|workaround")
_RESPONSE_SAID = re.compile(r"respon|ack|react|repl")
_MEANING_COLUMN = ("impact", "definition", "criteria", "description", "meaning", "condition",
                   "when", "summary")  # fmt: skip


# "What", "What it looks like", "What it means": what a level is (not "What to do")
_WHAT_COLUMN = re.compile(r"^what(?:\s+it\s+(?:means|looks\s+like|is)|\s+happens)?$")


def _level_cell(sev: dict[str, Any], key: str, value: str, titled: bool, notes: list[str]) -> None:
    """What one column of a level's row says, by the column's name."""
    if any(w in key for w in _UPDATE_COLUMN):
        if (seconds := cadence_seconds(value)) is not None and "update_every" not in sev:
            sev["update_every"] = format_duration(seconds)
    elif _response_column(key):
        _level_response(sev, value, notes)
    elif "example" in key:
        sev["examples"] = [e.strip() for e in re.split(r"[,\n]", value) if e.strip()]
    elif any(w in key for w in _MEANING_COLUMN) or _WHAT_COLUMN.match(key):
        _level_meaning(sev, value.split("\n")[0], titled)
    elif key in ("name", "label") and "title" not in sev:
        sev["title"] = value


def _response_column(key: str) -> bool:
    """A column of how soon someone responds ("First responder" names who responds; a
    resolution target, how soon it is fixed)."""
    return (
        any(w in key for w in _RESPONSE_COLUMN)
        and "responder" not in key
        and not (_FIX_COLUMN.search(key) and not _RESPONSE_SAID.search(key))
    )


def _level_meaning(sev: dict[str, Any], text: str, titled: bool) -> None:
    """ "| P1 | Critical |": one word beside a code names the level; beside a level's word
    ("| Minor | Degradation |") it says what the level means."""
    if not titled and len(text.split()) == 1 and "title" not in sev and CODE.match(sev["name"]):
        sev["title"] = text
    else:
        sev.setdefault("meaning", text)


def _level_detail(sev: dict[str, Any], detail: str) -> None:
    """What a level's line or paragraphs say: "update every 30 minutes", "respond within
    15 minutes", and its meaning."""
    every = re.search(r"(?i)\bevery\s+(\d[^.;,]*)", detail)
    seconds = first_duration(every.group(1)) if every else None
    if seconds is None and (said := re.search(r"(?i)\bupdat\w*\b[^.;]*", detail)):
        seconds = cadence_seconds(said.group(0))  # "Updates: daily", "updated twice a day"
    if seconds is not None and "update_every" not in sev:
        sev["update_every"] = format_duration(seconds)
    # (a word of its own: "feedback" ends in "ack")
    respond = re.search(
        r"(?i)\b(respon\w*|acknowledg\w*|ack|reaction\s+time|repl(?:y|ies|ied)|answer\w*)\b[^.;]*",
        detail,
    ) or re.match(r"(?i)\s*within\s+[^.;]*", detail)  # "High tickets: within 4 hours."
    # "response > 4 weeks", "in more than 4 weeks": no target to respond by
    longer = respond and _LONGER.search(respond.group(0))
    if (
        respond
        and not longer
        and "response" not in sev
        # ("Respond and update stakeholders every 20 minutes": the 20 minutes are a cadence)
        and (seconds := first_duration(_in_figures(_CADENCE_SAID.sub("", respond.group(0)))))
        is not None
    ):
        sev["response"] = format_duration(seconds)
    # (a word of its own: "Everything is down" is a meaning)
    if "meaning" not in sev and not re.match(r"(?i)^\s*(?:updat\w*|every\b|respon\w*)", detail):
        sev["meaning"] = detail.split("; ")[0]


def _level_response(sev: dict[str, Any], value: str, notes: list[str]) -> None:
    value = _in_figures(_CADENCE_SAID.sub("", value))
    seconds = parse_response(value)
    if seconds is None and not _LONGER.search(value) and not re.search(r"\d\s*\+", value):
        seconds = first_duration(value)  # "> 4 weeks", "longer than 4 weeks" are no target
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
    if CODE.match(term) and "\n" not in inline.content.strip() and level_word(rest):
        # "SEV1 – Critical" alone on its line (a <summary>): the name whole, over the
        # paragraph that says what it means
        return f"{term} – {rest}", ""
    return term, rest


def level_line_run(content: str, line: int, in_levels: bool) -> list[Entry]:
    """ "**Critical:** remote code execution" / "**High:** data leak" / …, one level to a
    line of one paragraph: every line a level and what it means (three or more different
    levels, or two under a levels heading)."""
    lines = [re.sub(r"\*\*|__", "", clean(part)) for part in content.strip().split("\n")]
    if len(lines) < 2:
        return []
    if bare := _bare_lines(lines, line, in_levels):
        return bare
    said = [re.match(r"^([^:–—]{1,40}?)\s*(?::|\s[–—-])\s+(\S.*)$", part) for part in lines]
    found = [(m.group(1).strip(" *"), m.group(2)) for m in said if m]
    if len(found) < len(lines) or not all(_names_level(term) for term, _ in found):
        return []
    if len({term.lower() for term, _ in found}) < (2 if in_levels else 3):
        return []
    return [Entry(term, rest.strip(" *"), line + n) for n, (term, rest) in enumerate(found)]


def _bare_lines(lines: list[str], line: int, in_levels: bool) -> list[Entry]:
    """ "Severity levels:" over "Critical", "High", "Low" lines of one paragraph: a lead-in
    that speaks of severity, then a level's bare name to a line (two or more); under a
    levels heading, the names without a lead-in."""
    led = lines[0].endswith(":") and bool(_SPEAKS_OF_LEVELS.search(lines[0]))
    if not (led or in_levels):
        return []
    names = [n.strip(" *_`.") for n in lines[int(led) :]]  # (the names after the lead-in)
    if not all(_names_level(n) and len(n.split()) <= 3 for n in names):
        return []
    if len({n.lower() for n in names}) < 2:
        return []
    return [Entry(n, "", line + k) for k, n in enumerate(names, int(led))]


# Words that may follow a level's word in its name ("Critical severity", "High impact issues").
_LEVEL_NOUNS = {"severity", "priority", "impact", "risk", "level", "rating", "issue", "issues",
                "vulnerability", "vulnerabilities", "bug", "bugs", "incident", "incidents",
                # a support desk's: "Urgent tickets: we respond within 1 hour"
                "ticket", "tickets", "case", "cases", "request", "requests",
                # an on-call rota's: "High urgency", "Critical alerts", "Low-urgency pages"
                "urgency", "alert", "alerts", "page", "pages"}  # fmt: skip


_COLOURED = {"alert", "status", "condition", "warning", "rating"}


def _names_level(term: str) -> bool:
    """A level's whole name: "Critical", "SEV1 (Critical)", "P2 - High", "Critical severity
    (CVSS 9.0-10.0)", not "Low traffic"."""
    if not level_name(term):
        return False
    if _LETTERED.match(clean(term).strip(" *")) or _CATEGORY.match(clean(term).strip(" *")):
        return True
    if CODE.match(term):
        return coded_heading(term)  # not "Level 2 heading"
    # "Moderate/Limited": the pair's first word names it
    said = re.sub(r"^([A-Za-z]+)/[A-Za-z]+\b", r"\1", _unlabelled(clean(term)))
    said = re.sub(r"(?i)^non-?(?=[a-z])", "", said)  # "Non-critical"
    words = _words(re.sub(r"\([^()]*\)", "", said))
    # "Red alert", "Amber status": a colour's scale names what it colours
    nouns = _LEVEL_NOUNS | _COLOURED if words and words[0] in COLOURS_SAID else _LEVEL_NOUNS
    return bool(words) and words[0] in LEVEL_WORDS and set(words[1:]) <= nouns


def level_word(text: str) -> str:
    """The level word a list item's name is ("Critical (CVSS 9.0-10.0)" → "critical"), or ""."""
    return _words(text)[0] if _names_level(text) and not CODE.match(text) else ""
