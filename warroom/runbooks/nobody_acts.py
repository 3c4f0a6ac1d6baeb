"""Sentences no one is asked to act on, though they read like steps: what happens by itself
("the on-call engineer is automatically alerted"), what no one has to do ("You are not
responsible for posting minutes"), what the reader is shown ("You will be presented with a
screen"), what a deed means ("Closing the incident doesn't mean the work is done")."""

from __future__ import annotations

import re

from warroom.runbooks.vocabulary import _imperative

# "Our on-call engineer is automatically alerted", "a channel gets created automatically",
# "the bot automatically posts the timeline": what a tool does by itself, no one's step
_AUTOMATIC = re.compile(
    r"(?i)\b(?:(?:is|are|gets?|will\s+be|be)\s+(?:automatically\s+\w+(?:ed|en|t)"
    r"|\w+(?:ed|en|t)\s+automatically)|automatically\s+\w+s)\b"
)


# "You are not responsible for posting minutes", "The scribe is not expected to fix it",
# "You don't need to page anyone": what no one has to do; "You will be presented with a
# screen", "you will be redirected to the form": what the reader is shown
_NOT_ASKED = re.compile(
    r"(?i)^\W*(?:(?:you|they|we|(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:are|is)\s+not"
    r"\s+(?:responsible|expected|required|obliged)\b|(?:you|they|we)\s+(?:do\s+not|don['’]t)\s+"
    r"(?:need|have)\s+to\b|there\s+is\s+no\s+need\b|you\s+will\s+(?:then\s+)?be\s+(?:presented"
    r"|shown|redirected|taken\s+to|brought\s+to)\b)"
)


def automatic(text: str) -> bool:
    """Whether a sentence says what happens by itself (not "Automatically page the
    secondary": an instruction to set it going)."""
    return bool(_AUTOMATIC.search(text)) and not _imperative(text)


# "Closing the incident doesn't mean the work is done": what a word or a deed means
_MEANS = re.compile(r"(?i)\b(?:does(?:n['’]t|\s+not)\s+mean|is\s+not\s+the\s+same\s+as)\b")


_TWO_SENTENCES = re.compile(r"[.!?]\s+\S")


def nobody_acts(text: str) -> bool:
    """Whether a sentence asks no one to act (see the module's text): one sentence of what
    a deed means ("… this does not mean you are alone. If you get stuck, page …" goes on
    to what to do)."""
    one = not _TWO_SENTENCES.search(text.strip())
    return automatic(text) or bool(_NOT_ASKED.match(text) or (one and _MEANS.search(text)))
