"""Where a responder turns when escalating, named as a place to post rather than a person
("post a reminder on the community Slack", "ask in the platform support channel", "raise it
on the public developers forum"), or as a body by its proper name ("report it to NHS
England's Service Bridge"); read only where a sentence escalates or sits under a heading or
lead that does."""

from __future__ import annotations

import re

from warroom.runbooks.escalation_who import _TOOLS

# A place people read and answer in, by its own name (not "Slack" alone, a tool; not "the
# incident channel", where the responders already are).
_VENUE = re.compile(
    r"(?i)\b(?:on|in|to|into|via|through)\s+(?:the\s+|our\s+|your\s+|their\s+|its\s+)"
    r"((?!(?:same|this|that|incident|dedicated|new|relevant|right|appropriate|proper|usual"
    r"|main|general|private|following|above|below)\b)"
    r"(?:(?!(?:through|via|on|in|into|to|with|and|or|by|for|from|of|at|the|a|an)\s)[\w'’-]+\s+){1,4}?"
    r"(?:slack(?:\s+(?:channel|workspace|community))?|channel|chat(?:\s*room)?|chatroom|forum"
    r"|discussion\s+board|discord(?:\s+server)?|irc\s+channel|matrix\s+room|mailing\s+list))\b"
)
# What a venue is called for what it holds, not whom it reaches ("the status channel").
_NOT_PEOPLE = re.compile(
    r"(?i)\b(?:status|alerts?|announce(?:ments?)?|notifications?|updates|releases?|news|logs?"
    r"|bots?|feed|incident|incidents|war[\s-]?room|customer'?s?)(?:\s+\S+){1,2}$"
)

_TOOL_WORDS = r"slack|discord|irc|matrix|teams|zulip|mattermost|gitter|google|microsoft|ms"
# A word that says whose or which place it is, beside the tool's name and the place's noun.
_NAMING_WORD = re.compile(
    rf"(?i)^(?:(?!(?:{_TOOL_WORDS}|channel|chat|chatroom|room|forum|discussion|board|server"
    r"|workspace|community|mailing|list)\b)[\w'’-]+\s+|(?:[\w'’-]+\s+)*?community\b)"
)


def venues(sentence: str) -> list[tuple[int, str]]:
    """Each place a sentence sends someone to post, with where it is said."""
    found = []
    for match in _VENUE.finditer(sentence):
        said = match.group(1)
        # ("your Slack channel": the tool's name alone says not whose channel it is)
        if _NOT_PEOPLE.search(said) or not _NAMING_WORD.search(said):
            continue
        found.append((match.start(1), said[:1].upper() + said[1:]))
    return found


# "the comms lead must report it to NHS England's “Service Bridge”", "refer the case to the
# Regional Resilience Hub": a body by its proper name, whatever its last word, as the one a
# verb that hands the incident on sends it to.
_TO_A_BODY = re.compile(
    r"\b(?i:report|reports|reported|escalate|escalates|escalated|refer|refers|referred|pass|passes"
    r"|passed|hand|hands|handed|forward|forwards|forwarded|send|sends|sent)\s+(?i:it|this|that|them"
    r"|the\s+(?:incident|issue|matter|case|report|ticket|problem))\s+(?i:on\s+|over\s+|up\s+)?(?i:to)\s+"
    r"(?i:the\s+)?((?:[A-Z][\w&.-]*(?:['’]s)?\s+){0,4}[\"“‘']?[A-Z][\w&.-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w&.-]*){0,4})(?![\w&-])[\"”’']?"
    # ("escalate the ticket to Political procedure": a procedure, not a body)
    r"(?!\s+(?i:procedures?|process(?:es)?|polic(?:y|ies)|pages?|forms?|queues?|systems?|tools?"
    r"|portals?|templates?|docs|documentation|sections?|boards?|workflows?|states?|status)\b)"
)


def bodies(sentence: str) -> list[tuple[int, str]]:
    """Each body a sentence hands the incident on to by its proper name, with where."""
    found = []
    for match in _TO_A_BODY.finditer(sentence):
        said = re.sub(r"[\"“”‘’']+(?!s\b)", "", match.group(1)).strip().rstrip(".")
        if not re.fullmatch(_TOOLS, said.lower()):  # ("report it to GitHub": a tool)
            found.append((match.start(1), said))
    return found
