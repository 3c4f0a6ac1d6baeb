"""Where each status update got to, derived from the timeline.

An update entry names the webhooks it is being sent to; each outcome (delivered, failed, a
resend starting) is an entry of its own that points at the update by its number. Entries are
never rewritten, so an update's delivery state is read from them: the webhook's newest
outcome, or "sending" while it has none. An update counts as posted (for the checklist, the
update cadence and the response target) from the first moment it reached someone: its first
delivery, or, with no webhook to send it to, the moment it was saved for manual posting (no webhook).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from warroom.core.events import Delivery, Kind, Update

if TYPE_CHECKING:
    from warroom.core.state import Entry


SENDING = "sending"
DELIVERED = "delivered"
FAILED = "failed"
OUTCOMES = (SENDING, DELIVERED, FAILED)


@dataclass(frozen=True)
class HookDelivery:
    """One webhook's newest word on one update."""

    webhook: str
    state: str  # sending, delivered or failed
    reason: str  # failed: why, in a few words ("connection refused", "HTTP 500")
    at: datetime  # when that was recorded (for "sending": when the try began)

    def phrase(self) -> str:
        if self.state == DELIVERED:
            return f"delivered to {self.webhook}"
        if self.state == FAILED:
            return f"{self.webhook}: FAILED {self.reason}".rstrip()
        return f"sending to {self.webhook}…"


@dataclass(frozen=True)
class UpdateDelivery:
    number: int  # 1 for the incident's first update entry, and so on
    entry: Entry
    template: str | None
    hooks: tuple[HookDelivery, ...]
    copied: bool  # no webhook: copied to the clipboard for manual posting
    posted_at: datetime | None  # when it first reached someone; None: it has not (yet)

    @property
    def failed(self) -> list[str]:
        """The webhooks whose newest outcome is a failure: what a resend would try again."""
        return [h.webhook for h in self.hooks if h.state == FAILED]

    @property
    def sending(self) -> list[str]:
        return [h.webhook for h in self.hooks if h.state == SENDING]

    @property
    def tracked(self) -> bool:
        """False for an update recorded before deliveries were: nothing known to say."""
        return self.copied or bool(self.hooks)

    def summary(self) -> str:
        """Where it got to, in one line: "delivered to chat", "chat: FAILED HTTP 500",
        "sending to chat…", "saved for manual posting (no webhook)"."""
        if self.copied:
            return "saved for manual posting (no webhook)"
        return "; ".join(h.phrase() for h in self.hooks)


def deliveries(timeline: Iterable[Entry]) -> list[UpdateDelivery]:
    """Every update of the timeline, oldest first, with where it got to."""
    updates: list[tuple[Entry, list[str] | None]] = []
    outcomes: dict[int, dict[str, HookDelivery]] = {}
    posted: dict[int, datetime] = {}
    for entry in timeline:
        if entry.kind == Kind.UPDATE:
            hooks = Update.from_data(entry.data).webhooks
            updates.append((entry, [str(h) for h in hooks] if isinstance(hooks, list) else None))
            number = len(updates)
            if not hooks:
                # Copied for manual posting, or recorded before deliveries were tracked
                # (then it counted when written, as it did at the time): posted now.
                posted[number] = entry.at
            else:
                outcomes[number] = {
                    h: HookDelivery(h, SENDING, "", entry.at) for h in updates[-1][1] or []
                }
        elif entry.kind == Kind.DELIVERY:
            done = Delivery.from_data(entry.data)
            ref, hook, state = done.update, str(done.webhook), done.outcome
            if not isinstance(ref, int) or ref not in outcomes or state not in OUTCOMES:
                continue
            outcomes[ref][hook] = HookDelivery(hook, str(state), str(done.reason or ""), entry.at)
            if state == DELIVERED:
                posted.setdefault(ref, entry.at)
    out = []
    for number, (entry, hooks) in enumerate(updates, start=1):
        template = Update.from_data(entry.data).template
        out.append(
            UpdateDelivery(
                number=number,
                entry=entry,
                template=str(template) if template else None,
                hooks=tuple(outcomes.get(number, {}).values()),
                copied=hooks == [],
                posted_at=posted.get(number),
            )
        )
    return out
