"""The importer's markdown parser makes exactly the tokens markdown-it's own makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from warroom.runbooks.markup import normalise
from warroom.runbooks.parser import markdown

RUNBOOKS = Path(__file__).resolve().parent.parent / "data" / "runbooks"
DOCUMENTS = sorted([*RUNBOOKS.glob("*.md"), *(RUNBOOKS / "corpus" / "tune").glob("*.md")])


def _stock(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_same_tokens_as_markdown_it_on_runbooks(path: Path) -> None:
    text = normalise(path.read_text(encoding="utf-8"))
    assert markdown().parse(text) == _stock(text)


@pytest.mark.parametrize(
    "text",
    [
        "- [Deploy: the runbook](deploy.md) - what to do",  # a label over ":" and "-"
        "[a [nested: b] label](x) and [not a link] here: ok",
        "See [ref: one]\n\n[ref: one]: https://example.com",
        "**Lead**: page the on-call #ops @team $x %y ^z {a} = b + c > d",
        "a\\: b &amp; c `code: x` ~~old~~ ![alt: y](i.png) <https://x.io> <b>:</b>",
        "| SEV: 1 | Page: now |\n|---|---|\n| a - b | c: d |",
        "plain text with no markup at all",
        "",
    ],
)
def test_the_same_tokens_as_markdown_it_on_inline_markup(text: str) -> None:
    assert markdown().parse(text) == _stock(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab :-#[]()!*_~`<>&\\\n|")), max_size=60).map("".join))
def test_the_same_tokens_as_markdown_it_on_any_markup(text: str) -> None:
    assert markdown().parse(text) == _stock(text)
