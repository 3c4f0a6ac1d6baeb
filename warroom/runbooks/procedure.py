"""Procedures: the shapes in which a runbook orders its steps beyond a plain list.

- numbered headings: "### 1. Confirm the outage is real" is a step (its prose the detail);
  "### 1. Detection & Triage (0-5 minutes)" is a phase whose time box sets the due offset;
- labelled lists: "1. **Immediate Action**:" over a sub-list is a phase of the sub-list;
- commented command blocks: `# Quick health check` over `curl …/health` is a step whose
  detail is the command;
- alternatives: "Option 1: roll back" / "Option 2: disable the flag", or a list announced by
  "one of:", are one decision whose detail lists the options, not one box per option.
"""

from __future__ import annotations

import functools
import re

from warroom.runbooks.model import Entry
from warroom.runbooks.prose_deeds import answers, deed_of_the_doer, doer_does, prose_deed
from warroom.runbooks.vocabulary import (
    IMPERATIVE,
    _imperative,
    _words,
    clean,
    gerund,
    parse_window,
)

# "1. Confirm …", "3) Open …", "Step 2: Page …", "Phase 1 – Triage", "2.1 Incident Manager"
_NUMBERED = re.compile(
    r"^(?:(?:step|phase|stage|part)\s+)?(\d{1,2}(?:\.\d{1,2})*)\s*[.):]?\s*[-–—:.]?\s+(?=\S)(.+)$",
    re.IGNORECASE,
)
_SHELL = {"bash", "sh", "shell", "console", "zsh", "powershell", "ps1", "cmd", "bat", "text", ""}
_COMMENT = re.compile(r"^\s*(?:#|//|--|REM\s)\s*(?!!)(.*\S)\s*$")
_OPTION = re.compile(
    r"^(?:option|alternative|choice|approach)\s*[\w]{0,3}\s*[:.)–—-]\s*(.+)$", re.I
)
ALTERNATIVES = re.compile(
    r"(?i)\b(one of|any one of|either|options?|alternatives?|choose (?:one|from)|pick one"
    r"|possible (?:actions|fixes|mitigations|remedies))\b"
    # "To page the engineer on call, you can:": ways to do one thing
    r"|\byou\s+(?:can|could|may)(?:\s+either)?\s*:\s*$"
)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def numbering(title: str) -> tuple[str, str]:
    """A heading's number and its words: "3. Open the incident" → ("3", "Open the incident");
    "Overview" → ("", "Overview")."""
    match = _NUMBERED.match(clean(title))
    if not match:
        return "", title
    return match.group(1), match.group(2).strip()


@functools.lru_cache(maxsize=8192)  # pure, and asked again for every block under a heading
def is_step_heading(title: str) -> bool:
    """A numbered heading that is an instruction ("### 1. Confirm the outage is real")."""
    number, words = numbering(title)
    words, _ = parse_window(words)
    return bool(number) and _imperative(words) and len(_words(words)) <= 14


def instruction_run(headings: list[tuple[int, str, int]]) -> set[int]:
    """Headings that are the steps of a procedure without numbers: sibling headings (one
    level, one parent), three or more of them and at least half of the siblings short
    instructions ("## Select an Incident Manager", "## Create a GitHub Security Advisory
    Draft", "## Notify sec-announce"). One instruction among topics is a topic."""
    siblings: dict[tuple[int, int], list[tuple[str, int]]] = {}
    parents: list[tuple[int, int]] = []  # (level, line) of the headings above
    for level, title, line in headings:
        parents = [p for p in parents if p[0] < level]
        siblings.setdefault((level, parents[-1][1] if parents else 0), []).append((title, line))
        parents.append((level, line))
    run: set[int] = set()
    for titles in siblings.values():
        said = [line for title, line in titles if _instruction_heading(title)]
        if len(said) >= 3 and len(said) * 2 >= len(titles):
            run.update(said)
    return run


def _instruction_heading(title: str) -> bool:
    words = clean(title).strip()
    if numbering(words)[0] or words.endswith(("?", ":")) or not 2 <= len(_words(words)) <= 8:
        return False  # numbered: a step heading already; a question or a label: no step
    return _imperative(words, conditions=0) and not _TOPIC.search(words)


# "## Fix Development Process", "## Fix and disclosure SLOs": a topic named by its last word,
# though its first reads as a verb.
_TOPIC = re.compile(
    r"(?i)\b(?:process|organi[sz]ation|slos?|slas?|polic(?:y|ies)|guidelines|overview|structure"
    r"|responsibilities|requirements|expectations|criteria|matrix|procedures)\W*$"
)


# "Step 1: Reception", "Phase 2 – Assessment": a heading that says it is a step of a procedure.
_STEP_NAMED = re.compile(r"(?i)^\W*(?:step|phase|stage)\s+\d{1,2}[a-z]?\b")
# "A security team member should reply …", "The assessment must determine …": who does what.
_DUTY = re.compile(
    r"^(?:(?:the|a|an|each|every|our)\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:should|must|shall|will|needs?\s+to|is\s+responsible\s+for)\s+(?!not\b)(?:be\s+)?(\w+)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def step_named(title: str) -> bool:
    """A heading that calls itself a step ("Step 1: Reception") without being an instruction."""
    return bool(_STEP_NAMED.match(clean(title))) and not is_step_heading(title)


def prose_steps(text: str, line: int) -> list[Entry]:
    """The sentences of a paragraph under a procedure heading that say what is done: an
    instruction, who should do what, a team doing it ("The response team contacts the
    vendors"), or advice on what to do ("it's wise to run a test pipeline"). Sentences to a
    reporter, remarks, lead-ins to a list and sentences about the one before are left out."""
    return [Entry(s.strip(), "", line) for s in _SENTENCE.split(text) if says_done(s.strip())]


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def says_done(sentence: str) -> bool:
    """Whether a sentence of prose says what is done (see `prose_steps`), in any of the
    shapes a team writes its process in (see prose_deeds)."""
    return _done(sentence, loose=True)


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def plainly_done(sentence: str) -> bool:
    """Whether a sentence says what is done as an instruction, a duty or a team's deed: the
    sentences that weigh whether a document writes its process in prose at all (a deed in
    the passive or after a long circumstance is one of its steps only once it does)."""
    return _done(sentence, loose=False)


def _done(sentence: str, loose: bool) -> bool:
    words = _words(sentence)
    if _aside(sentence, words):
        return False
    if _ADVICE.search(sentence):
        return True  # "it's still a good idea to check …", "may be a good first place to start"
    if _REPORTERS_PART.match(sentence):
        return loose and answers(sentence)  # "If the reporter wishes to …" is their part
    if _DESCRIBED.search(sentence):
        return False  # "The advisory will be used to …"
    if _NOT_DONE.search(sentence):
        return False  # a machine's doing, an aim, a description: no one's step
    if _BACK.match(sentence):
        # "This email should contain …" is about the one before; "With the maintainer, they
        # define a release date" is the doers named before doing the next deed.
        return loose and bool(_THEY.match(sentence)) and prose_deed(sentence)
    done = _CONDITION.match(sentence)  # "Once confirmed, an advisory will be created"
    main = done[1] if done else sentence
    if _REMARK.match(main):
        return False
    if words[0] in _CONDITIONS and not done:
        return loose and prose_deed(sentence)  # "If possible the PST will ask …": no comma
    return told(main) or _duty(main) or _team_does(main) or (loose and prose_deed(sentence))


def _aside(sentence: str, words: list[str]) -> bool:
    """A lead-in to a list or a block, a question, a remark, or a sentence written to the
    one who reports ("please explain your issue", "reports sent to us"): no step."""
    if len(words) < 4 or sentence.endswith("?") or leads_in(sentence) or _REMARK.match(sentence):
        return True
    return bool({"reporting", "reporters", "us", "please"} & set(words)) or bool(
        _TO_REPORTER.search(sentence)
    )


def leads_in(sentence: str) -> bool:
    """A sentence that leads in to what follows ("Take the following steps:", "We will
    coordinate via:"); an instruction over its screenshot or command ("Click Options, then
    click Yank:") is a step."""
    said = sentence.rstrip()
    return said.endswith(":") and (not _imperative(said) or bool(_ANNOUNCES.search(said)))


_ANNOUNCES = re.compile(
    r"(?i)\b(?:following|below|these|those|this|as\s+follows|steps?|one\s+of|any\s+of|via"
    r"|with)\W*:$|\bthe\s+following\b"
)


def aside(text: str) -> bool:
    """A list item of a process that is a remark or written to the one who reports."""
    return _aside(text, _words(text))


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def process_sentence(text: str) -> bool:
    """A list item that says what is done in a process: as a prose step does, or in the
    passive ("Patches are written and reviewed.", "a member is put in charge"), or with its
    doers first ("Members of the group discuss whether …")."""
    if plainly_done(text):
        return True
    if _aside(text, _words(text)):
        return False
    done = _CONDITION.match(text)
    main = done[1] if done else text
    if _PASSIVE_DONE.match(main) and not _NOT_DONE.search(main):
        return True
    doers = _DOERS_DO.match(main)  # the verb among the words after the doers
    if doers is not None and any(w in IMPERATIVE for w in _words(main[doers.end() :])[:6]):
        return True
    # "The Daily Log Checker verifies whether …", then "Determines if it affects …": a role
    # named doing it, and the next deed of the same doer, its name left out
    return doer_does(main) or deed_of_the_doer(main)


# "Patches are written and reviewed.", "the patch is posted publicly", "a member of the
# group is put in charge": a deed in the passive, in the present.
_PASSIVE_DONE = re.compile(
    r"(?i)^(?:the\s+|an?\s+|all\s+|each\s+)?(?:[\w-]+\s+){0,6}?(?:is|are)\s+(?:then\s+|also\s+)?"
    r"(?:\w+ed|written|taken|given|chosen|sent|put|set|made|built|kept|held|drawn)\b"
)
_DOERS_DO = re.compile(r"(?i)^(?:the\s+)?(?:members|maintainers|developers|experts|reviewers)\b")


# "Identify an incident lead", "Designate **communication lead**": a role given to someone.
_APPOINTS = re.compile(
    r"(?i)^(?:identify|designate|appoint|assign|nominate|choose|pick|select|name)\s+"
    r"(?:an?\s+|the\s+|your\s+)?(?:[\w-]+\s+){0,2}?(?:lead|leader|commander|liaison|scribe|"
    r"coordinator|manager|officer|owner|captain|communicator|note-?taker|deputy)\b"
)


def appoints(entry: Entry) -> bool:
    """An item that gives a role to someone: a step of its own, not how another is done."""
    return bool(_APPOINTS.match(entry.text))


def _duty(sentence: str) -> bool:
    """ "The incident lead should create a checklist": who should do what (not what a thing
    holds or leads to: "This email should contain …", "will lead to exclusion")."""
    said = _DUTY.match(sentence)
    return said is not None and said.group(1).lower() not in _NOT_DEEDS


def _team_does(sentence: str) -> bool:
    """ "The initial response team sets up a list", "The response team verifies …": a team or
    a role doing a step, in the present tense."""
    said = _TEAM_DOES.match(sentence)
    if said is None:
        return False
    verb = said.group(1).lower()
    stems = (verb[:-1], verb[:-2], verb[:-3] + "y") if verb.endswith("s") else ()
    return any(stem in IMPERATIVE for stem in stems)


# "Note that …", "[!NOTE]", "Keep in mind …", "Feel free to …": remarks beside the process.
_REMARK = re.compile(
    r"(?i)^\W*(?:\[!\w+\]|note\b|n\.b\.|please\s+note|keep\s+in\s+mind|remember\b|feel\s+free"
    r"|for\s+(?:example|instance)\b)"
)
_TO_REPORTER = re.compile(
    r"(?i)\byou\s+(?:\w+\s+)?(?:report|submit|disclose|send\s+us|email\s+us|contact\s+us|found|discover)"
    r"|\byour\s+report\b|^\W*report\s+(?:\w+\s+){0,2}(?:vulnerabilit|bugs?\b|problems?\b)"
    r"|^\W*to\s+report\b[^,]{0,80},"  # "To report a vulnerability, send an email to …"
)
# "will automatically assign", "aims to provide", "is encouraged to", "are documented in":
# what a machine does, what is hoped for, where something is written ("you'll want to …" is
# advice to do it).
_NOT_DONE = re.compile(
    r"(?i)\bautomatically\b|\b(?:aims?|strives?|hopes?|(?<!ll\s)(?<!may\s)(?<!might\s)wants?"
    r"|(?:is|are)\s+encouraged)\s+to\b"
    r"|\b(?:is|are)\s+(?:documented|described|listed|explained|outlined|available)\b"
    r"|\btakes?\s+(?:priority|precedence)\b"
)
# "This first email should contain …", "They will agree …": a sentence about the one before.
_BACK = re.compile(
    r"(?i)^(?:(?:if|once|when|after|before)\b[^,]{3,120},\s*)?(?:this|that|these|those|it|they|such)\b"
)
_THEY = re.compile(r"(?i)^(?:[^,]{3,160},\s*)?they\b")
_NOT_DEEDS = {"contain", "include", "cover", "consist", "receive", "lead", "mean", "remain",
              "depend", "vary", "happen", "occur", "exist", "have", "get", "not"}  # fmt: skip
# "it's still a good idea to check", "It is, nonetheless, wise to check", "may be a good first
# place to start", "The first thing to do here is …", "we recommend that you …"
_ADVICE = re.compile(
    r"(?i)\bit(?:'s|’s|\s+is)\s*(?:,?\s*\w+,)?\s+(?:(?:still|always|also|usually|generally|often)\s+)?"
    r"(?:a\s+good\s+idea|wise|advisable|recommended|worth\s+\w+ing)\s+to\s+\w+"
    r"|\b(?:may\s+be|is)\s+a\s+good\s+(?:first\s+)?(?:place|step|idea)\b"
    r"|^(?:the\s+)?first\s+thing\s+to\s+do\b|\bwe\s+recommend\s+(?:that\s+)?(?:you\s+)?\w+"
    # "For P1 incidents, the first step is to build the team": a step said to be one
    r"|\bthe\s+(?:first|next|second|third|last|final)\s+step\s+is\s+to\s+\w+"
)
_TEAM_DOES = re.compile(
    r"(?i)^(?:the|an?|our|each)\s+(?:[\w-]+\s+){0,3}?(?:team|group|committee|council|board|lead"
    r"|leader|officers?|coordinator|manager|champion|commander|responder|engineer|staff)"
    r"\s+(?:then\s+|also\s+|immediately\s+|first\s+)?(\w+)\b"
)


_REPORTERS_PART = re.compile(r"(?i)^(?:if|once|when|should)\s+(?:the\s+)?reporter")
# "The advisory will be used to …" (not "a list which will be used for …": what a thing is for)
_DESCRIBED = re.compile(r"(?i)(?<!which\s)(?<!that\s)\bwill\s+be\s+used\b")
_CONDITION = re.compile(
    r"(?i)^(?:if|once|when|after|before|upon|during|within|for|in\s+case|prior\s+to)\b"
    r"[^,]{3,120},\s+(.+)$",
    re.DOTALL,
)


# "We will assign a severity", "We'll notify you": the team promising what it does.
_WE_WILL = re.compile(r"^(?:\[![A-Z]+\]\s*)?(We(?: will|'ll| shall)\s+(\w+)\b.*)$", re.DOTALL)

_AUXILIARY = {"be", "have", "do", "get"}  # "We'll be refining the levels": no action


def promised_steps(text: str, line: int) -> list[Entry]:
    """The sentences of a paragraph in which the responding team says what it will do ("We
    will assign a severity and will share our assessment with you."): its steps, written to
    the reporter, where the document states no procedure of its own."""
    found = []
    for sentence in _SENTENCE.split(text):
        said = _WE_WILL.match(sentence.strip())
        verb = said.group(2).lower() if said else ""
        if said and len(_words(sentence)) >= 4 and verb not in _AUXILIARY and _imperative(verb):
            found.append(Entry(said.group(1).strip(), "", line))
    return found


# "We can check if …", "you need to restart …", "To run etcdctl, we need to rsh into …", "you'll
# want to restart the pod": the reader (or the team, as "we") told what to do, with a modal
# before the verb.
_TOLD = re.compile(
    r"(?i)^(?:(?:if|once|when|after|before|to|prior\s+to|during)\b[^,]{3,120},\s*)?"
    r"(?:then\s+)?(?:we|you)(?:\s+|(?=['’]ll\b))(?:can|could|should|must|need\s+to|have\s+to"
    r"|(?:will|['’]ll)\s+(?:need|want|have)\s+to|(?:may|might)\s+want\s+to|are\s+expected\s+to"
    r"|are\s+responsible\s+for)\s+(?:also\s+|first\s+|now\s+|(?!only\b)\w+ly\s+)?[`'\"]?(\w+)"
)


def told(sentence: str, verb_known: bool = True) -> bool:
    """A sentence that tells the responder to do something: an instruction ("Check if an
    upgrade is in progress."), or a modal one ("We can check if …"); with `verb_known`
    False, any verb after the modal (a command's name: "we need to `rsh` into …")."""
    if _imperative(sentence):
        return True
    said = _TOLD.match(sentence.strip())
    if said is None:
        return False
    # "you are responsible for updating the status page": the duty's verb as a gerund
    return not verb_known or said.group(1).lower() in IMPERATIVE or gerund(said.group(1))


# "Maintainer steps: 1. Create a private review. 2. Draft the advisory. 3. Review it …": the
# numbers of steps written inline in a paragraph, each after the start, a colon or a
# sentence's end, before a capital.
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[.:;!?])\s+)(\d{1,2})[.)]\s+(?=[A-Z`*_\"'])")


def numbered_sentences(text: str, line: int) -> list[Entry]:
    """Steps numbered 1, 2, 3 … inside one paragraph, most of them instructions: each
    number's first sentence a step, its other sentences how it is done (the paragraph's
    words before "1." lead in to them)."""
    if "2." not in text and "2)" not in text:
        return []  # no second number: most paragraphs, spared the search
    marks = list(_INLINE_NUMBER.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 3 or numbers != list(range(1, len(marks) + 1)):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    steps = []
    for mark, end in zip(marks, ends, strict=True):
        said = text[mark.end() : end].strip()
        first, _, rest = said.partition(". ")
        first = first if first.endswith(".") or not rest else f"{first}."
        steps.append(Entry(first.strip(), rest.strip(), line))
    if sum(told(e.text) for e in steps) * 2 <= len(steps):
        return []
    return steps


def commanded_steps(lead: str, line: int) -> list[Entry]:
    """The sentences of a paragraph written over a block of commands that tell the reader
    what to do ("Log in to the cluster. Check the nodes." over `$ oc get nodes`): each a
    step, the commands the detail of the last of them. The paragraph's last sentence says
    what the block is for ("Run the following command:"), so any verb counts there."""
    sentences = [s.strip() for s in _SENTENCE.split(lead) if s.strip()]
    steps = [
        Entry(s, "", line)
        for n, s in enumerate(sentences)
        if len(_words(s)) >= 2
        and not s.endswith("?")
        and (told(s) or (n == len(sentences) - 1 and (s.endswith(":") or told(s, False))))
    ]
    return steps


def time_box(title: str) -> float | None:
    """The upper bound of a heading's time box ("(0-5 minutes)", "within 15 minutes")."""
    return parse_window(title)[1]


_CONDITIONS = {"if", "when", "once", "upon", "after", "before", "for", "during", "while", "on"}


_RANGE = re.compile(r"(?:T\+)?(\d+)\s*(?:-|–|to)\s*(?:T\+)?(\d+)")


def box_start(title: str, end: float) -> float:
    """Where a heading's time box starts: "(5-30 minutes)" → 300 when it ends at 1800; a box
    that gives only its end ("within 15 minutes") starts at 0."""
    found = _RANGE.search(title)
    if not found or not int(found.group(2)):
        return 0.0
    return end * int(found.group(1)) / int(found.group(2))


def ordered_due(count: int, start: float, end: float) -> list[float]:
    """The due offsets of numbered steps in a time box: the box shared out in their order
    (the first done first, the last by the end), each on a whole minute."""
    share = (end - start) / max(count, 1)
    return [max(60.0, round((start + share * (n + 1)) / 60) * 60) for n in range(count)]


def is_label(entry: Entry) -> bool:
    """A list item that names a part of the procedure over its own sub-list: "**Immediate
    Action**:", "Detection & Triage (0-5 minutes)" (a short name, not an instruction)."""
    if not entry.children:
        return False
    text = entry.text.rstrip(":")
    words = _words(parse_window(text)[0])
    # "If the vulnerability is accepted, within the relevant repositories:": a condition
    # over the steps it leads to may run longer than a name.
    condition = entry.text.endswith(":") and words[:1] and words[0] in _CONDITIONS
    if not words or len(words) > (14 if condition else 7) or text.endswith("."):
        return False
    return entry.text.endswith(":") or not _imperative(text) or len(words) <= 3


def labelled(entries: list[Entry]) -> bool:
    """Most of the list's items are labels over sub-lists."""
    labels = sum(is_label(e) for e in entries)
    return labels >= 1 and labels * 2 >= len(entries)


def commented_steps(content: str, info: str, line: int) -> list[Entry]:
    """Steps of a block of commented commands: each comment line is a step, the commands
    below it (up to the next comment) its detail. Options written as comments ("# Option 1:
    Feature flag disable") come back as entries with `cells["option"]` set."""
    if info.lower().split()[:1] and info.lower().split()[0] not in _SHELL:
        return []
    entries: list[Entry] = []
    commands = 0
    for n, raw in enumerate(content.splitlines()):
        if not raw.strip():
            continue
        comment = _COMMENT.match(raw)
        if comment and not raw.lstrip().startswith("#!"):
            text = clean(comment.group(1))
            option = _OPTION.match(text)
            entry = Entry(option.group(1) if option else text, "", line + 1 + n)
            if option:
                entry.cells["option"] = "yes"
            entries.append(entry)
        elif entries:
            entries[-1].detail += ("\n" if entries[-1].detail else "") + raw.strip()
            commands += 1
    # Comments that only annotate ("# Increase replicas" after a command) are not steps.
    if not entries or not commands or not any(e.detail for e in entries):
        return []
    return entries


def alternatives(entries: list[Entry], lead: str, line: int) -> Entry | None:
    """One decision for a set of options: "Quick Mitigation Options:" over "# Option 1: …",
    or a list after "one of:"; its detail lists the options (with their commands)."""
    options = [e for e in entries if e.cells.get("option")]
    if len(options) < 2 and not (ALTERNATIVES.search(lead) and len(entries) >= 2):
        return None
    chosen = options if len(options) >= 2 else entries
    text = clean(lead).rstrip(":")
    # Each option on its line, its commands indented below it (the console copies them).
    detail = "\n".join(
        f"{n}. {e.text}" + "".join(f"\n   {c}" for c in e.detail.splitlines() if c.strip())
        for n, e in enumerate(chosen, 1)
    )
    first = chosen[0].line if chosen else line
    return Entry(text, f"One of:\n{detail}", min(first, line) if lead else first)
