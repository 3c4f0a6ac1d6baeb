"""Status updates: templates filled in from the incident, the cadence clock, webhooks."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from warroom.clock import to_local
from warroom.config import Webhook, expand_env
from warroom.ids import UNTITLED

if TYPE_CHECKING:
    import httpx
from warroom.state import IncidentState
from warroom.timefmt import format_duration, t_plus

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Known {placeholders} filled in; unknown ones left for the person to edit."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def values(state: IncidentState, now: datetime) -> dict[str, str]:
    incident = state.incident
    roles = state.roles
    holder = lambda key: roles[key].holder if roles.get(key) else "[unassigned]"  # noqa: E731
    try:
        cadence = state.playbook.severity(incident.severity).update_every
    except KeyError:
        cadence = None
    actions = [e.text for e in state.milestones if e.kind == "action"][-3:]
    updates = len(state.updates)
    return {
        "incident": incident.id,
        "severity": incident.severity,
        "title": "[title]" if incident.title == UNTITLED else incident.title,
        "status": incident.status,
        # An untitled incident has no impact to quote: a gap to fill, not "Untitled incident".
        "impact": "[the impact]" if incident.title == UNTITLED else incident.title,
        "started": to_local(incident.declared_at).strftime("%Y-%m-%d %H:%M %Z"),
        "tplus": t_plus(state.elapsed(now)),
        "time": to_local(now).strftime("%H:%M"),
        "commander": holder("ic"),
        "tech_lead": holder("tech"),
        "comms_lead": holder("comms"),
        "scribe": holder("scribe"),
        "update_number": str(updates + 1),
        "last_actions": "; ".join(actions) or "[none yet]",
        "cadence": format_duration(cadence) if cadence else "[as needed]",
        "next_update": to_local(now).strftime("%H:%M") + f" + {format_duration(cadence)}"
        if cadence
        else "[as needed]",
    }


Sleep = Callable[[float], Awaitable[None]]


async def post_webhook(
    client: httpx.AsyncClient, hook: Webhook, text: str, sleep: Sleep = asyncio.sleep
) -> tuple[bool, str]:
    """POST {"text": …} (Slack-compatible); retried with backoff. (ok, reason of the last try)."""
    import httpx

    reason = ""
    for attempt in range(hook.retries + 1):
        if attempt:
            await sleep(min(30.0, 2.0 ** (attempt - 1)))
        try:
            response = await client.post(
                expand_env(hook.url),
                json={"text": text},
                headers={k: expand_env(v) for k, v in hook.headers.items()},
                timeout=hook.timeout,
            )
        except KeyError as exc:
            return False, f"${{{exc.args[0]}}} is not set"
        except httpx.TimeoutException:
            reason = "timeout"
            continue
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
            continue
        if response.status_code < 300:
            return True, f"status {response.status_code}"
        reason = f"status {response.status_code}"
        if response.status_code < 500 and response.status_code != 429:
            break  # the hook refuses this request: trying again will not help
    return False, reason
