"""Escalation read from its context: under a heading that speaks of escalation, getting
help, who to contact, being stuck, back-up, hand-off or support tiers, and in any sentence
that escalates (escalate, if nobody answers, if you need help, urgent, after N minutes, as a
last resort), who is brought in is each role-like noun phrase the text names, in its order
(escalation_phrases.py reads them). What the other escalation readers found stays as it
is; this adds who they did not name, each with its reason."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from warroom.runbooks.escalation import escalation_chain
from warroom.runbooks.escalation_answers import answering
from warroom.runbooks.escalation_cues import delays, unanswered
from warroom.runbooks.escalation_links import (
    _GOES_ON,
    _in_order,
    _label_of_list,
    _plain,
    _points_back,
    _reached_in,
)
from warroom.runbooks.escalation_phrases import people, spelled_out
from warroom.runbooks.escalation_stages import STAGES_READ
from warroom.runbooks.escalation_venues import bodies, venues
from warroom.runbooks.escalation_who import _who
from warroom.runbooks.escalation_words import BRING_IN_VERBS, _base
from warroom.runbooks.model import Entry, Section
from warroom.runbooks.outline import _inline_text
from warroom.runbooks.vocabulary import DURATION, clean

# "Escalation Engineer", "escalation policy": the names of a role and a tool's setting, no
# word that something is escalated.
_ESCALATION_NAMES = re.compile(r"escalations?[\s_-]+(?:engineer|polic|rotation|schedule)")
# A heading over who to bring in: escalation, getting help, who to contact, being stuck,
# "when you can't fix it", back-up, hand-off, support tiers.
_CONTEXT_HEADING = re.compile(
    r"escalat|\bhelp\b(?!\s*desk)|\bwho\s+to\b|\bpoints?\s+of\s+contact"
    r"|emergency\s+contact|\bstuck\b|\bunsure\b|\bnot\s+sure\b"
    r"|\b(?:can'?t|cannot|unable\s+to|don'?t\s+know\s+how\s+to)\s+"
    r"(?:fix|resolve|solve|handle|answer|help|reach)|\bback-?up\b(?!s|\s+and\s+restore)"
    r"|\bhand-?(?:off|over)s?\b|\btiers?\b|\blines?\s+of\s+support"
    r"|\bsupport\s+(?:levels|model|structure)\b"
    r"|\binvolv|\bloop(?:ing)?\s+in\b|\bbring(?:ing)?\s+in\b|\breach(?:ing)?\s+out\b|\bpaging\b"
    r"|\bwho\s+(?:is|are)\s+on[\s-]?call"
    r"|\bwhere\s+to\s+(?:send|ask|take)\b|\bwho\s+(?:handles|to\s+go\s+to|to\s+reach)\b"
    r"|\b(?:ticket|request)\s+routing\b|\brouting\s+(?:requests|tickets)\b"
    # "On-call chain", "Call tree", "Chain of command", "Contact order": who, in order
    r"|\bchain\s+of\s+command\b|\b(?:on-?call|call(?:ing)?|phone|contact|notification|paging"
    r")\s+(?:chain|tree|cascade|ladder|order|sequence)\b"
    r"|\bwho\s+(?:do|should|can)\s+(?:i|we|you)\s+(?:call|contact|page|ping|ask|tell)\b"
    # "Need a hand?", "Getting support", "Support contacts", "Who owns this?"
    r"|\ba\s+hand\b|\bgetting\s+support\b|\bsupport\s+contacts?\b|\bwho\s+owns\b"
)
# A sentence that escalates, wherever it is.
_CUE = re.compile(
    r"escalat|\bif\s+(?:nobody|no\s+one|no-one)\b|\bno\s+(?:response|answer|reply|ack)"
    r"|\b(?:does|do|did)(?:\s+not|n't|n’t)\s+(?:respond|answer|reply|acknowledge|pick\s+up)"
    r"|\b(?:not|n't)\s+(?:responding|answering|reachable)|\bunavailable\b|\bunreachable\b"
    r"|\bunresponsive\b|\bneeds?\s+(?:more\s+|further\s+|extra\s+|additional\s+|some\s+)?"
    r"(?:help|assistance|a\s+hand)"
    r"|\b(?:get|enlist)\s+help\b|\bask\s+for\s+help\b|\bfor\s+help\b|\bunsure\b|\bnot\s+sure\b|\bin\s+doubt\b|\bstuck\b"
    r"|\b(?:can'?t|cannot|unable\s+to|not\s+able\s+to)\s+(?:get\s+(?:it\s+|this\s+|that\s+)?)?(?:fix|resolve|solve|handle|figure)"
    r"|\burgent|\bafter\s+\d+\s*(?:minutes?|mins?|hours?|hrs?|m|h)\b|\blast\s+resort"
    r"|\bif\s+(?:that|this|it)\s+(?:fails|doesn't\s+work)|\bfailing\s+that\b"
    r"|\btakes?\s+over\b|\bhand(?:ed)?\s+(?:it\s+|this\s+)?(?:off|over)\s+to\b|\bloop(?:ed)?\s+in\b"
    r"|\b(?:bring|pull)\s+in\b|\bout\s+of\s+(?:your\s+)?depth\b|\bsecond\s+opinion\b"
    # "email security@ to seek guidance", "in situations not covered by this guide"
    r"|\b(?:seek|ask\s+for|get|need)\s+(?:guidance|advice|input)\b|\bnot\s+covered\b"
    # "picked up by the Tier 2 team", "sent straight to security@…", "flagged to the support
    # manager": a request handed up a rung or over to someone
    r"|\b(?:to|by)\s+(?:the\s+)?(?:(?:tier|line|level)\s*[1-4]|l[1-4]|(?:second|third|2nd|3rd)[\s-]+(?:line|tier))\b"
    # (not "the advisory is sent to the announce list": what is published)
    r"|\b(?:sent|forwarded)\s+(?:straight|directly)\s+to\b"
    r"|\b(?:routed|handed|referred|flagged|transferred|reassigned)\s+(?:over\s+|on\s+)?to\b(?!\s+as\b)"
    # "They will decide whether to wake the head of technology": woken, brought in
    r"|\bwake\s+(?:up\s+)?(?:the|your|our|a|an)\s"
    # "ensure the upstream team is aware of the issue"
    r"|\b(?:make\s+sure|ensure)\s+(?:that\s+)?[\w\s'-]{1,50}?\s+(?:is|are)\s+aware\b"
    # "If this is a major incident the comms lead must report it to …", "For P1s, notify the
    # VP": the most severe incidents bring someone in
    r"|^\W*(?:if|for|when|where|in\s+(?:the\s+)?case\s+of)\b[^,.;:]{0,60}?\b(?:major|critical|severe"
    r"|p[0-2]s?|sev(?:erity)?[\s-]?[0-2]s?|priority[\s-]?[0-2]s?|high[\s-]severity)\b[^.]*?"
    r"(?:,\s*|\b(?:must|should|will|shall|then|to|immediately|also|please)\s+)(?:\w+ly\s+)?"
    r"(?:report|notify|inform|page|alert|brief|contact|call|escalate)\b"
)
# The words without which no sentence escalates or brings someone in: most text is not read further (a literal
# search is many times faster than the cue's pattern at every place of a long document).
_CUE_WORDS = re.compile(
    r"escalat|nobody|no.one|no (?:resp|answ|repl|ack)|respond|answer|reply|acknowledg|pick up"
    r"|reachable|unavailable|unresponsive|help|assistance|a hand|unsure|not sure|doubt|stuck|fix"
    r"|resolve|solve|handle|figure|urgent|after|resort|fails|work|failing|over|hand|loop"
    r"|bring in|pull in|depth|opinion|notif|page|alert|contact|engag|involv|activat|wake|ping"
    r"|inform|consult|summon|mobili|convene|reach|ask|subscribe|invite|add|cc|with|from"
    r"|guidance|advice|covered| to |phone|rings|texted|messaged|mailed| by |aware|briefs|briefed"
    # "3. Then the head of service.": a chain going on from the item before
    r"|\A\W*(?:then|after that|failing that|finally|lastly|next)\b"
)
# A verb that brings someone in (whom it names is read, wherever it is).
_BRING_IN_VERB = re.compile(
    r"notif|\bpage|\bescalat|\balert|\bcontact|\bcall(?:s|ed)?\s+in\b|\bloop|\bengag|\binvolv"
    r"|\bactivat|\bwake|\bping|\binform|\bconsult|\bsummon|\bmobili|\bconvene|\breach|\bask"
    r"|\bsubscribe|\binvite|\badd|\bcc|\bwith\b|\bfrom\b|\bto\b"
    r"|\bphone[sd]\b|\brings\b|\btexted\b|\bmessaged\b|\be-?mailed\b|\bbrief(?:s|ed)\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\d\[*_(#@])|\s*;\s+")
_LONG = 2000  # a paragraph longer than this is read only where it escalates


def context_escalation(tokens: list[Token], sections: list[Section]) -> list[Section]:
    """Who the document brings in, read from context, that the other readers did not name
    (each as a section with its reason)."""
    taken = _taken(sections)
    known = {who for whos in taken.values() for who in whos} - {""}
    # initials spelled out anywhere ("the Incoming Engineer On-Call (IEOC)"), read where used
    initials = spelled_out(t.content for t in tokens if t.type == "inline")
    reading = _Reading(taken, known, initials, frozenset(initials))
    # an escalation matrix read stage by stage (its HTML cells are read from the line it
    # starts on) named everyone in order: a team's name in its cells is no one new
    tables = {s.line for s in sections if s.reason.startswith(STAGES_READ)}
    found: list[Section] = []
    for path, line, text, in_context in _blocks(tokens):
        if line not in tables:
            found.extend(reading.block(path, line, text, in_context))
    return found


@dataclass
class _Reading:
    """What reading a document from context carries from block to block: who the other
    readers took (by line), who is known by now, and the initials the document spells out."""

    taken: dict[int, set[str]]
    known: set[str]
    initials: dict[str, str]
    said_initials: frozenset[str]
    # where the last block's chain went on from ("2. If no response, contact their deputy."
    # over "3. Then the head of service."): its heading path and line
    went_from: tuple[tuple[str, ...], int] | None = None

    def block(self, path: tuple[str, ...], line: int, text: str, in_context: bool) -> list[Section]:
        """Who one block brings in that no reader named yet, sentence by sentence."""
        found: list[Section] = []
        asked = False  # "Still unsure? Run it by a senior specialist.": the next one says who
        went = self.goes_on(path, line)  # "… the platform lead. After that, the CTO."
        before = ""
        for sentence, escalates, brings_in in _sentences(text):
            if before and _points_back(sentence, escalates):
                # (whom the sentence before names, else who it is about: "The messaging
                # team owns the queue")
                named = people(before, self.said_initials) or [w for w in [_who(before)] if w]
                whos = self.new(named)
                found.extend(_brought_in(path, line, before, whos, "a sentence that escalates"))
            before = sentence
            cue, asked = escalates or asked or (went and bool(_GOES_ON.match(sentence))), escalates
            if not (cue or in_context or brings_in):
                went = False
                continue
            said = self.named(sentence, line, cue or in_context)
            # "The VMT escalates; the TC decides": a cue naming no one, the next clause says
            asked = asked and not said
            went = cue and bool(said or line in self.taken or people(sentence, self.said_initials))
            whos = self.new(said)
            found.extend(_brought_in(path, line, sentence, whos, _why(cue, in_context, path)))
        self.went_from = (path, line) if went else None
        return found

    def goes_on(self, path: tuple[str, ...], line: int) -> bool:
        """Whether the chain the block just before brought someone in by may go on in this
        one ("2. If no response, contact their deputy." over "3. Then the head of service.")."""
        was = self.went_from
        return was is not None and was[0] == path and 0 < line - was[1] <= 3

    def named(self, sentence: str, line: int, escalating: bool) -> list[str]:
        """Who a sentence names as brought in, not the label of a list it leads in."""
        # a sentence another reader took someone from was read already, but for whom a
        # later verb in it brings in ("pulls in the core reviewers and, once a fix
        # exists, notifies downstream stakeholders")
        read = line in self.taken and any(who in _plain(sentence) for who in self.taken[line])
        # elsewhere, whom a verb that brings someone in names ("notifies the Security
        # Officer")
        objects_only = read or not escalating
        said = people(sentence, self.said_initials, objects_only=objects_only)
        # "Whenever the SE pings @support-team, the team's on-support engineer shall: …"
        said = _in_order(sentence, said, answering(sentence))
        if escalating:  # "post a reminder on the community Slack": where, in its order
            places = venues(sentence) + bodies(sentence)
            named = people(sentence, self.said_initials) + list(self.taken.get(line, ()))
            said = _in_order(
                sentence, said, [p for p in places if not _reached_in(sentence, p, named)]
            )
        return [who for who in said if not _label_of_list(sentence, who)]

    def new(self, said: list[str]) -> list[str]:
        """Who of those named no reader took yet; each becomes known."""
        return _not_known_yet(said, self.known, self.initials)


def _not_known_yet(said: list[str], known: set[str], initials: dict[str, str]) -> list[str]:
    """Who of those a sentence names no reader took yet; each becomes known."""
    whos = []
    for who in said:
        if _new(who, known, initials):
            whos.append(who)
            known |= _names(who, initials)
    return whos


def _why(cue: bool, in_context: bool, path: tuple[str, ...]) -> str:
    """Where a sentence was read as bringing someone in, for the reason shown."""
    if cue:
        return "a sentence that escalates"
    if in_context:
        # (no heading that speaks of escalation: a lead-in line over the text does)
        heading = _context_of(path)
        return (
            f"a sentence under “{heading}”"
            if heading
            else "a sentence after a lead-in that escalates"
        )
    return "a sentence that brings them in"


def _brought_in(
    path: tuple[str, ...], line: int, sentence: str, whos: list[str], why: str
) -> list[Section]:
    """One section for each one a sentence brings in, with after how long when it says."""
    timed = DURATION.search(sentence) if whos else None
    whens = delays(sentence, whos) if timed else [""] * len(whos)
    found = []
    for who, when in zip(whos, whens, strict=True):
        entry = Entry(who, when or (sentence if timed else ""), line)
        found.append(Section(path, line, "prose", "escalation", [entry],
                             reason=f"who is brought in, named in {why}"))  # fmt: skip
    return found


@functools.lru_cache(maxsize=4096)  # pure, and a long document repeats its blocks
def _sentences(text: str) -> tuple[tuple[str, bool, bool], ...]:
    """A block's sentences, each with whether it escalates (the name "Escalation Engineer"
    does not) and whether a verb in it brings someone in."""
    said = []
    for sentence in _SENTENCE.split(text):
        lowered = sentence.lower()
        if "escalation" in lowered:
            lowered = _ESCALATION_NAMES.sub("", lowered)
        # "If you do not receive an acknowledgment within 6 days, …": nobody answered
        escalates = _may_escalate(lowered) and (_cued(lowered) or unanswered(lowered))
        said.append((sentence, escalates, bool(_BRING_IN_VERB.search(lowered))))
    return tuple(said)


# "NOT take over, but pair with …", "never escalate it yourself": a cue said not to be done
_NEGATED = re.compile(r"\b(?:not|never|no\s+need\s+to|n't|n’t)\s+(?:\w+\s+)?$")


def _cued(lowered: str) -> bool:
    """Whether a sentence has a cue that escalates and is not said not to be done."""
    return any(not _NEGATED.search(lowered, 0, m.start()) for m in _CUE.finditer(lowered))


Block = tuple[tuple[str, ...], int, str, bool]


def _blocks(tokens: list[Token]) -> Iterator[Block]:
    """Each paragraph, list item and table cell that may escalate: its heading path, line,
    text and whether a heading over it speaks of escalation (the document's title does not,
    when headings follow it)."""
    headings = _Headings()
    lead: tuple[int, bool | None] | None = None  # "**If you're stuck:**" over a list
    n = 0
    while n < len(tokens):
        token = tokens[n]
        if token.type == "inline":
            lead = _lead_over(token, lead)
        here = headings.in_context if lead is None or lead[1] is None else lead[1]
        # most text says no escalation, and is not under such a heading: not read on (its
        # markdown as written is enough to tell)
        if token.type == "inline" and token.map and (here or _may_escalate(token.content)):
            yield from _inline_block(token, headings.path, here, lead)
        elif token.type == "html_block" and (here or _may_escalate(token.content)):
            yield from _html_cells(token, headings.path, here)
        elif token.type == "heading_open":
            yield from headings.enter(token, tokens[n + 1])
            lead = None  # a lead is over what follows it up to the next heading at most
            n += 2
        n += 1


def _lead_over(
    token: Token, lead: tuple[int, bool | None] | None
) -> tuple[int, bool | None] | None:
    """The lead over a paragraph: it ends with the next paragraph beside it, and a short
    line ending with a colon starts one."""
    if lead is not None and token.level <= lead[0] and not _goes_on(token, lead):
        lead = None  # the list under a lead ends with the next paragraph beside it
    if token.map and token.content.rstrip(" *_").endswith(":"):
        lead = _lead(token)
    return lead


# "… there are a few steps you can take (in order):" over plain paragraphs, each one a
# thing to try ("Contact the back-up contact directly.", "Post a reminder on the community
# Slack."): the paragraphs are the lead's list, written without list markup, for as long as
# each starts with a verb that brings someone in.
_TRY_NEXT = BRING_IN_VERBS | {"post", "write", "send", "e-mail", "mail", "open", "file", "join"}


def _goes_on(token: Token, lead: tuple[int, bool | None]) -> bool:
    """Whether a paragraph beside a lead that speaks of escalation is one more of what it
    leads in (a paragraph led by a verb that brings someone in)."""
    if lead[1] is not True or token.level != lead[0]:
        return False
    words = re.findall(r"[A-Za-z][\w'-]*", clean(_inline_text(token)))[:2]
    if words and words[0].lower() == "please":
        words = words[1:]
    return bool(words) and (words[0].lower() in _TRY_NEXT or _base(words[0].lower()) in _TRY_NEXT)


def _inline_block(
    token: Token, path: tuple[str, ...], here: bool, lead: tuple[int, bool | None] | None
) -> Iterator[Block]:
    """A paragraph, list item or table cell, unless a lead over it names no one or it is
    long and says no escalation."""
    text = _inline_text(token)
    if (lead is None or lead[1] is not False) and (len(text) <= _LONG or _CUE.search(text.lower())):
        yield path, (token.map or [-1])[0] + 1, clean(text), here


def _html_cells(token: Token, path: tuple[str, ...], here: bool) -> Iterator[Block]:
    """The text of an HTML block, cell by cell ("<td>… escalating the issue to the R&amp;D
    team</td>")."""
    text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub("   ", token.content)))
    for part in _CELL.split(text):
        if (part := clean(part)) and len(part) <= _LONG:
            yield path, (token.map or [-1])[0] + 1, part, here


class _Headings:
    """The headings over where the document is read, and whether one speaks of escalation."""

    def __init__(self) -> None:
        self.headings: list[tuple[int, str, bool]] = []  # (level, title, whether it speaks)
        self.path: tuple[str, ...] = ()
        self.in_context = False

    def enter(self, token: Token, inline: Token) -> Iterator[Block]:
        """A heading starts a section: the path and context change, and under a heading
        that speaks of escalation the heading itself may name who."""
        level = int(token.tag[1])
        title = clean(_inline_text(inline))
        self.headings = [h for h in self.headings if h[0] < level]
        # "## Escalation" over "### Engineering on-call": who, as a sub-heading (a
        # heading is otherwise read for its context only: "## Escalation contacts")
        if self.headings and _in_context(self.headings) and len(title.split()) <= 6:
            yield (*self.path, title), (token.map or [-1])[0] + 1, title, True
        self.headings.append((level, title, _context_heading(title)))
        self.path = tuple(h[1] for h in self.headings)
        self.in_context = _in_context(self.headings)


# A lead over a list of what a team has, not who it brings in ("**Alert routing:**").
_NOT_PEOPLE_LEAD = re.compile(r"\b(?:routing|tools?|tooling|access|links?|resources|reading)\b")


def _lead(token: Token) -> tuple[int, bool | None] | None:
    """A short line ending with a colon, over the list that follows it, as a heading is over
    its section: whether it speaks of escalation (True), names no one (False), or neither
    (None)."""
    label = clean(_inline_text(token)).rstrip(" *_:")
    # "If you have not received a reply within 48 hours, there are a few steps you can
    # take:": what follows is who to try next, however long the lead
    if label and unanswered(label):
        return token.level, True
    if not label or len(label.split()) > 6:
        return None
    if _NOT_PEOPLE_LEAD.search(label.lower()):
        return token.level, False
    return token.level, True if _context_heading(label) else None


_BLOCK_TAG = re.compile(
    r"(?i)</?(?:td|th|tr|p|li|div|br|table|thead|tbody|ul|ol|h\d)\b[^<>]{0,300}>"
)
_TAG = re.compile(r"<[^<>]{0,300}>")
_CELL = re.compile(r"\s{3,}")


@functools.lru_cache(maxsize=8192)  # pure, and asked again for the same text by several rules
def _may_escalate(text: str) -> bool:
    return _CUE_WORDS.search(text.lower()) is not None  # (a case-blind search is slower)


def _in_context(headings: list[tuple[int, str, bool]]) -> bool:
    titled = headings[1:] if len(headings) > 1 and headings[0][0] == 1 else headings
    return any(says for _, _, says in titled)


@functools.lru_cache(maxsize=4096)  # a document's headings repeat ("Escalation" in each part)
def _context_heading(title: str) -> bool:
    lowered = title.lower()
    if "escalation" in lowered:
        lowered = _ESCALATION_NAMES.sub("", lowered)
    return bool(_CONTEXT_HEADING.search(lowered))


def _context_of(path: tuple[str, ...]) -> str:
    """The heading over a text that speaks of escalation ("" when none does)."""
    return next((t for t in reversed(path) if _context_heading(t)), "")


def _taken(sections: list[Section]) -> dict[int, set[str]]:
    """Who the other escalation readers took, line by line, as plain words (as the playbook
    will name them: a list item's text is not who it names)."""
    taken: dict[int, set[str]] = {}
    for section in (s for s in sections if s.kind == "escalation"):
        for entry in section.entries:
            if section.block in ("code", "prose") or entry.cells.get("=name"):
                whos = [entry.cells.get("=name") or entry.text]
            else:
                whos = escalation_chain(entry.text, True) or [_who(entry.text)]
            # ("User support (1st line)": as the text names them, "1st line (user support)")
            whos += [re.sub(r"\s*\([^()]*\)$", "", w) for w in whos if w.endswith(")")]
            taken.setdefault(entry.line, set()).update(_plain(w) for w in whos)
    return taken


_ASSIGNED = re.compile(
    r"^(?:(?:scheduled|current|currently|available|assigned|designated|relevant|appropriate"
    r"|respective|responsible)\s+)+"
)


def _names(who: str, initials: dict[str, str]) -> set[str]:
    """Who, as plain words, by name and by initials ("ISSO", "Information System Security
    Officer")."""
    plain = _plain(who)
    names = {plain} | ({_plain(initials[who])} if who in initials else set())
    return names | {_plain(a) for a, name in initials.items() if _plain(name) == plain}


def _new(who: str, known: set[str], initials: dict[str, str]) -> bool:
    """Whether no one taken yet is this one (by name, or by the initials spelled out; "the
    scheduled Engineer On-Call" is the Engineer On-Call)."""
    plain = _ASSIGNED.sub("", _plain(who))
    names = {plain} | ({_plain(initials[who])} if who in initials else set())
    for plain in names:
        singular = plain[:-1] if plain.endswith("s") else plain
        # (one pattern for every name known, not one compiled for each)
        said = re.compile(rf"\b{re.escape(singular)}s?\b")
        if plain and any(said.search(k) for k in known):
            return False
    return True
