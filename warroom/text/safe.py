"""Untrusted text made safe to show: no terminal escape sequences, no control characters.

Titles, notes, responder names, runbooks, action output, alert annotations and webhook replies
all come from people and programs warroom does not control; a note holding ESC [2J would clear
the responder's screen at every repaint, and OSC 52 would write to their clipboard. Every face
(the console, each command's output, the exported files) shows such text through this module.
The database keeps the text exactly as it was written: the audit log is never rewritten.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Whole escape sequences first, so their parameters do not survive as stray text.
_SEQUENCES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?            # CSI … final byte (ESC [ 2 J)
    | \x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?  # OSC … BEL or ST (title, clipboard, hyperlink)
    | \x1b[PX^_][^\x1b\n]*(?:\x1b\\)?      # DCS, SOS, PM, APC … ST
    | \x1b[ -/]*[0-~]?                    # any other ESC sequence, or a lone ESC
    | \x9b[0-?]*[ -/]*[@-~]?               # the same, in their 8-bit forms
    | \x9d[^\x07\x9c\n]*(?:\x07|\x9c)?
    | [\x90\x98\x9e\x9f][^\x9c\n]*\x9c?
    """,
    re.VERBOSE,
)
# C0 but tab and newline, DEL, C1, and the bidirectional controls that reorder what is shown
# (the "Trojan Source" characters).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")


def safe_text(text: str) -> str:
    """Text fit for a terminal, newlines and tabs kept."""
    if text.isprintable():  # the common case costs one scan
        return text
    text = _NEWLINES.sub("\n", text)
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def safe_line(text: str) -> str:
    """Text fit for one line: also newlines and tabs become spaces."""
    if text.isprintable():
        return text
    return safe_text(text).replace("\n", " ").replace("\t", " ")


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(data: Any) -> str:
    """JSON that reads back to exactly `data` and holds no raw control character: json already
    writes C0 controls as \\u escapes; DEL, C1 and the bidi controls are escaped the same way."""
    return _escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def json_line(data: Any) -> str:
    """`json_text` on one line (JSON Lines): newlines in strings are escaped by JSON itself."""
    return _escaped(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _escaped(text: str) -> str:
    """JSON text with DEL, C1 and the bidi controls written as \\u escapes."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
