"""How much of real runbooks `warroom playbook import` keeps, and whether it makes anything up.

    python benchmarks/import_quality.py [DIR] [-v]    (-v: the facts missed too)

For every DIR/NAME.md with a hand-written DIR/NAME.facts.toml (default: both parts of
tests/data/runbooks/corpus, `tune/`, the documents the importer is tuned on, and `heldout/`,
kept aside to measure it on documents it was not tuned on), imports the document and prints
per document:
- recall: facts captured / facts the document states (levels, roles and their
  abbreviations, steps, escalation levels);
- precision: imported checklist items that are real steps / all imported items;
- invented: imported levels, roles, items or escalation levels whose text is nowhere in the
  document (the built-in defaults copied in would count here);
- refused: the document states levels, roles or steps, and import takes none of them
  (`playbook import` would say "nothing to import").
Then, for each part, the macro recall and precision, and per kind of fact (levels, roles,
steps, escalation) the macro recall over the documents that state that kind.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "runbooks" / "corpus"
TUNE = CORPUS / "tune"
HELDOUT = CORPUS / "heldout"
KINDS = ("levels", "roles", "steps", "escalation")


def norm(text: str) -> str:
    """Lower-case words only: markdown, quotes and punctuation do not decide a match."""
    import ftfy

    return " ".join(re.findall(r"[a-z0-9]+", ftfy.fix_text(text).lower()))


def singular(text: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in norm(text).split())


def rendered(markdown: str) -> str:
    """The document's text as a reader sees it (links as their words, no markup; a site
    generator's tags such as `{{< relref "x" >}}` or `{% data x %}` are never shown; a
    reStructuredText link or a documentation system's role reads as its words)."""
    import html

    from markdown_it import MarkdownIt

    from warroom.runbooks.markup import MYST_ROLES

    markdown = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>", "", markdown, flags=re.DOTALL)
    # A documentation system's role (:ref:`instructions <label>`, :doc:`page`, a glossary
    # term's {term}`Incident Responder`) reads as its words. A role never starts inside inline
    # code: `:eyes:` (a chat emoji's name in code) is no role.
    roles = "|".join(MYST_ROLES)  # a placeholder such as `#support-{team}` is no role
    markdown = re.sub(
        rf"(?<!`)(?::[a-z][\w.+-]*(?::[a-z][\w.+-]*)*:|\{{(?:{roles})\}})`([^`<]*?)\s*(?:<[^`>]*>)?`",
        r"\1",
        markdown,
    )
    # A reStructuredText link (`contact details <https://…>`_) reads as its words.
    markdown = re.sub(r"`([^`<]+?)\s*(?:<[^`>]*>)?`_{1,2}", r"\1", markdown)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    page = parser.render(markdown)
    # A documentation system's boxes (MyST "```{tab-item}", "```{note}") are fences around
    # markdown the reader sees rendered: the text read with its fence lines left out too.
    if re.search(r"(?m)^\s*(?:`{3,}|~{3,}|:{3,})\s*\{", markdown):
        page += parser.render(re.sub(r"(?m)^\s*(?:`{3,}|~{3,}|:{3,}).*$", "", markdown))
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@dataclass
class Score:
    name: str
    stated: int
    captured: int
    items: int
    real_items: int
    invented: list[str]
    missed: list[str]
    # kind -> (stated, captured); a role's abbreviation counts with the roles
    by_kind: dict[str, tuple[int, int]]
    refused: bool = False

    @property
    def recall(self) -> float:
        return self.captured / self.stated if self.stated else 1.0

    @property
    def precision(self) -> float | None:
        return self.real_items / self.items if self.items else None

    def kind_recall(self, kind: str) -> float | None:
        stated, captured = self.by_kind[kind]
        return captured / stated if stated else None


def score(document: Path) -> Score:
    from warroom.runbooks.importer import import_runbook

    facts = tomllib.loads(document.with_suffix(".facts.toml").read_text(encoding="utf-8"))
    text = document.read_text(encoding="utf-8")
    playbook = import_runbook(text, "scored", document.name).playbook
    severities = playbook.get("severities", [])
    roles = playbook.get("roles", [])
    escalation = playbook.get("escalation", [])
    items = [it for phase in playbook.get("phases", []) for it in phase["items"]]

    stated = captured = 0
    missed: list[str] = []
    by_kind = dict.fromkeys(KINDS, (0, 0))

    def count(fact: str, found: bool) -> None:
        nonlocal stated, captured
        stated += 1
        captured += found
        kind = {"level": "levels", "role": "roles", "abbreviation": "roles", "step": "steps"}.get(
            fact.split()[0], "escalation"
        )
        was = by_kind[kind]
        by_kind[kind] = (was[0] + 1, was[1] + found)
        if not found:
            missed.append(fact)

    names = {norm(s["name"]) for s in severities} | {norm(s.get("title", "")) for s in severities}
    for aliases in facts["levels"]:
        count(f"level {aliases[0]}", any(norm(a) in names for a in aliases))
    for role in facts["roles"]:
        match = next((r for r in roles if singular(r["name"]) == singular(role["name"])), None)
        count(f"role {role['name']}", match is not None)
        if role.get("short"):
            short = norm(match.get("short", "")) if match else ""
            count(f"abbreviation {role['short']}", short == norm(role["short"]))
    for who in facts["escalation"]:
        count(f"escalation {who}", any(norm(who) in norm(e["who"]) for e in escalation))
    # Steps are matched one to one: a step written twice must be imported twice.
    unmatched = [norm(f"{it['text']} {it.get('detail', '')}") for it in items]
    real = 0
    for prefix in facts["steps"]:
        want = norm(prefix)
        hit = next((n for n, have in enumerate(unmatched) if have.startswith(want)), None)
        count(f"step {prefix}", hit is not None)
        if hit is not None:
            real += 1
            unmatched.pop(hit)

    whole = norm(rendered(text))
    invented = [
        fact
        for fact in [s["name"] for s in severities] + [r["name"] for r in roles]
        + [e["who"] for e in escalation] + [it["text"] for it in items]
        if norm(fact) not in whole
    ]  # fmt: skip
    states = any(facts[k] for k in ("levels", "roles", "steps"))
    refused = states and not (severities or roles or items)
    return Score(document.stem, stated, captured, len(items), real, invented, missed, by_kind,
                 refused)  # fmt: skip


def corpus(folder: Path = TUNE) -> list[Score]:
    return [score(p) for p in sorted(folder.glob("*.md")) if p.with_suffix(".facts.toml").is_file()]


def kind_recall(scores: list[Score], kind: str) -> float | None:
    """Macro recall of one kind of fact, over the documents that state that kind."""
    recalls = [r for s in scores if (r := s.kind_recall(kind)) is not None]
    return statistics.mean(recalls) if recalls else None


def macro_precision(scores: list[Score]) -> float | None:
    precisions = [p for s in scores if (p := s.precision) is not None]
    return statistics.mean(precisions) if precisions else None


def report(name: str, scores: list[Score], verbose: bool) -> None:
    print(f"== {name}")
    print(
        f"{'document':40} {'facts':>5} {'kept':>5} {'recall':>7} {'items':>6} {'precision':>9} {'invented':>8}"
    )
    for s in scores:
        precision = f"{s.precision:.0%}" if s.precision is not None else "-"
        print(f"{s.name:40} {s.stated:5} {s.captured:5} {s.recall:7.0%} {s.items:6} {precision:>9} "
              f"{len(s.invented):8}")  # fmt: skip
        for fact in s.invented:
            print(f"    invented: {fact}")
        if verbose:
            for fact in s.missed:
                print(f"    missed: {fact}")
    print()


def summary(name: str, scores: list[Score]) -> str:
    def pct(value: float | None) -> str:
        return f"{value:.0%}" if value is not None else "-"

    kinds = "  ".join(f"{kind} {pct(kind_recall(scores, kind)):>4}" for kind in KINDS)
    items = sum(s.items for s in scores)
    real = sum(s.real_items for s in scores)
    return (f"{name:8} {len(scores):3} documents  macro recall {pct(statistics.mean(s.recall for s in scores)):>4}"
            f"  {kinds}  item precision {pct(macro_precision(scores)):>4} (pooled {real}/{items})"
            f"  invented {sum(len(s.invented) for s in scores)}"
            f"  refused {sum(s.refused for s in scores)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, help="one folder of NAME.md + NAME.facts.toml"
    )
    parser.add_argument("-v", action="store_true", help="list the facts missed too")
    args = parser.parse_args()
    if args.folder is not None and not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    verbose = args.v
    parts = (
        [(args.folder.name, args.folder)] if args.folder else [("tune", TUNE), ("heldout", HELDOUT)]
    )
    results = [(name, corpus(folder)) for name, folder in parts]
    for name, scores in results:
        report(name, scores, verbose)
    print(
        "macro recall per kind over the documents stating it; item precision: imported items that"
    )
    print(
        "are real steps, macro over documents with items (targets: recall >= 85%, each kind >= 70%,"
    )
    print("item precision >= 80%, invented 0, refused 0)")
    for name, scores in results:
        print(summary(name, scores))


if __name__ == "__main__":
    main()
