"""Roles a list gives as "Name: what they do": "- Note taker: Takes notes", "- **Host** —
leads the call", "1. Navigator - decides what the team works on next", or a glossary's
"**Daily Log Checker**:" over "- Responsible for confirming …". A label is a role here by
what its text says of it (a duty said of someone), not only by its words."""

from __future__ import annotations

import re

from warroom.runbooks.list_escalation import PAGED
from warroom.runbooks.model import Entry
from warroom.runbooks.role_mentions import said_of_someone
from warroom.runbooks.roles import SECTION_WORDS, identifier, role_name
from warroom.runbooks.vocabulary import ROLE_WORDS, _imperative, _words

# "Responsible for …", "In charge of …", "Accountable for …": a duty, whatever comes next
_IN_CHARGE = re.compile(
    r"(?i)^(?:(?:is|are)\s+)?(?:(?:solely|primarily|mainly|also)\s+)?(?:responsible|accountable"
    r"|in\s+charge|on\s+point|the\s+(?:point\s+of\s+contact|go-to|person|one)\b)"
)
# "Domain experts, learners", "Engineers who know the system", "Team member assigned daily
# to …": who fills the part, said as people
_PEOPLE = {
    "expert", "engineer", "developer", "learner", "member", "people", "person", "staff",
    "volunteer", "colleague", "representative", "specialist", "owner",
    "maintainer", "administrator", "operator", "individual", "manager", "lead",
}  # fmt: skip
_MODALS = {"will", "should", "must", "can", "may", "shall", "would", "could", "is", "are"}
# Verbs said of someone that the vocabulary of instructions does not hold ("Moderates the
# call", "Helps learners …", "Talks to the business")
_DEEDS = {
    "moderates", "helps", "talks", "speaks", "answers", "owns", "leads", "chairs", "runs",
    "drives", "oversees", "liaises", "acts", "serves", "decides", "approves", "makes", "takes",
    "keeps", "writes", "sends", "handles", "represents", "guides", "tells", "watches",
    "facilitates", "supports", "provides", "manages", "assists", "interprets", "explains",
    "summarises", "summarizes", "fixes", "debugs", "investigates", "calls", "hosts",
}  # fmt: skip
# A lead that says its list is who takes part: "We need people in the following roles:",
# "we fill three seats:", "These positions are staffed:"
_PEOPLE_LEAD = re.compile(
    r"(?i)\b(?:roles|positions|seats|hats|parts|people|staff|members|participants)\b.*:\s*$"
)


def duty_said(text: str) -> bool:
    """Whether a text says what someone does or who they are ("Moderates the call",
    "Responsible for …", "Domain experts, learners"), not what to do ("Restart the
    primary") nor what a thing is."""
    words = _words(text)
    if not words or _imperative(text):
        return False
    first = words[0]
    if first in _DEEDS or said_of_someone(first) or _IN_CHARGE.match(text):
        return True
    # "Routes each call …", "Triages the queue": a verb said of someone, then its object
    if len(words) > 2 and re.fullmatch(r"[a-z]{3,}[^s]s", first) and words[1] in _DETERMINERS:
        return True
    # who fills the part, said as people ("Engineers who know …"), not a clause with a
    # subject of its own ("someone answers the phone": the label is not who acts)
    at = next((n for n, w in enumerate(words[:3]) if _noun(w) in _PEOPLE), None)
    if at is None or text.rstrip().endswith("?"):
        return False
    after = words[at + 1] if at + 1 < len(words) else ""
    return not (after in _DEEDS or after in _MODALS or said_of_someone(after))


def _noun(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _label_role(label: str) -> tuple[str, str] | None:
    """The role a label names, as the list says it is one ("The Ensemble": a body's proper
    name keeps its article)."""
    label = label.strip(" *_:")
    words = _words(label)
    if not words or len(words) > 4 or identifier(label):
        return None
    # "Restart the database: …": an instruction, not who; "Notes: …" a part of the text
    # ("Call lead", "Note taker" are who)
    if not _person_noun(words) and (_imperative(label) or SECTION_WORDS.search(label)):
        return None
    named = role_name(label, announced=True)
    if named and re.match(r"^The\s+[A-Z]", label) and words[-1] not in ROLE_WORDS:
        return label, named[1]  # "The Ensemble"
    return named


_AGENT = re.compile(r"(?:er|or|ist|ian)s?$")
_DETERMINERS = {"the", "a", "an", "all", "any", "your", "our", "their", "its", "this", "that",
                "each", "every"}  # fmt: skip


def _person_noun(words: list[str]) -> bool:
    """Whether a label ends with who someone is: a role's word, or a doer's noun with no
    article before it ("Daily Log Checker", not "Check the server")."""
    if words[-1] in ROLE_WORDS:
        return True
    return bool(_AGENT.search(words[-1])) and not set(words) & _DETERMINERS


def _duties(entry: Entry) -> list[str]:
    """What an item says its label does: its text after the label, or its sub-items."""
    if entry.children:
        return [c.text for c in entry.children]
    return [entry.detail] if entry.detail else []


def listed_roles(
    defined: list[Entry], heads: list[Entry], lead: str, glossary: bool, duties: bool
) -> tuple[list[Entry], str]:
    """The roles a list defines by their words (`defined`), with, in a `glossary`, those it
    defines by their duties ("**Daily Log Checker**:" over what it does); or, where more
    (and `duties` may be read), those it gives duties ("**Host** — leads the call"), with
    the reason."""
    if glossary:
        known = {e.line for e in defined}
        defined = defined + glossary_roles([h for h in heads if h.line not in known])
    found = duty_roles(heads, lead) if duties else []
    if defined and len(defined) >= len(found):
        return defined, "roles a glossary defines"
    return found, "who does what: each label's duties"


def duty_roles(heads: list[Entry], lead: str) -> list[Entry]:
    """The roles of a list of "Name: what they do" items: two or more items, most of them
    saying what someone does, none telling the reader what to do nor who is paged when; and
    a label a role by its words, or a lead that says the list is who takes part."""
    said = _who_does_what(heads)
    by_words = [e for e in heads if role_name(e.text.strip(" *_:"))]
    announced = bool(_PEOPLE_LEAD.search(lead))
    if not said or (not by_words and not announced):
        return []
    if not announced:  # "**Service Desk** - takes calls": a body or a place, not a part
        said = [e for e in said if not _a_place(e.text)]
    # (a role by its words with no duty written yet is one of them: "- **A clinical lead**")
    return _entries([e for e in heads if e in said or e in by_words])


def _who_does_what(heads: list[Entry]) -> list[Entry]:
    """The items that say what someone does, where most of a list's items do and none
    tells the reader what to do ("Database: restart the primary") nor who is paged when
    ("Secondary: gets paged after 15 minutes"); else none."""
    said = [e for e in heads if (d := _duties(e)) and all(map(duty_said, d))]
    if len(heads) < 2 or len(said) < 2 or len(said) * 3 < len(heads) * 2:
        return []
    if any(_imperative(d) for e in heads for d in _duties(e)[:1]):
        return []
    if sum(bool(PAGED.search(" ".join(_duties(e)))) for e in heads) >= 2:
        return []
    return said


def _a_place(label: str) -> bool:
    """Whether a label names a body or a place ("Service Desk"), its note in brackets left
    out ("Technical support (service team)" is who)."""
    words = _words(label.split("(")[0]) or _words(label)
    return bool(words) and words[-1] in _PLACES


# The words of a body or a place a list may name beside the roles ("Service Desk",
# "Resolver Group", "Network Operations Centre")
_PLACES = {"desk", "group", "groups", "team", "teams", "centre", "center", "office",
           "department", "unit", "service", "helpdesk", "servicedesk", "queue"}  # fmt: skip


def glossary_roles(heads: list[Entry]) -> list[Entry]:
    """The roles a glossary defines by their duties: "**Daily Log Checker**:" over "- Team
    member assigned daily to monitor logs", "- Responsible for confirming …" (each sub-item
    said of someone, two or more)."""
    found = []
    for entry in heads:
        duties = _duties(entry)
        if duties and sum(map(duty_said, duties)) * 3 >= len(duties) * 2:
            found.append(entry)
    return _entries(found)


def _entries(heads: list[Entry]) -> list[Entry]:
    out = []
    for head in heads:
        if not (named := _label_role(head.text)):
            continue
        duties = "\n".join(_duties(head))
        cells = {"short": named[1], "name": named[0], "responsibilities": duties}
        if named[0] == head.text.strip(" *_:") and named[0].startswith("The "):
            cells["=name"] = named[0]  # "The Ensemble", as written
        out.append(Entry(head.text, "; ".join(_duties(head)), head.line, cells, head.children))
    return out
