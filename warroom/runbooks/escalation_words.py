"""The words that say who is brought in: the nouns that end someone's name (a role's, a
team's, a department's), the initials that name someone, the words that end a noun phrase,
and the verbs that bring someone in; read by escalation_phrases.py."""

from __future__ import annotations

import functools

from warroom.runbooks.vocabulary import IMPERATIVE

# The nouns that end the name of someone to bring in (a plural "s" is read too).
HEADS = {
    "lead", "leader", "leadership", "manager", "management", "engineer", "engineering",
    "on-call", "oncall", "primary", "secondary", "tertiary", "backup", "team", "squad", "crew",
    "desk", "helpdesk", "maintainer", "committer", "reviewer", "committee", "council", "ptl",
    "owner", "director", "vp", "svp", "cto", "ceo", "cio", "ciso", "coo", "cso", "supervisor",
    "coordinator", "officer", "responder", "support", "commander", "sre", "dri", "admin",
    "administrator", "sysadmin", "operator", "expert", "sme", "specialist", "analyst", "member",
    "staff", "personnel", "teammate", "founder", "executive", "exec", "president", "counsel",
    "contact", "hotline", "helpline", "alias", "vendor", "chair", "head", "chief", "developer",
    "person", "colleague", "partner", "representative",
    # "page another area's on-caller": who holds the pager
    "on-caller", "oncaller",
    # a university's and an IT service's offices and officers: "the IT Security Office", "the
    # resolver group", "the Provost", "the Registrar", "the on-call technician"
    "office", "group", "technician", "provost", "dean", "registrar", "chancellor",
    "vice-chancellor", "designee", "custodian", "auditor", "ombudsperson", "ombudsman",
    "centre", "center", "dispatcher", "assignee",
    # a vulnerability process's: "the Fastify Collaborators", "the project's security
    # liaison", "the primary handler", "downstream stakeholders"
    "collaborator", "liaison", "handler", "stakeholder", "steward",
    # "the distribution packagers", "downstream distributors"
    "packager", "distributor",
    # a service desk's last line outside the organisation: "the external supplier", "the
    # hosting contractor"
    "supplier", "contractor",
    # a government's or a large organisation's units: "the Legal department", "the Cyber
    # Security Unit", "the Digital Directorate", "the regulator"
    "department", "dept", "division", "directorate", "unit", "bureau", "regulator",
    # and their officials: "the Permanent Secretary", "the Minister", "the Commissioner"
    "secretary", "minister", "commissioner",
}  # fmt: skip
# An email address as written ("security@example.org").
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# Heads that name no one alone ("the team", "a member"): they need a word before them.
_NEEDS_MODIFIER = {
    "team", "squad", "crew", "member", "staff", "person", "personnel", "contact", "head",
    "chief", "alias", "desk", "developer", "expert", "owner", "engineer", "support",
    "management", "leadership", "lead", "leader", "executive", "exec", "admin", "operator",
    "backup", "responder", "colleague", "teammate", "reviewer", "analyst", "specialist",
    "partner", "office", "group",
    "collaborator", "handler", "stakeholder",
    "department", "dept", "division", "directorate", "unit", "bureau",
}  # fmt: skip
# "the emergency line", "the on-call phone": a line a responder calls (not "the first line").
_LINE_BEFORE = {"emergency", "phone", "hot", "help", "support", "on-call", "oncall", "duty"}
# "the emergency contacts", not "Kubernetes's contacts": who a contact is for.
_CONTACT_BEFORE = {
    "emergency", "escalation", "security", "support", "key", "internal", "external", "technical",
    "designated", "primary", "secondary", "on-call", "oncall", "business", "vendor", "team",
    "backup", "back-up",
}  # fmt: skip
# "the resolver group", "the second-line support group": a group of people (not "the user
# group", "the security group", "the resource group": a tool's setting).
_GROUP_BEFORE = {
    "support", "resolver", "assignment", "working", "response", "advisory", "steering",
    "technical", "escalation", "operations", "ops", "engineering", "infrastructure", "platform",
    "service", "network", "networking", "server", "database", "application", "desktop",
    "helpdesk", "desk", "specialist", "management", "coordination",
    # "the database reliability group", "the SRE group", "the duty group"
    "reliability", "sre", "on-call", "oncall", "duty", "release", "devops", "development",
}  # fmt: skip
_CENTRE_BEFORE = {
    "operations", "operation", "support", "service", "contact", "call", "help", "response",
    "command", "coordination", "control", "security", "emergency", "incident",
}  # fmt: skip
# "the alert manager", "a password manager": software, not someone.
_SOFTWARE = {
    "alert", "package", "password", "secret", "secrets", "certificate", "cluster", "resource",
    "task", "node", "window", "file", "config", "configuration", "state", "dependency",
    "device", "session", "connection", "process", "service", "build", "download", "version",
}  # fmt: skip
# "the on-call engineer for the affected service", "the lead of each project": whose they
# are is part of who they are.
_WHOSE = {"the", "that", "this", "your", "their", "its", "each", "every", "a", "an", "our"}
_OWNERS = {
    "team", "service", "area", "product", "component", "system", "project", "squad", "app",
    "application", "group", "feature", "repository", "repo", "codebase", "module",
    # "the Dean of the affected college", "the head of the affected department"
    "department", "college", "school", "faculty", "unit", "division", "campus", "institution",
    # "the maintainers of the vulnerable package", "the owner of the affected plugin"
    "package", "library", "plugin", "extension", "subsystem", "driver", "deliverable", "crate",
}  # fmt: skip
# A rank and what it is the rank of: "VP of Engineering", "Head of Security".
_OF_NAMES = {
    "head", "vp", "svp", "director", "chief", "member", "members", "president", "manager",
    "managers", "lead", "leads", "owner", "owners", "officer", "chair", "office", "dean",
}  # fmt: skip
# Initials that name someone in most organisations; others only where a document spells
# them out ("the Information System Security Officer (ISSO)").
ROLE_INITIALS = {
    "CTO", "CEO", "CIO", "CISO", "COO", "CSO", "CFO", "VP", "SVP", "EVP", "SRE", "IC", "DRI",
    "SME", "PTL", "EM", "CSM", "TAM", "IMOC", "CMOC", "EOC", "SOC", "NOC", "CSIRT", "CIRT",
    "CERT", "PSIRT", "IT", "HR", "TC", "TSC", "PMC", "VMT",
    # a product's managers and owners, a major incident's manager, a data protection officer
    "PM", "TPM", "PO", "MIM", "DPO",
    # a team's own leads: delivery manager, tech lead, engineering lead; a database
    # administrator, quality assurance
    "DM", "TL", "EL", "DBA", "QA",
    # a CVE Numbering Authority, a product security (response) team
    "CNA", "PSRT", "SRT",  # (not "PST": a time zone too; a document spells it out)
}  # fmt: skip
# Words that end a noun phrase: articles, pronouns, prepositions, conjunctions, auxiliaries.
_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "your", "our", "their", "its", "his",
    "her", "my", "you", "we", "they", "he", "she", "it", "i", "me", "us", "them", "him",
    "someone", "somebody", "anyone", "anybody", "everyone", "nobody", "one", "who", "whom",
    "which", "what", "whoever", "to", "in", "on", "at", "by", "for", "from", "with", "via",
    "of", "into", "onto", "about", "over", "under", "through", "within", "after", "before",
    "until", "during", "as", "than", "and", "or", "nor", "but", "then", "if", "when", "whenever",
    "once", "unless", "while", "so", "because", "since", "though", "is", "are", "was", "were",
    "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had", "will",
    "would", "shall", "should", "can", "could", "may", "might", "must", "need", "needs", "not",
    "no", "yes", "also", "too", "please", "all", "any", "each", "every", "some", "other",
    "another", "more", "most", "much", "many", "few", "both", "either", "neither", "there",
    "here", "where", "how", "why", "up", "out", "off", "down", "again", "first", "next", "now",
    "only", "just", "even", "still", "very", "let", "e.g", "i.e", "etc", "vs", "per", "like",
    "such", "own", "same", "else", "instead", "back", "away", "get", "gets", "got", "asap",
    "help", "know", "sure", "unsure", "available", "responsible", "unavailable", "able",
    "unable", "ready", "late", "soon", "later", "whether", "without", "against", "between",
    "among", "around", "across", "last", "second", "third", "cannot", "yourself", "themselves",
    "often", "always", "never", "sometimes", "already", "together", "anyway", "ever",
}  # fmt: skip
# The rungs of a ladder, as labels ("Secondary: the team lead").
_RUNGS = {"primary", "secondary", "tertiary", "backup"}
# Ordinals name a rung after an article ("the next on-call", "a second engineer").
_ORDINALS = {"first", "second", "third", "next", "last"}
_ARTICLES = {"the", "a", "an", "your", "our", "their"}
# The verbs that bring someone in, and other common verbs, beside the imperatives of
# incident response: a word among them leads or cuts a run of words, it names no one.
_VERBS = IMPERATIVE | {
    "escalate", "reach", "loop", "pull", "bring", "involve", "consult", "wake", "phone", "tag",
    "mention", "cc", "ask", "call", "ping", "email", "e-mail", "message", "contact", "alert",
    "notify", "inform", "page", "tell", "text", "dm", "decide", "approve", "receive", "own",
    "coordinate", "investigate", "review", "respond", "reply", "answer", "acknowledge", "need",
    "want", "help", "make", "take", "happen", "become", "come", "lead", "require", "allow",
    "leverage", "include", "remain", "mobilize", "mobilise", "encourage", "expect", "permit",
    "meet", "see", "know", "think", "feel", "prefer", "choose", "like", "pick", "spend",
    "partner", "collaborate", "cover", "approach", "act", "serve", "provide", "recover",
    "organize", "organise", "solve", "define", "accept", "rotate", "participate",
    "raise", "forward", "refer", "route", "pass", "sync", "reassign", "relay", "instruct",
}  # fmt: skip
# The verbs whose object is brought in ("ask the Tech Lead", "give the lead a heads-up");
# another verb's object is what is done to them ("Update incident commander", "Assign an
# incident commander").
BRING_IN_VERBS = {
    "escalate", "ask", "page", "ping", "call", "contact", "notify", "inform", "alert", "tell",
    "let", "loop", "involve", "engage", "consult", "tag", "mention", "cc", "email", "e-mail",
    "message", "dm", "text", "phone", "wake", "reach", "pull", "bring", "get", "find", "grab",
    "rope", "give", "raise", "flag", "hand", "pass", "forward", "route", "refer", "transfer",
    "run", "check", "talk", "speak", "sync", "try", "invite", "add", "subscribe", "nudge",
    "chase", "warn", "brief", "see", "reassign", "delegate", "defer", "fall", "go",
    "turn", "lean", "request", "seek", "wait", "poke", "holler", "shout", "book",
}  # fmt: skip
# Where a verb may lead a run of words: at a clause's start, after "to", a modal, "please".
_VERB_PLACE = {
    "", ",", ";", ":", "(", "to", "please", "then", "and", "or", "will", "should", "must",
    "can", "may", "could", "would", "might", "shall", "also", "always", "first", "immediately",
    "you", "we", "they", "who", "-", "–", "—", "*", "•", ".", "!", "?", "not", "doesn't",
    "don't", "didn't", "won't", "cannot", "can't",
}  # fmt: skip


def _word(token: str) -> bool:
    return token[:1].isalnum() or token[:1] == "_"


@functools.lru_cache(maxsize=8192)  # pure, and asked for the same few words again and again
def _base(word: str) -> str:
    """A verb's base form, roughly: "escalates" → "escalate", "notified" → "notify"."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", "e"), ("es", ""), ("s", ""),
                         ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")):  # fmt: skip
        if word.endswith(suffix) and (stem := word[: -len(suffix)] + repl) in _VERBS:
            return stem
    return word


def _verb(word: str) -> bool:
    lowered = word.lower()
    return lowered in _VERBS or _base(lowered) in _VERBS


# What an on-call rotation has rather than who is on it ("the on-call schedule", "the on-call
# channel"); any other noun after "on-call" names who is on call ("the on-call human", "the
# on-call dev", "the on-call folks").
_ON_CALL_THINGS = {
    "rotation", "rota", "roster", "schedule", "shift", "duty", "week", "weekend", "period",
    "pager", "phone", "number", "policy", "channel", "alias", "calendar", "process", "doc",
    "docs", "documentation", "handbook", "guide", "runbook", "playbook", "tool", "tooling",
    "load", "burden", "time", "hours", "list", "issue", "ticket", "alert", "incident", "page",
    "compensation", "pay", "stipend", "allowance", "setup", "experience", "expectations",
    "responsibilities", "work", "queue", "board", "report", "handover", "handoff", "hand-off",
    "tasks", "checklist", "bot", "app", "account", "group", "slot", "cover", "coverage",
    "system", "platform", "software", "service", "laptop", "device", "kit", "equipment",
    "procedure", "mailbox", "inbox", "email", "sheet", "spreadsheet", "log", "wiki",
    "budget", "training", "status", "role", "duties", "day", "night", "month", "year",
}  # fmt: skip


# Endings of nouns for things and doings ("escalation", "payment", "duties"), not people.
_NOT_PERSON_ENDINGS = ("tion", "sion", "ment", "ing", "ity", "ness", "ance", "ence", "ies", "ure")


_ROTATIONS = {"rotation", "rota", "roster", "schedule"}
# What is rotated or scheduled rather than who: "credential rotation", "the release schedule".
_NOT_ROTATED = {
    "credential", "credentials", "key", "keys", "token", "tokens", "log", "logs", "backup",
    "release", "deploy", "deployment", "maintenance", "patch", "meeting", "sprint",
    "image", "shift", "work", "holiday", "vacation", "leave", "class", "training",
}  # fmt: skip


def _a_person_noun(lowered: str) -> bool:
    """Whether a word after "on-call" may name who is on call ("human", "dev", "folks"),
    not a thing the rotation has ("schedule", "escalation") nor a verb."""
    single = lowered[:-1] if lowered.endswith("s") else lowered
    return not (
        lowered in _ON_CALL_THINGS | _STOP
        or single in _ON_CALL_THINGS
        or lowered.endswith(_NOT_PERSON_ENDINGS)
        or _verb(lowered)
    )


def _head(word: str, before: str, initials: frozenset[str]) -> bool:
    """Whether a word may end the name of someone to bring in."""
    lowered = word.lower()
    single = lowered[:-1] if lowered.endswith("s") else lowered
    if before.lower() in ("on-call", "oncall") and lowered.isalpha() and single not in HEADS:
        return _a_person_noun(lowered)
    # "escalate to the secondary rotation", "the SRE on-call schedule": who is on it (not
    # "the on-call schedule" alone, nor "the release schedule")
    if (
        single in _ROTATIONS
        and before.isalpha()
        and before.lower() not in _SOFTWARE | _NOT_ROTATED | {"on-call", "oncall"}
    ):
        named = before.lower()  # "platform", "infrastructure", "SRE": whose rotation
        return named not in _STOP | _ON_CALL_THINGS | _ROTATIONS and not _verb(named)
    told = _told_by_word_before(lowered, single, before)
    if told is not None:
        return told
    bare = _initials(word)
    if bare:  # "the VMT", "the project's PTL", "the PMs": by its initials
        return bare in ROLE_INITIALS or bare in initials
    if lowered in HEADS or single in HEADS:
        return True
    # "take over as domain-expert", "ping the team-lead": a compound ending on a head
    first, _, last = single.rpartition("-")
    return bool(first) and first not in _PREFIXES and last in HEADS and first.isalpha()


# Prefixes of a compound that make it no one ("cross-team", "non-engineering").
_PREFIXES = {"non", "cross", "multi", "sub", "pre", "post", "self", "inter", "intra", "co", "all"}


def _told_by_word_before(lowered: str, single: str, before: str) -> bool | None:
    """For a noun that names someone only after some words ("phone line", "mailing list",
    "Operations Centre"), whether the word before is one of them; None for other nouns."""
    if lowered in ("line", "lines"):
        return before.lower() in _LINE_BEFORE
    if single == "contact":
        return before.lower() in _CONTACT_BEFORE
    if single == "list":  # "the distros mailing list": a list that is told, not "a task list"
        return before.lower() in ("mailing", "distros", "distributions", "announce", "embargo")
    if single == "manager" and before.lower() in _SOFTWARE:
        return False
    if single in ("centre", "center"):  # "the Network Operations Centre", not "a data centre"
        return before.lower() in _CENTRE_BEFORE
    if single == "group":  # "the resolver group", "the Working Group"; not "the user group"
        return before.lower() in _GROUP_BEFORE or (before[:1].isupper() and before != "Security")
    return None


def _initials(word: str) -> str:
    """The initials a word is written in ("VMT", "PMs" → "PM"), or "" when it is a word."""
    if word.isupper() and len(word) >= 2:
        return word[:-1] if word.endswith("s") and len(word) > 2 else word
    if len(word) >= 3 and word.endswith("s") and word[:-1].isupper():  # "the PMs", "EMs"
        return word[:-1]
    return ""


# Departments, named alone right after a verb that brings them in ("notify legal", "loop in
# Security", "escalate to compliance").
_DEPARTMENTS = {
    "legal", "security", "compliance", "finance", "comms", "communications", "marketing",
    "sales", "product", "ops", "operations", "infra", "infrastructure", "pr", "hr", "it",
    "privacy", "procurement", "design", "research", "management", "leadership", "police",
}  # fmt: skip
