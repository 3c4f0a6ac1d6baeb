"""How much of real runbooks `warroom playbook import` keeps, and whether it makes anything up.

    python benchmarks/import_quality.py [DIR] [-v]    (-v: the facts missed too)

For every DIR/NAME.md with a hand-written DIR/NAME.facts.toml (default:
tests/data/runbooks/realworld), imports the document and prints per document:
- recall: facts captured / facts the document states (levels, roles and their
  abbreviations, steps, escalation levels);
- precision: imported checklist items that are real steps / all imported items;
- invented: imported levels, roles, items or escalation levels whose text is nowhere in the
  document (the built-in defaults copied in would count here).
Then the macro recall and precision over the corpus.
"""

from __future__ import annotations

import re
import statistics
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "runbooks" / "realworld"


def norm(text: str) -> str:
    """Lower-case words only: markdown, quotes and punctuation do not decide a match."""
    import ftfy

    return " ".join(re.findall(r"[a-z0-9]+", ftfy.fix_text(text).lower()))


def singular(text: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in norm(text).split())


def rendered(markdown: str) -> str:
    """The document's text as a reader sees it (links as their words, no markup)."""
    import html

    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
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

    @property
    def recall(self) -> float:
        return self.captured / self.stated if self.stated else 1.0

    @property
    def precision(self) -> float | None:
        return self.real_items / self.items if self.items else None


def score(document: Path) -> Score:
    from warroom.runbook_import import import_runbook

    facts = tomllib.loads(document.with_suffix(".facts.toml").read_text(encoding="utf-8"))
    text = document.read_text(encoding="utf-8")
    playbook = import_runbook(text, "scored", document.name).playbook
    severities = playbook.get("severities", [])
    roles = playbook.get("roles", [])
    escalation = playbook.get("escalation", [])
    items = [it for phase in playbook.get("phases", []) for it in phase["items"]]

    stated = captured = 0
    missed: list[str] = []

    def count(fact: str, found: bool) -> None:
        nonlocal stated, captured
        stated += 1
        captured += found
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
    return Score(document.stem, stated, captured, len(items), real, invented, missed)


def corpus(folder: Path = CORPUS) -> list[Score]:
    return [score(p) for p in sorted(folder.glob("*.md")) if p.with_suffix(".facts.toml").is_file()]


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    folder = Path(args[0]) if args else CORPUS
    scores = corpus(folder)
    print(
        f"{'document':40} {'facts':>5} {'kept':>5} {'recall':>7} {'items':>6} {'precision':>9} {'invented':>8}"
    )
    for s in scores:
        precision = f"{s.precision:.0%}" if s.precision is not None else "-"
        print(f"{s.name:40} {s.stated:5} {s.captured:5} {s.recall:7.0%} {s.items:6} {precision:>9} "
              f"{len(s.invented):8}")  # fmt: skip
        for fact in s.invented:
            print(f"    invented: {fact}")
        if "-v" in sys.argv:
            for fact in s.missed:
                print(f"    missed: {fact}")
    precisions = [s.precision for s in scores if s.precision is not None]
    print(f"\n{len(scores)} documents: macro recall {statistics.mean(s.recall for s in scores):.0%} "
          f"(target >= 80%), macro precision {statistics.mean(precisions):.0%} (target >= 60%), "
          f"invented {sum(len(s.invented) for s in scores)} (target 0)")  # fmt: skip


if __name__ == "__main__":
    main()
