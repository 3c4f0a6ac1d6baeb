"""What a status update looks like in each team chat: one request per webhook `format`.

Every format says the incident id and its severity where that chat shows them best (Slack
and Google Chat a card header, Mattermost and Discord a coloured attachment or embed with
fields, Teams an Adaptive Card with a fact set, Matrix the first line of the message and a
namespaced key of its content). The update's own text is sent as written, escaped where the
chat would read it as markup or as a mention of everyone.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from warroom.core.config import Webhook, expand_env
from warroom.core.limits import cut

if TYPE_CHECKING:
    from warroom.core.state import IncidentState

# The key of a Matrix message's content that says which incident and update it is: a bridge
# reading the room back skips these (they came from the console).
MATRIX_KEY = "org.warroom.update"

# Sizes the chats refuse beyond (Slack's section text, Discord's embed description, a
# Discord or Slack header or title).
SLACK_SECTION = 3000
DISCORD_DESCRIPTION = 4096
TITLE = 150


@dataclass(frozen=True)
class Message:
    """One status update as the chats are told it."""

    incident: str  # "INC-42"
    severity: str  # "SEV-1"
    rank: int  # the severity's place in the playbook: 0 is the most severe
    colour: str  # the playbook's colour for the severity, "#rrggbb"
    number: int  # the update's number in the incident
    text: str
    key: str  # the same for every try of this update to this webhook (Matrix's txnId)

    @property
    def headline(self) -> str:
        return f"{self.incident} · {self.severity} · update {self.number}"


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    json: dict[str, Any]
    headers: dict[str, str]


def request(hook: Webhook, message: Message) -> Request:
    """The request that posts `message` to `hook`, its ${VAR}s read from the environment now
    (KeyError names one that is not set)."""
    headers = {k: expand_env(v) for k, v in hook.headers.items()}
    if hook.format == "matrix":
        assert hook.homeserver and hook.room and hook.token  # the config checked them
        headers["Authorization"] = f"Bearer {expand_env(hook.token)}"
        base = expand_env(hook.homeserver).rstrip("/")
        room = quote(hook.room, safe="")
        txn = quote(f"{message.key}.{hook.name}", safe="")
        url = f"{base}/_matrix/client/v3/rooms/{room}/send/m.room.message/{txn}"
        return Request("PUT", url, matrix(message), headers)
    assert hook.url
    url = expand_env(hook.url)
    if hook.format == "google-chat":
        # One thread per incident: a reply to its thread, or a new thread for the first update.
        url = _with_query(url, "messageReplyOption", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")
    return Request("POST", url, BODIES[hook.format](message), headers)


def _with_query(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    if f"{name}=" in parts.query:
        return url
    query = f"{parts.query}&{name}={value}" if parts.query else f"{name}={value}"
    return urlunsplit(parts._replace(query=query))


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _slack_escape(text: str) -> str:
    """Slack's and Mattermost's control characters: `<!channel>` stays text, pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(message: Message) -> dict[str, Any]:
    """Incoming webhook: `text` (notifications and the old clients), then Block Kit blocks,
    a header with the incident, severity and update number."""
    text = _slack_escape(message.text)
    return {
        "text": text,
        "blocks": [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": cut(message.headline, TITLE)},
            },
            *(
                {"type": "section", "text": {"type": "mrkdwn", "text": part}}
                for part in _chunks(text, SLACK_SECTION)
            ),
        ],
    }


def mattermost(message: Message) -> dict[str, Any]:
    """Incoming webhook: a message attachment in the severity's colour, with the incident
    and severity as fields."""
    first_line = (message.text.splitlines() or [""])[0]
    return {
        "attachments": [
            {
                "fallback": f"{message.headline}: {cut(first_line, 200)}",
                "color": message.colour,
                "title": message.headline,
                "text": _slack_escape(message.text),
                "fields": [
                    {"short": True, "title": "Incident", "value": message.incident},
                    {"short": True, "title": "Severity", "value": message.severity},
                ],
            }
        ]
    }


def teams(message: Message) -> dict[str, Any]:
    """A Teams Workflows webhook ("post to a channel when a webhook request is received"): a
    message carrying an Adaptive Card, its title in the severity's colour, then the facts."""
    colour = {0: "Attention", 1: "Warning"}.get(message.rank, "Default")
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": message.headline,
                "weight": "Bolder",
                "size": "Medium",
                "color": colour,
                "wrap": True,
            },
            {
                "type": "FactSet",
                "facts": [
                    {"title": "Incident", "value": message.incident},
                    {"title": "Severity", "value": message.severity},
                    {"title": "Update", "value": str(message.number)},
                ],
            },
            {"type": "TextBlock", "text": message.text, "wrap": True},
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def discord(message: Message) -> dict[str, Any]:
    """Execute webhook: an embed in the severity's colour with the incident and severity as
    fields; no mention in the text pings anyone (allowed_mentions)."""
    colour = message.colour.lstrip("#")
    return {
        "embeds": [
            {
                "title": cut(message.headline, TITLE),
                "description": cut(message.text, DISCORD_DESCRIPTION),
                "color": int(colour, 16) if len(colour) == 6 else 0x888888,
                "fields": [
                    {"name": "Incident", "value": message.incident, "inline": True},
                    {"name": "Severity", "value": message.severity, "inline": True},
                ],
            }
        ],
        "allowed_mentions": {"parse": []},
    }


def google_chat(message: Message) -> dict[str, Any]:
    """Incoming webhook: a card (cardsV2) whose header is the incident and severity, in the
    incident's own thread (threadKey)."""
    body = html.escape(message.text, quote=False).replace("\n", "<br>")
    return {
        "fallbackText": message.headline,
        "cardsV2": [
            {
                "cardId": f"{message.incident}-update-{message.number}",
                "card": {
                    "header": {
                        "title": f"{message.incident} · {message.severity}",
                        "subtitle": f"Update {message.number}",
                    },
                    "sections": [{"widgets": [{"textParagraph": {"text": body}}]}],
                },
            }
        ],
        "thread": {"threadKey": message.incident},
    }


def matrix(message: Message) -> dict[str, Any]:
    """m.room.message content: the headline on the first line (plain and HTML), then the
    text; the incident, severity and update number also under MATRIX_KEY."""
    text = html.escape(message.text, quote=False).replace("\n", "<br>")
    return {
        "msgtype": "m.text",
        "body": f"{message.headline}\n{message.text}",
        "format": "org.matrix.custom.html",
        "formatted_body": f"<strong>{html.escape(message.headline, quote=False)}</strong><br>{text}",
        MATRIX_KEY: {
            "incident": message.incident,
            "severity": message.severity,
            "update": message.number,
        },
    }


BODIES = {
    "slack": slack,
    "mattermost": mattermost,
    "teams": teams,
    "discord": discord,
    "google-chat": google_chat,
    "matrix": matrix,
}


def update_message(state: IncidentState, number: int, entry_id: int, text: str) -> Message:
    """Update `number` (its timeline entry `entry_id`) of the incident as it stands now."""
    severity = state.incident.severity
    names = [s.name for s in state.playbook.severities]
    try:
        colour = state.playbook.severity(severity).colour
    except KeyError:
        colour = "#888888"
    return Message(
        incident=state.incident.id,
        severity=severity,
        rank=names.index(severity) if severity in names else len(names),
        colour=colour,
        number=number,
        text=text,
        key=f"warroom.{state.incident.id}.{number}.{entry_id}",
    )
