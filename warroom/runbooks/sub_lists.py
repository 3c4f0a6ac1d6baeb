"""Sub-lists: when an item's own sub-list is steps (the item a lead-in or a stage of the
work) rather than ways, options or examples of doing it; and a list's steps in their order,
each item followed by the steps below it."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.not_steps import acts
from warroom.runbooks.procedure import ALTERNATIVES, appoints, process_sentence, says_done
from warroom.runbooks.questions import check_to_make
from warroom.runbooks.vocabulary import IMPERATIVE, _imperative, _words

# "Issue a notification via one or more of the following:": what follows is the step's
# channels or options, not steps of their own.
# ("through the console:" over its numbered steps names the way, not a choice to make)
_CHOICES = re.compile(
    r"(?i)\b(?:one\s+or\s+more\s+of|any\s+of|(?:via|through|using)(?=\W*$|[^:]*\b(?:or|following)\b))"
)


# "Consider using a private change", "Optionally, mail the patches": ways to do the
# instruction above, not steps of their own.
_SUGGESTS = re.compile(
    r"(?i)^\W*(?:consider|optionally|you\s+(?:may|might|could|can)|e\.g\.|for\s+example)\b"
)


def _suggestions(subs: list[Entry]) -> bool:
    return bool(subs) and all(_SUGGESTS.match(c.text) for c in subs)


_CONDITION_WORDS = {"if", "when", "once", "upon", "after", "before", "for", "during", "while"}


def _lead_in(entry: Entry) -> bool:
    """ "More information on the roles:", "Communication channels:" over its sub-list of
    steps: a label for the steps below, not a step itself. An instruction that announces its
    sub-list ("Notify the following people:") is one, and so is a condition ("If the issue
    is urgent:", what a responder checks before the steps), and a label whose sub-list is not
    steps (its detail says what it means)."""
    if not ((entry.text.endswith(":") or _bare(entry)) and steps_below(entry)):
        return False
    words = _words(entry.text)
    if not words or words[0] in _CONDITION_WORDS:
        return False
    if _bare(entry):
        return True  # "**Mitigate**:" over "- Patch …", "- Rotate …": the stage, named
    if _imperative(entry.text):
        return False
    # "At a minimum, the bug item should have the following tasks:": a sentence that says
    # its sub-list follows, however long
    return (len(words) <= 8 and "," not in entry.text) or bool(_FOLLOWING.search(entry.text))


_FOLLOWING = re.compile(r"(?i)\b(?:the\s+following|as\s+follows|below)\b[^:]{0,40}:$")


def _bare(entry: Entry) -> bool:
    """A verb alone over a sub-list ("**Mitigate**:", its colon gone with the bold): it names
    what the sub-items do, with nothing of its own to tick."""
    return bool(entry.children) and len(_words(entry.text)) == 1 and _imperative(entry.text)


# "Determine if a banner should be added", "The team determines whether the system changed": a
# decision, whose sub-list says what is done on its outcomes.
_DECIDES = re.compile(r"(?i)\b(?:determin|decid|assess|evaluat)\w*\s+(?:if|whether)\b")


# "Block activity based on what was found, e.g.:": the sub-list gives examples of how.
_FOR_EXAMPLE = re.compile(r"(?i)\b(?:e\.g\.|for\s+example|for\s+instance|such\s+as)\W*$")


# "Schedule a retrospective. The retro is an opportunity to do the following:": the sub-list
# is what the meeting covers, its agenda, not steps to tick.
_AGENDA = re.compile(r"(?i)\b(?:agenda|an\s+opportunity\s+to)\b")


def steps_below(entry: Entry) -> bool:
    """An item whose own sub-list is instructions, at any depth, where the item is a lead-in
    rather than an instruction ("If anything is suspicious, do the following:" over "- Preserve
    logs."), or where the sub-items say who does each ("**Developer**: Attempt to replicate …"):
    those are steps too. Under an instruction, unassigned sub-items say how it is done."""
    subs = entry.children
    if subs and _DECIDES.search(entry.text):
        # "The Security Officer determines if the issue is an incident." over "If it is an
        # event, the Security Officer forwards it …": what is done on each outcome, steps.
        return sum(_imperative(c.text) or says_done(c.text) for c in subs) * 2 > len(subs)
    if not subs or _suggestions(subs):
        return False
    if not _mostly_done(entry):
        return _checks(subs)
    if _options_below(entry):
        return False
    # "Send a sitrep to:" over "- Post in #incident-response", "- Email the security team":
    # an instruction that announces its sub-list is done by doing each.
    announced = entry.text.endswith(":") or _bare(entry) or _case_only(entry.text)
    return (
        announced
        or not _imperative(entry.text)
        or sum("owner" in c.cells for c in subs) >= 2
        or _instructions_in_sentences(entry.text, subs)
        or any(map(appoints, subs))  # "Start a call" over "Identify an incident lead", …
        or all(map(_follow_up, subs))
    )


def _mostly_done(entry: Entry) -> bool:
    """Whether most sub-items are instructions; under a stage's name ("**Intake**:" over "The
    Desk Analyst opens a ticket.", "Records the caller's name."), or deeds said of a doer."""
    subs = entry.children
    doing = sum(_imperative(c.text) for c in subs)
    if doing * 2 <= len(subs) and _stage(entry):
        doing = sum(_imperative(c.text) or process_sentence(c.text) for c in subs)
    return doing * 2 > len(subs)


def _stage(entry: Entry) -> bool:
    """ "**Severity Confirmation**:", "Intake:": a stage of the work named over its sub-list
    (a bold label's colon is gone with the bold)."""
    return 1 <= len(_words(entry.text)) <= 4 and not _imperative(entry.text)


def _checks(subs: list[Entry]) -> bool:
    """ "Take a look at the dashboard." over "Do you see an elevated error rate?", "Check the
    remaining budget at the top": the checks to make there, put as questions, each a step."""
    asks = sum(map(check_to_make, (c.text for c in subs)))
    return asks >= 1 and (asks + sum(_imperative(c.text) for c in subs)) * 3 >= len(subs) * 2


def _options_below(entry: Entry) -> bool:
    """An item whose sub-list gives its options, channels, examples or agenda."""
    said = f"{entry.text} {entry.detail.split('; ')[0]}"
    return bool(
        ALTERNATIVES.search(entry.text)
        or _CHOICES.search(entry.text)
        or _FOR_EXAMPLE.search(entry.text)
        or _AGENDA.search(said)
    )


def _case_only(text: str) -> bool:
    """ "If failures persist", "When the queue is not empty" over a sub-list: the case
    alone, with no instruction of its own; what its sub-items say is done in it."""
    words = _words(text)
    return bool(words) and words[0] in _CASE_WORDS and "," not in text


_CASE_WORDS = {"if", "when", "whenever", "once", "unless", "should"}


def _follow_up(sub: Entry) -> bool:
    """ "Conduct a vulnerability assessment." over "If more issues are found, take measures
    to prevent them.": what to do next on the outcome, one instruction, a step of its own;
    advice in several sentences ("If you are not an SME, try to … Too many people …") says
    how."""
    words = _words(sub.text)
    one = ". " not in sub.text.strip().rstrip(".")
    conditioned = bool(words) and words[0] in ("if", "when", "once") and "," in sub.text
    return conditioned and one and _imperative(sub.text)


def _instructions_in_sentences(text: str, subs: list[Entry]) -> bool:
    """ "1. Handle new problem reports." over "- Within a day, acknowledge you received the
    report.", "- Open the draft advisory as soon as the problem is known.": an instruction
    that names a stage of the work over whole-sentence instructions, each a step to tick."""
    if not text.endswith(".") or ". " in text.rstrip(".") or _suggestions(subs):
        return False  # a stage is named in one sentence; suggestions say how to do it
    whole = [c for c in subs if c.text.endswith(".") and len(_words(c.text)) >= 5]
    return len(subs) >= 2 and sum(_imperative(c.text) for c in whole) * 3 >= len(subs) * 2


def unfolded(entries: list[Entry]) -> list[Entry]:
    """The steps of a list in their order: each item, then the steps its sub-list states."""
    out: list[Entry] = []
    for entry in entries:
        # "1. Handle new reports." over its steps in sentences names a stage, not a step.
        # "More information on the roles:" over its steps names them.
        staged = _STAGE.match(entry.text) is not None and lead_done(entry)
        if not (_instructions_in_sentences(entry.text, entry.children) or _lead_in(entry)):
            out += [] if staged else [entry]  # "Closing:" over what is then done names it
        if steps_below(entry) or lead_done(entry):
            out += unfolded(entry.children)
        else:
            # "Fetch the messages" over "- through the console:" over "1. navigate to …": a
            # way of doing the step, led in, whose own sub-list is its steps.
            out += unfolded([c for c in entry.children if _lead_in(c)])
    return out


# "When a new ticket arrives,", "Once the fix is deployed,": the event that starts what follows
_WHEN_LEAD = re.compile(r"(?i)^\W*(?:when|whenever|once|after|as\s+soon\s+as|upon)\b[^,:]{3,80},$")


# "Closing:", "After the fix:": a stage of the work named in a few words, over what is done
_STAGE = re.compile(r"^\W*(?!(?:if|when|unless)\b)[\w-]+(?:\s+[\w-]+){0,2}\s*:$")


def lead_done(entry: Entry) -> bool:
    """ "When a new ticket arrives," over what is then done ("- A support team member
    performs the initial investigation", "- If the ticket is urgent, follow the P1 process"):
    a lead-in whose sub-items mostly say what is done, by whom or as an instruction."""
    subs = entry.children
    # (a colon's lead-in is read by steps_below: its sub-items may be examples or options;
    # "If you are logged in, you can try to," is an instruction, its sub-items how)
    if not subs or not (_WHEN_LEAD.match(entry.text) or _STAGE.match(entry.text)):
        return False
    done = sum(bool(_imperative(c.text) or process_sentence(c.text) or acts(c)) for c in subs)
    return done * 2 > len(subs)


def listed_below(entries: list[Entry]) -> list[Entry]:
    """The instructions the sub-lists of a list that states no steps itself list ("``To
    Do``: The ticket has been assigned …" over "- Find the appropriate assignee.", "- Verify
    that the new assignee is able …"): a list that describes states, terms or cases, one of
    whose items lists what is done in it, two or more sub-items each opening with its verb
    (a sub-item that says what someone should do or what is the case stays the item's detail)."""
    found = []
    for entry in entries:
        told = [c for c in entry.children if _opens_with_verb(c.text)]
        if len(told) >= 2 and steps_below(entry):
            found += told
    return found


def _opens_with_verb(text: str) -> bool:
    words = _words(text)
    return bool(words) and words[0] in IMPERATIVE and _imperative(text)
