"""What a list is when it is not steps: questions to answer, a form's fields, placeholders,
a message to send, advice or policy, conditions, things named rather than done; each with the
reason given for it. And a sentence of prose that is no step: the document speaking of itself,
a blank to fill in, a question."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.levels import level_name
from warroom.runbooks.list_leads import SENTENCE_END, STEP_WORDS, clause, named_by_lead
from warroom.runbooks.model import Entry
from warroom.runbooks.nobody_acts import nobody_acts
from warroom.runbooks.procedure import leads_in, process_sentence
from warroom.runbooks.questions import _question, check_to_make
from warroom.runbooks.roles import role_name
from warroom.runbooks.vocabulary import IMPERATIVE, _heading_kind, _imperative, _words, clean

# "TBD", "TODO", "N/A", "…", "<insert name>", "[Add steps here]", "Link to relevant docs"
_PLACEHOLDER = re.compile(
    r"(?i)^\W*(?:tbd|tba|todo|fixme|n/?a|xxx|\.{3}|…)\W*$|^\s*(?:<[^<>]*>|\[[^\[\]]*\])\s*$"
    r"|^\W*links?\s+to\s+(?:the\s+)?(?:relevant|related|your|other)\b"
    r"|^\W*(?:insert|add|describe|fill\s+in|list|enter|write)\b.*\b(?:here|below)\W*$"
    r"|^\W*(?:tbd|todo|fixme)\b\s*:"
    # "Describe how incidents are detected", "List the channels your team uses": a template's
    # guidance to whoever fills it in, not what a responder does.
    r"|^\W*(?:describe|explain|outline|specify|detail|list|define)\s+(?:how|what|who|when|where"
    r"|why|which|whether|your|the\s+(?:process|steps|ways?|people|channels?|tools?)\b[^.]*\byour)\b"
)
# A form's field: "Date:", "Root cause: <insert>", "Owner: TBD"
_FIELD = re.compile(r"^([^:]{1,40}):\s*(.*)$")
# Headings over what is not a responder's procedure: advice, policy, background, what an
# outside reporter does in a disclosure policy.
_NOT_PROCEDURE = re.compile(
    r"(?i)\b(?:tips?|tricks|advice|best\s+practices?|principles?|charter|expectations|philosophy"
    r"|background|faqs?|frequently\s+asked|supported\s+versions?|version\s+support"
    r"|revision\s+history|examples\s+of|what\s+to\s+include|goals?|purpose|mission|values"
    r"|compensation|on-call\s+pay|time\s+off|holidays?|overtime"
    # "Getting paid", "Expenses", "Phone and data reimbursement": what being on call earns
    r"|getting\s+paid|expenses|expensing|reimburs\w*|allowances?|stipends?"
    # "Our commitments", "Response times and SLAs", "What you can expect": the times and
    # promises a team keeps, policy beside the procedure that keeps them.
    r"|what\s+(?:you\s+can|to)\s+expect)\b|^\W*why\b"
    # "Prevention", "Preventive measures", "Long-term solutions": practices that keep the
    # fault away, beside an alert's diagnosis and mitigation, not steps of the response
    r"|^\W*(?:prevent(?:ion|ive|ative|ing)|long[- ]term\s+(?:solutions?|prevention|fixes))"
    r"(?:\s+\w+){0,3}\W*$"
    # "Coding practice", "Style guide": how code is written, beside a service's runbook
    r"|\b(?:coding|code|development|programming)\s+(?:practices?|standards?|conventions?"
    r"|guidelines?|style)\b|\bstyle\s+guides?\b"
    # "TODO for this document", "Improvements to this page": work on the text itself
    r"|\b(?:to[- ]?dos?|improvements?|future\s+work|open\s+items?)\b[\w\s]{0,20}?"
    r"\b(?:this|the)\s+(?:document|doc|page|runbook|playbook|wiki|guide)\b"
    r"|\b(?:document|doc|page|runbook|playbook)\s+(?:maintenance|to[- ]?dos?)\b"
    # (as the heading's subject: "Mitigation (within SLA)" is a time box)
    r"|^\W*(?:our\s+|response\s+times?\s+(?:and|&)\s+)?(?:commitments?|slas?|slos?"
    r"|service\s+levels?)\b"
    # What a document sets out before or beside its procedure: what it covers, what its words
    # mean, what it refers to, where it came from.
    r"|^\W*(?:[\w-]+\s+){0,2}?(?:scope|introduction|definitions?|terminology|glossary"
    r"|references?|resources|further\s+reading|history|acknowledge?ments?|credits|taxonomy"
    r"|out\s+of\s+scope|in\s+scope|about(?:\s+[\w-]+){0,3})\W*$"
    # "# Policy" in a policy document: what must hold, the procedure comes under its own heading
    r"|^\W*(?:policy|policies|policy\s+statements?)\W*$"
    # "Configure PagerDuty to send a notification email", "Automatically update your Slack
    # status", "Install the app on your phone": setting up one's own tools for being on call,
    # done once, not a step of a response (not "Set up the incident channel").
    r"|^\W*(?:how\s+to\s+)?(?:configur\w*|set(?:ting)?[\s-]?up|install\w*|automat\w*)\b"
    r"(?![^.]*\b(?:incident|channel|room|bridge|status\s+page|war)\b)[^.]{0,60}?"
    r"\b(?:slack\s+status|pagerduty|opsgenie|gmail|zapier|calendar|notifications?|filters?|profile"
    r"|vcard|app|phone)\b"
    # "Procedure for Establishing Incident Response System", "Building an incident response
    # capability": setting up the programme before any incident, not responding to one.
    r"|^\W*(?:(?:procedures?|process)\s+for\s+)?(?:establish\w*|build\w*|creat\w*|set(?:ting)?\s+up)"
    r"\s+(?:an?\s+|the\s+|your\s+)?(?:security\s+)?incident\s+(?:response|management)\s+"
    r"(?:systems?|programs?|programmes?|capabilit\w*|functions?|teams?)\b"
    r"|^\W*(?:how\s+(?:do\s+i\s+|to\s+)|when\s+(?:not\s+)?(?:to\s+)?|where\s+to\s+)?report(?:ing)?\s+"
    r"(?:a\s+|an\s+)?(?:security\s+|suspected\s+)?"
    r"(?:vulnerabilit\w*|bugs?|security\s+(?:issues?|bugs?|problems?|vulnerabilit\w*))"
)


# "$CVE", "$PROJECT_NAME": a variable of a message, filled in when it is sent ("{name}" is
# not one: braces are as often a command's or a URL's; nor "[ACCEPTED]", a status tag).
_VARIABLE = re.compile(r"\$[A-Z][A-Z0-9_]{2,}\b")
# A message's first line: a mail header or a greeting ("Subject: …", "Hello all,").
MESSAGE_OPENER = re.compile(
    r"(?i)^\W*(?:subject\s*:\s*\S|(?:to|cc|from)\s*:\s*\S+@"
    r"|(?:dear|hi|hello|greetings)\b[^.!?:]{0,60}[,!:]\s*$)"
)


# The reasons above: a list given one is not taken as steps even when a document states
# nothing else.
SETTLED = ("questions to answer", "a form's fields", "what “", "advice, policy", "names (",
           "placeholders", "conditions or criteria", "the text of a message")  # fmt: skip


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def placeholder(text: str) -> bool:
    """Text not written yet: "TBD", "<insert name>", "[Link to relevant docs]"."""
    return not text.strip() or bool(_PLACEHOLDER.search(text.strip()))


def _field(entry: Entry) -> bool:
    """ "Date:", "Impact: TBD": a field to fill in, its value empty or a placeholder."""
    if entry.children:
        return False
    field = _FIELD.match(entry.text if not entry.detail else f"{entry.text}: {entry.detail}")
    if field is None or not placeholder(field.group(2)):
        return False
    # "Incident Commander: <name>": a role (or a level) whose holder is left to fill in.
    return not (role_name(field.group(1)) or level_name(field.group(1)))


# "GSA IT will triage and let you know", "This should instruct you how to …": another's part,
# the reader only on the receiving end.
_TO_READER = re.compile(
    r"^(?!(?:[^,]{3,80},\s*)?(?:you|we|i)\b)[^.;:]{0,90}?\b(?:will|should|may|can)\b[^.;:]{0,60}"
    r"\byou\b",
    re.I,
)

# "A window will open in which you can select the alarms", "a dialog appears where you may
# choose …": a screen the reader acts in, the reader the one who does it.
_READER_ACTS = re.compile(
    r"(?i)\b(?:in\s+which|from\s+which|where|so\s+that)\s+you\s+(?:can|may|should|must)\s+\w+"
)


def done_to_reader(text: str) -> bool:
    if check_to_make(text):
        return False  # "Can you reach the node?": the responder's own check
    return bool(_TO_READER.match(text)) and not _READER_ACTS.search(text)


# "Note: this step is optional …", "NB: the reporter is credited …": a remark on the steps.
# (an editor's mark, "XXX: should this be …", "TODO: add the link", is a remark too; and so is
# an item wholly in brackets, "(XXX: below is what happens now)")
_REMARK_LABEL = re.compile(
    r"(?i)^\W*(?:note|nb|n\.b\.|tip|hint|aside|fyi|caveat|xxx|todo|fixme|tbd)\b\W*[:–—-]"
    r"|^\s*\([^()]*\)\s*$"
)


# "This email should be actionable: …", "It is important to …", "Because …": a remark on
# the step before, or why it is done.
_ABOUT_IT = re.compile(
    r"(?i)^\W*(?:(?:this|that|these|those|it)\s+(?:is|are|was|were|means?|ensures?|helps?"
    r"|allows?|gives|will|should|can|may|might|makes?|email|message|step)\b|because\b"
    # ("Because the database is sharded, you need to set …": the why, then an instruction)
    r"(?![^,.]{3,120},\s*(?:you|we)\s+(?:need|must|should|have)\s+to\b))"
)


# "See the deployment guide", "For CI issues, refer to the CI playbook", "More playbooks are
# available in …": where to read more, not a step.
_POINTER = re.compile(
    # ("For return code 7 see the retry page": the comma is often left out)
    r"(?i)^\W*(?:see\b|refer\s+to\b|for\s+more\b|(?:for|on)\s+[^,]{3,60}?,?\s+(?:see|refer\s+to)\b"
    r"|more\s+[\w\s-]{3,40}?\s+(?:is|are)\s+(?:available|listed|described)\b"
    # "More information on incident response roles:", "Further reading:" over links
    r"|(?:more|further|additional)\s+(?:information|info|details|reading|resources)\b)"
)


# "If the advisory is published, the CVE appears in the database": what follows from a
# condition, said of a thing; no one is told to do anything.
_OUTCOME = re.compile(
    r"(?i)^\W*(?:if|when|once|after|as\s+soon\s+as)\b.{3,160}?,\s+(?:then\s+)?"
    r"(?P<main>(?:the|a|an|it|this|that|these|they|its|their|any|all|no)\b.*)$"
)


# "the ticket must be issued", "it can be closed", "a 2nd email should be sent": someone is
# to do it, though the sentence does not say who.
_TO_BE_DONE = re.compile(
    r"(?i)^[^.;]{0,80}?\b(?:must|should|can|has\s+to|have\s+to|needs?\s+to)\s+be\s+"
    r"(?:\w+ed|sent|set|made|done|taken|run|shut|put|kept|held|given|written|rebuilt)\b"
)


def outcome(entry: Entry) -> bool:
    """An item that says what happens if something holds, not what anyone does."""
    said = _OUTCOME.match(entry.text)
    if said is None or entry.children:
        return False
    main = said.group("main")
    if _imperative(main) or acts(Entry(main)) or process_sentence(main):
        return False
    # "…, then the ticket can be updated in the Dashboard. Do this by clicking Update": a
    # thing to be done, said in the passive, or told in the sentences after it.
    if _TO_BE_DONE.search(main) or any(map(_imperative, SENTENCE_END.split(main)[1:])):
        return False
    # "the VMT opens an advisory", "the EOC, notify the manager": someone acts after all.
    verbs = [re.sub(r"(?:e?s)$", "", w) if len(w) > 3 else w for w in _words(main)[1:5]]
    return not any(w != "be" and (w in IMPERATIVE or f"{w}e" in IMPERATIVE) for w in verbs)


# "Employees must report suspected incidents", "Staff shall not discuss an incident outside
# the team": a rule for everyone who works there, a policy, not a responder's step.
_ON_EVERYONE = re.compile(
    r"(?i)^\W*(?:all\s+|every\s+|any\s+)?(?:employees?|staff(?:\s+members?)?|personnel"
    r"|workforce(?:\s+members?)?|contractors?|users?)\s+(?:must|shall|are\s+required\s+to"
    r"|is\s+required\s+to|may\s+not|should\s+never)\b"
)


# "We have a communication plan for …", "We use PagerDuty for paging": what the team has,
# not what anyone does ("We publish the advisory" is a step in a team's own voice).
_WE_HAVE = re.compile(
    r"(?i)^\W*(?:(?:we\s+have|we've\s+got)\s+(?:an?|the|our|some|two|three)\b"
    r"|we\s+use\s+(?:[\w.-]+\s+){1,3}?(?:for|to)\b)"
)


# "**NOTE:** Stop the loader before you truncate the tables": a remark that orders the work
# is an instruction all the same.
_ORDERS = re.compile(r"(?i)\b(?:before|first|prior\s+to|until|only\s+after)\b")


def _ordering(text: str) -> bool:
    said = text[label.end() :].strip() if (label := _REMARK_LABEL.match(text)) else ""
    return bool(_ORDERS.search(said)) and _imperative(said)


# "Move to Phase IV, Recovery.", "Once completed, progress to Phase V", "Go to step 5": where
# the procedure goes on, by another part's number; the steps are there.
_GO_TO = re.compile(
    r"(?i)^\W*(?:(?:if|once|when|after)\b[^,]{3,120},\s*)?(?:then\s+)?(?:move|go|proceed|progress"
    r"|commence|continue|skip|jump|return)\s+(?:on\s+|directly\s+|straight\s+)?to\s+(?:the\s+)?"
    r"(?:phase|section|stage|step)\s+(?:\d{1,2}|[IVX]{1,4}|[A-Z])\b[^.;!?]{0,40}[.!]?$"
)


def remark(text: str) -> bool:
    return bool(
        nobody_acts(text)
        or (_REMARK_LABEL.match(text) and not _ordering(text))
        or _ABOUT_IT.match(text)
        or _POINTER.match(text)
        or _GO_TO.match(text)
        or _ON_EVERYONE.match(text)
        or _WE_HAVE.match(text)
    )


# "**AWS CloudTrail** enabled with a multi-region trail — the audit record": a state to have.
_STATE_OF = re.compile(
    r"^[^.;:—–]{2,60}?\b(?:is\s+|are\s+|has\s+|have\s+)?(?:enabled|configured|in place|turned on)\b"
)


# "The checks are all configured in the monitoring service to:": what a tool is set to do.
_CONFIGURED = re.compile(r"(?i)\b(?:configured|set\s+up|set)\b[^:]{0,60}\bto:$")


def _in_place(entry: Entry) -> bool:
    """An item that says something is set up, not what to do."""
    return bool(_STATE_OF.match(entry.text)) and not _imperative(entry.text)


# "The members will share various tasks as listed below:": who takes which part of the work.
_SHARED = re.compile(
    r"(?i)\b(?:share|split|divide)s?\b.{0,30}\b(?:tasks|duties|responsibilities)\b.*:$"
)
# "Identify when the activity was first detected (Date of Detection)": the field it fills.
_FIELD_NAMED = re.compile(
    r"\((?:[A-Z][a-z]+|of|and|or|the|to)(?:\s+(?:[A-Z][a-z]+|of|and|or|the|to))+\)$"
)


def _fills(entry: Entry) -> bool:
    """An item that ends with the name of the report field it fills, in capitals."""
    return bool(_FIELD_NAMED.search(entry.text.rstrip(" .")))


def a_name(entry: Entry) -> bool:
    """ "Private Repositories", "Security Release Stewards": a name, not an instruction."""
    text = re.sub(r"\([^()]*\)", "", entry.text).strip()
    words = text.split()
    if not words or _imperative(text) or text.endswith((".", "!", "?")) or entry.detail:
        return False
    capitalised = sum(w[:1].isupper() for w in words if len(w) > 3)
    return len(words) <= 3 or capitalised * 3 >= len([w for w in words if len(w) > 3]) * 2


# "An incident starts when:", "Membership criteria", "To be eligible, a distributor should:"
_CRITERIA = re.compile(
    r"(?i)\b(?:criteria|criterion|eligib\w*|qualif\w*|membership|prerequisites?"
    r"|(?:starts?|begins?|is\s+declared|is\s+an\s+incident)\s+(?:when|if)"
    r"|(?:any|one)\s+of\s+the\s+following\s+(?:is|are|applies|apply|happens?)\b"
    # "An incident is defined as an event that … Some examples include:"
    r"|(?:is|are)\s+(?:defined|considered|classified)\s+as\b.*\bexamples?\b)"
    # "When to roll back", "When should I declare an incident?", "What is an incident?"
    r"|^\W*when\s+(?:to|should|do|must|is\s+it)\b|^\W*what\s+(?:is|counts\s+as)\s+an?\s+incident\b"
)


# "You should page the on-call manager" over "- immediately on a weekend", "- if you get no
# reply after ten minutes": the list finishes the sentence before it with when it applies;
# an item that starts in lower case with a condition is no instruction of its own.
_CONDITION_ONLY = re.compile(
    r"^\W*(?:if|when|whenever|unless|once|after|before|during|within|immediately|in\s+case"
    r"|on\s+(?:a\s+)?(?:weekends?|holidays?|weekdays?)|outside|only\s+if)\b"
)


def _condition_only(entry: Entry) -> bool:
    # "if the customer is still in a call, tell the incoming on-call": a step after all
    condition, comma, main = entry.text.partition(", ")
    if not _CONDITION_ONLY.match(condition) or entry.children:
        return False
    return not (comma and (_imperative(main) or acts(Entry(main))))


# "Be honest", "Don't speculate", "Avoid jargon": how to say it, where most of a list under
# a heading or label about what is communicated says so; its other items ("Send the
# statement once legal approves it") stay steps.
_MANNER = re.compile(r"(?i)^\W*(?:be|don'?t|do\s+not|never|avoid|keep\s+it|try\s+not)\b")
_SAYING = re.compile(
    r"(?i)\b(?:communicat\w*|announce\w*|statements?|messag\w*|updates?|notices?|press"
    r"|wording|writing|tone)\b"
)


def wording(entries: list[Entry], lead: str, path: tuple[str, ...]) -> list[Entry]:
    """The items that say how to word a message, where most do, or none."""
    said = [e for e in entries if _MANNER.match(e.text)]
    about = _SAYING.search(lead) or (len(path) > 1 and _SAYING.search(path[-1]))
    return said if about and len(said) * 2 > len(entries) else []


def thing(entry: Entry) -> bool:
    """ "CVSSv3 base score.", "Base risk score reported by a scanner.": a short name of a
    thing, not an instruction or a sentence that says who does what."""
    return not (entry.children or clause(entry)) and len(_words(entry.text)) <= 8


# "The security team investigates the report", "If accepted, the team works on a fix", "We
# publish the advisory": a sentence whose subject is someone who acts.
_ACTOR = re.compile(
    r"(?i)^(?:(?:if|when|once|after|upon|before)\b[^,]{0,80},\s*)?(?:we\s+\w+|(?:the|a|an|our|each)"
    r"\s+(?:[\w-]+\s+){0,4}?(?:team|committee|maintainers?|reporters?|members?|developers?|person"
    r"|owners?|leads?|managers?|engineers?|responders?|coordinators?|group|staff|officers?)"
    r"(?:,[^,]{1,40},)?\s+(?!is\b|are\b|was\b|were\b|has\b|have\b)\w+)"
)


def acts(entry: Entry) -> bool:
    return len(_words(entry.text)) >= 5 and bool(_ACTOR.match(entry.text))


def lead_kind(lead: str, path: tuple[str, ...]) -> str:
    """What the label before a list announces. A short label reads like a heading ("Steps:",
    "Escalation contacts:"); a sentence announces steps only in so many words ("Take these
    steps:"), not by naming its subject ("The incident response team includes:")."""
    if not lead.endswith(":") or len(lead) >= 80:
        return ""
    kind = _heading_kind(lead, path)
    if kind == "steps" and len(_words(lead)) > 4 and not STEP_WORDS.search(lead):
        return ""
    return kind


def not_steps(entries: list[Entry], lead: str, path: tuple[str, ...], imperative: int) -> str:
    """Why a list is not steps whatever its heading, or ""."""
    count = len(entries)
    if message := _message(entries, lead, path):
        return f"the text of a message ({message}), not steps"
    if sum(map(_question, entries)) * 2 > count:
        return "questions to answer, not steps"
    if sum(map(_field, entries)) * 2 > count or sum(map(_fills, entries)) * 2 > count:
        return "a form's fields to fill in"
    if _SHARED.search(lead):
        return "duties shared out among people, not steps"
    if sum(map(_in_place, entries)) * 2 > count or _CONFIGURED.search(lead):
        return "a configuration to have in place, not steps"
    if named := named_by_lead(entries, lead, imperative):
        return named
    if _COUNTED.search(lead) and imperative * 2 < count:
        return f"the things “{lead.rstrip(':')}” counts, not steps"
    return _by_lead(entries, lead, path)


def _by_lead(entries: list[Entry], lead: str, path: tuple[str, ...]) -> str:
    """Why a list is not steps, from the lead or heading over it (advice, conditions)."""
    if _advice_lead(lead):
        return f"advice, policy or a reporter's instructions (after “{lead}”), not steps"
    if sum(map(_condition_only, entries)) * 2 > len(entries):
        return "the conditions of the sentence before it, not steps"
    if _CRITERIA.search(lead if lead.endswith(":") else "") or _CRITERIA.search(
        path[-1] if path else ""
    ):
        return "conditions or criteria (when it applies, who qualifies), not steps"
    if lead.endswith(":") and STEPS_TO_TAKE.search(lead):
        return ""  # "there are a few steps you can take:", whatever the heading is over
    return _under_advice(path)


# A lead that says what follows are steps to take, in so many words.
STEPS_TO_TAKE = re.compile(
    r"(?i)\b(?:steps|actions)\s+(?:you|we|to)\s+(?:can\s+|should\s+|must\s+)?(?:take|follow)\b"
)


# "There are three possible sources:", "We see two kinds of request:": the list names the
# things counted (where it comes from, which cases there are), not what is done.
_COUNTED = re.compile(
    r"(?i)\b(?:there\s+are|we\s+(?:have|see|get|use)|comes?\s+in)\s+(?:(?:two|three|four|five|six"
    r"|several|multiple|many|a\s+few|various|\d+)\s+)(?:[\w-]+\s+){0,2}?(?:sources?|ways?|options?"
    r"|cases?|types?|kinds?|reasons?|possibilities|scenarios?|channels?|categories|triggers?"
    r"|paths?|outcomes?|routes?|entry\s+points?)\b[^:]{0,60}:$"
)


def _message(entries: list[Entry], lead: str, path: tuple[str, ...]) -> str:
    """A list that is part of a message to send: under a heading or label that calls it a
    template (not the document's title: a whole plan can be one), or with its items' variables
    to fill in ("Thank the reporter, $CREDIT")."""
    heading = path[-1] if len(path) > 1 else ""
    # ("Use this template:" leads in to one; "Make a copy of the report template." is a step)
    named = lead.endswith(":") or len(_words(lead)) <= 4
    if _heading_kind(heading, ()) == "templates" or (
        named and re.search(r"(?i)\btemplate\b", lead)
    ):
        return "a template"
    if sum(bool(_VARIABLE.search(e.text)) for e in entries) * 2 > len(entries):
        return "its variables to fill in"
    return ""


def _advice_lead(lead: str) -> bool:
    """ "Here are the primary expectations:", "Our goals:": a label over advice or values."""
    return (
        lead.endswith(":")
        and len(_words(lead)) <= 10
        and bool(_NOT_PROCEDURE.search(lead))
        and not STEP_WORDS.search(lead)
    )


def advice(heading: str) -> bool:
    """A heading over advice, policy or a reporter's instructions ("## Expectations for
    on-call", "## Tips"), not over a procedure."""
    return bool(_NOT_PROCEDURE.search(clean(heading)))


@functools.lru_cache(maxsize=1024)  # pure, and asked again for every list under a heading
def _under_advice(path: tuple[str, ...]) -> str:
    for heading in reversed(path[1:] or path):
        if advice(heading):
            return f"advice, policy or a reporter's instructions (under “{heading}”), not steps"
        # A procedure heading nearer than any advice heading; a question ("What's the
        # interaction of …?") is an entry of the FAQ above it, whatever words it uses.
        if _heading_kind(heading, ()) == "steps" and not heading.rstrip(" *_").endswith("?"):
            break
    return ""


# "This section should describe …", "This plan must be reviewed every year": the document
# speaking of itself. "[Project Name]", "[communication channel]": a blank left to fill in
# (a link's brackets are gone from the text by now).
_ABOUT_ITSELF = re.compile(
    r"(?i)^\W*(?:(?:once|when|after|if)\b[^,]{0,80},\s*)?(?:this|the)\s+(?:document|template"
    r"|section|page|plan|policy|guide|runbook|playbook|process|procedure|workflow)\b"
    # "To propose amendments to this page, raise a pull request": changing the document
    r"|^\W*to\s+(?:propose|suggest|request|make|submit|contribute)\s+(?:an?\s+|any\s+)?(?:changes?"
    r"|amendments?|edits?|improvements?|updates?|corrections?)\s+to\s+(?:this|the)\s+(?:document"
    r"|page|guide|guidance|runbook|playbook|process|policy|handbook)\b"
)
_BLANK = re.compile(r"\[[^\[\]]{2,40}\]")


def not_a_step(sentence: str) -> bool:
    """A sentence about the document itself or with a blank to fill in (a template's text,
    not what a responder does), a question ("Who should be notified?", what to find out), or
    one that leads in to a list ("We will coordinate the work via:")."""
    said = sentence.rstrip()
    return bool(
        _ABOUT_ITSELF.match(said)
        or nobody_acts(said)
        or _BLANK.search(said)
        or said.endswith("?")
        or leads_in(said)
        or _GO_TO.match(said)
    )
