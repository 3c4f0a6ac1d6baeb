"""Replay: the board at any moment, folded from the timeline, reads as the service read it
then."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers.replay import build
from warroom.core.replay import Replay, parse_moment
from warroom.incident.history import whole_state
from warroom.incident.service import IncidentService


def test_each_moment_reads_as_the_service_read_it_then(service: IncidentService, clock) -> None:
    recorded = build(service, clock)
    replay = Replay(service.state("INC-42"))
    assert len(replay) == recorded[-1].entry_count
    for then in recorded:
        moment = replay.at(replay.index_at(then.timeline[-1].at))
        assert moment.state == then, then.timeline[-1].text
    # Between two steps: the board as the earlier one left it.
    between = recorded[4].timeline[-1].at + timedelta(seconds=10)
    assert replay.at(replay.index_at(between)).state == recorded[4]


def test_the_moment_shows_health_as_last_recorded(service: IncidentService, clock) -> None:
    build(service, clock)
    replay = Replay(service.state("INC-42"))
    texts = [e.text for e in replay.entries]
    down = replay.at(texts.index("web DOWN: status 500"))
    assert [(h.name, h.state, h.reason) for h in down.health] == [("web", "DOWN", "status 500")]
    assert replay.at(0).health == []
    assert replay.at(texts.index("web UP")).health[0].state == "UP"


def test_a_closed_incident_replays_from_its_export(
    service: IncidentService, clock, tmp_path
) -> None:
    import json

    recorded = build(service, clock)
    path = tmp_path / "inc.json"
    path.write_text(json.dumps(service.export("INC-42")))
    whole = whole_state(str(path), None)
    replay = Replay(whole)
    for then in recorded:
        moment = replay.at(replay.index_at(then.timeline[-1].at)).state
        # Row ids differ in another database: the board reads the same.
        assert moment.incident == then.incident
        assert [(i.text, i.done, i.done_at) for i in moment.items] == [
            (i.text, i.done, i.done_at) for i in then.items
        ]
        assert {k: v and v.holder for k, v in moment.roles.items()} == {
            k: v and v.holder for k, v in then.roles.items()
        }
        assert [e.text for e in moment.timeline] == [e.text for e in then.timeline]


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("T+00:12", 720), ("t+01:02:03", 3723), ("12m", 720), ("90s", 90), ("0:05", 300)],
)
def test_a_typed_time(typed: str, seconds: float) -> None:
    assert parse_moment(typed) == seconds


@pytest.mark.parametrize("typed", ["T+00:75", "soon", ""])
def test_a_time_that_cannot_be_read_says_how_to_write_it(typed: str) -> None:
    with pytest.raises(ValueError, match="T\\+00:12"):
        parse_moment(typed)
