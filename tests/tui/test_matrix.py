"""A status update from the console reaches a room on a real Matrix homeserver (Synapse on
127.0.0.1), is read back through the server's own API, and the timeline says delivered."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.apps import timeline_words
from tests.helpers.console import screen_text, settle, wait_until
from tests.helpers.matrix_server import MatrixRoom
from tests.helpers.updates import ALERT, declared, entries, ready
from warroom.incident.chat import MATRIX_KEY
from warroom.incident.service import IncidentService
from warroom.tui.app import WarroomApp


def console(service: IncidentService, tmp_path: Path, room: MatrixRoom, url: str) -> WarroomApp:
    config = tmp_path / "warroom.toml"
    config.write_text(
        f'[[webhook]]\nname = "matrix"\nformat = "matrix"\nhomeserver = "{url}"\n'
        f'room = "{room.room}"\ntoken = "${{WARROOM_TEST_MATRIX_TOKEN}}"\nretries = 0\n'
    )
    return WarroomApp("INC-42", service=service, config=config)


async def test_an_update_arrives_in_the_matrix_room(
    service: IncidentService,
    tmp_path: Path,
    matrix_room: MatrixRoom,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WARROOM_TEST_MATRIX_TOKEN", matrix_room.token)
    declared(service)
    app = console(service, tmp_path, matrix_room, matrix_room.server.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("u", "enter", "ctrl+s")  # the initial alert
        await wait_until(pilot, lambda: "✓ delivered to matrix" in screen_text(app))
        await pilot.press("escape")
        await settle(pilot)
        assert "→ delivered to matrix" in timeline_words(app)
    assert entries(service) == ["Update 1 delivered to matrix (HTTP 200)"]
    [message] = matrix_room.server.messages(matrix_room.token, matrix_room.room)
    assert message["sender"] == f"@{matrix_room.user}:warroom.test"
    content = message["content"]
    assert content["msgtype"] == "m.text"
    headline, text = content["body"].split("\n", 1)
    assert headline == "INC-42 · SEV-1 · update 1"
    assert text.startswith(ALERT)
    assert content[MATRIX_KEY] == {"incident": "INC-42", "severity": "SEV-1", "update": 1}
    assert matrix_room.token not in repr(service.state("INC-42").timeline)


async def test_a_room_the_token_cannot_post_in_is_a_failed_delivery_with_its_reason(
    service: IncidentService,
    tmp_path: Path,
    matrix_room: MatrixRoom,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WARROOM_TEST_MATRIX_TOKEN", "not-a-token")
    declared(service)
    app = console(service, tmp_path, matrix_room, matrix_room.server.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("u", "enter", "ctrl+s")
        await wait_until(pilot, lambda: "FAILED" in screen_text(app))
        assert "✖ matrix: FAILED HTTP 401 M_UNKNOWN_TOKEN" in screen_text(app)
    assert entries(service) == ["Update 1 to matrix: FAILED HTTP 401 M_UNKNOWN_TOKEN"]
    assert matrix_room.server.messages(matrix_room.token, matrix_room.room) == []
