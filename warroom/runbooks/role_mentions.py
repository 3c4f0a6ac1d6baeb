"""Roles a document names across its text with no line that defines them: capitalised
terms said twice ("Escalation Engineer"), abbreviations used as nouns ("the IC"), initials
that act ("The VMT replies"), doers in capitals after tasks, teams it forms."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.roles import _ARTICLE, _noun
from warroom.runbooks.vocabulary import ABBREVIATION, IMPERATIVE, _words

# A name a document gives a role and uses as a term: words in capitals that end with a
# role noun ("Escalation Engineer", "Release Managers"), said two times or more.
_TERM_NOUNS = {
    "lead", "leader", "commander", "liaison", "scribe", "deputy", "manager", "coordinator",
    "officer", "owner", "responder", "engineer", "captain", "director", "communicator",
    "analyst", "investigator", "specialist", "representative", "expert", "steward", "champion",
    "spokesperson", "triager", "messenger", "approver",
    "keeper", "taker", "recorder", "facilitator", "moderator",
    "committee", "taskforce",
}  # fmt: skip
# A body of people is a role only when the document also calls it by its initials, as it does
# the body it gives the response ("Product Security Committee (PSC)", "the PST will"); a
# committee only mentioned ("selected by the Steering Committee") is not one.
_GROUP_NOUNS = {"committee", "taskforce"}
_EMPHASIS = re.compile(r"[*_`~]+")
_TERM_HINT = re.compile("|".join(sorted(w.capitalize() for w in _TERM_NOUNS)))
# Words before a role noun that make it a tool or a product ("AWS Secrets Manager").
_TOOLISH = {
    "secret", "secrets", "certificate", "password", "package", "systems", "system", "key",
    "task", "window", "session", "traffic", "identity", "access", "config", "configuration",
    "resource", "cluster", "node", "policy", "event", "file", "log", "state", "connection",
    "device", "dependency", "cloud", "aws", "gcp", "azure", "google", "microsoft", "firewall",
}  # fmt: skip
_CAPITALS = re.compile(r"(?<![\w'’-])(?:[A-Z][\w-]*(?:['’]s)?\s+){0,4}[A-Z][\w-]*(?:['’]s)?")
_NOT_A_NAME = {
    "the", "a", "an", "our", "your", "their", "each", "every", "this", "that", "if", "when",
    "once", "as", "for", "to", "and", "or", "all", "any", "who", "what", "how", "why", "new",
    "other", "some", "no", "not", "only", "then", "also", "current", "acting",
}  # fmt: skip


def named_terms(texts: list[tuple[str, int]]) -> list[Entry]:
    """The roles a document names as terms: capitalised words ending with a role noun, said
    two times or more (once in passing, "ask your Line Manager", is not a role of the
    incident), each at the line it is first said, with the abbreviation written after it
    once ("Implementation Engineers (IEs)")."""
    seen: dict[str, list[tuple[str, int]]] = {}
    shorts: dict[str, str] = {}
    for text, line in texts:
        if not _TERM_HINT.search(text):
            continue  # most lines name no role: one search instead of every capitalised run
        text = _EMPHASIS.sub(" ", text)  # "_First Responder_", "**Fix Lead**"
        for run in _CAPITALS.finditer(text):
            if name := _term(run.group(0)):
                seen.setdefault(name.lower(), []).append((name, line))
                after = ABBREVIATION.match(text[run.end() :].lstrip())
                initials = "".join(w[0] for w in name.split()).upper()
                if after and re.sub(r"s$", "", after.group(1)).upper() == initials:
                    shorts[name.lower()] = re.sub(r"s$", "", after.group(1))
    used = {short for text, _ in texts if _CAPITALS_PAIR.search(text)
            for short in _CALLED.findall(text)}  # fmt: skip
    return [
        Entry(said[0][0], "", said[0][1], {"short": shorts.get(key) or _group_short(key, used)})
        for key, said in seen.items()
        if len(said) >= 2 and (key in shorts or _by_initials(said[0][0], used))
    ]


# Two capitals in a row: what initials need (most lines have none, and are not searched).
_CAPITALS_PAIR = re.compile(r"[A-Z]{2}")
# "The PSC will", "join the PST": a body's initials said as a noun.
_CALLED = re.compile(r"\b(?i:the|an?|our|their)\s+([A-Z]{2,6})\b")


def _group_short(name: str, used: set[str]) -> str:
    """The initials a document calls a body of people by ("the PST"), or ""."""
    initials = "".join(w[0] for w in name.split()).upper()
    return initials if _noun(name.split()[-1]) in _GROUP_NOUNS and initials in used else ""


def _by_initials(name: str, used: set[str]) -> bool:
    """Whether a term is a role by its words, or a body the document calls by its initials."""
    return _noun(name.split()[-1]) not in _GROUP_NOUNS or bool(_group_short(name, used))


def _term(run: str) -> str | None:
    """A role's name in a run of capitalised words, in the singular, or None."""
    words = [re.sub(r"['’]s$", "", w) for w in run.split()]
    if not words or _noun(words[-1]) not in _TERM_NOUNS:
        return None  # "Incident Commander Checklist": a role's words as a modifier
    while words and (words[0].lower() in _NOT_A_NAME or words[0].lower() in IMPERATIVE):
        words = words[1:]
    if len(words) < 2 or {w.lower() for w in words} & _TOOLISH:
        return None
    return " ".join(words[:-1] + [_noun(words[-1], keep_case=True)])


# "the IC", "the current IR's time zone": initials said as a person, perhaps in a turn
_USED_SHORT = re.compile(
    r"\b(?:the|an?|our|your|their)\s+(?:(?:current|new|acting|outgoing|incoming|previous|next"
    r"|former|interim|other)\s+)?([A-Z]{2,6})(?:['’]?s)?\b"
)


def used_abbreviations(names: list[str], texts: list[tuple[str, int]]) -> list[Entry]:
    """A role's abbreviation the document uses as a noun ("asking the IC first") without
    ever writing "(IC)": the initials of the role's words, said after an article."""
    wanted: dict[str, str] = {}
    for name in names:
        initials = "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()
        if len(initials) >= 2 and len(name.split()) >= 2:
            wanted.setdefault(initials, name)
    first: dict[str, int] = {}
    for text, line in texts if wanted else []:
        for short in _USED_SHORT.findall(text) if _CAPITALS_PAIR.search(text) else ():
            first.setdefault(short, line)
    return [Entry(name, "", first[short], {"short": short})
            for short, name in wanted.items() if short in first]  # fmt: skip


# "The VMT receives …", "The VMT replies …": initials at the head of a sentence, then a verb.
# "the available DBRE can pass it on", "DBRE responds to the ping": initials that act, the
# subject of a clause, with a modal too
# "then ROD can close the alarm", "If ROD spots an alarm", "How the ROD should deal": after a
# clause's first word or "the" too
_INITIALS_DO = re.compile(
    r"(?:(?:^|[.!?:;,]\s+|\b(?:[Tt]hen|[Ii]f|[Ww]hen|[Oo]nce|[Uu]ntil|and|so)\s+)(?:[Tt]he\s+)?"
    r"|\b[Tt]he\s+(?:(?:available|eligible|assigned|current)\s+)?)"
    r"([A-Z]{2,5})\s+([a-z]+)\b"
)
_MODAL = {"can", "will", "should", "must", "may", "shall"}
# Initials of things, not of people, that documents also make the subject ("The API returns").
_THINGS = {"API", "CDN", "DNS", "CPU", "URL", "CLI", "SDK", "UI", "VM", "OS", "DB", "CI", "CD",
           "PR", "CVE", "LB", "TLS", "SSL", "IP", "HTTP", "JSON", "GHSA", "CNA", "SLA", "SLO"}  # fmt: skip


def initials_doers(texts: list[tuple[str, int]]) -> list[Entry]:
    """A role the document calls only by its initials: the subject of three or more
    sentences that say what it does ("The VMT receives an email", "The VMT replies …",
    "The VMT decides …")."""
    acts: dict[str, list[int]] = {}
    for text, line in texts:
        for short, verb in _INITIALS_DO.findall(text) if _CAPITALS_PAIR.search(text) else ():
            if short not in _THINGS and (said_of_someone(verb) or verb in _MODAL):
                acts.setdefault(short, []).append(line)
    return [Entry(short, "", lines[0], {"short": ""}) for short, lines in acts.items()
            if len(lines) >= 3]  # fmt: skip


def said_of_someone(verb: str) -> bool:
    """Whether a word is a verb in the third person said of someone ("receives", "replies",
    "decides")."""
    if not verb.endswith("s") or verb.endswith("ss"):
        return False
    stems = {verb[:-1], verb[:-2]} | ({verb[:-3] + "y"} if verb.endswith("ies") else set())
    return bool(stems & IMPERATIVE)


# "Request a CVE number (ADMIN)", "Cut the release (CORE ENG, CORE LEAD)": who does a task,
# in capitals in parentheses after it.
_DOERS = re.compile(r"(?<!\])\(([^()]{2,80})\)\W*$")  # not a link's target
_CAPITAL_WORD = re.compile(r"\b[A-Z]{3,}\b")
# Capitals in parentheses that mark a task rather than name who does it.
_TASK_NOTES = {"OPTIONAL", "REQUIRED", "TBD", "TODO", "WIP", "NOTE", "IMPORTANT", "DEPRECATED",
               "NEW", "DONE", "ASAP", "URGENT", "ALL", "ANY", "NONE", "YES"}  # fmt: skip


def task_doers(texts: list[tuple[str, int]]) -> list[Entry]:
    """Roles a document names after its tasks, in capitals in parentheses, in a document
    that does so after three instructions or more (once, "(ADMIN)" may be a note); then
    after its other tasks too ("Cut the release (CORE ENG)")."""
    said: dict[str, list[tuple[str, int]]] = {}
    tasks = 0
    for text, line in texts:
        if not text.rstrip().endswith(")") or not _CAPITALS_PAIR.search(text):
            continue  # most lines end otherwise: one check before the pattern
        text = " ".join(text.split())
        match = _DOERS.search(text)
        doers = _doers(match.group(1)) if match and text[:1].isupper() else []
        # after an instruction ("Request a CVE (ADMIN)"), not a thing ("Timestamp (UTC)")
        tasks += bool(doers) and _words(text)[0] in IMPERATIVE
        for doer in doers:
            said.setdefault(doer.lower(), []).append((doer, line))
    if tasks < 3:
        return []
    return [Entry(lines[0][0], "", lines[0][1], {"short": ""}) for lines in said.values()]


def _doers(group: str) -> list[str]:
    """The names in "(CORE ENG, CORE LEAD)", or none when any part is not a doer's name in
    capitals ("(Matrix, IRC)", "(CVE)", "(OPTIONAL)")."""
    parts = [p.strip() for p in re.split(r"\s*(?:,|/|&|\band\b)\s*", group) if p.strip()]
    for part in parts:
        capitals = _CAPITAL_WORD.findall(part)
        if (
            not capitals
            or len(part.split()) > 4
            or any(w == w.lower() for w in part.split())  # "(for STS credentials)"
            or not re.fullmatch(r"[A-Za-z][A-Za-z -]*", part)  # a file, a link, a number
            or any(c in _TASK_NOTES for c in capitals)
            or part in _THINGS  # "(CVE)": the thing the task names
        ):
            return []
    return parts


# A team a document makes for the work: formed ("will form the initial response team"),
# made of people ("These developers are the Fix Team") or named in quotes ("the "Fix Team"").
_BODY = r"(?:team|group|committee|crew|squad|task\s+force|taskforce)"
_FORMED = re.compile(
    rf"(?i:\bform(?:s|ed|ing)?\s+(?:the|an?)\s+)((?:[\w-]+\s+){{0,3}}(?i:{_BODY}))\b"
    rf"|\b(?:are|becomes?)\s+the\s+((?:[A-Z][\w-]*\s+){{1,3}}(?i:{_BODY}))\b"
    rf"|[\"“]((?:[A-Z][\w-]*\s+){{1,3}}(?i:{_BODY}))[\"”]"
)
# "a member of the `acme/admins` group", "members of acme/security-response": a GitHub team
_GITHUB_TEAM = re.compile(
    r"(?i:\bmembers?\s+of\s+(?:the\s+)?)`?@?([a-z0-9][\w.-]*/[a-z0-9][\w.-]*)`?"
    r"|(?<![\w./@-])`?@?([a-z0-9][\w.-]*/[a-z0-9][\w.-]*)`?\s+(?:group|team)\b"
)


_TEAM_WORD = re.compile(r"(?i)team|group|committee|crew|squad|force")  # (read on every line)


def formed_teams(texts: list[tuple[str, int]]) -> list[Entry]:
    """Teams a document forms or names for the work, said twice or more (a team in quotes
    once, "the "Go Team" blog", is a name), and GitHub teams whose members act."""
    found: dict[str, tuple[str, int]] = {}
    for text, line in texts:
        if "/" in text:
            for match in _GITHUB_TEAM.finditer(text):
                found.setdefault((name := match.group(1) or match.group(2)).lower(), (name, line))
        if not _TEAM_WORD.search(text):
            continue
        for match in _FORMED.finditer(" ".join(text.split())):
            name = _ARTICLE.sub("", next(g for g in match.groups() if g))
            if len(_words(name)) >= 2:
                found.setdefault(name.lower(), (name[:1].upper() + name[1:], line))
    said = " ".join(" ".join(t.split()) for t, _ in texts).lower()
    return [Entry(name, "", line, {"=name": name, "short": ""})  # as written: "acme/admins"
            for key, (name, line) in found.items() if "/" in key or said.count(key) >= 2]  # fmt: skip


# A named body of people: words in capitals ending with a body's noun ("Security Incident
# Response Team", "DNN Security Task Force", "LLVM Security Group").
_BODY_NAME = (
    r"(?:[A-Z][\w&-]*\s+){1,5}(?:Team|Group|Committee|Task\s+Force|Taskforce|Council|Squad|Crew)"
)
# "the Security Incident Response Team (SIRT)": the body and the initials it is given
_BODY_WITH_SHORT = re.compile(rf"({_BODY_NAME})\s*\(([A-Z]{{2,6}})\)")
# "members of the DNN Security Task Force", "LLVM Security Group members": a body whose
# members do the work
_BODY_MEMBERS = re.compile(
    rf"\b(?i:members?)\s+of\s+(?:the\s+)?({_BODY_NAME})\b|\b({_BODY_NAME})\s+(?i:members?)\b"
)
# A body whose name says it responds ("Security Task Force", "Incident Response Team"), not
# one that governs or builds ("Steering Committee", "Engineering Team").
_RESPONDS = re.compile(r"(?i)\b(?:security|incident|response|emergency|vulnerabilit\w*|psirt)\b")
# "The Foo Security Team receives …", "the LLVM Security Group decides …": a body that acts
_BODY_ACTS = re.compile(
    rf"(?:^|[.;:!?]\s+|\b[Tt]he\s+)({_BODY_NAME})\s+(?:then\s+|also\s+)?([a-z]+)\b"
)
_WHOSE = re.compile(r"(?i)(?:\btheir|\w['’]s)\s*$")  # "the vendor's Incident Response Team"


_BODY_WORD = re.compile(r"Team|Group|Committee|Force|Council|Squad|Crew")  # (read on every line)


def named_bodies(texts: list[tuple[str, int]]) -> list[Entry]:
    """Bodies a document gives the work to: one named with its initials that it then calls
    by them ("activates the Security Incident Response Team (SIRT)" … "the SIRT completes"),
    twice or more; one whose members it says do the work ("viewed only by members of the X
    Task Force"), said again, whole or by its last words ("outside the Task Force"); one whose
    name says it responds, the subject of two sentences or more that say what it does."""
    joined = [(" ".join(_EMPHASIS.sub(" ", t).split()), line) for t, line in texts]
    found: dict[str, Entry] = {}
    acting: dict[str, list[Entry]] = {}
    for text, line in joined:
        if not _BODY_WORD.search(text):
            continue  # most lines name no body
        for entry in [*_given_initials(text, line), *_whose_members_work(text, line)]:
            found.setdefault(entry.text.lower(), entry)
        for entry in _acting_bodies(text, line):
            acting.setdefault(entry.text.lower(), []).append(entry)
    for key, said_at in acting.items():  # the subject of two sentences or more
        if len(said_at) >= 2:
            found.setdefault(key, said_at[0])
    said = " ".join(t for t, _ in joined)
    kept = [e for e in found.values() if _said_again(e, said)]
    # "Security Group members" and "the LLVM Security Group": one body, by its longer name
    return [e for e in kept if not any(o.text.endswith(f" {e.text}") for o in kept)]


def _given_initials(text: str, line: int) -> list[Entry]:
    """Bodies a line names with the initials it gives them ("the Security Incident Response
    Team (SIRT)"), not another's ("the vendor's … Team (VIRT)")."""
    found = []
    for match in _BODY_WITH_SHORT.finditer(text):
        name, short = _body(match.group(1)), match.group(2)
        initials = "".join(w[0] for w in name.split()).upper()
        if name and initials == short and not _WHOSE.search(text[: match.start(1)]):
            found.append(Entry(name, "", line, {"short": short}))
    return found


def _whose_members_work(text: str, line: int) -> list[Entry]:
    """Responding bodies whose members a line says do the work ("members of the X Task
    Force")."""
    found = []
    for match in _BODY_MEMBERS.finditer(text):
        name = _body(match.group(1) or match.group(2))
        whose = _WHOSE.search(text[: match.start(1 if match.group(1) else 2)])
        if name and not whose and _RESPONDS.search(name):
            found.append(Entry(name, "", line, {"short": ""}))
    return found


def _acting_bodies(text: str, line: int) -> list[Entry]:
    """Responding bodies a line makes the subject of what is done ("The X Security Team
    receives …")."""
    found = []
    for match in _BODY_ACTS.finditer(text):
        name = _body(match.group(1))
        if name and _RESPONDS.search(name) and _does(match.group(2)):
            found.append(Entry(name, "", line, {"short": ""}))
    return found


# Words in the plural after a body's name that make it a modifier ("Security Team members").
_BODY_THINGS = {"members", "meetings", "channels", "issues", "reports", "calls", "lists",
                "pages", "docs", "notes", "emails", "aliases", "rotations"}  # fmt: skip


def _does(word: str) -> bool:
    """Whether the word after a body's name says what it does ("receives", "will", "is")."""
    if word in _MODAL or word in ("is", "has", "then"):
        return True
    return word.endswith("s") and not word.endswith("ss") and word not in _BODY_THINGS


def _body(run: str) -> str:
    """A body's name without the words before it that are no part of a name."""
    words = run.split()
    while words and (words[0].lower() in _NOT_A_NAME or words[0].lower() in IMPERATIVE):
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else ""


def _said_again(entry: Entry, said: str) -> bool:
    """Whether a body is named again: by its initials as a noun ("the SIRT") two more times,
    or, without them, once more, whole or by its last two words ("the Task Force")."""
    if short := entry.cells["short"]:
        return len(re.findall(rf"\b(?:the|on|of|by|to)\s+{short}\b", said)) >= 2
    tail = " ".join(entry.text.split()[-2:])
    by_tail = said.count(f"the {tail}") if tail != entry.text else 0
    return said.count(entry.text) + by_tail >= 2


# "the Mini Support Rotation (MSR) runner": a rotation and the initials it is given (a person
# may follow them)
_ROTATION = re.compile(
    r"(?:[A-Z][\w-]*\s+){0,4}(?:Rotation|Shift|Rota|Roster|Watch)\s*\(([A-Z]{2,6})\)"
)
# Who holds a rotation, called by it: "the MSR runner", "the week's MSR holder".
_HOLDER_NOUNS = "runner|holder|person|owner|member|lead|engineer"


def rotation_holders(texts: list[tuple[str, int]]) -> list[Entry]:
    """The person who holds a rotation, called by its initials and a person's noun ("The
    Mini Support Rotation (MSR) runner makes these checks" … "the week's MSR runner"), said
    twice or more: the role of whoever is on that rotation."""
    shorts: dict[str, int] = {}
    for text, line in texts:
        if "(" in text:
            for match in _ROTATION.finditer(" ".join(text.split())):
                shorts.setdefault(match.group(1), line)
    if not shorts:
        return []
    said = " ".join(" ".join(t.split()) for t, _ in texts)
    found: list[Entry] = []
    for short, line in shorts.items():
        holders = re.findall(rf"\b{short}\)?\s+({_HOLDER_NOUNS})\b", said)
        for noun in dict.fromkeys(holders):
            if holders.count(noun) >= 2:
                found.append(Entry(f"{short} {noun}", "", line, {"short": ""}))
    return found
