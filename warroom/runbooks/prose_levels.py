"""Levels and cadences stated in a paragraph: "SEV-1: update every 15 minutes" lines,
sentences led by a level, inline enumerations of levels ("a {LOW, MEDIUM, HIGH, CRITICAL}
severity", "priorities are P1, P2 and P3"), levels with what they mean ("S1 is a full
outage, S2 is a partial outage"), and update cadences by level or by rank ("hourly for SEV1",
"daily for the rest")."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from warroom.runbooks.level_scales import classified_names, counted_names
from warroom.runbooks.level_sentences import (
    coded_sentences,
    rated_issues,
    scoped_labels,
    worded_sentences,
)
from warroom.runbooks.levels import _WORD_ALT, _level_lines
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.vocabulary import CODE, LEVEL_WORDS, _has, said_any_case

_ENUMERATION = re.compile(
    r"[\w-]+(?:\s*\d+)?(?:\s*(?:,\s*(?:or|and)\b|,|/|>|\||\bor\b|\band\b)\s*[\w-]+(?:\s*\d+)?){2,}"
)


def prose_levels(text: str, line: int, path: tuple[str, ...], kinds: list[str]) -> list[Section]:
    """The levels a paragraph states, in the first of the shapes it is written in."""
    levels = _level_lines(text, line)
    if levels and (
        "levels" in kinds[-2:] or any(_has(e.detail, ("update", "every")) for e in levels)
    ):
        return [Section(path, line, "prose", "levels", levels,
                        reason="lines that start with a level")]  # fmt: skip
    shapes: list[tuple[str, Callable[[], list[Entry]]]] = [
        ("sentences each led by a level", lambda: coded_sentences(text, line)),
        ("levels named in a sentence",
         lambda: level_mentions(text, line, "levels" in kinds[-2:])),
        ("sentences each led by a level's word", lambda: worded_sentences(text, line)),
        ("classes a sentence counts and names", lambda: counted_names(text, line)),
        ("classes a triage sorts issues into", lambda: classified_names(text, line)),
        ("levels a paragraph rates issues by", lambda: rated_issues(text, line)),
        (CLASSIFIED_AS, lambda: classified_as(text, line)),
    ]  # fmt: skip
    for reason, read in shapes:
        if found := read():
            return [Section(path, line, "prose", "levels", found, reason=reason)]
    return []


def level_mentions(text: str, line: int, levels_context: bool) -> list[Entry]:
    """Levels a sentence names, and the update cadence it gives each: an enumeration
    ("LOW, MEDIUM, HIGH"), "high: hourly; medium: 2x daily", "hourly for SEV1"."""
    found = {e.text.lower(): e for e in level_enumeration(text, line, levels_context)}
    for name, every in cadences(text):
        entry = found.setdefault(name.lower(), Entry(name, "", line))
        entry.cells["update every"] = every
    for name, within in responses(text):
        entry = found.setdefault(name.lower(), Entry(name, "", line))
        entry.cells["response"] = within
    ranked = [Entry("", "", line, {"=rank": rank, "update every": every})
              for rank, every in ranked_cadences(text)]  # fmt: skip
    return list(found.values()) + ranked


_RANKS = {"top": 0, "highest": 0, "first": 0, "second": 1, "third": 2}


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its items
def ranked_cadences(text: str) -> tuple[tuple[str, str], ...]:
    """(rank, cadence) pairs: rank "0" is the most severe level, "3+" the fourth and every
    one after it, "-1" the least severe."""
    if not said_any_case(_CADENCE_WORD, text):  # every cadence has one of these words
        return ()
    out: list[tuple[str, str]] = []
    rank = -1
    for match in _RANK.finditer(text):
        word = " ".join(match.group("rank").lower().split())
        every = _every(match.group("every"))
        if word in ("rest", "others", "remaining", "lower"):
            out.append((f"{rank + 1}+", every))
            break
        rank = -1 if word == "lowest" else _RANKS.get(word.split()[0], rank + 1)
        out.append((str(rank), every))
    return tuple(out) if len(out) >= 2 and all(e for _, e in out) else ()


_LEVEL = rf"(?:{CODE.pattern}|\b{_WORD_ALT}\b)"
_CADENCE = (
    r"(?:hourly|daily|weekly|twice\s+(?:a|per)\s+day|twice\s+daily|\d+\s*x\s+(?:a\s+)?daily"
    r"|\d+\s+times\s+(?:a|per)\s+day|once\s+(?:a|per)\s+(?:day|hour|week)"
    r"|every\s+(?:\d+\s*)?(?:minutes?|mins?|hours?|days?|weeks?|m|h|d)\b(?:\s*\d+\s*\w+)?)"
)
_LEVEL_CADENCE = re.compile(
    rf"(?i)(?P<level>{_LEVEL})(?:[\s-]+(?:severity|priority|impact|level))?"  # "High severity: hourly"
    rf"\s*(?:[:=–—-]|incidents?:?)\s*(?P<every>{_CADENCE})"
)
_CADENCE_LEVEL = re.compile(
    rf"(?i)(?P<every>{_CADENCE})\s+for\s+(?:the\s+)?(?:a\s+)?(?P<level>{_LEVEL})(?:[-\s]severity)?"
)

# "For critical incidents, post an update every 30 minutes; for major incidents, every 2
# hours": the level first, its cadence after the comma.
_FOR_LEVEL_CADENCE = re.compile(
    rf"(?i)\bfor\s+(?:the\s+|an?\s+)?(?P<level>{_LEVEL})(?:[\s-]+(?:severity|priority|level))?"
    r"(?:\s+(?:incidents?|issues?|outages?|tickets?|events?))?\s*,\s*[^,;.]{0,40}?"
    rf"(?P<every>{_CADENCE})"
)
# "SEV1 incidents get an update every 30 minutes": the level, then the update it gets.
_LEVEL_GETS = re.compile(
    rf"(?i)(?P<level>{_LEVEL})(?:\s+(?:incidents?|issues?|outages?|tickets?))?\s+(?:gets?|receives?"
    r"|has|have|needs?|requires?)\s+(?:an?\s+)?(?:status\s+|progress\s+)?updates?\s+"
    rf"(?P<every>{_CADENCE})"
)

# "hourly for the top level, twice a day for the next, and daily for the rest": cadences
# given to the levels by their rank, not their names.
_RANK = re.compile(
    r"(?i)(?P<every>" + _CADENCE + r")\s+for\s+(?:the\s+|a\s+)?(?P<rank>top|highest|most\s+severe"
    r"|first|second|third|next|rest|others|remaining|lower|lowest)\b"
)
_CADENCE_WORD = re.compile(r"hourly|daily|weekly|twice|times|once|every")  # said_any_case


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its items
def cadences(text: str) -> tuple[tuple[str, str], ...]:
    """(level, cadence) pairs: "(high: hourly; medium: 2x daily)", "hourly for P1"."""
    if not said_any_case(_CADENCE_WORD, text):  # no cadence named: the long patterns need not run
        return ()
    out: list[tuple[str, str]] = []
    for pattern in (_LEVEL_CADENCE, _CADENCE_LEVEL, _FOR_LEVEL_CADENCE, _LEVEL_GETS):
        for match in pattern.finditer(text):
            every = _every(match.group("every"))
            name = match.group("level").strip()
            if every and name.lower() not in [n.lower() for n, _ in out]:
                out.append((name, every))
    return tuple(out) if len(out) >= 2 else ()


# "Critical issues are acknowledged within 24 hours, High within 3 days and Low within a
# week": a response verb, then each clause led by a level with its time.
_RESPONDED = re.compile(r"(?i)\b(?:respon|acknowledg|ack\b|repl(?:y|ied)|triag|answer)")
_LEVEL_WITHIN = re.compile(
    rf"(?i)(?:^|[,;:]\s*|\b(?:and|or|for|to)\s+(?:the\s+)?)(?P<level>{_LEVEL})\b[^,;.]{{0,60}}?\bwithin\s+"
    r"(?P<within>(?:\d+(?:\.\d+)?|an?|one)\s+(?:(?:business|working)\s+)?"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?))\b"
)


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its items
def responses(text: str) -> tuple[tuple[str, str], ...]:
    """(level, time) pairs a sentence that speaks of responding gives two or more levels."""
    if "within" not in text.lower():
        return ()
    out: list[tuple[str, str]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if not _RESPONDED.search(sentence):
            continue
        for match in _LEVEL_WITHIN.finditer(sentence):
            name = match.group("level").strip()
            if name.lower() not in [n.lower() for n, _ in out]:
                out.append((name, match.group("within")))
    return tuple(out) if len(out) >= 2 else ()


def _every(phrase: str) -> str:
    """A cadence as a duration the playbook reads: "hourly" → "1h", "2x daily" → "12h"."""
    phrase = phrase.lower()
    per_day = re.search(r"(twice|\d+)\s*(?:x|times)?\s+(?:a\s+|per\s+)?da(?:y|ily)", phrase)
    if per_day:
        times = 2 if per_day.group(1) == "twice" else int(per_day.group(1))
        return f"{24 // max(times, 1)}h"
    fixed = {"hourly": "1h", "daily": "1d", "weekly": "7d", "once a day": "1d",
             "once per day": "1d", "once a hour": "1h", "once a week": "7d"}  # fmt: skip
    if phrase in fixed:
        return fixed[phrase]
    every = re.match(r"every\s+(\d+)?\s*(\w+)", phrase)
    if every:
        return f"{every.group(1) or 1} {every.group(2)}"
    return ""


def level_enumeration(text: str, line: int, levels_context: bool) -> list[Entry]:
    """Levels listed in one sentence: "There is a {LOW, MEDIUM, HIGH, CRITICAL} severity
    vulnerability", "incidents are P1, P2 or P3". Three or more level words in a row, in a
    sentence that speaks of severity (or under a severity heading)."""
    # "We use three levels: critical (…), major (…) and minor (…)": each level with its
    # meaning in brackets, in a sentence that names its scale
    for sentence in re.split(r"(?<=[.!?])\s+", text) if "(" in text else ():
        if found := _bracketed_levels(sentence, line, levels_context):
            return found
    if not (levels_context or _rated(text)):  # no sentence speaks of severity
        return []
    out: list[Entry] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if not (levels_context or _RATES.search(sentence)):
            continue
        # "critical (9.0-10.0), high (7.0-8.9) and low (0.1-3.9)": the names without their ranges
        for match in _ENUMERATION.finditer(re.sub(r"\s*\([^()]*\d[^()]*\)", "", sentence)):
            names = [
                n.strip() for n in re.split(r"\s*(?:,|/|>|\||\bor\b|\band\b)\s*", match.group(0))
            ]
            names = [n for n in names if n]
            # "Low, Medium, High, Critical, where Critical means …", CVSS's "None, Low, …,
            # Critical": the longest run of levels.
            run = _level_run(names)
            if len(run) >= 3:
                out += [Entry(n, _meaning(sentence, n), line) for n in run]
        out = out or _defined_levels(sentence, line) or scoped_labels(sentence, line)
        if out:
            break
    return out


# A sentence that speaks of a scale: "severities are …", "gets a rating: …", "we classify
# incidents as …" (three level words elsewhere may describe anything: "low, medium or high
# traffic").
_RATES = re.compile(
    r"(?i)\b(severit|priorit|sev\b|impact level|impacts? (?:of|rating)\b|ratings?\b|rated\b|classif|criticalit|urgenc"
    r"|cvss\b|scor(?:e|es|ed|ing)\b"
    # "we rate issues as …", "an impact class of …" (not "the error rate is low")
    r"|rates? (?:[\w-]+ ){0,3}?as\b|(?:impact|risk) (?:class|category|tier)\b"
    # "assesses the impact (low, moderate, important or critical)"
    r"|impact \(|(?:assess|determin|evaluat)\w* (?:the )?(?:impact|risk)\b)"
)
_RATES_SAID = re.compile(_RATES.pattern.removeprefix("(?i)"))  # lower case: said_any_case


@functools.lru_cache(maxsize=8192)  # pure, and a long document repeats its items
def _rated(text: str) -> bool:
    return said_any_case(_RATES_SAID, text)


_BRACKETED = re.compile(
    rf"(?i)(?<![\w-])(?P<level>{CODE.pattern}|{_WORD_ALT}\b)"
    r"\s*\((?P<meaning>[^()]{3,})\)"
)
_BETWEEN = re.compile(r"(?i)^\s*[,;]?\s*(?:(?:and|or)\s+)?$")
_SCALE_NOUN = re.compile(r"(?i)\b(?:levels|categories|classes|grades)\b")


def _bracketed_levels(sentence: str, line: int, levels_context: bool) -> list[Entry]:
    """Levels listed one after another, each with what it means in brackets: three or more
    in a sentence that names its scale, two under a severity heading or in a sentence that
    rates ("severity is high (…) or low (…)")."""
    if "(" not in sentence:
        return []
    runs: list[list[re.Match[str]]] = [[]]
    for match in _BRACKETED.finditer(sentence):
        if runs[-1] and not _BETWEEN.match(sentence[runs[-1][-1].end() : match.start()]):
            runs.append([])
        runs[-1].append(match)
    run = max(runs, key=len)
    rated = levels_context or bool(_RATES.search(sentence))
    if len(run) < 2 or (len(run) < 3 and not rated) or not (rated or _SCALE_NOUN.search(sentence)):
        return []
    return [Entry(m.group("level"), _said(m.group("meaning")), line) for m in run]


def _said(meaning: str) -> str:
    """A bracket's meaning; a score range alone ("9.0-10.0", "CVSS 7.0+") means nothing more."""
    return meaning.strip() if re.search(r"[a-z]{3}", meaning) else ""


def _level_run(names: list[str]) -> list[str]:
    runs: list[list[str]] = [[]]
    for name in names:
        if _is_level(name):
            runs[-1].append(name)
        else:
            runs.append([])
    return max(runs, key=len)


def _is_level(name: str) -> bool:
    return name.lower() in LEVEL_WORDS or bool(CODE.fullmatch(name))


def _meaning(sentence: str, level: str) -> str:
    """What "…, where Critical means remote code execution" says a level means."""
    said = re.search(rf"(?i)\bwhere\s+{re.escape(level)}\s+(?:means|is|are)\s+([^,;]+)", sentence)
    return said.group(1).strip(" .") if said else ""


# "S1 is a full outage, S2 is a partial outage": a level, then what it means.
_LEVEL_IS = re.compile(
    rf"(?i)(?<![\w-])(?P<level>{CODE.pattern}|{_WORD_ALT})\b"
    r"\s*(?:is|are|means|=|:|–|—|-)\s+(?P<meaning>[^,;]+)"
)


_IS_LEVEL = re.compile(
    rf"(?i)(?P<meaning>[^,;]+?)\s+(?:is|are|=|→|->|means)\s+(?:rated\s+)?"
    rf"(?P<level>{CODE.pattern}|{_WORD_ALT})\W*"
)


def _defined_levels(sentence: str, line: int) -> list[Entry]:
    """Levels and their meanings separated by commas or semicolons in one sentence (two or
    more, every part of the list a level)."""
    body = re.sub(r"(?i)^[^:]*\b(?:severit\w*|priorit\w*|levels?)\b[^:]*:\s*", "", sentence)
    # "Incidents are classified as critical, when …; high, when …": the scale's verb
    body = re.sub(rf"(?i)^.*?\b{_GRADED_AS}\s+", "", body)
    # "Priorities are P1 – site down, P2 – …": the scale named, then its levels
    body = re.sub(
        r"(?i)^(?:the\s+|our\s+)?(?:severit\w*|priorit\w*|levels?)(?:\s+levels)?\s+(?:are|is)\s+",
        "", body,
    )  # fmt: skip
    if clauses := _level_clauses(body, line):
        return clauses
    parts = [
        p.strip() for p in re.split(r"\s*[,;]\s*(?:and\s+|or\s+)?", body.rstrip(". ")) if p.strip()
    ]
    # "a SEV1 is a full outage; a SEV2 is …": the article is not part of the level
    found = [m for p in parts if (m := _LEVEL_IS.fullmatch(re.sub(r"(?i)^(?:an?|the)\s+", "", p)))]
    if len(found) < len(parts):
        # "9.0-10.0 is Critical, 7.0-8.9 is High": what, then the level it is
        parts = [p for p in re.split(r"\s*[,;]\s*|\s+(?:and|or)\s+", body.rstrip(". ")) if p]
        found = [m for p in parts if (m := _IS_LEVEL.fullmatch(p))]
    if len(found) < 2 or len(found) < len(parts):
        return []
    return [Entry(m.group("level"), m.group("meaning").strip(), line) for m in found]


_GRADED_AS = r"(?:classified|rated|graded|categori[sz]ed|prioriti[sz]ed|ranked)\s+as"
# "Critical, where the whole platform is down": a level, a comma, then when it applies
_LEVEL_CLAUSE = re.compile(
    rf"(?i)(?P<level>{CODE.pattern}|{_WORD_ALT})\s*,\s*"
    r"(?P<meaning>(?:where|when|if|for|in|meaning|which|e\.g\.|i\.e\.)\b.+)"
)


def _level_clauses(body: str, line: int) -> list[Entry]:
    """ "Critical, where the whole platform is down; High, where a feature is unusable; and
    Low, for cosmetic problems": levels each with a clause of their own (which may hold
    commas), apart by semicolons, two or more, every part a level."""
    if ";" not in body:
        return []
    parts = [p for p in re.split(r"\s*;\s*(?:and\s+|or\s+)?", body.rstrip(". ")) if p]
    found = [m for p in parts if (m := _LEVEL_CLAUSE.fullmatch(p) or _LEVEL_IS.fullmatch(p))]
    if len(found) < 2 or len(found) < len(parts):
        return []
    return [Entry(m.group("level"), m.group("meaning").strip(), line) for m in found]


CLASSIFIED_AS = "a level a sentence classifies incidents as"
# "An incident is classified as Priority 1 if …", "All other incidents are Priority 3": the
# level a sentence puts incidents in (one to a sentence; a scale where the section has two)
_CLASSIFIED_AS = re.compile(
    r"(?i)\b(?:(?:classified|categori[sz]ed|rated|designated|declared|treated|graded)\s+as"
    r"|(?:incidents?|issues?|it)\s+(?:is|are|becomes?)|(?:is|are)\s+considered)"
    rf"\s+(?:an?\s+)?(?P<level>{CODE.pattern})\b"
)


def classified_as(text: str, line: int) -> list[Entry]:
    """The levels a paragraph's sentences put incidents in, each once."""
    if not said_any_case(_CLASSIFIED_SAID, text):  # most paragraphs classify nothing
        return []
    found = {m.group("level").lower(): m.group("level") for m in _CLASSIFIED_AS.finditer(text)}
    return [Entry(name, "", line) for name in found.values()]


_CLASSIFIED_SAID = re.compile(r" as | is | are | become")
