"""How one sentence's escalation leans on its neighbours: who did not answer is named in
the sentence before ("… handled by the engineer on duty. If they don't respond, …"), "them"
is whom it just named, "After that, the CTO." goes on with the chain, a lead-in labels the
list under it, and a place after someone is where they are reached."""

from __future__ import annotations

import re


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# "If they don't respond", "should she be unavailable": the one just named does not answer
# (not "if they don't get an acknowledgment": the one reporting it)
_THEY_UNANSWERED = re.compile(
    r"(?i)\W*(?:if|when|should|in\s+case)\s+(?:they|he|she)\s+(?:(?:do|does|did)(?:\s+not|n't)"
    r"\s+(?:respond|answer|reply|acknowledge|pick\s+up|react)\b|fails?\s+to\s+(?:respond|answer|reply)"
    r"|(?:are|is|be)\s+(?:unavailable|unreachable|unresponsive|not\s+(?:available|responding|reachable))"
    r"|(?:can(?:no|')t|cannot)\s+be\s+reached)"
)


def _points_back(sentence: str, escalates: bool) -> bool:
    """Whether a sentence brings in someone the sentence before it names: "Critical issues
    are handled by the engineer on duty. If they don't respond, …" (who did not respond is
    the first one brought in), "The messaging team owns the queue; reach them in
    #messaging" (who "them" is), "First try the on-call developer. No answer after 20
    minutes? …" (who did not answer)."""
    return bool(
        _THEY_UNANSWERED.match(sentence)
        or _REACH_THEM.search(sentence)
        or (escalates and _NO_ONE_ANSWERS.match(sentence))
    )


# "No answer after 20 minutes?", "Nobody picks up within the hour?": a sentence that says
# only that nobody answered (whom is said in the sentence before).
_NO_ONE_ANSWERS = re.compile(
    r"(?i)^\W*(?:(?:still\s+)?(?:no|nobody|no\s+one|no-one)\s+(?:answer|response|reply|ack(?:nowledge?ment)?"
    r"|answers|responds|replies|picks\s+up|acknowledges)|(?:still\s+)?(?:no\s+luck|nothing))\b[^,;]{0,40}[?.!]?\s*$"
)
# "After that, the CTO.", "Failing that, the head of IT.": the chain goes on, no verb needed
_GOES_ON = re.compile(
    r"(?i)^\W*(?:after\s+that|then|next|finally|lastly|failing\s+that|beyond\s+that|if\s+that\s+fails"
    r"|otherwise|and\s+then|after\s+(?:another\s+)?\d+\s*\w+)\b,?\s"
)
# "reach them in #messaging", "ping them on Slack": the ones just named are brought in
_REACH_THEM = re.compile(
    r"(?i)\b(?:reach|contact|ping|page|call|ask|message|e-?mail|notify|tag|find|escalate\s+to)"
    r"\s+(?:them|him|her)\b"
)


# "Escalation contacts, in order:", "**Our escalation path**:": a lead-in naming the list that
# follows, led by what it names.
_LEAD_IN = re.compile(
    r"(?i)^[\W_]*(?:the\s+|our\s+|your\s+)?(?P<label>[^,:]+?)[\W_]*(?:,[^,:]*)?[\W_]*:[\W_]*$"
)


def _label_of_list(sentence: str, who: str) -> bool:
    """Whether `who` is the label of a lead-in sentence ("Escalation contacts, in order:"),
    or of whom the line goes on to name ("Escalation contact: the platform duty officer"):
    who is named after it is brought in, not the label."""
    lead_in = _LEAD_IN.match(sentence.strip())
    if lead_in is not None and lead_in.group("label").strip().lower() == who.lower():
        return True
    labelled = _LABELLED.match(sentence.strip())
    return labelled is not None and labelled.group("label").strip().lower() == who.lower()


# "Escalation contact", "Backup contact": a label for a place on the path
PLACE_LABEL = r"(?:[\w-]+\s+){0,3}?(?:contacts?|point|path|chain|route)"
# "Escalation contact: the platform duty officer", "Backup contact — the deputy": the label,
# then who holds the place.
_LABELLED = re.compile(
    rf"(?i)^[\W_]*(?:the\s+|our\s+|your\s+)?(?P<label>{PLACE_LABEL})[\W_]*\s*(?::|\s[–—-])\s*\S"
)


def _in_order(sentence: str, said: list[str], places: list[tuple[int, str]]) -> list[str]:
    """Who a sentence names and the places it names, in the order it names them."""
    lowered = sentence.lower()
    whole = said + [
        place for at, place in places if not any(place.lower() in w.lower() for w in said)
    ]
    return sorted(whole, key=lambda who: lowered.find(who.lower()) % (len(lowered) + 1))


_REACHED_IN = re.compile(r"\s(?:in|on|via|through)\s+(?:the|their|our|your|its)\s*$")


def _reached_in(sentence: str, place: tuple[int, str], said: list[str]) -> bool:
    """Whether a place follows someone just named: where they are reached ("ask the platform
    folks in their channel")."""
    before = _plain(sentence[: place[0]]) + " "
    lead = _REACHED_IN.search(before)
    named = before[: lead.start()].rstrip() if lead else ""
    return bool(named) and any(named.endswith(_plain(who)) for who in said if _plain(who))
