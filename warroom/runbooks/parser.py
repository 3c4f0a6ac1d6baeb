"""The markdown parser the importer reads runbooks with: markdown-it's CommonMark with tables
and strikethrough, its tokens exactly as markdown-it makes them. Text in which no inline rule
can start (most list items and table cells) is one text token: it is made so without running
the inline rules over it, character by character."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# The characters each inline rule starts at (markdown_it/rules_inline/*.py): elsewhere the
# text rule, or markdown-it's fallback one character at a time, takes the text as it is. The
# text rule stops at "]" too: a link's label is read token by token up to it.
_STARTS = {
    "text": "]", "newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~",
    "emphasis": "*_", "link": "[", "image": "!", "autolink": "<", "html_inline": "<",
    "entity": "&",
}  # fmt: skip


@functools.cache
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # (a rule enabled later and not in _STARTS fails here, rather than be skipped)
    starts = "".join(_STARTS[name] for name in md.inline.ruler.get_active_rules())
    markup = re.compile(f"[{re.escape(starts)}]")
    # The text rule stops only where another rule may start (it stops for plugins' marks too,
    # ":", "-", "#", …, then takes them one by one).
    md.inline.terminator_re = markup
    md.core.ruler.at("inline", functools.partial(_inline, markup))
    return md


def _inline(markup: re.Pattern[str], state: StateCore) -> None:
    """markdown-it's core rule "inline", but text with no `markup` character goes straight
    to the one text token markdown-it would make of it."""
    parser = state.md.inline
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if markup.search(token.content) is None:
            if token.content:
                text = Token("text", "", 0)
                text.content = token.content
                token.children.append(text)
        else:
            parser.parse(token.content, state.md, state.env, token.children)
