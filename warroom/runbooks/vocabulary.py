"""The words of incident response: severity words, role nouns, imperative verbs, time
expressions and what a heading announces. Every classifier decides from these."""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata

from warroom.core.timefmt import parse_duration

ROLE_WORDS = {
    "commander", "lead", "leader", "liaison", "scribe", "deputy", "manager", "coordinator",
    "expert", "experts", "officer", "owner", "responder", "responders", "reporter", "engineer",
    "captain", "chair", "chairs", "director", "communicator", "analyst", "handler",
    "investigator", "specialist", "representative", "writer", "approver", "sme", "smes", "ic",
    "primary", "secondary", "managers", "leads", "commanders", "liaisons", "sre", "sres",
    "spokesperson", "steward", "triager", "champion", "facilitator", "moderator", "messenger",
    "notetaker", "note-taker", "dri", "controller", "shepherd", "delegate", "counsel",
    # "Note Taker", "Minute Taker", "Timeline Keeper", "Recorder": who keeps the record
    "taker", "keeper", "recorder", "timekeeper",
    # "Executive Sponsor", "Shift Supervisor": who a plan gives the decisions or the shift to
    "sponsor", "supervisor",
    # a post an organisation's plan names for its part: "Systems Librarian", "Dean of
    # Libraries", "Data Protection Adviser", "the CISO" (not "administrator": the system or
    # database administrators are who a procedure's steps are written for, a job, not a part
    # of the response)
    "librarian", "technician", "advisor", "adviser", "architect", "auditor",
    "custodian", "advocate", "dean", "provost", "registrar", "attorney", "ciso", "cio", "cto",
    "dpo",
}  # fmt: skip


# The nouns a role's name ends with ("comms lead", "escalation engineer", "incident owner"):
# a phrase in bold or before an abbreviation that ends with one names a role.
ROLE_NOUNS = {
    "lead", "leader", "commander", "liaison", "scribe", "deputy", "manager", "coordinator",
    "officer", "owner", "on-call", "oncall", "responder", "engineer", "captain", "chair",
    "director", "communicator", "analyst", "handler", "investigator", "specialist",
    "representative", "writer", "approver", "expert", "messenger", "steward", "champion", "dri",
    "note-taker", "notetaker", "spokesperson", "controller",
    # who keeps the record or the meeting: "Ledger Keeper", "Note Taker", "Timekeeper"
    "keeper", "taker", "recorder", "timekeeper", "facilitator", "moderator",
}  # fmt: skip
# Headings over what a team has rather than what a responder does: tool and access lists,
# rotations, contact lists, report forms, link lists.
NOT_STEPS = re.compile(
    r"\b(tools?|tooling|access|rotations?|rotas?|schedules?|contacts|contact list|"
    r"contact details|phone numbers|links|bookmarks|form fields|report fields|"
    r"incident log|log of incidents|alert routing|routing|definitions?|terminology|glossary|benefits|eligibility)\b"
)
# A heading that says what is done ("Adding the rotation to your calendar", "Checklist").
DOING = re.compile(
    r"(?:^|:\s*)(?!(?:during|ring|thing|string|training|onboarding)\b)\w{2,}ing\b|checklist"
)
PROCEDURE_WORDS = (
    "step", "procedure", "checklist", "during", "action", "what to do", "runbook", "playbook",
    "response", "respond", "process", "workflow", "task", "investigat", "triage", "mitigat",
    "contain", "eradicat", "recover", "remediat", "communicat", "follow-up", "follow up",
    "after", "before", "handoff", "hand-off", "prepar", "detect", "declar", "resolv", "verif",
    "post-incident", "postmortem", "post-mortem", "immediate", "first", "checks", "contact",
    "rollback", "restore", "fix", "identify", "assess", "escalat", "notify", "on-call", "oncall",
    "followup", "handling", "how to", "how do i", "how do we", "how do you", "how can i",
    # an operational runbook's sections: "Diagnosis", "Troubleshooting", "Debugging",
    # "Resolution", "Solution", "Workaround" (a knowledge-base article's fix)
    "diagnos", "troubleshoot", "debug", "resolution", "solution", "workaround",
    "what to check", "things to check", "where to look",
    # the meeting after it: "The incident retro", "Debrief", "Lessons learned", "Wrap-up"
    "retro", "debrief", "lessons learned", "wrap-up", "wrap up",
)  # fmt: skip


ESCALATION_WORDS = (
    "escalat", "who to page", "contact chain", "call tree", "paging order", "who to contact",
    "who to call", "getting help", "get help", "asking for help",
    # "If you need help", "If you get stuck", "Who to ask": where help comes from
    "need help", "needs help", "needing help", "you get stuck", "you're stuck", "you are stuck",
    "who to ask", "who to notify", "who to involve",
    # a support desk's routing: "Where to send tickets", "Who handles what", "Routing requests"
    "where to send", "where to ask", "where to take", "who handles", "who to go to",
    "who to reach", "ticket routing", "request routing", "routing requests", "routing tickets",
    # a support desk's ladder and a chain of who is called: "Support tiers", "Lines of
    # support", "Tiered support", "On-call chain", "Chain of command", "Call cascade"
    "support tier", "tiers of support", "line of support", "lines of support", "tiered support",
    "on-call chain", "oncall chain", "chain of command", "call cascade", "calling tree",
    "who do i call", "who do i contact", "who should i call", "who should i contact",
    "who do we call", "who do you call", "need a hand", "needs a hand", "getting support",
)  # fmt: skip
SKIP_WORDS = (
    "table of contents", "contents", "additional reading", "further reading", "reading",
    "additional information", "see also", "links", "glossary", "prerequisite", "training",
    "graduation", "who are they", "how can i become", "why have one", "what is it", "scope",
    "references", "resources", "license", "licence", "changelog", "faq", "related articles",
    "related content", "related pages", "related topics", "related links", "related docs",
    "related documentation", "learn more",
)  # fmt: skip


# The tools that page people, as a pattern fragment: "PagerDuty pages the secondary" is an
# escalation by the tool's policy; "escalate … in PagerDuty" says how, not who.
PAGING_TOOLS = r"pagerduty|opsgenie|victorops|splunk\s+on-call"
TEMPLATE_WORDS = ("template", "update", "alert", "notice", "email", "message", "announcement")


LEVEL_WORDS = {
    "critical", "high", "medium", "moderate", "low", "major", "minor", "urgent", "severe",
    "informational", "info", "cosmetic", "emergency", "warning", "normal", "trivial", "blocker",
    "important",
    # a scale named as colours (red, amber, green): a level only where it is a scale, and a
    # scale of colours alone only where its place speaks of levels (level_scales)
    "red", "amber", "green", "yellow", "orange",
    # the words of impact and risk scales (catastrophic … negligible; emergency … routine)
    "catastrophic", "significant", "substantial", "serious", "limited", "minimal",
    "negligible", "extensive", "widespread", "routine", "extreme", "elevated",
    # an issue tracker's ends of the scale
    "highest", "lowest",
}  # fmt: skip


IMPERATIVE = {
    "acknowledge", "ack", "add", "alert", "analyze", "analyse", "announce", "apply", "ask",
    "assemble", "assess", "assign", "attach", "be", "block", "call", "cancel", "capture",
    "change", "check", "clean", "click", "close", "collect", "communicate", "complete",
    "confirm", "consider", "contact", "contain", "coordinate", "copy", "create", "declare",
    "decide", "delegate", "delete", "deploy", "determine", "disable", "disconnect", "document",
    "drain", "draft", "email", "enable", "engage", "ensure", "escalate", "establish", "estimate",
    "evaluate", "execute", "file", "fill", "find", "fix", "flush", "follow", "gather", "get",
    "give", "go", "hand", "handle", "identify", "implement", "inform", "initiate", "inspect",
    "install", "investigate", "invite", "isolate", "join", "keep", "kill", "launch", "leave",
    "let", "link", "list", "log", "look", "make", "mark", "merge", "message", "migrate",
    "mitigate", "monitor", "move", "own", "seek", "navigate", "note", "notify", "open", "page", "perform",
    "ping", "plan", "post", "prefix", "prepare", "preserve", "prioritize", "provide", "publish",
    "purge", "put", "quarantine", "read", "reassign", "rebuild", "record", "recover", "reduce",
    "reinforce", "reinstate", "release", "remove", "rename", "reopen", "reply", "report",
    "request", "reset", "resolve", "restart", "restore", "retain", "review", "revert",
    "revoke", "roll", "rollback", "rotate", "run", "scale", "schedule", "scope", "select",
    "send", "set", "setup", "share", "shut", "shutdown", "snapshot", "start", "stop", "submit",
    "switch", "take", "tell", "test", "thank", "track", "transfer", "trigger", "try", "turn",
    "update", "upload", "use", "validate", "verify", "wait", "watch", "write",
    # the verbs of response phases and of running a meeting
    "prioritise", "eradicate", "form", "triage", "diagnose", "remediate", "patch", "reboot",
    "hold", "appoint", "designate", "nominate", "brief", "debrief", "discuss", "summarise",
    "summarize", "agree", "warn", "respond", "work", "attempt", "push", "backport", "tag", "sign",
    "allocate", "issue", "recruit", "conclude", "stabilize", "stabilise",
    "avoid", "negotiate", "improve", "drop", "login", "calculate", "develop", "obtain", "figure",
    # the verbs of a web page's controls
    "choose", "pick", "type", "enter", "press", "scroll", "expand", "paste", "toggle", "edit",
    "save", "search", "visit", "browse", "download", "fork", "clone",
    "maintain", "focus", "proceed", "continue", "repeat", "reach",
    "hover", "right-click", "double-click", "drag", "tick", "untick", "uncheck", "regenerate",
    "deprecate", "unpublish", "yank", "archive", "suspend", "deactivate", "reactivate",
    "approve", "reject", "dismiss", "rerun", "re-run", "retry", "resume", "pause", "refresh",
    "return", "specify", "ban",
    # the verbs of operating a service at a shell or console
    "fetch", "poll", "examine", "scrutinize", "scrutinise", "reconnect", "clear", "reapply",
    "re-apply", "upgrade", "downgrade", "replace", "failover", "reproduce", "compare",
    "forward", "raise", "remind", "unlock", "freeze", "pin", "store", "listen", "label",
    "mute", "renew", "reissue", "walk",
    # the verbs of operating a data service: its loads, queues, tables and nodes
    "truncate", "requeue", "re-queue", "redeploy", "re-deploy", "reload", "reprocess", "replay",
    "resubmit", "unpause", "ssh", "grep", "promote", "demote", "cordon", "uncordon", "backfill",
    "reindex", "re-index", "vacuum", "mount", "unmount", "recreate", "re-create", "invalidate",
    "modify", "locate", "provision", "deprovision", "bump",
    # the verbs of preparing a fix with others and signing it off
    "collaborate", "commit", "finalize", "finalise",
    # the verbs of forensic containment: reaching a system and taking what it holds
    "connect", "retrieve", "secure", "allow", "discontinue", "conduct", "strengthen", "apprise",
}  # fmt: skip


CODE = re.compile(
    r"\b(?P<code>(?:sev(?:erity)?|priority|prio|incident\s+level|level|p|s|l)\s*[-:#_ ]?\s*\d{1,2})\b",
    re.IGNORECASE,
)


DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(seconds?|secs?|minutes?|mins?|m|hours?|hrs?|hr|h|days?|d|weeks?|w|"
    r"business\s+days?)\b",
    re.IGNORECASE,
)


# "(IC)", "(“IC”)", "('IC')": the abbreviation a role is given, quoted or not
ABBREVIATION = re.compile(
    r"\(\s*[\"“'‘]?([A-Z][A-Za-z&]{0,3}[A-Z][A-Za-z&]{0,4}|[A-Z][a-z]{2,9}(?=[\"”'’]?\s*\)\s*$))"
    r"[\"”'’]?\s*\)"
)


_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_DOER_WILL = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w-]*\s+){1,4}(?:will|should|must|shall|needs? to)\b"
)
# "Engineers should have notification policies set": a state to keep, not an action.
_STATE = re.compile(r"\s+have\b")
_DOER_TO = re.compile(r"(?i)^(?:the\s+)?(?:[\w-]+\s+){1,3}to\s+(\w+)")
# A place on a page or a purpose before the instruction, up to its comma: "On the Security
# tab, ", "From the list, ", "At the top of the page, ", "To request a CVE, ", "Optionally, ".
# "In …" only where it names a part of a page ("In the sidebar, "): "In general, " and "In
# that case, " open advice and conditions as often.
_OPENING = re.compile(
    r"(?i)^\W*(?:(?:under|on|from|at|next\s+to|beside|below|above|to|in\s+order\s+to)"
    r"\s+[^,.;:]{2,60}|in\s+(?:the\s+|your\s+|a\s+)?[^,.;:]{0,40}\b(?:sidebar|tab|menu|page"
    r"|section|list|field|dialog|dialogue|window|panel|pane|settings|box|view|column|toolbar|header|form|corner"
    r"|modal|drop-?down|bar)s?|optionally|alternatively|if\s+(?:needed|necessary|applicable)"
    r"|then|next|finally|afterwards?)\s*,\s+"
)


# "0-5 min:", "T+15:", "+30m –", "10 minutes:": a time box before an instruction
_TIME_LABEL = re.compile(
    r"(?i)^\W*(?:t\s*\+\s*\d+\s*[a-z]*|\+\s*\d+\s*[a-z]+|\d+\s*(?:[-–—]|to)\s*\d+\s*(?:m|mins?"
    r"|minutes?|h|hrs?|hours?)|\d+\s*(?:m|mins?|minutes?|h|hrs?|hours?))\s*[:–—-]\s+"
)


@functools.lru_cache(maxsize=16384)  # pure, and asked again for the same text by many rules
def clean(text: str) -> str:
    """Single-spaced text without the emoji that decorate its ends ("🚨 Declare the incident");
    an emoji inside it is what it says ("put the 👀 reaction on the alert") and stays.
    (Mojibake is repaired once, for the whole document.)"""
    text = _SPACES.sub(" ", text).strip()
    if not text.isascii():
        start, end = 0, len(text)
        while start < end and (_is_emoji(text[start]) or text[start] == " "):
            start += 1
        while end > start and (_is_emoji(text[end - 1]) or text[end - 1] == " "):
            end -= 1
        text = text[start:end]
    return text


def said_any_case(lower: re.Pattern[str], text: str) -> bool:
    """Whether a pattern written in lower case matches the text in any case. ASCII text is
    lowered and searched as it is: a case-blind pattern scans several times slower."""
    if text.isascii():
        return lower.search(text.lower()) is not None
    return _case_blind(lower).search(text) is not None


@functools.cache
def _case_blind(lower: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(lower.pattern, lower.flags | re.IGNORECASE)


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and ord(ch) > 0x2BFF or ch in "\ufe0f\u200d"


def slug(text: str, limit: int = 24) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", clean(text).lower()).strip("-")
    if len(value) > limit:  # cut between words where there is one
        cut = value[: limit + 1].rfind("-")
        value = value[:cut] if cut > limit // 2 else value[:limit]
    return value.strip("-") or "phase"


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def parse_window(text: str) -> tuple[str, float | None]:
    """A heading without its time box, and the box's upper bound in seconds.

    "ASSESS [0-5 minutes]" → ("ASSESS", 300); "Response (5-30 min)" → ("Response", 1800);
    "T+0 to T+5" → 300 (minutes when no unit is given); "REVIEW [Within 48 hours]" → 172800.
    """
    patterns = [
        r"[\[(]\s*(?:within\s+)?(?:T\+)?\d+(?:\s*(?:-|–|to)\s*(?:T\+)?\d+)?\s*[a-z]*\s*[\])]",
        r"T\+\d+\s*(?:-|–|to)\s*T\+\d+\s*[a-z]*",
        r"\b\d+\s*(?:-|–|to)\s*\d+\s*(?:minutes|minute|mins|min|hours|hour|h|m)\b",
        r"\bwithin\s+(?:the\s+first\s+)?\d+\s*(?:minutes|minute|mins|min|hours|hour|h|m)\b",
    ]
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if not match:
            continue
        box = match.group(0)
        numbers = re.findall(r"\d+", box)
        unit = re.search(
            r"(minutes|minute|mins|min|hours|hour|days|day|weeks|week|h|m|d)\b", box, re.I
        )
        try:
            seconds = parse_duration(f"{numbers[-1]} {unit.group(1) if unit else 'min'}")
        except ValueError:
            seconds = None
        title = (text[: match.start()] + text[match.end() :]).strip(" -–:")
        return title or text, seconds
    return text, None


def parse_response(text: str) -> float | None:
    """ "< 15 minutes", "5 min", "< 1 hour", "1 week", "Immediate" → seconds (None if unreadable)."""
    value = clean(text).lower()
    if value.startswith("immediate"):
        return 0.0
    value = re.sub(r"^(?:<|≤|<=|within|under|up to)\s*", "", value)
    value = re.split(r"[(,;/]", value)[0].strip()
    try:
        return parse_duration(value)
    except ValueError:
        return None


def first_duration(text: str) -> float | None:
    """The first duration written anywhere in a text ("ack within 15 minutes" → 900)."""
    if re.search(r"\bimmediate(ly)?\b", text, re.IGNORECASE) and not DURATION.search(text):
        return 0.0
    for number, unit in DURATION.findall(text):
        unit = "d" if unit.lower().startswith("business") else unit
        with contextlib.suppress(ValueError):
            return parse_duration(f"{number} {unit}")
    return None


def singular(word: str) -> str:
    """A word in the singular, as role names are compared: "Managers" → "Manager", "SMEs" →
    "SME"; "Access" stays."""
    return (
        word[:-1]
        if len(word) > 3 and word[-1] in "sS" and not word.lower().endswith("ss")
        else word
    )


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))  # a copy: callers change their list


@functools.lru_cache(maxsize=16384)  # pure, and asked again for the same text by many rules
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _has(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(w in lowered for w in words)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def _imperative(text: str, conditions: int = 3) -> bool:
    words = _words(text)
    if not words:
        return False
    if (will := _DOER_WILL.match(text)) and not _STATE.match(text[will.end() :]):
        return True  # "The Fix Lead will cherry-pick …": a step with its doer
    doer = _DOER_TO.match(text)
    if doer and doer.group(1).lower() in IMPERATIVE:
        return True  # "Code owner to submit a public PR"
    first = words[0]
    if first in ("before", "after", "once", "when", "if", "until", "within", "for") and "," in text:
        if not conditions:  # conditions inside conditions: no instruction is that deep
            return False
        return _imperative(text.split(",", 1)[1].strip(), conditions - 1)
    # "Under Danger zone, click …", "In the sidebar, select …", "To publish it, click …",
    # "Optionally, add …": where or why, then the instruction.
    if (opening := _OPENING.match(text)) and conditions:
        return _imperative(text[opening.end() :], conditions - 1)
    # "0-5 min: acknowledge the alert", "T+15: post an update": when, then the instruction
    if (when := _TIME_LABEL.match(text)) and conditions:
        return _imperative(text[when.end() :], conditions - 1)
    if first in ("don't", "do", "not", "never", "always", "if", "when", "once", "as", "for", "before",
                 "after", "immediately", "first", "then", "optionally", "optional", "please",
                 "kindly"):  # fmt: skip
        return len(words) > 1 and (words[1] in IMPERATIVE or first in ("if", "when", "once"))
    # "Officially mark the start", "Manually run the script": an adverb before the verb.
    if first.endswith("ly") and len(first) > 4 and len(words) > 1 and words[1] in IMPERATIVE:
        return True
    return first in IMPERATIVE


def gerund(text: str) -> bool:
    """ "Rotating secrets …", "Verifying the signatures": an instruction's verb as a gerund."""
    words = _word_tuple(text)
    if not words or not words[0].endswith("ing") or len(words[0]) < 6:
        return False
    stem = words[0][:-3]
    return stem in IMPERATIVE or f"{stem}e" in IMPERATIVE or stem[:-1] in IMPERATIVE


@functools.lru_cache(maxsize=4096)
def _heading_kind(title: str, parents: tuple[str, ...]) -> str:
    """What a heading announces: "skip", "roles", "levels", "escalation", "templates",
    "steps", or "" (nothing in particular)."""
    lowered = title.lower()
    # ("Resources for help", "Tools for getting help": what to do when stuck, in turn)
    if _has(lowered, SKIP_WORDS) and not _has(lowered, ("action", "checklist", "step", "help")):
        return "skip"
    if _has(lowered, ESCALATION_WORDS):  # "Escalation contacts" is who to bring in, not a list
        return "escalation"
    bare = lowered.strip(" :*")
    named = NOT_STEPS.search(bare)
    # "Alert routing:" reads like an order but names a thing: the not-step noun ends it.
    thing = named and named.end() == len(bare) and len(bare.split()) <= 3
    if named and (thing or not _imperative(title)) and not DOING.search(lowered):
        return "skip"  # "Tools & Access", "On-Call Rotation", "Contacts": what one has, not does
    if _has(
        lowered, ("severit", "priorit", "classification", "levels", "impact level")
    ) or re.search(r"\b(ratings?|cvss|scoring|criticality|urgency)\b", lowered):
        return "levels"
    # "Who does what", "Who is involved": the people a response has, by their parts
    if re.search(
        r"\broles?\b|\bteam members\b|raci|\bwho\s+does\s+what\b|\bwho(?:\s+is|['’]s)\s+"
        r"(?:involved|who)\b",
        lowered,
    ):
        return "roles"
    if _has(lowered, ("template",)):
        return "templates"
    if _has(lowered, PROCEDURE_WORDS):
        return "steps"
    return ""
