"""The timeline's hash chain: written with every entry, checked in the database and in an
exported file, kept by imports, never forked by two writers, laid over old databases once."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.helpers import PYTHON
from tests.helpers.cli import Ran, invoke
from tests.helpers.team import first_release_database, race, raw_engine
from warroom.core.chain import GENESIS
from warroom.core.clock import SimulatedClock
from warroom.core.errors import UsageError
from warroom.incident.chaining import ChainBroken, verify_export
from warroom.incident.service import IncidentService
from warroom.storage.migrate import upgrade
from warroom.storage.store import Store


def worked(service: IncidentService, clock: SimulatedClock) -> None:
    """An incident with an entry of most kinds, a correction and a retitle among them."""
    service.open_or_declare("INC-42", title="Checkout 500s")
    clock.advance(30)
    service.assign_role("INC-42", "ic", "alice")
    wrong = service.add_note("INC-42", "rolled back to v1.4.1")
    clock.advance(12)
    service.correct_note("INC-42", wrong.id, "rolled back to v1.4.2")
    service.tick("INC-42", service.state("INC-42").items[1].id)
    service.set_severity("INC-42", "SEV-2")
    service.record_health("INC-42", "web", "DOWN", "web DOWN: status 500", {"reason": "500"})
    service.retitle("INC-42", "Checkout returns 500s")
    clock.advance(60)
    service.set_status("INC-42", "resolved")


def edit_row(db_url: str, sql: str, **values: object) -> None:
    """Change the database behind warroom's back, as someone with the file or the server would."""
    engine = raw_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(sql), values)
    engine.dispose()


def test_each_entry_names_the_one_before_it(service: IncidentService, clock) -> None:
    worked(service, clock)
    timeline = service.state("INC-42").timeline
    assert timeline[0].prev_hash == GENESIS
    for before, entry in zip(timeline, timeline[1:], strict=False):
        assert entry.prev_hash == before.hash and len(entry.hash or "") == 64
    checked = service.verify("INC-42")
    assert checked.broken is None
    assert (checked.entries, checked.head) == (len(timeline), timeline[-1].hash)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ("UPDATE timeline_entry SET text = 'rolled back to v1.4.0' WHERE id = :id", "content"),
        ("UPDATE timeline_entry SET actor = 'mallory' WHERE id = :id", "content"),
        ("DELETE FROM timeline_entry WHERE id = :id", "names an entry before it"),
    ],
)
def test_a_row_changed_in_the_database_is_caught_and_named(
    service: IncidentService, clock, db_url: str, change: str, what: str
) -> None:
    worked(service, clock)
    timeline = service.state("INC-42").timeline
    target = next(e for e in timeline if e.text == "rolled back to v1.4.1")
    edit_row(db_url, change, id=target.id)
    broken = service.verify("INC-42").broken
    assert broken is not None and what in broken.what
    named = target if "content" in what else timeline[timeline.index(target) + 1]
    assert broken.label == f"T+00:00:{(named.at - timeline[0].at).seconds} entry id {named.id}"


def test_a_correction_pointed_elsewhere_is_caught(service: IncidentService, clock, db_url) -> None:
    """Corrections are in the chain: what an entry corrects is part of what it says."""
    worked(service, clock)
    correction = next(
        e for e in service.state("INC-42").timeline if e.data and "corrects" in e.data
    )
    edit_row(
        db_url,
        "UPDATE timeline_entry SET data = :data WHERE id = :id",
        id=correction.id,
        data=json.dumps({"corrects": correction.data["corrects"] - 1}),
    )
    broken = service.verify("INC-42").broken
    assert broken is not None and broken.label.endswith(f"entry id {correction.id}")


def test_two_writers_at_once_never_fork_the_chain(db_url: str) -> None:
    clock = SimulatedClock()
    alice = IncidentService(Store(db_url), clock=clock, actor="alice")
    bob = IncidentService(Store(db_url), clock=clock, actor="bob")
    alice.declare("x")
    item = alice.state("INC-1").items[0].id
    for n in range(15):
        race(
            lambda n=n: alice.add_note("INC-1", f"alice {n}"),
            lambda n=n: bob.add_note("INC-1", f"bob {n}"),
            lambda: alice.toggle("INC-1", item),
            lambda n=n: bob.set_severity("INC-1", "SEV-1" if n % 2 else "SEV-3"),
        )
    checked = alice.verify("INC-1")
    assert checked.broken is None and checked.entries == 1 + 15 * 4
    hashes = [e.prev_hash for e in alice.state("INC-1").timeline]
    assert len(set(hashes)) == len(hashes)  # no two entries follow the same one


def test_two_processes_writing_at_once_never_fork_the_chain(
    service: IncidentService, db_url: str
) -> None:
    service.declare("x")
    script = (
        "import sys\n"
        "from warroom.incident.service import IncidentService\n"
        "from warroom.storage.store import Store\n"
        "s = IncidentService(Store(sys.argv[1]), actor=sys.argv[2])\n"
        "for n in range(25):\n"
        "    s.add_note('INC-1', f'{sys.argv[2]} {n}')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    procs = [subprocess.Popen([PYTHON, "-c", script, db_url, who], env=env) for who in ("p1", "p2")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    checked = service.verify("INC-1")
    assert checked.broken is None and checked.entries == 51


def test_an_edited_export_is_caught_and_refused(
    service: IncidentService, clock, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    worked(service, clock)
    data = service.export("INC-42")
    assert verify_export(data).broken is None
    path = tmp_path / "inc.json"
    path.write_text(json.dumps(data))

    def run(*args: str) -> Ran:
        return invoke(cli_env, *args)

    done = run("verify", str(path))
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == f"{path}: chain intact: {len(data['timeline'])} entries, head {data['chain']['head'][:16]}\n"
    )

    n = next(i for i, e in enumerate(data["timeline"]) if e["text"].startswith("Severity"))
    data["timeline"][n]["text"] = "Severity SEV-1 → SEV-4"
    path.write_text(json.dumps(data))
    done = run("verify", str(path))
    assert done.returncode == 1
    assert done.stderr == (
        f"warroom: {path}: chain broken at T+00:00:42 timeline[{n}]: its content "
        "(kind, actor, time, text or data) was changed\n"
    )
    done = run("import", str(path))
    assert done.returncode != 0 and "not imported (--accept-broken-chain" in done.stderr
    assert len(service.list_incidents()) == 1  # nothing was written

    done = run("import", str(path), "--accept-broken-chain")
    assert done.returncode == 0, done.stderr
    ident = done.stdout.split()[0]
    said = service.state(ident).timeline[-1]
    assert said.kind == "chain" and f"broken at T+00:00:42 timeline[{n}]" in said.text
    assert service.verify(ident).broken is None  # chained anew, from the file's entries


def test_an_entry_cut_from_the_end_of_an_export_is_caught(service: IncidentService, clock) -> None:
    worked(service, clock)
    data = service.export("INC-42")
    data["timeline"].pop()
    broken = verify_export(data).broken
    assert broken is not None and "removed from or added at the end" in broken.what
    with pytest.raises(ChainBroken):
        service.import_incident(data)


def test_an_import_keeps_the_chain_even_when_renumbered(service: IncidentService, clock) -> None:
    worked(service, clock)
    data = service.export("INC-42")
    ident, renumbered = service.import_incident(data)
    assert renumbered and ident != "INC-42"
    assert service.verify(ident).broken is None
    again = service.export(ident)
    assert again["timeline"] == data["timeline"] and again["chain"] == data["chain"]


def test_an_export_from_before_the_chain_is_chained_on_import(
    service: IncidentService, clock
) -> None:
    worked(service, clock)
    data = service.export("INC-42")
    del data["chain"]
    with pytest.raises(UsageError, match="carries no chain"):
        verify_export(data)
    ident, _ = service.import_incident(data)
    assert service.verify(ident).broken is None
    assert service.state(ident).timeline[-1].text.startswith("Imported from a file without")


def test_upgrading_chains_the_entries_already_there_once(
    db_url: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    url = first_release_database(db_url, tmp_path)
    done = invoke(cli_env, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert "chained 9 timeline entries in 2 incidents\n" in done.stdout  # all of schema1.db
    service = IncidentService(Store(url), actor="carol")
    for ident in ("INC-1", "INC-2"):
        assert service.verify(ident).broken is None
    service.add_note("INC-1", "after the upgrade")  # links on to the chained entries
    assert service.verify("INC-1").broken is None
    assert upgrade(url).chained is None  # a second run chains nothing again


def test_the_newest_entries_cut_from_the_database_are_caught(
    service: IncidentService, clock, db_url: str
) -> None:
    worked(service, clock)
    last = service.state("INC-42").timeline[-1]
    edit_row(db_url, "DELETE FROM timeline_entry WHERE id = :id", id=last.id)
    broken = service.verify("INC-42").broken
    assert broken is not None and "removed from or added at the end" in broken.what
