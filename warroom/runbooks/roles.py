"""Roles: what names a role ("Incident Commander (IC)", "Role: Scribe", "Steps for Fix
Lead") and how a role's entry becomes a playbook role with its duties."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import (
    ABBREVIATION,
    CODE,
    IMPERATIVE,
    ROLE_WORDS,
    _words,
    clean,
    singular,
    slug,
)

# The keys the built-in playbook gives these roles, so items naming them tick for the same role.
KNOWN_ROLES = {
    "incident commander": "ic",
    "technical lead": "tech",
    "tech lead": "tech",
    "communications lead": "comms",
    "communications": "comms",
    "scribe": "scribe",
}


# "IC (Incident Commander)", "CL – Communications Lead" (compiled once: read for every item)
_ABBREVIATION_FIRST = re.compile(r"^([A-Z][A-Za-z&]{1,6})\s*(?:\(\s*([^()]+?)\s*\)|[-–—:]\s+(.+))$")
_WORD = re.compile(r"[A-Za-z]\w*")
_PLURAL = re.compile(r"s$")


def _spelled_out(text: str) -> tuple[str, str] | None:
    """ "IC (Incident Commander)", "CL – Communications Lead": an abbreviation, then the
    words whose initials it is."""
    match = _ABBREVIATION_FIRST.match(text)
    if not match:
        return None
    short, words = match.group(1), match.group(2) or match.group(3)
    initials = "".join(w[0] for w in _WORD.findall(words) if w[0].isupper())
    if initials.lower() != _PLURAL.sub("", short).lower() or not short[1:].isupper():
        return None
    return words, short


# A role's words, then its abbreviation in brackets, after a dash, or said another way:
# "Technical Lead [TL]", "Communications Lead - CL", "Communications Lead, or CL",
# "Incident Commander aka IC".
_SAID_AFTER = re.compile(
    r"^(.+?)(?:\s*\[\s*([A-Z]{2,6}s?)\s*\]|\s+[-–—]\s+([A-Z]{2,6}s?)"
    r"|,?\s+(?:or|aka|a\.k\.a\.?|also\s+(?:called|known\s+as))\s+(?:the\s+)?([A-Z]{2,6}s?))$"
)


def _capitals(words: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", words) if w[0].isupper()).lower()


def _abbreviated(text: str) -> tuple[str, str]:
    """A role's words and the abbreviation written with them: "Incident Commander (IC)",
    "EOC - Engineer On Call"."""
    text = clean(text).strip(" :*-–—")
    if spelled := _spelled_out(text):
        return spelled
    if after := _SAID_AFTER.match(text):  # "Communications Lead, or CL", "Tech Lead [TL]"
        words, short = after.group(1), next(g for g in after.groups()[1:] if g)
        if _capitals(words) == re.sub(r"s$", "", short).lower():
            return words, re.sub(r"(?<=[A-Z]{2})s$", "", short)
    text = re.sub(r"\s*\([^()]{12,}\)\s*$", "", text)  # "(manage build and release …)"
    short = ""
    abbreviation = ABBREVIATION.search(text)
    if abbreviation:
        short = re.sub(r"(?<=[A-Z]{2})s$", "", abbreviation.group(1))  # "(SMEs)": one is an SME
        text = (text[: abbreviation.start()] + text[abbreviation.end() :]).strip()
    text = re.sub(r"\s+", " ", text).strip(" :-–—")
    if not short and (lead := re.match(r"^([A-Z][A-Z0-9&]{1,7})\s+[-–—:]\s+(.+)$", text)):
        short, text = lead.group(1), lead.group(2)
    if CODE.fullmatch(short) or short.upper() in ("TBD", "TODO", "OPTIONAL", "WIP"):
        short = ""
    return text, short


# "Role: X", "Role 2 – X", "Steps for X": X is a role whatever its words.
# "2.1. Incident Manager", "A) Scribe", "II. Technical Lead": a heading's numbering
_ENUMERATOR = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Za-z][.)]|[IVX]+\.)\s+(?=\w)")
_EXPLICIT = (
    r"(?i)^role\s*#?(?:\d+|[ivx]+|[a-z])?\s*[:\-–—.]\s*(.+)$",
    r"(?i)^steps\s+for\s+(.+)$",
    r"(?i)^the\s+role\s+of\s+(.+)$",
)
# "team of", "list of": the people named after it are the role
_MEMBERS = re.compile(
    r"(?i)^(?:current\s+|present\s+)?(?:team|group|list|pool|panel)\s+of\s+(?=\w)"
)


def reader_role(title: str) -> tuple[str, str] | None:
    """The role a guide is written for ("An On Call Core Engineer's guide to …"): a role of
    the response, though the text under the title is the guide, not the role's duties."""
    whose = _GUIDE_OF.match(title)
    return role_name(whose.group(1)) if whose else None


_GUIDE_OF = re.compile(
    r"(?i)^(.+?)['’]s\s+(?:guide|handbook|checklist|playbook|runbook|manual|cheat\s*sheet)\b"
)
_DUTIES_OF = re.compile(r"(?i)^(?:responsibilities|duties|tasks)\s+of\s+(.+)$")
# "The Scribe", "One or more Subject Matter Experts": the role, however many hold it
_ARTICLE = re.compile(
    r"(?i)^(?:the|an?|our|your|one\s+or\s+(?:more|two)|one|two|several|some|each|every)\s+(?=\w)"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def role_name(text: str, announced: bool = False) -> tuple[str, str] | None:
    """(name, abbreviation) if a heading or item names a role: "Role: Incident Manager On Call
    (IMOC)", "### Incident Commander (IC) 👨‍💼", "Steps for Fix Lead", "Scribe Responsibilities".
    `announced`: the context says it is a role (a role table, "X role:"), whatever its words."""
    text, short = _abbreviated(_ENUMERATOR.sub("", _without_tier(text)))
    explicit, suffixed = _said_to_be_a_role(text)
    name = _ARTICLE.sub("", explicit or suffixed or text)  # "The Scribe" is the scribe
    name = _MEMBERS.sub("", name)  # "The current team of hardware security officers"
    name, words = _up_to_role(name) if announced else (name, _words(name))
    if not words or len(words) > 6 or name.endswith("?"):
        return _described(text)
    if not explicit and _a_task(words):
        return None
    if _noun(words[-1]) in _PEOPLE_AT_LARGE:
        return None  # "Users", "Affected customers": who the service is for, not a part
    said = explicit or announced or _suffixed_role(suffixed, short, words)
    if not said and not _role_noun_last(words):
        return _described(text)
    if announced and not _role_noun_last(words) and _a_sentence(words, name):
        return None  # "The incident commander runs the call.", "Keeps notes": not a name
    name = _OF_THE.sub(
        lambda m: m.group(1) if _noun(m.group(2)) in ROLE_WORDS else m.group(0), name
    )
    return name[:1].upper() + name[1:], short


# "Product Owner of the Hub": a role of two words or more, then which one it is (its thing
# is no part of the name; "Dean of Libraries", "Head of IT" are the post itself)
_OF_THE = re.compile(r"(?i)^(\S+\s+(?:\S+\s+)*?(\S+))\s+(?:of|for)\s+the\s+.+$")


# People a service is for or an organisation has, whom no incident gives a part.
_PEOPLE_AT_LARGE = {
    "user", "customer", "client", "visitor", "public", "people", "everyone", "anyone",
    "employee", "student", "citizen", "resident", "patient", "partner", "vendor", "subscriber",
    "community", "stakeholder",
}  # fmt: skip


def _a_task(words: list[str]) -> bool:
    """Whether a heading's words are a task about a role, not its name: "Determining the
    On-call Manager", "Handing off IC", or an instruction: "Contact the Security Lead"."""
    if _doing(words[0]):
        return True
    return len(words) >= 3 and words[0] in IMPERATIVE and words[1] in _DETERMINERS


def _suffixed_role(suffixed: str | None, short: str, words: list[str]) -> bool:
    """Whether a heading with a role's suffix names a role: "Engineer on Call (EOC)
    Responsibilities" (with its abbreviation), "Repository maintainer process steps" (a
    person's noun says whose they are)."""
    return bool(suffixed) and (bool(short) or _noun(words[-1]) in DOERS)


_DETERMINERS = {"the", "a", "an", "your", "our", "their", "all", "any", "every", "each"}
# People a process names by what they look after, not by a role's word: "Maintainer
# responsibilities", "Repository maintainer process steps" say whose they are.
DOERS = {"maintainer", "developer", "administrator", "operator", "reviewer", "contributor"}
# "Level 1", "Tier 2", "L3", "2nd line": the rung of a support ladder a role is written with.
_TIER = re.compile(r"(?i)^(?:(?:level|tier|line)\s*\d{1,2}|l\d|\d(?:st|nd|rd|th)\s+line)$")


def _without_tier(text: str) -> str:
    """ "Support Analyst | Level 1", "Tier 2 / Support Specialist": a role written beside its
    rung of the ladder, the role alone."""
    if "|" not in text and "/" not in text:
        return text
    parts = [p.strip(" *_") for p in re.split(r"\s+[|/]\s+", text)]
    kept = [p for p in parts if not _TIER.match(p)]
    return kept[0] if len(parts) == 2 and len(kept) == 1 else text


def _up_to_role(name: str) -> tuple[str, list[str]]:
    """ "Incident Manager Information about IM onboarding": a link's words after the role
    left out, in a long name (and its words)."""
    words = _words(name)
    last = max((n for n, w in enumerate(words) if w in ROLE_WORDS), default=-1)
    if len(words) > 5 and 0 <= last < len(words) - 1:
        return " ".join(name.split()[: last + 1]), words[: last + 1]
    return name, words


def _doing(word: str) -> bool:
    """Whether a word is an instruction's verb in -ing ("determining", "engaging"), not a
    role's ("incoming", "outgoing", "acting")."""
    if not word.endswith("ing") or len(word) < 6:
        return False
    stem = word[:-3]
    return bool({stem, stem + "e", stem[:-1]} & IMPERATIVE)


def _a_sentence(words: list[str], text: str) -> bool:
    """Whether words read as a sentence or a duty rather than a name: a full stop after
    three words, or a verb first ("Runs the call", "Keep notes")."""
    first = words[0]
    verb = first in IMPERATIVE or (first.endswith("s") and first[:-1] in IMPERATIVE)
    verb = verb or (first.endswith("es") and first[:-2] in IMPERATIVE)
    if verb and _BODY_TITLE.match(text):
        return False  # "Post Incident Review Team": a body's name in capitals, not "Post it"
    return verb or (text.endswith(".") and len(words) >= 3)


_BODY_TITLE = re.compile(r"^(?:[A-Z][\w-]*\s+)+(?:Team|Group|Committee|Board|Council|Crew|Squad)$")


def _described(text: str) -> tuple[str, str] | None:
    """ "Incident Commander — the decision maker", "Scribe: keeps notes": the role before
    what it is said to be."""
    head = re.split(r"\s+[—–-]\s+|:\s+", text, maxsplit=1)
    return role_name(head[0]) if len(head) == 2 and head[0] else None


def _said_to_be_a_role(text: str) -> tuple[str | None, str | None]:
    """The words a heading says are a role ("Role: X", "Steps for X": whatever its words),
    and the words it says may be one ("X Responsibilities", "Duties of the X": if they
    sound like a role)."""
    explicit = suffixed = None
    for pattern in _EXPLICIT:
        if match := re.match(pattern, text):
            explicit = match.group(1).strip(" :-–—")
    if explicit is None and (of := _DUTIES_OF.match(text)):
        suffixed = of.group(1)
    if explicit is None and (
        match := re.match(
            r"(?i)^(.+?)\s+(?:role|responsibilities|duties|checklist|tasks|(?:process\s+)?steps)$",
            text,
        )
    ):
        # "The Incident Manager's responsibilities": whose they are
        suffixed = re.sub(r"['’]s$", "", match.group(1).strip(" :-–—"))
    return explicit, suffixed


def _role_noun_last(words: list[str]) -> bool:
    last = words[-1]
    plural = len(last) > 3 and last.endswith("s") and last[:-1] in ROLE_WORDS  # "triagers"
    # "Engineer On-Call", "Support Manager on call": a person on call ("Security Committee
    # Oncall" is a body's rotation)
    on_call = (last in ("on-call", "oncall") and len(words) >= 2 and words[-2] in ROLE_WORDS) or (
        words[-2:] == ["on", "call"] and len(words) >= 3 and words[-3] in ROLE_WORDS
    )
    # "Head of Digital", "Director of Communications", "Librarian for Systems": a post named
    # by what it heads, its title before "of" or "for"
    at = next((n for n, w in enumerate(words) if w in ("of", "for")), 0)
    title = words[at - 1] if at else ""
    head_of = 1 <= at <= 3 and len(words) - at <= 4 and (title == "head" or title in ROLE_WORDS)
    return (
        last in ROLE_WORDS
        or plural
        or on_call
        or head_of
        or words[-3:] == ["point", "of", "contact"]
    )


def _add_role(entry: Entry, roles: dict[str, dict[str, Any]], at: Callable[[int], str]) -> None:
    if entry.cells.get("=name"):
        found = (entry.cells["=name"], entry.cells.get("short", ""))
    else:
        text = entry.cells.get("name") or entry.text
        found = role_name(text, announced=True) or (clean(text), "")
    name, short = found
    short = entry.cells.get("short") or short
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
    if not name:
        return
    key = KNOWN_ROLES.get(name.lower()) or slug(name, 24)
    role = roles.get(key) or _same_role(roles, name, short)
    if role is None:
        role = roles[key] = {"key": key, "name": name, "source": at(entry.line),
                             "responsibilities": []}  # fmt: skip
    if short:  # only an abbreviation the document gives: none is made up
        role["short"] = short
    _role_duties(role, entry)


def _same_role(roles: dict[str, dict[str, Any]], name: str, short: str) -> dict[str, Any] | None:
    """ "SME" in a RACI table and "Subject Matter Expert (SME)" are one role (the longer name
    kept)."""
    mine = {_one(name), _one(short), _reordered(name)} - {""}
    for other in roles.values():
        theirs = {_one(other.get("short", "")), _one(other["name"]), _reordered(other["name"])}
        if mine & theirs:
            if len(name) > len(other["name"]):
                other["name"] = name
            return other
    return None


def _reordered(name: str) -> str:
    """ "On-call Support Engineer" and "Support Engineer on-call": one role, its words in
    another order around "on-call" (no other role noun moves)."""
    words = _one(name).replace("on call", "on-call").split()
    return " ".join(sorted(words)) if "on-call" in words and len(words) >= 2 else ""


@functools.lru_cache(maxsize=4096)  # asked for every pair of roles a document names
def _one(name: str) -> str:
    """A name compared in the singular: "SMEs" and "SME", "Experts" and "Expert"."""
    return singular(name.lower().strip())


def _role_duties(role: dict[str, Any], entry: Entry) -> None:
    """The duties and the usual holder a role's entry gives."""
    duties = entry.cells.get("responsibilities", "").split("\n")
    if entry.children and entry.detail == entry.cells.get("responsibilities"):
        duties = [c.text for c in entry.children]  # a nested list: one duty per item
    for duty in (d.strip() for d in duties):
        if duty and _who_holds(duty):
            role.setdefault("usually", duty)  # "Incident Commander: Priya Raman": who, not what
        elif duty and duty not in role["responsibilities"]:
            role["responsibilities"].append(duty)
    for key_name in ("who?", "who", "contact", "owner", "usually", "filled by"):
        # (not the role's own column: "| Who | Does what |" over "| Scribe | … |")
        said = entry.cells.get(key_name, "")
        if said and said.strip(" *_").lower() != role["name"].lower():
            role["usually"] = entry.cells[key_name]
            break


# A person's name ("Priya Raman", "Tomás Ortega-Diaz", "Mary J. Blige"), a chat handle
# ("@tom", "<@U123>") or an address: who holds a role rather than what it does
_HOLDER_TEXT = re.compile(
    r"^(?:[A-Z][\w'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w'’-]+|@[\w.-]+|<@\w+>"
    r"|[\w.+-]+@[\w-]+\.[\w.]+)$"
)
# Words of the things a role's field may link to instead ("[Postmortems Folder](…)")
_THINGS = {
    "folder", "workflow", "runbook", "runbooks", "template", "templates", "document", "docs",
    "doc", "page", "pages", "channel", "board", "sheet", "form", "guide", "link", "dashboard",
    "list", "checklist", "report", "plan", "repo", "tracker", "queue", "review", "process",
    "policy", "room", "calendar", "schedule", "rotation", "wiki", "handbook", "notes",
}  # fmt: skip


def _who_holds(text: str) -> bool:
    """Whether a role's value names who holds it (a person, not a role's words, nor a thing
    the field links to: "Priya Raman", not "Incident Commander" or "Postmortems Folder")."""
    said = text.strip(" .*_")
    if not _HOLDER_TEXT.match(said) or role_name(said):
        return False
    words = _words(said)
    if said[:1].isupper() and any(_ABSTRACT.search(w) for w in words):
        return False  # "Impact Assessment", "Incident Notification": a thing's name
    return not said[:1].isupper() or not set(words) & (_THINGS | IMPERATIVE | ROLE_WORDS)


_ABSTRACT = re.compile(r"(?:ment|tion|sion|ness|ity|ance|ence)s?$")


# "**Scribe**: keeps the timeline", "Communications Lead — writes the updates": a line that
# starts with a term and says what it is.
_DEFINING = re.compile(r"^(?P<term>[^:—–]{2,60}?)\s*(?::|\s[—–-])\s+(?P<said>\S.*)$")


_FIELD_OF_WHO = re.compile(
    r"(?i)^\s*(?:owners?|who|responsible|accountable|role|roles|assigned\s+to|assignee|"
    r"performed\s+by|done\s+by|lead)\s*$"
)


# "Every ticket has an owner: the agent who …": a clause before the colon, not a term
_CLAUSE = re.compile(r"(?i)\b(?:has|have|is|are|was|were|gets?|needs?)\s")


def defined_lines(
    raw: str, first_line: int, in_roles: bool = False
) -> Iterator[tuple[str, str, str, int]]:
    """(name, abbreviation, what it does, line) for each line of a paragraph that defines a
    role by its words ("**Incident Commander**: leads the response"), or, under a roles
    heading (`in_roles`), by its bold label whatever its words ("**Communications:** …")."""
    for n, text in enumerate(raw.split("\n")):
        bolded = text.lstrip().startswith(("**", "__"))
        # "Incident Coordinator: ______": the blank kept (as "…") when the emphasis goes
        text = re.sub(r"_{3,}[\s_]*", "… ", text)
        text = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", text).strip()
        match = _DEFINING.match(text)
        short_term = match and len(_words(match.group("term"))) <= 6
        if match and _FIELD_OF_WHO.match(match.group("term")):
            # "**Owner:** Security Engineer": the label says who; the roles are its value.
            for part in re.split(r"\s*(?:,|/|\band\b|\bor\b)\s*", match.group("said")):
                if found := role_name(part.strip(" .")):
                    yield found[0], found[1], "", first_line + n
        elif (
            match
            and short_term
            and not _CLAUSE.search(match.group("term"))
            and (found := _term_role(match.group("term").strip(), in_roles and bolded))
        ):
            yield found[0], found[1], match.group("said").strip(), first_line + n


# "Jane Doe, Head of Library IT": a person's name (two or three capitalised words), then the
# post they hold
_PERSON_FIRST = re.compile(r"^([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’.-]+){1,2}),\s+(\S.{2,60})$")


def held_by(text: str, announced: bool = False) -> tuple[str, str, str] | None:
    """(role, abbreviation, who holds it) for an item that names a person, then their role
    (`announced`: the context says it is a role, whatever its words)."""
    match = _PERSON_FIRST.match(text)
    if not match or set(_words(match.group(1))) & (ROLE_WORDS | IMPERATIVE):
        return None
    found = role_name(match.group(2), announced=announced)
    return (found[0], found[1], match.group(1)) if found else None


def _term_role(term: str, announced: bool) -> tuple[str, str] | None:
    """The role a defining line's term names: by its words, or, `announced` (a bold label
    under a roles heading), whatever its words unless it labels a part of the text
    ("**Responsibilities:**", "**Note:**")."""
    if found := role_name(term):
        return found
    if not announced or len(_words(term)) > 4 or SECTION_WORDS.search(term) or identifier(term):
        return None
    return role_name(term, announced=True)


def identifier(text: str) -> bool:
    """Whether a label is a system's name for a role ("`admin`", "ReadOnlyAccess",
    "roles/viewer", "viewer"), not a part of the response."""
    text = text.strip()
    return bool(re.search(r"[`_/:]|[a-z][A-Z]", text) or re.fullmatch(r"[a-z][\w-]*", text))


# Headings and labels that are parts of a text rather than a part anyone plays.
SECTION_WORDS = re.compile(
    r"(?i)\b(?:overview|introduction|summary|background|purpose|scope|notes?|examples?|other|"
    r"general|additional|more|faq|table|matrix|raci|assignments?|rotation|training|when|how|why|"
    r"what|who|responsibilities|duties|tasks|description|details|authority|contacts?|important|"
    r"warning|tip|see|also)\b"
)


# "________", "[Name, phone]", "<name>", "TBD": a blank a template leaves for who holds a role
_BLANK = re.compile(
    r"(?i)^\s*(?:_{2,}[\s_]*|<[^<>]{0,40}>|\[[^\[\]]{0,40}\]|tbd|tba|\.{3,}|…)"
    r"(?:\s*\([^()]{0,30}\))?\s*$"
)


def blank(text: str) -> bool:
    """Whether a role's value is a blank to fill in with who holds it ("Incident Lead:
    [Name, phone]", "Technical Lead: ________")."""
    return bool(_BLANK.match(text))


# "Whoever declares the incident leads it", "The person who declared it owns the incident",
# "Whoever is on call when the alert fires owns it", "Whoever opened the ticket, owns it":
# a role the document names only by what its holder does; its words are its name.
_HOLDER = re.compile(
    r"(?i)\b(?P<who>whoever\s+\w+(?:s|ed)\b(?:\s+[\w-]+){0,8}?"
    r"|the\s+(?:person|engineer|responder|one)\s+who\s+\w+(?:s|ed)\b"
    r"(?:\s+[\w-]+){0,8}?),?\s+(?P<does>(?:leads|owns|runs|coordinates|commands|manages)\s+"
    r"(?:it|the\s+incident|the\s+response)\b[^.;!?]*[.;!?]?)"
)


def holders(text: str) -> Iterator[tuple[str, str]]:
    """(name, what the holder does) for a sentence that gives a role only by a deed."""
    for match in _HOLDER.finditer(text):
        who = re.sub(r"(?i)^the\s+", "", match.group("who"))
        yield who[:1].upper() + who[1:], match.group("does").strip()


def _noun(word: str, keep_case: bool = False) -> str:
    """A word in the singular ("Managers" → "manager")."""
    return singular(word if keep_case else word.lower())


# Words that make a role another one ("Deputy Incident Commander" is not the commander).
_ANOTHER = {"deputy", "assistant", "vice", "backup", "co", "associate", "junior", "senior",
            "shadow", "acting", "interim", "incoming", "outgoing", "primary", "secondary"}  # fmt: skip


def as_heading_role(name: str, heading: str) -> str:
    """The role a heading names, where a sentence under it calls that role by its last words
    ("the incident lead" under "## Security Incident Lead"); else the name as it is."""
    mine, theirs = _words(name), _words(heading)
    extra = theirs[: len(theirs) - len(mine)]
    if (
        not mine
        or len(extra) < 1
        or [_noun(w) for w in theirs[-len(mine) :]] != [_noun(w) for w in mine]
    ):
        return name
    return name if set(extra) & (ROLE_WORDS | _ANOTHER) else heading
