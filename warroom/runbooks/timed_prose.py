"""Prose done at a moment of the response ("## After the Incident", "When the call begins, set
a timer"): steps by when they are done, where the document's lists state more steps."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry, Section
from warroom.runbooks.procedure import plainly_done, says_done
from warroom.runbooks.vocabulary import _imperative, clean

# "## During the Incident", "### After the Incident", "## Starting the Process", "### Ending
# your on-call shift", "## On incident resolution", "## When you get paged": a heading that names
# a moment of the response, so what its prose says is done is a procedure written in
# paragraphs, not advice ("When to escalate", "On-call rotation" name no moment).
_MOMENT = re.compile(
    r"(?i)^\W*(?:during|after|before|once|while|upon|on\s+(?!call\b)|at\s+the\s+(?:start|end|beginning)\b"
    r"|starting|ending|(?:start|end|beginning)\s+of\b"
    r"|when\s+(?!(?:to|is|are|do|does|should|can|could|will|would|not)\b))"
)
# "When the call begins, set a timer", "At the beginning of the call, set expectations",
# "Before your shift ends, consider …": an instruction for a moment of the response.
_TIMED = re.compile(
    r"(?i)^\W*(?:when|whenever|once|after|before|as\s+soon\s+as|upon|immediately\s+after"
    r"|at\s+the\s+(?:beginning|start|end)\s+of)\b[^,]{3,120},\s*"
)

# "During handling of an incident …", "When an outage is over, …", "Once the incident has been
# declared, …": a sentence that opens with a moment of the incident itself.
_AT_INCIDENT = re.compile(
    r"(?i)^\W*(?:when|whenever|once|after|before|during|upon|while|as\s+soon\s+as"
    r"|in\s+the\s+(?:event|case|course)\s+of|at\s+the\s+(?:start|end|beginning)\s+of)\b"
    r"[^.,;:]{0,60}?\b(?:incident|outage|breach)s?\b"
)


# "## The incident retro", "### Post-mortem meeting", "## Debrief": the meeting after the
# incident, a moment of the response by its name.
_AFTER_MEETING = re.compile(
    r"(?i)\b(?:retros?|retrospectives?|post-?mortems?|post-incident\s+reviews?|debrief(?:ing)?"
    r"|lessons\s+learned|wrap-?up)\W*$"
)


def moment_heading(title: str) -> bool:
    """A heading that names a moment of the response ("After the Incident")."""
    return bool(_MOMENT.match(clean(title)) or _AFTER_MEETING.search(clean(title)))


def timed_steps(held: list[Section]) -> list[Section]:
    """The sentences of prose that are steps by when they are done, in a document whose
    lists state more steps than its prose: under a heading that names a moment ("## After
    the Incident") those that say what is done; under an instruction heading ("### Take a
    break") those that open with the moment they are done at ("When the call begins, set a
    timer"). Two or more under one heading make a sequence; one alone is a remark."""
    timed: dict[int, list[tuple[Section, list[Entry]]]] = {}
    for section in held:
        if moment_heading(section.heading):
            said = [e for e in section.entries if _done_then(e.text)]
        elif _imperative(clean(section.heading)):
            said = [e for e in section.entries if _timed_instruction(e.text)]
        else:
            # under any other heading, what is done at a moment of the incident the sentence
            # itself names ("During handling of an incident the staff should …")
            said = [e for e in section.entries if _at_incident(e.text)]
        timed.setdefault(section.heading_line, []).append((section, said))
    found = []
    for sections in timed.values():
        if sum(len(said) for _, said in sections) < 2:
            continue
        for section, said in sections:
            if said:
                section.entries = said
                section.reason += "; done at a moment of the response"
                found.append(section)
    return found


def _done_then(sentence: str) -> bool:
    """A sentence under a moment's heading that says what is done then, in the plain shapes
    (where lists state the procedure, prose in the passive or after a long circumstance is
    more often what happens than what someone does)."""
    return plainly_done(sentence) and not _NOT_DONE_THEN.search(sentence)


def _at_incident(sentence: str) -> bool:
    """A sentence that opens with a moment of the incident and says what is done then, the
    moment running on without a comma too ("During handling of an incident the staff
    should …")."""
    return (
        bool(_AT_INCIDENT.match(sentence))
        and says_done(sentence)
        and not _NOT_DONE_THEN.search(sentence)
    )


def _timed_instruction(sentence: str) -> bool:
    timed = _TIMED.match(sentence)
    return timed is not None and _imperative(sentence[timed.end() :])


# "you should get a notification": what comes to the responder; "you can move to the
# post-incident steps": a pointer to another part of the document. Neither is a step.
_NOT_DONE_THEN = re.compile(
    r"(?i)\b(?:you|we)\s+(?:should|will|can|may)\s+(?:also\s+)?(?:get|receive|have|be)\b"
    r"|\b(?:move|go|proceed|skip|continue)\s+(?:on\s+)?to\s+(?:the\s+)?[\w-]+\s+"
    r"(?:steps?|section|phase|stage|page)\b"
)
