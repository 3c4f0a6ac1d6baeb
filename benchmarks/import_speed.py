"""How long `warroom playbook import` takes on a large runbook.

    python benchmarks/import_speed.py [MEGABYTES]     (default 1)

The runbook is the three sample runbooks of tests/data/runbooks written one after another until
it is MEGABYTES long (a team's whole wiki exported as one page). Prints the best of three
imports, in CPU seconds of this process (a loaded machine's waiting left out), beside the
yardstick measured in the same run: markdown-it-py's own parse of the same text (the least any
importer built on it can take).

Then hostile documents of about 200 kB each, where one block repeats what a careless pattern
would rescan from every position (unclosed brackets, template tags, links, emphasis, blanks in
angle brackets, a sentence with no end under an escalation heading), a table 2,000 columns wide
and a list nested 2,000 deep: each should take about as long as a runbook of its size, not
minutes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = (
    "emergency-response-playbook.md",
    "launch-incident-playbook.md",
    "operational-runbooks.md",
)


def large_runbook(size: int) -> str:
    parts = [
        (ROOT / "tests" / "data" / "runbooks" / n).read_text(encoding="utf-8") for n in SAMPLES
    ]
    text = ""
    while len(text.encode()) < size:
        text += "\n\n".join(parts) + "\n\n"
    return text.encode()[:size].decode("utf-8", errors="ignore")


HOSTILE_UNITS = ("(", "{{", "{%", "Incident Commander (", "[a](", "![", "*a ", "If a, ", "<date> ")
# Sentences with no end where each word could start an escalation: read under such a heading.
ESCALATION_UNITS = ("escalate to the ", "the on call ", "the VMT contacts the ", "If a, the b ")


def hostile_runbooks(size: int = 200_000) -> dict[str, str]:
    docs = {}
    for unit in HOSTILE_UNITS:
        block = unit * (size // len(unit))
        docs[f"item of {unit!r}"] = f"# Steps\n- {block}\n- Page the on-call\n"
        docs[f"paragraph of {unit!r}"] = f"# Steps\n\n{block}\n"
    for unit in ESCALATION_UNITS:
        block = unit * (size // len(unit))
        docs[f"escalation paragraph of {unit!r}"] = f"# Escalation\n\n{block}\n"
    columns = 2000
    docs["table 2,000 columns wide"] = (
        "# Severity\n|" + "|".join(f"SEV{n}" for n in range(columns)) + "|\n|"
        + "---|" * columns + "\n|" + "a|" * columns + "\n"
    )  # fmt: skip
    docs["list nested 2,000 deep"] = "# Steps\n" + "".join(
        "  " * n + f"- Restart the service {n}\n" for n in range(2000)
    )
    return docs


def main() -> None:
    from warroom.runbooks.importer import import_runbook

    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    text = large_runbook(int(megabytes * 1_000_000))
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    best = parse = float("inf")
    for _ in range(3):
        started = time.process_time()
        parser.parse(text)
        parse = min(parse, time.process_time() - started)
        started = time.process_time()
        report = import_runbook(text, "large", "LARGE.md")
        best = min(best, time.process_time() - started)
    print(f"{len(text.encode()) / 1e6:.1f} MB runbook: imported in {best:.2f} s "
          f"({report.items} items, {len(report.phases)} phases); "
          f"markdown-it's parse alone {parse:.2f} s ({best / parse:.1f}×)")  # fmt: skip
    timed = []
    for name, doc in hostile_runbooks().items():
        started = time.process_time()
        import_runbook(doc, "hostile", "HOSTILE.md")
        timed.append((time.process_time() - started, name, len(doc.encode())))
    slowest = sorted(timed, reverse=True)
    print(f"hostile documents: {len(timed)}, slowest:")
    for seconds, name, size in slowest[:3]:
        print(f"  {seconds:5.2f} s  {name} ({size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
