"""Deeds in a sentence of prose: the shapes in which a team writes its process as sentences
rather than as instructions to the reader.

- a circumstance first, then the deed: "Whenever an outage is identified, …", "Immediately
  after declaring the incident, …", "Regardless of the severity, …", "If possible the PST
  will ask …" (a comma or not, commas inside the circumstance too);
- who does it, however long its name: "a member of the solana-labs/admins group will
  accept the report", "The security team and elected area experts develop and review";
- what is done to a thing, in the passive: "A log is kept of all external communication",
  "The OSS security list will also be contacted", "Backports are done once the fix is ready";
- an instruction after an adverb: "Just keep an eye on the status", "then formally raise".

Each needs a verb of a deed (see `DEEDS`), so a sentence that says what something is or has
("The rotation is a weekly schedule", "Pages are rare") is not one.
"""

from __future__ import annotations

import functools
import re

from warroom.runbooks.vocabulary import IMPERATIVE, ROLE_WORDS

# Verbs of a response's deeds written in prose, beyond those an instruction starts with.
DEEDS = IMPERATIVE | {
    "accept", "activate", "advise", "arrange", "audit", "bisect", "book", "comment", "convene",
    "credit", "define", "disclose", "distribute", "embargo", "extend", "facilitate",
    "familiarise", "familiarize", "forward", "integrate", "involve", "omit", "raise",
    "reference", "reproduce", "ship", "volunteer", "double-check", "bring", "carry",
    "convert",
}  # fmt: skip

# Participles that are no deed's: "is considered in scope", "are used to", "is based on".
_STATES = {"used", "based", "considered", "required", "expected", "encouraged", "allowed",
           "intended", "supposed", "designed", "meant", "limited", "located", "involved",
           "concerned", "interested", "defined", "described", "explained"}  # fmt: skip
_IRREGULAR = {
    "sent": "send", "kept": "keep", "made": "make", "taken": "take", "given": "give",
    "written": "write", "done": "do", "held": "hold", "set": "set", "put": "put", "run": "run",
    "shut": "shut", "built": "build", "chosen": "choose", "drawn": "draw", "found": "find",
    "told": "tell", "brought": "bring", "sought": "seek", "read": "read", "led": "lead",
    "left": "leave", "begun": "begin", "shared": "share",
}  # fmt: skip
_NOT_DEEDS = {"contain", "include", "cover", "consist", "receive", "lead", "mean", "remain",
              "depend", "vary", "happen", "occur", "exist", "have", "get", "not", "be", "go",
              "need", "want", "like", "hope", "help", "seem", "become", "try"}  # fmt: skip


def stem(verb: str) -> str:
    """A verb's plain form from its third person or participle: "volunteers" → "volunteer",
    "negotiated" → "negotiate", "submitted" → "submit", "sent" → "send" ("" if none fits)."""
    verb = verb.lower()
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ied") or verb.endswith("ies"):
        forms = [verb[:-3] + "y"]
    elif verb.endswith("ed"):
        forms = [verb[:-1], verb[:-2], verb[:-3]]  # "merged", "added", "submitted"
    elif verb.endswith("es"):
        forms = [verb[:-1], verb[:-2]]  # "raises", "pushes"
    elif verb.endswith("s") and not verb.endswith("ss"):
        forms = [verb[:-1]]
    else:
        forms = [verb]
    forms.append(verb)  # "focus", "process": a plain form that ends as a third person does
    return next((f for f in forms if f in DEEDS), "")


def deed(verb: str) -> bool:
    """Whether a word is a form of a deed's verb."""
    plain = stem(verb)
    return bool(plain) and plain not in _NOT_DEEDS


# Where a circumstance opens a sentence before its deed.
_OPENER = re.compile(
    r"(?i)^\W*(?:if|once|when|whenever|after|before|upon|during|within|for|in\s+case|unless"
    r"|prior\s+to|as\s+soon\s+as|immediately\s+(?:after|upon|once|when|on)|since|until|while"
    r"|regardless\s+of|in\s+response\s+to|in\s+the\s+(?:case|event|process|instance|course)\b"
    r"|at\s+(?:that|this|which)\s+(?:point|stage|time)|at\s+the\s+(?:end|start|beginning)\s+of"
    r"|with|where|following|as\s+part\s+of|throughout|depending\s+on|given|on\s+\w+ing)\b"
)
# Words that open a subject when a circumstance runs on without a comma ("If possible the
# PST will ask …", "For each vulnerability a member of the PST will volunteer …").
_SUBJECT_START = re.compile(r"(?i)\s(?=(?:the|an?|we|they|our|each)\s)")
_ADVERBS = (
    r"(?:(?:then|also|first|immediately|promptly|quickly|always|usually|typically"
    r"|normally|generally|formally|just|now|still|further|jointly|together)\s+)*"
)
# A subject: up to ten words, names with "/", "@", "'s", a bracketed aside among them.
_SUBJECT = r"(?:(?:[\w/@.’'-]+|\([^()]{1,80}\))\s+){0,10}?"
# "… will (also) (be) contacted", "… must be discussed", "… should prepare", "is expected to"
_MODAL_DEED = re.compile(
    rf"(?i)^(?!(?:this|that|these|those|it|such)\b){_SUBJECT}"
    r"(?:will|shall|should|must|needs?\s+to|(?:is|are)\s+(?:responsible\s+for|expected\s+to))\s+"
    rf"(?!not\b){_ADVERBS}(?:\([^()]{{1,80}}\)\s+)?{_ADVERBS}(?:be\s+)?{_ADVERBS}([\w-]+)"
)
# "a member of the security team volunteers", "the maintainers develop and review": who
# acts, named by a noun of a doer, then the verb.
_DOERS = re.compile(
    r"(?i)^(?:(?:team|group|member|maintainer|engineer|lead|leader|manager|officer|owner"
    r"|analyst|agent|desk|expert|committee|responder|coordinator|commander|administrator"
    r"|technician|operator|developer|reviewer)s?|staff|they|we)\W*$"
)
_NOT_A_SUBJECT = re.compile(r"(?i)^(?:this|that|these|those|it|such)\b")
_ADVERB_WORDS = set(re.findall(r"[a-z]+", _ADVERBS))
# "A log is kept of all …", "Backports … are done once …", "the ticket is then closed"
_PASSIVE = re.compile(
    rf"(?i)^(?!(?:this|that|these|those|it|such)\b){_SUBJECT}(?:is|are|gets?)\s+{_ADVERBS}"
    r"([\w-]+)\b"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def prose_deed(sentence: str) -> bool:
    """Whether a sentence of prose says a deed is done (see the module's docstring)."""
    said = sentence.strip()
    if not _OPENER.match(said):
        return _clause_deed(said)
    # The deed after the circumstance's comma, or after a later one where the circumstance
    # runs on ("Once the issue and fix have been disclosed, and a bounty is assessed, …"); a
    # comma after the main clause's own modal only parts its enumeration ("develop, test").
    commas = list(re.finditer(r",\s*", said[:200]))[:3]
    later = [m for m in commas[1:] if not _MODAL.search(said[commas[0].end() : m.start()])]
    if any(_clause_deed(said[m.end() :]) for m in commas[:1] + later):
        return True
    # No comma: a subject that will, should or must do a deed after the circumstance, or a
    # doer that does one ("If the issue is an incident the Security Officer activates …").
    circumstance = said[: said.find(",")] if "," in said else said[:160]
    return any(
        _modal_deed(rest) or _doer_does(rest)
        for m in _SUBJECT_START.finditer(circumstance)
        if m.start() > 4 and (rest := said[m.end() :])
    )


def answers(sentence: str) -> bool:
    """ "If the reporter denies the request, the PST will move swiftly with the fix": what the
    team does on the reporter's part (not "…, they can …", the reporter's own part)."""
    _, comma, clause = sentence.partition(",")
    if not comma or not _TEAM_SUBJECT.match(clause.strip()):
        return False
    return _modal_deed(clause.strip()) or _doer_does(clause.strip())


_TEAM_SUBJECT = re.compile(r"(?i)(?:the|a|an|our)\s+(?!reporter|researcher|finder)")


def _clause_deed(clause: str) -> bool:
    """A main clause that does a deed: an instruction after adverbs, who will or should do
    it, who does it, or what is done in the passive."""
    clause = re.sub(rf"(?i)^\W*(?:and\s+|but\s+)?{_ADVERBS}", "", clause)
    first = clause.split(maxsplit=1)[:1]
    if first and first[0].lower() in DEEDS:
        return _instruction(clause, first[0].lower() in IMPERATIVE)
    if _modal_deed(clause):
        return True
    if _doer_does(clause):
        return True
    passive = _PASSIVE.match(clause)
    return passive is not None and _participle(passive.group(1))


def _instruction(clause: str, known: bool) -> bool:
    """ "Keep an eye on the status", "raise an incident": a verb first with words after it
    (not a name: "Patch releases are …"). A verb known from instructions may take any words
    after it; one that is as often a noun ("Reference", "Embargo") takes its object's
    determiner ("Reference the CVE id", "Familiarize yourself").
    """
    words = clause.lower().split()
    if len(words) < 3 or words[1] in ("is", "are", "was", "were", "releases"):
        return False
    return known or words[1] in _DETERMINERS


_DETERMINERS = {"the", "a", "an", "your", "yourself", "yourselves", "it", "them", "this",
                "that", "these", "those", "all", "any", "each", "every", "their", "our", "its",
                "his", "her", "relevant", "affected", "up", "out", "in"}  # fmt: skip
_MODAL = re.compile(r"(?i)\b(?:will|shall|should|must|needs?\s+to)\b")


def doer_does(clause: str) -> bool:
    return _doer_does(clause)


def _doer_does(clause: str) -> bool:
    """A doer named in the clause's first words, then a verb of a deed in the present."""
    if _NOT_A_SUBJECT.match(clause):
        return False
    words = clause.split()[:12]
    for n, word in enumerate(words[:9]):
        if not (_DOERS.match(word) or _named_doer(words, n)) or word.endswith((",", ";", ":")):
            continue
        if n and word.lower() in ("we", "they"):
            break  # a pronoun is the subject first: "… describes how we handle" is told of

        after = [w for w in words[n + 1 :] if w.lower() not in _ADVERB_WORDS]
        if [w.lower().strip(",") for w in after[:2]] in (["on", "call"], ["on", "duty"]):
            after = after[2:]  # "the engineer on call opens an incident"
        if after and _present(after[0]):
            return True  # "a member of the team acknowledges": "member", "of" read on
    return False


def _named_doer(words: list[str], n: int) -> bool:
    """ "The Daily Log Checker", "the incident reporter", "The Release Approver": a role's
    name that ends in its role noun or in a capitalised agent noun after another capital."""
    word = words[n].strip("*_")
    # the name is the sentence's subject: the words before it a determiner or capitalised
    # ("The Incident Manager", "the incident reporter"; not "Disclosure starts when a reporter")
    opening = [w.strip("*_") for w in words[:n]]
    if not opening or opening[0].lower() not in ("the", "a", "an", "our", "each", "every"):
        return False
    if any(not w[:1].isupper() and w.lower() not in _NAME_WORDS for w in opening[1:]):
        return False
    if word.lower() in ROLE_WORDS:
        return True
    before = words[n - 1].strip("*_") if n else ""
    return (
        word[:1].isupper() and before[:1].isupper() and len(word) > 4
        and before.lower() not in ("the", "a", "an", "our", "each", "this", "that")
        and word.lower().endswith(("er", "or")) and word.lower() not in _MACHINES
    )  # fmt: skip


# The lower-case words of a role's name before its noun: "the incident reporter", "the
# on-call engineer", "the security response lead".
_NAME_WORDS = {"incident", "on-call", "security", "response", "support", "duty", "shift", "release",
               "technical", "tech", "comms", "communications", "service", "fix", "primary",
               "secondary", "backup", "deputy", "ops", "operations", "platform", "product"}  # fmt: skip


# Agent nouns that name software ("The Load Balancer restarts"), not a person's post.
_MACHINES = {"server", "balancer", "scheduler", "monitor", "container", "router", "worker",
             "broker", "operator", "indexer", "collector", "exporter", "autoscaler", "handler",
             "listener", "consumer", "producer", "resolver", "adapter", "connector", "processor",
             "computer", "browser", "cluster", "filter", "master", "tracker", "manager",
             "controller", "runner", "executor", "provider", "builder", "loader", "parser",
             "poller", "watcher", "sensor", "detector", "generator", "validator", "migrator"}  # fmt: skip


def _modal_deed(clause: str) -> bool:
    said = _MODAL_DEED.match(clause)
    # "Engineers who are not on the rotation do not need to respond": what is not done
    return said is not None and deed(said.group(1)) and not _NEGATED.search(said.group(0))


_NEGATED = re.compile(r"(?i)\b(?:not|never|no)\b|n['’]t\b")


def _present(verb: str) -> bool:
    """A verb in the present said of a doer ("volunteers", "develop"), not a participle nor
    what the doer has or works with ("We use PagerDuty", "The team owns the service")."""
    lowered = verb.lower()
    return not lowered.endswith(("ed", "ing")) and stem(lowered) not in _HAS and deed(lowered)


_HAS = {"use", "work", "own", "hold", "maintain", "keep", "be", "list", "take", "ask", "get",
        "want", "need", "welcome", "appreciate", "encourage", "recommend", "value"}  # fmt: skip


def _participle(verb: str) -> bool:
    lowered = verb.lower()
    if lowered in _STATES or not (lowered.endswith("ed") or lowered in _IRREGULAR):
        return False
    return lowered == "done" or deed(lowered)  # "Backports are done once …": carried out


# "Determines if", "Informs the team", "Brings the item": a deed in the third person, its
# object or clause right after it.
_OBJECT_NEXT = {"the", "a", "an", "if", "whether", "that", "all", "any", "each", "every",
                "its", "their", "them", "it", "with", "to", "up", "out"}  # fmt: skip


def deed_of_the_doer(text: str) -> bool:
    words = text.split()
    if len(words) < 3 or not words[0][:1].isupper() or not words[0].endswith("s"):
        return False
    verb = words[0].lower()
    return (
        bool(stem(verb))
        and deed(verb)
        and words[1].lower() in _OBJECT_NEXT
        and (verb != "updates" or words[1].lower() != "to")
    )


def done_state(text: str) -> bool:
    """ "Status page updated", "Customers notified by the account team": a checklist's box
    said as the state it leaves, a thing then the participle of a deed."""
    words = [w.strip(",.;:*_").lower() for w in text.split()[:6]]
    return any(_participle(w) for w in words[1:5]) and words[0] not in _NOT_A_THING


_NOT_A_THING = {"i", "we", "you", "they", "it", "this", "that", "if", "when", "once", "after"}
