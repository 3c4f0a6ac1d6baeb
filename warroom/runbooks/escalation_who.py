"""Who an escalation names: a person, role, team, channel or rung of a support ladder,
cut from the words around it ("the on-call engineer for the affected service", "Tier 2:
Support engineers")."""

from __future__ import annotations

import functools
import re

from warroom.runbooks.escalation_words import EMAIL, ROLE_INITIALS, _head
from warroom.runbooks.vocabulary import (
    IMPERATIVE,
    LEVEL_WORDS,
    PAGING_TOOLS,
    ROLE_NOUNS,
    _imperative,
    _words,
    clean,
)

# Words before a noun: "an alert belongs to …", "the person on call for …", "each page".
_DETERMINERS = {
    "a", "an", "the", "this", "each", "every", "your", "our", "their", "its", "on", "no",
    "any", "missed",
}  # fmt: skip


_COMPOUND_BEFORE = {
    "phone", "conference", "video", "zoom", "bridge", "emergency", "escalation",
    # "listed as main contact", "the primary contact": who, not a verb
    "main", "primary", "secondary", "key", "technical", "backup", "back-up", "designated",
}  # fmt: skip
_COMPOUND_AFTER = {
    "list", "lists", "details", "info", "information", "number", "numbers", "sheet", "form",
    "page", "point", "points", "tree", "rotation", "schedule", "policy",
}  # fmt: skip


def _noun(text: str, at: int) -> bool:
    """Whether a word that may be a verb is a noun there ("an alert", "on call")."""
    before = text[max(0, at - 60) : at].split()[-1:]
    # "open the escalation with the manager": a noun that says who is brought in
    said = not text.startswith("escalat", at)
    # "the emergency contact list", "a phone call": a noun beside another
    after = text[at : at + 80].split()[1:2]
    compound = bool(after) and after[0].lower().strip(".,;:") in _COMPOUND_AFTER
    return said and (
        bool(before) and before[0].lower() in _DETERMINERS | _COMPOUND_BEFORE or compound
    )


def _doer_before(text: str, at: int) -> bool:
    """Whether the word before a verb such as "contacts" names who does it ("the VMT
    contacts", "the coordinator involves"), so that the verb is no noun ("escalation
    contacts")."""
    before = text[max(0, at - 60) : at].split()[-1:]
    word = before[0].strip(",;:()") if before else ""
    lowered = word.lower()
    return bool(
        lowered in _DOERS
        or lowered.rstrip("s") in ROLE_NOUNS
        or (len(word) >= 2 and word.isupper())
    )


# "the on-call engineer for the affected service", "the lead in the platform team": whose
# they are is part of who they are.
_OWNED = (
    r"\s+(?:the\s+|that\s+|this\s+|your\s+|their\s+|each\s+|every\s+|a\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:team|service|area|product|component|system|project|squad|app|application|group)s?\b"
)


# The tools a team pages and talks through: "escalate … in incident.io", "from PagerDuty"
# say how, not who.
_TOOLS = (
    rf"slack|{PAGING_TOOLS}|jira|zendesk|github|gitlab|discord"
    r"|zulip|irc|matrix|(?:microsoft|ms)\s+teams|email|e-mail|the\s+(?:app|dashboard|console|tool)"
    r"|[\w-]+\.(?:io|com|app|org|net)"
)


# What is said of no one in particular, a severity, or what is done rather than who:
# "this person", "people", "P2" ("escalates to P2"), "to close the request".
_NOT_WHO = re.compile(
    r"(?i)(?:this|that|these|those)\s+(?:person|one|people|individual|member)s?"
    r"|people|person|persons|somebody|anybody|(?:p|sev|s|severity\s*|priority\s*)-?\d"
    # "escalate to the next level": a rung, said of no one (the ladder says who is on it)
    r"|(?:the\s+|a\s+)?(?:next|higher|upper|following|appropriate|relevant)\s+(?:level|tier|line|rung|stage|step)s?"
    # "the escalation path is the team lead": the path, then who is on it
    r"|(?:the\s+|our\s+|your\s+)?escalation\s+(?:path|chain|route|order|policy|point|contact)s?\s+(?:is|are)\b.*"
    # "the backup number", "their mobile number": a number is how, not who
    r"|(?:the\s+|their\s+|your\s+|a\s+)?(?:[\w-]+\s+){0,2}(?:numbers?|hotline)"
)


def _lead_trimmed(text: str) -> str:
    """Text without what leads it and is not who: "there is a", "Then", "Finally,", a
    footnote's marker."""
    text = re.sub(r"\[\^[^\]]*\]", "", clean(text))  # "Tech Lead.[^note]"
    text = re.sub(r"(?i)^there(?:'s|\s+is|\s+are)\s+(?:always\s+|also\s+)?", "", text)
    # "Then the team lead", "Finally, the CTO": the order is not who.
    # "one of the senior engineers", "any of the maintainers": the ones named
    # (not "the first responder": a role of its own)
    return re.sub(r"(?i)^(?:(?:first(?:ly)?(?!\s+responders?\b)|then|next|finally|lastly|after\s+that|otherwise|and|or"
                  r"|(?:any|one|some|either|two)\s+of)\b,?\s+)+", "", text)  # fmt: skip


# "someone on your team", "the person who wrote the code", "whoever owns the service": who,
# by what is said of them.
_DESCRIBED = re.compile(
    r"(?i)^(?:the\s+|a\s+)?((?:someone|somebody|anyone|person|people|engineer|developer)\s+"
    r"(?:(?:who|that)\s+|on\s+(?!call\b)|from\s+|in\s+|at\s+|(?:more|most)\s+)[^,.;:()]{3,40}?"
    r"|whom?ever\s+[^,.;:()]{3,40}?)(?=\s*(?:[,.;:()]|$)|\s+(?:if|when|for|via|before|after|in\s+#)\b)"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def _who(text: str) -> str:
    """Who a text names, as written ("" when no one): a person described, an address, a
    handle, a channel, or a role's or team's name."""
    text = _lead_trimmed(text)
    if described := _DESCRIBED.match(text):
        said = described.group(1)
        return said[:1].upper() + said[1:]
    if _says_no_one(text):
        return ""
    text = _who_part(text)
    if addressed := _address_or_channel(text):
        return addressed
    if _NOT_WHO.fullmatch(text):  # "the people", "relevant people"
        return ""
    return _named_one(text)


def _says_no_one(text: str) -> bool:
    """Whether a text names no one from its start: "from the secondary", "for help",
    "this person", "to close the request"."""
    if re.match(r"(?i)(?:from|for)\s", text):  # "from the secondary (to …)", "for help": not who
        return True
    if _NOT_WHO.fullmatch(text.strip(" .;:")):
        return True
    to = re.match(r"(?i)to\s+(\w+)", text)  # "ask to close the request": what is done
    return bool(to and to.group(1).lower() in IMPERATIVE)


def _who_part(text: str) -> str:
    """The part of a text that says who, without what follows them (why, how, when) or the
    article and "available" before them."""
    text = re.split(
        # ("the Permanent Secretary on any incident rated Significant": what they are told of)
        r"(?i)\s+(?:who|which|if|when|(?:on|about)\s+(?:any|all|every|each)\b|for(?!"
        + _OWNED
        + r")|of\s+(?:all|any|every|critical|high|medium|low|major|minor|severe|urgent)"
        + r"|of\s+(?:[\w-]+\s+)?(?:issues|incidents|bugs|problems|alerts|tickets|requests)"
        + r"|asking|requesting|explaining|describing|including|providing|giving|saying|telling"
        + r"|mentioning|detailing|attaching|sharing|and\s+(?:asks?|tells?|requests?|instructs?|invites?)"
        # "your lead and see if they can help", "the incoming on-call and make sure they're
        # prepared": a second instruction, not part of who
        + r"|and\s+(?:see|make|ask|check|confirm|find\s+out|let|tell|wait)\s*(?=(?:sure|if|whether|that|them|him|her|they|it|what|how|for)\b|$)"
        # "pull in teams that way", "a reminder to the DRIs": how, what is sent
        + r"|that\s+way|this\s+way|a\s+reminder"
        + r"|to\s+(?:\w+e|(?:help|assist|pair|look|check|join|confirm|investigate|weigh)(?=\s+\w))\b|so|because|until|via|through|using|by|(?:on|at)\s+(?=[+(]?\d)|(?:in|from|on)\s+(?:"
        + _TOOLS
        + r")\b|in\s+(?:their|its|our|\#|the(?!"
        + _OWNED
        + r"))|with\s+(?:a|an|the|your|all|any|their|its|our|his|her|what|whatever|everything|anything|details|as\s+much)\b|immediately|now|asap|directly|again|privately|instead|as\s+well|too|first(?!\s+responders?\b)|after|within|listed|named|mentioned|at\s+once|at\s+any\s+(?:time|point|stage)|automatically|as\s+(?:needed|required|necessary|appropriate)|where\s+(?:necessary|needed|required|appropriate|applicable|relevant|possible)|straight\s+away|right\s+away|without\s+delay|on\s+slack|on\s+(?:their|his|her|your|the)\s+(?:mobile|cell|phone|pager|landline|personal|work|numbers?))\b|\s+at\s+(?=\S*@|<?https?://)|[,(<]|:(?=\s|$)"
        # "IT Service Desk. Logs the call": who, not the sentence after (not "U.S. Digital")
        + r"|(?<=[a-z]{2})\.\s+(?=[A-Z])",
        text,
    )[0]
    text = re.sub(
        r"(?i)^(?:with\s+|to\s+)?(?:(?:both|either)\s+(?:the\s+)?|(?:the|a|an|your|our|their|that|this)\s+|(?<=to\s))",
        "",
        text.strip(" .;-–—*"),
    )
    # "the core reviewers and, once a fix exists, …": the name without the "and" it ran into
    text = re.sub(r"(?i)\s+(?:and|or|then|but)$", "", text)
    # "the available Reliability EM": who, not how they are found ("the relevant lead" kept
    # as written: "lead" alone is no one's name)
    if not re.fullmatch(r"(?i)relevant\s+(?:lead|leads|manager|managers|owner|owners)", text):
        text = re.sub(
            r"(?i)^(?:available|relevant|appropriate|designated|responsible|assigned|scheduled"
            r"|current)\s+",
            "",
            text,
        )
    if len(_words(text)) > 7 and " / " in text:  # "Department Head / Custodian of …"
        text = text.split(" / ")[0]
    return text


def _address_or_channel(text: str) -> str:
    """An email address, an @handle or a #channel a text names, as written ("" when none)."""
    if address := re.match(rf"{EMAIL}(?=\s+(?:to|for|if|when|and)\s|\W*$)", text):
        return address.group(0)  # "security@example.org to seek guidance": the address
    if re.fullmatch(r"@[\w-]+(?:/[\w-]+)?", text):  # "@security-leads": a team's handle
        return text
    if channel := re.fullmatch(
        r"(?i)(?:in\s+)?(?:the\s+)?(#[\w-]+)(?:\s+(?:slack\s+)?channel)?", text
    ):
        return channel.group(1)  # "escalate to #dev-help", "ask in #engineering": a channel
    # "post it in the support-leads channel", "ask in the engineering support Slack channel":
    # a channel by its name, without the "#"
    if named := _NAMED_CHANNEL.fullmatch(text):
        return named.group(1)[:1].upper() + named.group(1)[1:]
    return ""


_NAMED_CHANNEL = re.compile(
    r"(?i)(?:in\s+|on\s+)?(?:the\s+|their\s+|our\s+|your\s+)?"
    r"((?!(?:same|this|that|one|a|an|incident|dedicated|new|private|public|relevant|right|appropriate|proper)\s)"
    r"(?:[\w-]+\s+){0,3}[\w-]+\s+(?:slack\s+)?channel)"
)


def _named_one(text: str) -> str:
    """A role's or team's name, capitalised, unless it is a pronoun, too long, or not one."""
    words = _words(text)
    pronoun = words[:1] and words[0] in ("you", "them", "us", "me", "him", "her", "it", "someone",
                                         "this", "that", "anyone", "only", "no", "any", "every",
                                         "each", "nobody", "not", "never")  # fmt: skip
    if not words or len(words) > 7 or (pronoun and not text.startswith(("IT ", "US "))):
        return ""  # "them", "it"; "IT team", "US-CERT" name someone
    if not _plausible(text, words):
        return ""
    if words[-1] in _REPORTERS:
        return ""  # "the security researcher who found it": who reported, not who is brought in
    text = _before_verb(text)
    keep = words[0] in ("on-call",) or "@" in text  # "security@example.org" as written
    return text[:1].upper() + text[1:] if text[:1].islower() and not keep else text


# Who reported an issue: told of its progress, never the one it is escalated to.
_REPORTERS = {
    "reporter", "reporters", "researcher", "researchers", "discoverer", "discoverers", "finder",
    "finders", "submitter", "submitters", "originator", "originators",
}  # fmt: skip


# Nouns that end the name of who is brought in ("the product team fixes the code").
_HEAD_NOUNS = {
    "team", "teams", "desk", "committee", "council", "group", "board", "staff", "person",
    "people", "members", "maintainers", "engineers", "managers", "leads", "owners", "officers",
    "responders", "committers", "contacts", "developers", "developer", "vendor", "provider",
    "supplier", "contractor",  # "third line: the external supplier"
    "office", "offices",  # "The Information Security Office notifies the CIO"
    "rotation",  # "flag it to the triage rotation"
}  # fmt: skip
# The words before a verb that name who does it (_doer_before).
_DOERS = (
    ROLE_NOUNS
    | _HEAD_NOUNS
    # "… and notifies the Security Officer": the same doer, a second verb
    | {"who", "then", "also", "they", "he", "she", "it", "team", "and"}
    # "our escalation policy notifies the primary", "PagerDuty pages the secondary"
    | {"policy", "system", "bot", "pagerduty", "opsgenie", "tool", "automation"}
)
# What may follow such a noun inside a name ("person from the relevant team", "lead of X").
_NAME_GOES_ON = {
    "of", "from", "at", "in", "on", "for", "and", "or", "&", "/", "the", "a", "an", "to",
    "with", "who", "that", "which",
}  # fmt: skip


def _before_verb(text: str) -> str:
    """A name without the verb its sentence goes on with: "Customer support team answers
    the ticket" → "Customer support team"."""
    words = text.split()
    for n, word in enumerate(words[:-1]):
        noun = word.lower().strip(".,;:")
        after = words[n + 1].strip(".,;:")
        if (
            (
                noun in _HEAD_NOUNS
                or noun in ROLE_NOUNS
                or (noun == "call" and words[n - 1 : n] == ["on"])
            )
            and re.fullmatch(r"[a-z]+", after)
            and after not in _NAME_GOES_ON
            and after not in _WHO_WORDS | ROLE_NOUNS | _HEAD_NOUNS
            and after.rstrip("s") not in ROLE_NOUNS
            and [w.lower().strip(".,;:") for w in words[n + 1 : n + 4]] != ["as", "a", "whole"]
            # "the on-call human", "the on-call dev": a noun after "on-call" is who
            and not (
                (noun in ("on-call", "oncall") or (noun == "call" and words[n - 1 : n] == ["on"]))
                and _head(after, "on-call", frozenset())
            )
        ):
            return " ".join(words[: n + 1])
    return text


# "Level 1 – Service desk", "Tier 2: Support engineers", "L3 (Vendor support)": a rung of a
# support ladder and who is on it (a severity word after the rung makes it a level instead).
_RUNG = re.compile(
    r"(?i)^\W*(?:(?:level|tier|line)\s*\d+|l\d|(?:\d(?:st|nd|rd|th)|first|second|third|fourth)"
    r"[\s-]+(?:line|level|tier))\b(?:\s+support)?(?:\s+is\b)?"
    # "Second-line support is handled by engineers; third-line support by the vendor"
    r"(?:\s+(?:(?:handled|provided|done|staffed|covered|given|run)\s+)?by\b)?\W*\s*(?P<rest>\w.*)$"
)


_RUNG_START = re.compile(
    r"(?i)\W*(?:level|tier|line|l\d|\d(?:st|nd|rd|th)|first|second|third|fourth)"
)


# "The customer experience team is the first line", "Engineering is Tier 2": who, then the rung.
_RUNG_AFTER = re.compile(
    r"(?i)^\W*(?P<who>\w.*?)\s+(?:is|are|provides?|handles?|forms?|makes\s+up)\s+(?:the\s+|our\s+)?"
    r"(?:(?:level|tier|line)\s*\d+|l\d|(?:\d(?:st|nd|rd|th)|first|second|third|fourth)[\s-]+(?:line|level|tier))"
    r"(?:\s+(?:support|of\s+support))?(?:\s*[:,(–—-].*)?\W*$"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def rung(text: str) -> str:
    """Who a rung of a support ladder names ("Tier 2: Support engineers", "Engineering is
    the second line"), or ""."""
    if not _RUNG_START.match(text):  # most text is no rung: the cleaning need not run
        lowered = text.lower()
        if not ("line" in lowered or "tier" in lowered or "level" in lowered or " l" in lowered):
            return ""
        after = _RUNG_AFTER.match(clean(text))
        return _who(after.group("who")) if after else ""
    match = _RUNG.match(clean(text))
    if not match:
        return ""
    rest = match.group("rest").strip(" ()")
    if _words(rest)[:1] and _words(rest)[0] in LEVEL_WORDS | {"severity", "priority"}:
        return ""
    # "Tier 1 Support (First Line)": the bracket says which line, the rung is who
    said = clean(text)
    if re.fullmatch(r"(?i)(?:first|second|third|fourth|\d(?:st|nd|rd|th))\s+line", rest):
        return _who(said[: said.find("(")].strip()) if "(" in said else ""
    # "Tier 1 (Frontline): Customer Success agents": the rung's name, else who staffs it
    named = re.match(r"([^()]{2,40})\)\W*(.*)$", match.group("rest"))
    if named and said[match.start("rest") - 1] == "(":
        return _who(named.group(1)) or _who(named.group(2))
    return _who(rest)


# Words that name who is brought in, beside the role nouns: teams, tiers, ranks.
_WHO_WORDS = {
    "team", "teams", "leads", "leadership", "support", "security", "legal", "compliance",
    "management", "engineering", "primary", "secondary", "tertiary", "sre", "sres", "ops",
    "cto", "ceo", "cio", "ciso", "vp", "head", "person", "people", "everyone", "staff",
    "tier", "l1", "l2", "l3", "l4", "level", "backup", "executive", "executives", "board",
    "vendor", "provider", "maintainers", "committee", "council", "cirt", "cert", "csirt",
    "supplier", "suppliers", "contractor", "contractors",
    "soc", "noc", "desk", "helpdesk", "hr", "pr", "counsel", "ic", "imoc", "founders",
    "member", "members", "senior", "contacts", "managers", "owners", "responders", "list",
    "alias", "line", "committers", "pmc", "officers", "president", "chancellor", "dean",
    "provost", "designee", "chief", "secretary", "administrator", "administrators", "custodian",
    "forum", "forums", "exec", "execs",
    # "the project's core reviewers", "a Level 2 specialist", "subject-matter experts"
    "reviewers", "specialist", "specialists", "experts", "sme", "smes", "analysts", "partners",
    # "the night supervisor", "a maintainer", "the solutions architect", "the on-duty sysadmin"
    "supervisor", "supervisors", "maintainer", "architect", "architects", "technician",
    "technicians", "rep", "reps", "reviewer", "partner", "sysadmin", "sysadmins", "admin", "admins",
    # a university's officers: "the Registrar", "the University Auditor", "the Ombudsperson"
    "registrar", "auditor", "auditors", "ombudsman", "ombudsperson", "bursar",
    # "ask a teammate to pair with you", "the University Police dispatcher"
    "teammate", "teammates", "colleague", "colleagues", "peer", "peers", "dispatcher", "police",
    # "nudge the assignee"
    "assignee", "assignees",
    # "escalate to the platform rotation": whoever is on it
    "rotation", "rota", "roster",
    # "the back-up contact", "the Fastify Collaborators", "the security liaison", "the CNA"
    "back-up", "collaborators", "collaborator", "liaison", "liaisons", "handler", "stakeholders",
    "cna", "psrt", "srt", "packagers", "packager", "distributors", "distributor",
    # a support desk's people: "Customer Success agents", "the service desk agent"
    "agent", "agents",
}  # fmt: skip


def _names_someone(word: str) -> bool:
    return word in _WHO_WORDS or word in ROLE_NOUNS or word.rstrip("s") in ROLE_NOUNS


def _team_name(raw: list[str], words: list[str]) -> bool:
    """ "Go security team", "release managers": a name that ends in a team's or a role's
    noun, though its first word is a verb."""
    last = words[-1]
    if len(raw) < 2 or raw[0][:1].isupper():  # "Update incident commander": an instruction
        return len(raw) > 1 and last in _HEAD_NOUNS
    return last in _HEAD_NOUNS or last in ROLE_NOUNS or last[:-1] in ROLE_NOUNS


# A company's functions, named alone and capitalised as a team is ("escalate to Product").
_FUNCTIONS = {
    "product", "design", "sales", "marketing", "finance", "billing", "devops", "platform",
    "infrastructure", "infra", "operations", "ops", "data", "qa", "partnerships", "legal",
    "security", "compliance", "engineering", "research", "procurement", "privacy", "comms",
    "communications", "payments", "success", "accounts", "sre", "it", "hr", "pr", "police",
}  # fmt: skip


def _plausible(text: str, words: list[str]) -> bool:
    """Whether words name a person, role or team ("the secondary", "VP Engineering",
    "AWS Support") rather than a step or a label ("Seek help", "Detection")."""
    raw = text.split()  # as written: "Texas A&M" is a name, "Lead a review" a verb and its object
    if re.search(r"['’]s\s+office$", text):
        return _whose_office(text)
    if len(raw) == 1 and raw[0][:1].isupper() and words[0] in _FUNCTIONS:
        return True  # "Pass it to DevOps", "send it to Product": a team by its function's name
    if _imperative(text) and words[0] not in _WHO_WORDS | ROLE_NOUNS and not _team_name(raw, words):
        return False  # as written: "Texas A&M" is a name, "Lead a review" a verb and its object
    if len(raw) > 1 and raw[1] in ("the", "a", "an", "your", "our", "their", "it", "this"):
        return False  # "Lead the implementation effort": a verb and its object
    if any(w in _WHO_WORDS or w.rstrip("s") in ROLE_NOUNS or w in ROLE_NOUNS for w in words):
        return True
    # "the PM on the squad", "the EMs": initials that name someone in most organisations
    if any(w in ROLE_INITIALS or (w[-1:] == "s" and w[:-1] in ROLE_INITIALS) for w in raw):
        return True
    # "the ISM on call", "whoever is on call": the one on call, whatever their title
    return _office(text) or _proper_name(text) or bool(re.search(r"(?i)\bon[\s-]call\b", text))


def _whose_office(text: str) -> bool:
    """ "the Vice-Chancellor's office", "the CEO's office": whose office it is says who (not
    "the customer's office")."""
    owner = re.sub(r"['’]s\s+office$", "", text)
    return owner[:1].isupper() or _plausible(owner, _words(owner))


def _office(text: str) -> bool:
    """ "the project's PTL", "PTL(s) of each project": an office by its initials."""
    return bool(
        re.search(r"\w'?s\s+[A-Z]{2,5}s?$", text)
        and len(text.split()) <= 4
        or re.match(r"[A-Z]{2,}s?\s+(?:of|for)\s", text)
    )


def _proper_name(text: str) -> bool:
    """ "VP Engineering", "AWS Support", "Technical Committee": a capitalised name."""
    names = [
        w for w in re.findall(r"[\w&/.-]+", text) if w.lower() not in ("of", "and", "the", "&", "/")
    ]
    acronym = any(len(w) >= 2 and w.isupper() for w in names)
    return (
        bool(names)
        and len(names) <= 4
        and all(w[:1].isupper() for w in names)
        and (acronym or len(names) >= 2)
    )


# "someone from that team", "a member of the same group": one of a group named before.
_GROUPS = ("team", "group", "squad", "unit", "department", "rotation", "committee", "desk")
_THAT_GROUP = re.compile(
    r"(?i)(?:someone|somebody|anyone|a\s+member|members|people|a\s+person|an?\s+\w+)\s+"
    rf"(?:from|of|in|on)\s+(?:that|this|the\s+same|said)\s+({'|'.join(_GROUPS)})s?"
)


def referent(who: str, text: str) -> str:
    """Who "someone from that team" is: the team or group the sentence named before it
    ("isn't part of the Incident Coordinators Group, so escalation is needed to involve
    someone from that team"), else as written."""
    if not _THAT_GROUP.fullmatch(who):
        return who
    at = text.lower().find(who.lower())
    named = _A_GROUP.findall(text[: max(at, 0)])
    return _who(named[-1]) or who if named else who


# "the Incident Coordinators Group", "our database team": a group, by its name.
_A_GROUP = re.compile(
    rf"(?i)\b(?:the|a|an|our|your|their|its)\s+((?:(?!(?:that|this|same)\b)[\w&'’-]+\s+){{1,4}}?"
    rf"(?:{'|'.join(_GROUPS)})s?)\b"
)
