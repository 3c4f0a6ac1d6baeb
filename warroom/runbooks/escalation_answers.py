"""Who answers when someone is paged: "Whenever the support engineer pings @support-team on
Slack, the team's on-support engineer shall: …", "When the IC pages the database team, their
on-call DBA joins the bridge": the one the clause after the page is about is brought in."""

from __future__ import annotations

import re

from warroom.runbooks.escalation_who import _who

_ANSWERS = re.compile(
    r"(?i)^\W*(?:when(?:ever)?|if|once|after|as\s+soon\s+as)\s+(?P<pager>[^,.;]{0,80}?)\b"
    r"(?:pings?|pinged|pages?|paged|escalates?|escalated|calls?|called|contacts?|contacted"
    r"|alerts?|alerted|notifies|notified|mentions?|mentioned|tags?|tagged|summons|summoned)"
    # (whom: not "the status page contains …", a noun)
    r"\s+(?:the\s|a\s|an\s|their\s|your\s|our\s|its\s|@|#|`|(?-i:[A-Z]))[^,.;]{0,80},\s*(?:then\s+)?(?:the\s+|their\s+|your\s+|our\s+|its\s+)?"
    r"(?P<who>(?:[\w'’@$-]+\s+){0,4}?[\w'’-]+)\s+(?:shall|should|must|will|needs\s+to|has\s+to"
    r"|is\s+expected\s+to|are\s+expected\s+to|then|joins|answers|acknowledges|responds)\b"
)


def answering(sentence: str) -> list[tuple[int, str]]:
    """Who answers the page a sentence's condition sends, with where it is said ([] when the
    sentence sends none, or the one answering is the one who paged)."""
    said = _ANSWERS.match(sentence)
    if not said:
        return []
    who = _who(said.group("who"))
    if not who or who.lower() in said.group("pager").lower():
        return []  # "when the IC pages the DBA, the IC should note the time"
    return [(said.start("who"), who)]
