"""What says a sentence brings someone in: a condition (nobody answers, it is urgent), a
delay, a hand-over, a backup, a paging tool; and the phrases that name who ("get X
involved", "let X know", "X is the escalation point")."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.vocabulary import DURATION, PAGING_TOOLS, first_duration

# "update stakeholders every 20 minutes", "at 30-minute intervals", "hourly updates": how
# often something is repeated, never how long before someone is brought in.
CADENCE = re.compile(
    r"(?i)\b(?:every|each|per)\s+(?:other\s+|few\s+|couple\s+of\s+)?(?:\d+(?:\.\d+)?"
    r"(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*)?(?:seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h"
    r"|days?|d|weeks?|w|business\s+days?)\b"
    r"|\b(?:at\s+|in\s+)?\d+(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:minute|min|hour|hr|day|week)s?"
    r"\s+(?:intervals?|cadence|cycles?)\b"
)


def escalation_delay(text: str) -> float | None:
    """How long before someone is brought in, as a text first says it, not how often
    something is repeated ("page the on-call engineer, update stakeholders every 20
    minutes" says no delay)."""
    return first_duration(CADENCE.sub(" ", text))


# "if nobody answers within 10 minutes", "if that person is unavailable": the sentence says
# who comes next.
_UNANSWERED = re.compile(
    r"(?<![\w'])(unavailable|not available|unreachable|can(?:no|')t be reached|no (?:response|answer|ack)"
    r"|(?:doesn't|does not|don't|do not|didn't|did not) (?:respond|answer|acknowledge|pick up|work|help)"
    # "nobody answers", "no one from the owning team responds"
    r"|(?:nobody|no one|no-one)(?: [\w'-]+){0,5}? (?:answers|responds|acknowledges|replies|picks up)"
    r"|\w*(?:not|n't|never) (?:yet )?(?:been )?(?:responded|replied|answered|acknowledged|picked up)"
    r"|\w*(?:not|n't|never) (?:received?|get|got(?:ten)?|heard) (?:a |an |any )?(?:\w+ )?"
    r"(?:reply|response|answer|back|acknowledge?ment|ack|confirmation)"
    r"|(?:not|n't) getting (?:a |an |any )?(?:reply|response|answer)|miss(?:es|ed)? (?:a |the |their |his |her )?(?:page|call|alert)|failing that|if (?:that|this|it|all else) fails|as a last resort"
    r"|(?:still |are |get |gets |you're |is )stuck|need (?:more |further |extra )?help"
    r"|unresponsive|not responsive|non-responsive|(?:can(?:no|')t|unable to|not able to) (?:get hold of|reach|get through)"
    r"|(?:issue|problem|incident|outage) (?:persists|continues|keeps happening)"
    # "in the absence of a response from the maintainers", "without a reply after 5 days"
    r"|(?:absence|lack) of (?:a |an |any )?(?:response|reply|answer|ack)|without (?:a |an |any )?(?:response|reply|answer|ack)"
    r"|\w*(?:not|n't|never) hear back|no reply|unresolved|unacknowledged|unanswered|not acknowledged|(?:is|are|was|were|been) not resolved"
    # "if the issue is still not addressed", "if the bug hasn't been fixed in 90 days"
    r"|(?:(?:(?:is|are|was|were|has|have)(?: still)? not|(?:is|are|was|were|has|have)n't|still not)"
    r"(?: yet)?(?: been)? (?:addressed|fixed|handled|dealt with|resolved|triaged|actioned))"
    # ("if the team is not able to get it resolved": done by someone else, the same)
    r"|(?:can(?:no|')t|unable to|not able to) (?:get (?:it |this |that )?)?(?:resolve|fix|handle|solve|answer|figure|deal with)"
    # "reports that cannot be resolved by the maintainers"
    r"|(?:can(?:no|')t|could ?not|couldn't) be (?:resolved|fixed|handled|answered|reached)"
    # "if they're away", "when the lead is on leave", "if the maintainer is out of office"
    r"|(?:is|are|be|\w+'re|\w+'s) (?:away|off sick|on (?:leave|holiday|vacation|pto)|out of (?:the )?office"
    r"|not around|offline|off[ -]shift|not on shift)"
    # "should the PTL fail to respond", "if you're still waiting after two days"
    r"|fail(?:s|ed)? to (?:respond|reply|answer|acknowledge|react|engage)|still waiting"
    # "if you hear nothing back within a week", "if you've heard nothing by Friday"
    r"|(?:hear|hears|heard|get|gets|got|receive|receives|received) nothing(?: back)?)\b"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def unanswered(text: str) -> bool:
    """Whether a sentence says what happens when nobody answers ("if no response in 15 min")."""
    return bool(_UNANSWERED.search(text.lower()))


# How a support desk brings someone in, besides paging and notifying: a word to them ("give
# the lead a heads-up", "drop the PM a note"), running it by them, a message ("DM", "Slack"),
# a ticket opened with their team, a post in their channel, a look asked of them.
_SUPPORT_BRINGS_IN = (
    r"(?:give|drop|shoot|send)\s+(?:[\w@'’-]+\s+){1,4}?an?\s+(?:quick\s+)?(?:heads[\s-]?up|shout|call|ring"
    r"|nudge|ping|buzz|note|line|message|dm|email|e-mail)"
    r"|run\s+(?:it|this|that)\s+(?:past|by)|bring\s+(?:it|this|that)\s+up\s+with"
    r"|take\s+(?:it|this|that)\s+(?:up\s+)?(?:to|with)|check\s+in\s+with|touch\s+base\s+with"
    r"|sync\s+(?:up\s+)?with|lean\s+on|(?:dm|slack|text|nudge)(?=\s+(?:the|your|their|our|a|an)\s)"
    r"|@?-?mention|flag\s+(?:it|this|that)\s+(?:to|with)"
    r"|(?:send|pass|hand|forward|route|assign|reassign|transfer|move|kick|bump|punt)\s+(?:it|this|that|them"
    r"|the\s+(?:ticket|case|issue|request|conversation|thread|bug|question|chat))\s+(?:over\s+|on\s+|up\s+|back\s+)?to"
    r"|(?:open|file|raise|log|submit|create)\s+an?\s+(?:[\w-]+\s+)?(?:ticket|issue|bug|request|case)\s+with"
    r"|(?:post|ask)\s+(?:it\s+|this\s+|that\s+)?(?:in|to|on)\s+(?:the\s+|their\s+|our\s+|your\s+)?"
    r"(?:#|(?:[\w-]+\s+){1,4}?(?:slack\s+)?channel\b)"
    r"|(?:get|ask|have)\s+(?:[\w@'’-]+\s+){1,5}?to\s+(?:take|have)\s+a\s+look"
    r"|get\s+(?:[\w@'’-]+\s+){1,4}?eyes\s+on"
)
# The verbs that bring someone in, as a condition's consequence ("…, page the secondary"),
# also said of who does it ("…, the VMT contacts the TC", "…, the request goes to X").
_BRINGS_IN = (
    r"(?:pages?|notif(?:y|ies)|contacts?|calls?|pings?|phones?|rings?|escalat(?:e|es)|asks?|reach(?:es)?\s+out"
    r"|e-?mails?|alerts?|informs?|tells?|(?:loop|bring|pull|call)s?\s+in|involves?|wakes?|checks?\s+with"
    r"|consults?|brings?\s+(?:it|this|that|them)\s+to|messages?|tags?|goes\s+to|go\s+to(?=\s+(?:the|your|their|our|a|an)\s)|get\s+help"
    r"|(?:delegate|defer|hand\s+(?:it\s+)?(?:over|off))s?\s+to|invites?"
    r"|let\s+(?:[\w'-]+\s+){1,4}know|talks?\s+to|speaks?\s+(?:to|with)|get\s+in\s+touch\s+with|turns?\s+to"
    r"|ropes?\s+in|grab|get\s+hold\s+of"
    r"|(?:assign|hand|pass|forward|send|refer)(?:s|es)?\s+(?:it|this|that|them|the\s+\w+)\s+(?:over\s+|on\s+)?to"
    r"|(?:is|are|gets?)\s+(?:escalated|passed|handed|forwarded|sent|routed)\s+to"
    r"|(?:\w+ly\s+)?be\s+(?:notified|paged|contacted|called|informed|alerted|involved|escalated\s+to)"
    r"|raises?\s+(?:it|this|the\s+\w+)\s+with|cc|chases?"
    r"|(?:is|are|gets?)\s+(?:referred|raised)\s+(?:to|with)"
    # a support desk's ways of bringing someone in: "give the lead a heads-up", "run it by
    # the team lead", "DM the support lead", "flag it to the PM", "post it in #dev-help"
    rf"|{_SUPPORT_BRINGS_IN})"
)
# "Feel free to page the secondary", "use @oncall in Slack to page": before the verb.
_BEFORE_VERB = (
    r"(?:please\s+|feel\s+free\s+to\s+|(?:don't|do\s+not)\s+hesitate\s+to\s+|be\s+sure\s+to\s+"
    r"|(?:it's|it\s+is)\s+(?:ok|okay|fine)\s+to\s+|always\s+|also\s+|you\s+(?:can|should|may|must)\s+(?:also\s+)?)"
)
# "If it's urgent, page the on-call engineer", "If you need help, ask your team lead": a
# condition, then someone to bring in (after another instruction too: "…, declare it and
# page the secondary").
_WHEN_THEN_BRING_IN = re.compile(
    r"^(?:if|when|whenever|should|once|unless|in\s+case\b"
    # "In those cases, contact security@…", "In situations not covered by this guide, …"
    r"|in\s+(?:(?:those|these|such|that|this|other|any|all|rare)\s+)?(?:cases?|situations?|circumstances?|events?)\b"
    r"|(?:after|within)\s+(?:\d+|an?|one|two|three|five|ten|fifteen|thirty)\s"
    # "Out of hours, contact the on-call technician": outside the desk's hours
    r"|(?:out\s+of|outside(?:\s+of)?)\s+(?:business\s+|office\s+|working\s+|core\s+|normal\s+)?hours\b"
    r"|after\s+hours\b|(?:at|on|over)\s+(?:the\s+)?weekends?\b|overnight\b"
    r"|for\s+(?:anything|any|all|an?|(?:[\w-]+\s+){0,2}"
    r"(?:incidents?|issues?|outages?|cases?|questions?|requests?|tickets?|bugs?|problems?|reports?"
    r"|emergenc(?:y|ies)|faults?|failures?|complaints?|concerns?|enquiries|inquiries|queries))\b)"
    rf"[^.]*?,\s*(?:{_BEFORE_VERB}|use\s+[^,.;]{{1,40}}?\s+to\s+|[^,.;]{{1,60}}?\s+and\s+(?:then\s+)?"
    # "If …, the VMT and the project's maintainers may reach out to …": a longer doer, then
    # what they may do
    r"|[^,.;]{1,80}?\s(?:will|should|must|can|may|might|shall|would|could)\s+(?:also\s+|then\s+|\w+ly\s+)?"
    r"|(?:(?:the|your|our)\s+)?(?:[\w'-]+\s+){1,3}?(?:(?:will|should|must|can|may)\s+(?:also\s+|\w+ly\s+)?)?)?"
    rf"{_BRINGS_IN}\b"
)


def _says_escalation(lowered: str) -> bool:
    """Whether a sentence says someone is brought in: a word of escalation, a condition
    (nobody answers, it's urgent), a delay, a hand-over, a backup, a paging tool."""
    if "escalat" in lowered or "attention of" in lowered:  # "brought to the attention of"
        return True
    return any(
        all(word in lowered for word in words) and pattern.search(lowered)
        for words, pattern in _CUES
    )


# "After 10 minutes, the Technical Manager is paged", "if …, the CTO is called".
_PAGED_AFTER = re.compile(
    # (within one clause's reach: a sentence with no end is not rescanned from every "if")
    r"\b(?:after|within|if|unless|before|until)\b[^.]{0,160}?\b(?:(?:is|are|gets?|will\s+be)\s+(?:then\s+)?"
    r"(?:paged|called|phoned|notified|contacted|escalated|alerted)\b"
    # "… 15 minutes to acknowledge before the page goes to the secondary"
    r"|(?:page|alert|call|incident|ticket|request)s?\s+(?:goes|go|escalates?|is\s+(?:sent|routed|escalated))\s+to\b)"
)
# "OpsGenie will page the scheduled Engineer On-Call": the paging tool's escalation policy.
_TOOL_PAGES = re.compile(
    rf"\b(?:{PAGING_TOOLS}|incident\.io|grafana\s+on-call|the\s+pager"
    r"|the\s+paging\s+(?:system|tool))\s+(?:will\s+|then\s+|automatically\s+|also\s+)*"
    r"(?:pages?|calls?|notif(?:y|ies)|alerts?|escalates?)\b"
)
# "get the Head of Engineering involved": someone brought in by name.
_INVOLVED = re.compile(r"(?i)\bget\s+((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)\s+involved\b")
# "let your team lead know": someone brought in by name.
_LET_KNOW = re.compile(r"(?i)\blet\s+((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)\s+know\b")
# "Add the engineer on call to the thread", "subscribes the core reviewers to the bug":
# brought into the conversation (a step, unless the sentence or its heading escalates).
_ADD_TO = re.compile(
    r"(?i)\b(?:add|adds|invite|invites|subscribe|subscribes|cc|cc's)\s+((?:[\w@&/'`-]+\s+){0,6}?[\w@&/'`-]+)"
    r"(?:\s+as\s+(?:collaborators?|members?|reviewers?|subscribers?))?\s+to\s+(?:the\s+|a\s+|this\s+|your\s+|our\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:thread|channel|bug|issue|ticket|incident|call|report|advisory|discussion|conversation|room"
    r"|meeting|bridge)s?\b"
)
_ADDED_TO_REPORT = re.compile(
    r"\b(?:add|adds|invite|invites|subscribe|subscribes|cc)\b[^.]{0,80}?\bto\s+(?:the\s+|a\s+)?"
    r"(?:private\s+|security\s+|embargoed\s+)?(?:bug|report|advisory|issue|ticket)s?\b"
)
# "the secondary acts as backup", "call in more help": someone brought in, said so
_BACKUP = re.compile(
    r"\bas\s+(?:the\s+|a\s+|your\s+)?back-?up\b|\b(?:is|are)\s+(?:the\s+|a\s+|your\s+|their\s+|our\s+)back-?up\b"
)
_CALL_IN = re.compile(
    r"\b(?:(?:call|bring|pull|loop|rope)s?|brought|pulled|looped|called|roped)\s+in\b"
)
# "Involve the security team if customer data may be exposed": someone brought in on a condition
_BRING_IN_IF = re.compile(
    rf"^{_BEFORE_VERB}?(?:page|notify|contact|call|phone|involve|alert|inform|loop\s+in|bring\s+in"
    r"|pull\s+in|escalate|wake|reach\s+out|ping|ask|tag|message|consult|check\s+with|let|talk\s+to"
    r"|speak\s+(?:to|with)|get\s+in\s+touch|turn\s+to|engage"
    rf"|{_SUPPORT_BRINGS_IN})\b"
    r"[^.]*?\s(?:if|when|whenever|once|should|unless|in\s+case)\s"
)
# "pass the incident to the database lead", "hand it over to the secondary"
_HAND_OVER = re.compile(
    r"\b(?:pass|hand|transfer|kick|bump|punt)(?:es|ed|s)?(?:\s+\w+){0,3}?\s+to\b"
)
# "Refer the incident to the Information Governance team" (not "refer to the docs", "which
# refers to cases where …": a referral hands something over)
_REFERRAL = re.compile(
    r"\brefer(?:s|red)?\s+(?:it|this|that|them|the\s+(?:incident|ticket|case|issue|request|matter|call"
    r"|report|caller|user|customer))\s+(?:on\s+|back\s+)?to\b"
)
# "notify the security office within 12 hours": someone brought in by a deadline.
_WITHIN = re.compile(
    r"\b(?:notify|page|contact|phone|escalate|alert|inform)\b[^.]*\b(?:within|after)\s+\d+"
)


# "The secondary on-call is the escalation point for the primary": who, named as the point.
_IS_POINT = re.compile(
    r"(?i)(?:^|[;,.:]\s+|\band\s+)(?:the\s+|your\s+|our\s+)?((?:[\w@&/'-]+\s+){0,4}?[\w@&/'-]+)"
    r"\s+(?:is|are|acts\s+as|serves\s+as)\s+(?:the\s+|your\s+|our\s+|an\s+|a\s+)?"
    r"(?:escalation\s+(?:point|contact|path)|point\s+of\s+escalation)s?\b"
)

# "The ISM is the primary on-call engineer", "… the ISM is the secondary on-call engineer":
# the rung, as the document names it.
_IS_RUNG = re.compile(
    r"(?i)\b(?:is|are|acts\s+as|serves\s+as)\s+(?:the|our|your)\s+((?:primary|secondary|tertiary|backup)"
    r"\s+on[\s-]call(?:\s+(?:engineer|person|responder|contact|developer|manager|lead))?)\b"
)

# Phrases whose first group names someone brought in: "get X involved", "let X know",
# "add X (and Y) to the thread", "X is the escalation point", "is the secondary on-call
# engineer".
_ON_A_CALL = re.compile(
    r"(?i)\bget\s+((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)\s+on\s+(?:a|the)\s+(?:call|bridge|zoom|phone)\b"
)
# "bring your team lead into the loop", "keep the account manager in the loop": told.
_IN_THE_LOOP = re.compile(
    r"(?i)\b(?:bring|brings|put|puts|keep|keeps|get|gets)\s+((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)"
    r"\s+(?:in|into)\s+the\s+loop\b"
)
# "give the support lead a heads-up", "drop the PM a note": whom a word goes to.
_A_WORD_TO = re.compile(
    r"(?i)\b(?:give|drop|shoot|send)\s+((?:[\w@&/'’-]+\s+){0,5}?[\w@&/'’-]+)\s+an?\s+(?:quick\s+)?"
    r"(?:heads[\s-]?up|shout|call|ring|nudge|ping|buzz|note|line|message|dm|email|e-mail)\b"
)
# "get a developer to take a look", "get the platform team's eyes on it": whose look is asked.
_A_LOOK_FROM = re.compile(
    r"(?i)\b(?:get|ask|have)\s+((?:[\w@&/'’-]+\s+){0,5}?[\w@&/'’-]+?)(?:'s|’s)?\s+"
    r"(?:to\s+(?:take|have)\s+a\s+look|eyes\s+on)\b"
)
# "ensure the upstream team is aware of the issue", "make sure the PM knows": told.
_MADE_AWARE = re.compile(
    r"(?i)\b(?:make\s+sure|ensure|check|confirm)\s+(?:that\s+)?((?:[\w@&/'-]+\s+){0,5}?[\w@&/'-]+)"
    r"\s+(?:(?:is|are)\s+(?:aware|informed|in\s+the\s+loop)|knows?)\b"
)
_NAMING = (
    _INVOLVED, _LET_KNOW, _ADD_TO, _IS_POINT, _IS_RUNG, _ON_A_CALL, _IN_THE_LOOP, _A_WORD_TO,
    _A_LOOK_FROM, _MADE_AWARE,
)  # fmt: skip


# What says someone is brought in, each with the words it needs (a cheap check first).
_CUES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    ((), _PAGED_AFTER),
    (("on",), _IS_RUNG),
    ((), _TOOL_PAGES),
    ((), _UNANSWERED),
    (("then",), re.compile(r"\b(page|call|notify)\b[^.]*,?\s+then\b")),
    ((), _WHEN_THEN_BRING_IN),
    ((), _BRING_IN_IF),
    ((" within ",), _WITHIN),
    ((" after ",), _WITHIN),
    ((), _HAND_OVER),
    (("refer",), _REFERRAL),
    (("back",), _BACKUP),
    # "subscribes the core security reviewers to the bug": brought into a private report
    (("to",), _ADDED_TO_REPORT),
    (("help",), re.compile(r"\bwho\s+(?:can|will)\s+(?:also\s+)?help\b")),
    # "get help from a senior engineer", "ask for assistance from the platform team"
    (("help",), re.compile(r"\b(?:get|ask\s+for|seek|request|enlist)\s+help\s+from\b")),
    ((" in ",), _CALL_IN),
    # "issues … are addressed to the mobile team", "the case is handed over to Level 2"
    (
        ("to",),
        re.compile(
            r"\b(?:is|are|gets?)\s+(?:then\s+|\w+ly\s+)?(?:addressed|forwarded|redirected|handed(?:\s+(?:over|off))?|passed\s+on"
            r"|transferred|reassigned)\s+to\b"
        ),
    ),
    (("involved",), _INVOLVED),
    (("get",), _ON_A_CALL),  # "get the on-call engineer on a call"
    (("loop",), _IN_THE_LOOP),
    ((" aware",), _MADE_AWARE),
    # "the secondary is there to support you", "the security team is notified and takes over"
    (
        ("to",),
        re.compile(
            r"\b(?:is|are)\s+(?:there|available|on\s+hand)\s+to\s+(?:help|support|assist)\b"
        ),
    ),
    (("over",), re.compile(r"\btakes?\s+over\b")),
    # "the board may intervene", "the final decision rests with the council", "the issue is
    # assigned to a member of the core team"
    (("interven",), re.compile(r"\b(?:may|can|will)\s+intervene\b")),
    ((" with",), re.compile(r"\b(?:decision|say|call)\s+(?:rests|lies|sits)\s+with\b")),
    (("assigned",), re.compile(r"\b(?:is|are|gets?)\s+(?:then\s+)?(?:re)?assigned\s+to\b")),
    # "Cyber security incidents: report immediately to the Cyber Security Team": a hand-off
    # to another team that cannot wait (a plain "report it to security@" is how to report)
    (
        ("report",),
        re.compile(
            r"\breport\w*\s+(?:it\s+|this\s+|them\s+)?(?:immediately|urgently|at\s+once|straight\s+away"
            r"|without\s+delay|promptly)\s+to\b|\b(?:immediately|urgently|promptly)\s+report\w*\b[^.]{0,40}?\sto\b"
            # "report it to the Security Team straight away": the urgency after whom
            r"|\breport\w*\s+(?:it\s+|this\s+|them\s+)?to\s+[^.]{1,60}?\s(?:immediately|urgently|at\s+once"
            r"|straight\s+away|right\s+away|without\s+delay|promptly|as\s+soon\s+as\s+possible|asap)\b"
        ),
    ),
    # "(an outage) longer than 2 hours → inform the CIO": how long before someone is told
    (
        ("than",),
        re.compile(
            r"\b(?:longer|more)\s+than\s+(?:\d+|an?|one|two|three|four|six|twelve)\s*"
            r"(?:m|mins?|minutes?|h|hrs?|hours?|d|days?)\b[^.]{0,20}?(?:→|->|,|:)\s*"
            r"(?:inform|notify|page|call|contact|alert|escalate|brief|tell)\b"
        ),
    ),
    # "Create email notice to GSA IR, ISSM, ISSO": a formal notice of the incident
    (("notice",), re.compile(r"\b(?:e-?mail\s+)?notices?\s+to\b")),
    # "ping @team-infra", "page @oncall-secondary": a handle brought in
    (("@",), re.compile(r"\b(?:ping|page|tag|mention|cc|loop\s+in)\s+@[\w-]")),
    # "Abuse reports go to Trust & Safety", "billing questions go straight to Finance": where
    # a kind of request is sent
    (
        (" go",),
        re.compile(
            r"\b(?:reports?|requests?|tickets?|issues?|questions?|bugs?|cases?|escalations?|complaints?"
            r"|enquiries|inquiries|queries|problems?)\s+(?:(?:should|must|will|then|can|may)\s+)?"
            r"go(?:es)?\s+(?:straight\s+|directly\s+)?to\b"
        ),
    ),
    # "Assign the ticket to Tier 2", "hand it to the second line": a rung of the support ladder
    (
        ("to",),
        re.compile(
            r"\bto\s+(?:the\s+)?(?:(?:tier|line)\s*[1-4]\b|l[1-4]\b|(?:first|second|third|[1-4](?:st|nd|rd|th))"
            r"[\s-]+(?:line|tier)\b|level\s*[1-4]\s+(?:support|team|engineers?|agents?|analysts?)\b)"
        ),
    ),
    # "Engineering on-call can be reached through #oncall-eng", "the account manager must be
    # copied on every reply": how someone is brought in
    (
        (" be ",),
        re.compile(
            r"\b(?:can|may|should|must)\s+(?:always\s+|also\s+)?be\s+(?:reached|copied|cc'?d|cced)\b"
        ),
    ),
    # "Anything urgent should go straight to the on-call engineer"
    ((" go ",), re.compile(r"\b(?:should|must|can|may)\s+go\s+(?:straight\s+|directly\s+)?to\b")),
    # "Page the relevant team", "… and page your secondary": paging brings someone in
    (
        ("page",),
        re.compile(r"(?:^|[.;:]\s+|\band\s+)(?:please\s+)?page\s+(?:the|your|their|our|a|an)\s"),
    ),
    # "ping the owning team", "ask in #product": someone asked for help
    (("ping",), re.compile(r"\bping\s+(?:the|your|their|our)\s")),
    (("#",), re.compile(r"\bask\s+(?:for\s+help\s+)?in\s+(?:the\s+)?#")),
    # "Flag it in #team-growth"
    (
        ("#",),
        re.compile(r"\b(?:flag|raise)(?:s|ged|d)?\s+(?:it\s+|this\s+|that\s+)?in\s+(?:the\s+)?#"),
    ),
)


_DELAY = re.compile(rf"(?i)(?:\b(?:within|after|in|for|by)\s+)?{DURATION.pattern}")


def delays(text: str, whos: list[str]) -> list[str]:
    """When each of the people a sentence brings in is brought in, as written ("within 5
    minutes"; "" where it says nothing): a delay right after someone ("the secondary after
    10 minutes") is theirs, any other the next one's ("after 15 minutes it goes to the
    manager")."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for who in whos:
        at = lowered.find(who.lower(), spans[-1][1] if spans else 0)
        spans.append((at, at + len(who)) if at >= 0 else (-1, -1))
    said = [""] * len(whos)
    repeats = [m.span() for m in CADENCE.finditer(text)]
    for match in _DELAY.finditer(text):
        if any(a <= match.start() < b for a, b in repeats):
            continue  # "update stakeholders every 20 minutes": how often, not when
        before = [n for n, (_, end) in enumerate(spans) if 0 <= end <= match.start()]
        after = [n for n, (start, _) in enumerate(spans) if start >= match.end()]
        gap = text[spans[before[-1]][1] : match.start()] if before else ""
        # (not "the primary does not answer within 15 minutes": the next one's delay)
        close = bool(before) and not re.search(r"[,;:.]", gap) and len(gap.split()) <= 3
        close = close and not unanswered(gap)
        n = before[-1] if close or not after else after[0]
        said[n] = said[n] or match.group(0)
    return said
