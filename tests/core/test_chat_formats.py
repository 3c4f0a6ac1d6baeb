"""Each chat format against a real recording server on 127.0.0.1: the body has the shape its
chat documents, with the incident id and severity where that chat shows them, and the
delivery is recorded as for any webhook. The config says in one line what a webhook lacks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.webhook_server import chat
from warroom.core.config import Webhook, load_config
from warroom.core.tomlfile import FileError
from warroom.incident.chat import MATRIX_KEY, discord, slack, update_message
from warroom.incident.comms import deliver
from warroom.incident.service import IncidentService

TEXT = "Checkout is failing for <!channel> & @everyone\nNext update in 15 minutes"


@pytest.fixture
def incident(service: IncidentService) -> IncidentService:
    service.declare("Checkout returns 500s", "SEV-1")
    return service


def sent(service: IncidentService, format: str, **where: str) -> tuple[str, str, dict, Any]:
    """Update 1 of INC-1 (SEV-1) sent in `format`; the one request the server saw."""
    with chat() as server:
        hook = Webhook(name="team", format=format, retries=0, **({"url": server.url} | where))
        entry = service.post_update("INC-1", TEXT, None, [hook.name])
        message = update_message(service.state("INC-1"), 1, entry.id, TEXT)

        async def record(hook: Webhook, outcome: str, reason: str, tries: int) -> None:
            service.record_delivery("INC-1", 1, hook.name, outcome, reason, tries)

        asyncio.run(deliver([hook], message, record))
    assert service.state("INC-1").deliveries[0].summary() == "delivered to team"
    [(method, path, headers, body)] = server.requests
    return method, path, headers, json.loads(body)


def test_slack_a_header_block_and_the_text_escaped(incident: IncidentService) -> None:
    method, path, _, body = sent(incident, "slack")
    assert (method, path) == ("POST", "/hook")
    escaped = TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert body == {
        "text": escaped,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "INC-1 · SEV-1 · update 1"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": escaped}},
        ],
    }


def test_mattermost_an_attachment_in_the_severity_colour(incident: IncidentService) -> None:
    _, _, _, body = sent(incident, "mattermost")
    [attachment] = body["attachments"]
    assert attachment["color"] == "#e5484d"  # SEV-1's colour in the playbook
    assert attachment["title"] == "INC-1 · SEV-1 · update 1"
    assert attachment["fallback"].startswith("INC-1 · SEV-1 · update 1: Checkout is failing")
    assert "&lt;!channel&gt; &amp; @everyone" in attachment["text"]
    assert attachment["fields"] == [
        {"short": True, "title": "Incident", "value": "INC-1"},
        {"short": True, "title": "Severity", "value": "SEV-1"},
    ]


def test_teams_an_adaptive_card_in_a_workflows_message(incident: IncidentService) -> None:
    _, _, _, body = sent(incident, "teams")
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    title, facts, text = card["body"]
    assert title["type"] == "TextBlock" and title["text"] == "INC-1 · SEV-1 · update 1"
    assert title["color"] == "Attention"  # the most severe level
    assert facts == {
        "type": "FactSet",
        "facts": [
            {"title": "Incident", "value": "INC-1"},
            {"title": "Severity", "value": "SEV-1"},
            {"title": "Update", "value": "1"},
        ],
    }
    assert text == {"type": "TextBlock", "text": TEXT, "wrap": True}


def test_discord_an_embed_that_pings_nobody(incident: IncidentService) -> None:
    _, _, _, body = sent(incident, "discord")
    assert body["allowed_mentions"] == {"parse": []}
    [embed] = body["embeds"]
    assert embed["title"] == "INC-1 · SEV-1 · update 1"
    assert embed["description"] == TEXT
    assert embed["color"] == 0xE5484D
    assert embed["fields"] == [
        {"name": "Incident", "value": "INC-1", "inline": True},
        {"name": "Severity", "value": "SEV-1", "inline": True},
    ]


def test_google_chat_a_card_in_the_incident_thread(incident: IncidentService) -> None:
    _, path, _, body = sent(incident, "google-chat")
    assert path == "/hook?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"
    assert body["thread"] == {"threadKey": "INC-1"}
    [card] = body["cardsV2"]
    assert card["cardId"] == "INC-1-update-1"
    assert card["card"]["header"] == {"title": "INC-1 · SEV-1", "subtitle": "Update 1"}
    [section] = card["card"]["sections"]
    assert section["widgets"] == [
        {
            "textParagraph": {
                "text": "Checkout is failing for &lt;!channel&gt; &amp; @everyone<br>"
                "Next update in 15 minutes"
            }
        }
    ]


def test_matrix_a_room_message_with_the_token_from_the_environment(
    incident: IncidentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATRIX_TOKEN", "syt_s3cr3t")
    with chat() as server:
        base = server.url.removesuffix("/hook")
        hook = Webhook(
            name="team",
            format="matrix",
            homeserver=base,
            room="!ops:example.org",
            token="${MATRIX_TOKEN}",
            retries=0,
        )
        entry = incident.post_update("INC-1", TEXT, None, ["team"])
        message = update_message(incident.state("INC-1"), 1, entry.id, TEXT)

        async def record(hook: Webhook, outcome: str, reason: str, tries: int) -> None:
            incident.record_delivery("INC-1", 1, hook.name, outcome, reason, tries)

        asyncio.run(deliver([hook], message, record))
    [(method, path, headers, raw)] = server.requests
    assert method == "PUT"
    room, txn = "%21ops%3Aexample.org", f"warroom.INC-1.1.{entry.id}.team"
    assert path == f"/_matrix/client/v3/rooms/{room}/send/m.room.message/{txn}"
    assert headers["Authorization"] == "Bearer syt_s3cr3t"
    assert json.loads(raw) == {
        "msgtype": "m.text",
        "body": f"INC-1 · SEV-1 · update 1\n{TEXT}",
        "format": "org.matrix.custom.html",
        "formatted_body": "<strong>INC-1 · SEV-1 · update 1</strong><br>Checkout is failing "
        "for &lt;!channel&gt; &amp; @everyone<br>Next update in 15 minutes",
        MATRIX_KEY: {"incident": "INC-1", "severity": "SEV-1", "update": 1},
    }
    state = incident.state("INC-1")
    assert state.deliveries[0].summary() == "delivered to team"
    assert "s3cr3t" not in repr(state.timeline)


def test_a_matrix_token_that_is_not_set_is_a_failed_delivery(
    incident: IncidentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MATRIX_TOKEN", raising=False)
    hook = Webhook(name="team", format="matrix", homeserver="http://127.0.0.1:9",
                   room="!ops:example.org", token="${MATRIX_TOKEN}", retries=0)  # fmt: skip
    entry = incident.post_update("INC-1", TEXT, None, ["team"])

    async def record(hook: Webhook, outcome: str, reason: str, tries: int) -> None:
        incident.record_delivery("INC-1", 1, hook.name, outcome, reason, tries)

    message = update_message(incident.state("INC-1"), 1, entry.id, TEXT)
    asyncio.run(deliver([hook], message, record))
    summary = incident.state("INC-1").deliveries[0].summary()
    assert summary == "team: FAILED ${MATRIX_TOKEN} is not set"


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        (
            'format = "irc"\nurl = "https://chat.example.org/hook"',
            "webhook[0].format: unknown format 'irc': one of slack, mattermost, teams, "
            "discord, google-chat, matrix",
        ),
        (
            'format = "matrix"\nhomeserver = "https://matrix.example.org"',
            "webhook[0]: a matrix webhook needs homeserver, room and token (missing: room, token)",
        ),
        (
            'format = "matrix"\nhomeserver = "https://m.example.org"\nroom = "!a:example.org"\n'
            'token = "syt_literal"',
            'webhook[0]: token comes from the environment, never the file: token = "${MATRIX_TOKEN}"',
        ),
        (
            'format = "matrix"\nhomeserver = "https://m.example.org"\nroom = "#ops:example.org"\n'
            'token = "${T}"',
            "webhook[0]: room '#ops:example.org' is not a room ID such as \"!abc123:example.org\"",
        ),
        ('format = "discord"', 'webhook[0]: a discord webhook needs url = "https://…"'),
        (
            'url = "https://chat.example.org/hook"\nroom = "!a:example.org"',
            'webhook[0]: room: only for format = "matrix"',
        ),
    ],
)
def test_a_webhook_that_cannot_be_used_is_one_line(tmp_path: Path, toml: str, said: str) -> None:
    path = tmp_path / "warroom.toml"
    path.write_text(f'[[webhook]]\nname = "team"\n{toml}\n')
    with pytest.raises(FileError) as caught:
        load_config(path)
    assert str(caught.value).endswith(said)
    assert "\n" not in str(caught.value)


def test_a_long_update_is_split_for_slack_and_cut_for_discord_saying_so(
    incident: IncidentService,
) -> None:
    long = "x" * 10_000  # the most an update may be
    message = update_message(incident.state("INC-1"), 1, 1, long)
    sections = [b["text"]["text"] for b in slack(message)["blocks"][1:]]
    assert [len(s) for s in sections] == [3000, 3000, 3000, 1000] and "".join(sections) == long
    description = discord(message)["embeds"][0]["description"]
    assert len(description) == 4096 and description.endswith("x…")
