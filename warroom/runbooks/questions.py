"""Questions among the steps: what to find out ("When did the attacker gain access?"), which
is no step to tick, and a check put to the responder ("Do you see an elevated error
rate?"), which is one."""

from __future__ import annotations

import re

from warroom.runbooks.model import Entry
from warroom.runbooks.vocabulary import _imperative, _words

_ASKS = {
    "what", "how", "is", "are", "was", "were", "did", "do", "does", "who", "why", "when",
    "which", "where", "can", "could", "should", "would", "has", "have", "will", "whether",
}  # fmt: skip

_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
_WH = {"what", "whether", "which", "who", "why", "where", "how"}


def _question(entry: Entry) -> bool:
    # "If so, how severe is it? (This decides the response.)": the remark does not count.
    text = _REMARK.sub("", entry.text).rstrip(" *_")
    words = _words(text)
    # "When did the attacker first sign in?": asked, though "when" may open an instruction
    asked_when = text.endswith("?") and len(words) > 1 and words[1] in _AUXILIARIES
    if not words or (_imperative(entry.text) and not asked_when):
        return False  # "Check Sentry: error spikes?" is an instruction that asks what to look for
    # "What credential was deactivated and when": what to find out, asked without a mark.
    # "Is this an incident (i.e., did it actually happen?)": asked, its remark asking too.
    asks = "?" in entry.text
    return text.endswith("?") or (words[0] in _ASKS and asks) or words[0] in _WH


_AUXILIARIES = {"did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can",
                "could", "will", "would", "should"}  # fmt: skip


def asked(entry: Entry) -> bool:
    """A question among the steps ("When did the attacker gain access?", a sub-list of what to
    look at below it): what to find out; one the item goes on to answer ("**What if a vendor
    breaks embargo?** The team …") is a step, and so is a check put to the responder ("Do you
    see an elevated error rate?")."""
    answered = (entry.detail and not entry.children) or _ANSWERED.search(entry.text)
    return _question(entry) and not answered and not check_to_make(entry.text)


# "Do you see too many slow requests?", "Can you reach the node over SSH?", "Have you
# restarted the pod?": a yes or no the responder finds out by looking, a check to make.
_CHECK = re.compile(
    r"(?i)^\W*(?:do|does|did|can|could|are|is|have|has)\s+(?:you|the\s+\w+|it|they)\b[^?]{3,}\?\s*$"
)


def check_to_make(text: str) -> bool:
    return bool(_CHECK.match(_REMARK.sub("", text).rstrip(" *_")))


_ANSWERED = re.compile(r"\?\s+[A-Z]")
