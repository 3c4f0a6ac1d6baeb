"""The kinds of timeline entry. Apart from their payloads (events.py), which the console's
first frame does not need."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    DECLARED = "declared"
    SEVERITY = "severity"
    STATUS = "status"
    ROLE = "role"
    CHECKLIST = "checklist"
    NOTE = "note"
    HEALTH = "health"
    ACTION = "action"
    UPDATE = "update"
    DELIVERY = "delivery"  # where an update got to: delivered, failed, or sent again
    ESCALATION = "escalation"
    ALERT = "alert"
    DRILL = "drill"
    TITLE = "title"
    CHAIN = "chain"  # the hash chain linked anew (an import whose file had none whole)
    TASK = "task"  # a task given to a person with a time box, then done or dropped
    DECISION = "decision"  # a decision asked, objected to, and closed when its window ends
    BRIEFING = "briefing"  # the state handed to a role's new holder
