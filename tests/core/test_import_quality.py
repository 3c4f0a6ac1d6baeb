"""Import measured on real public runbooks against facts written down by hand from reading
them (tests/data/runbooks/corpus/{tune,heldout}/*.facts.toml): how much it keeps, how much of
what it takes as steps are steps, and that it makes nothing up.

Both parts are guarded per kind of fact (levels, roles, steps, escalation), not only on
average, a little below today's figures so that none slips. The tune part is what the importer
is built against; the held-out part is kept aside to measure it on documents it was not tuned
on (the importer is never shaped after them), and nothing may be invented on either."""

from __future__ import annotations

import statistics
import tomllib

import pytest

from benchmarks.import_quality import (
    HELDOUT,
    KINDS,
    TUNE,
    Score,
    corpus,
    kind_recall,
    macro_precision,
)

# The tune part is imported once for the two tests that read it (seconds of work each time),
# on one worker.
pytestmark = pytest.mark.xdist_group("import-quality")

# The documents the importer was first built on: a little below what it reaches on them
# (recall 99%, precision 93%), so that regressions fail.
FIRST = {
    "counteractive-commander", "counteractive-liaison", "counteractive-phishing",
    "counteractive-ransomware", "counteractive-scribe", "govuk-on-call",
    "kubernetes-security-release-process", "kubernetes-src-oncall", "kubernetes-token-leak",
    "openjs-incident-response-plan", "pagerduty-after-an-incident", "pagerduty-different-roles",
    "pagerduty-during-an-incident", "pagerduty-security-incident-response",
    "pagerduty-severity-levels",
}  # fmt: skip
RECALL = 0.96
PRECISION = 0.90
# The tune part as it was when these floors were set, per kind of fact: a little below its
# figures then (recall 93%, levels 100%, roles 100%, steps 90%, escalation 100%, precision 90%),
# so that none slips. Documents added to tune/ later are not under these floors (they are
# there to show what import still misses); nothing may be invented or refused on any of them.
TUNED = FIRST | {
    "aws-credential-compromise", "cloudgov-security-ir-checklist", "cloudgov-security-ir",
    "gds-way-incident-management", "nodejs-incident-response-plan", "python-psrt",
    "sourcegraph-escalation-engineer-rotation", "sourcegraph-incidents", "sourcegraph-on-call",
}  # fmt: skip
# Raised since (recall 96%, steps 92%, precision 89%).
TUNE_RECALL = 0.93
TUNE_PRECISION = 0.87
TUNE_KIND_RECALL = {"levels": 0.95, "roles": 0.97, "steps": 0.89, "escalation": 0.95}
# The held-out part, the same way (today recall 86%, levels 60%, roles 86%, steps 93%,
# escalation 25%, precision 77%, no document refused); the target for every kind is 70%
# (issue 25). Levels raised since (80%), precision too (79%, then 83%, then 87%), and
# escalation (38%, then 62%, then 75%).
# Documents added to heldout/ later are not under these floors: they measure import on
# documents nobody has tuned on; nothing may be invented or refused on any of them.
HELDOUT_FIRST = {
    "apache-committers-security", "artsy-support-responding", "ceph-vulnerability-management",
    "cncf-incident-response-template", "dfe-support", "django-security-policies",
    "github-publishing-security-advisory", "go-security-policy",
    "istio-security-vulnerabilities", "moj-opg-incident-process", "openstack-vmt-process",
    "ossf-runbook", "posthog-incidents", "posthog-on-call", "rust-handling-reports",
    "zephyr-vulnerability-reporting",
}  # fmt: skip
HELDOUT_RECALL = 0.84
HELDOUT_PRECISION = 0.84
HELDOUT_KIND_RECALL = {"levels": 0.75, "roles": 0.83, "steps": 0.89, "escalation": 0.72}
HELDOUT_REFUSED = 0
LICENCES = {
    "Apache-2.0", "MIT", "MIT-0", "MIT OR Apache-2.0", "BSD-3-Clause", "CC0-1.0", "CC-BY-3.0",
    "CC-BY-4.0", "CC-BY-SA", "curl", "GPL-2.0", "GPL-3.0", "GPL-3.0-or-later", "AGPL-3.0",
    "MPL-2.0",
    # a US federal agency's own document that states no licence: public domain by statute
    "US-Government-Work",
}  # fmt: skip


def test_the_corpus_is_real_documents_with_their_sources() -> None:
    parts = {}
    for part in (TUNE, HELDOUT):
        documents = [d for d in sorted(part.glob("*.md")) if d.name != "README.md"]
        parts[part.name] = documents
        for document in documents:
            facts = tomllib.loads(document.with_suffix(".facts.toml").read_text(encoding="utf-8"))
            source = facts["document"]
            assert source["repository"] and source["path"] and len(source["commit"]) == 40
            assert source["licence"] in LICENCES, document.name
            assert set(KINDS) <= facts.keys(), document.name
    assert len(parts["tune"]) + len(parts["heldout"]) >= 40
    assert len(parts["heldout"]) >= 15
    assert {d.stem for d in parts["tune"]} >= FIRST


@pytest.fixture(scope="module")
def tune() -> list[Score]:
    return corpus(TUNE)


def test_import_keeps_what_real_runbooks_say_and_invents_nothing(tune: list[Score]) -> None:
    scores = [s for s in tune if s.name in FIRST]
    table = "\n".join(
        f"{s.name}: recall {s.recall:.0%}, precision {s.precision}, missed {s.missed}"
        for s in scores
    )
    assert statistics.mean(s.recall for s in scores) >= RECALL, table
    precisions = [s.precision for s in scores if s.precision is not None]
    assert statistics.mean(precisions) >= PRECISION, table
    assert [s.invented for s in scores if s.invented] == [], table
    assert min(s.recall for s in scores) >= 0.6, table


def test_each_kind_of_fact_holds_on_the_tune_part(tune: list[Score]) -> None:
    everything = tune
    scores = [s for s in everything if s.name in TUNED]
    table = "\n".join(f"{s.name}: {s.by_kind}, missed {s.missed}" for s in scores)
    assert statistics.mean(s.recall for s in scores) >= TUNE_RECALL, table
    assert (macro_precision(scores) or 0) >= TUNE_PRECISION, table
    for kind, floor in TUNE_KIND_RECALL.items():
        assert (kind_recall(scores, kind) or 0) >= floor, f"{kind}\n{table}"
    assert [(s.name, s.invented) for s in everything if s.invented] == [], table
    # A document that states levels, roles or steps is never refused ("nothing to import").
    assert [s.name for s in everything if s.refused] == []


def test_each_kind_of_fact_holds_on_documents_kept_aside_and_nothing_is_invented() -> None:
    everything = corpus(HELDOUT)
    scores = [s for s in everything if s.name in HELDOUT_FIRST]
    assert len(scores) == len(HELDOUT_FIRST)
    table = "\n".join(f"{s.name}: {s.by_kind}" for s in scores)
    assert statistics.mean(s.recall for s in scores) >= HELDOUT_RECALL, table
    assert (macro_precision(scores) or 0) >= HELDOUT_PRECISION, table
    for kind, floor in HELDOUT_KIND_RECALL.items():
        assert (kind_recall(scores, kind) or 0) >= floor, f"{kind}\n{table}"
    assert [(s.name, s.invented) for s in everything if s.invented] == []
    assert sum(s.refused for s in everything) <= HELDOUT_REFUSED, table
