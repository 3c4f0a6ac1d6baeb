"""The incident verbs. Every change is one transaction that also appends its timeline entry.

The CLI, the TUI and the tests all go through `IncidentService`; nothing else writes. It is
assembled from mixins by concern, each in its module:
- commands.py: the incident's own verbs (declare, severity, title, status, roles, notes,
  escalation, a drill's score);
- checklist.py: ticking the checklist by hand;
- records.py: what the world reports (health, actions, alerts, status updates, deliveries);
- completion.py: the rules that tick checklist items by themselves;
- queries.py: reading an incident, its timeline, the list of incidents;
- presence.py: who is watching, and a drill's clock;
- importing.py: an incident brought in whole from an export;
- tasks.py, decisions.py, briefing.py, board.py: incident command (tasks with time boxes,
  decisions with objection windows, hand-over briefings, the board of open incidents);
- base.py: what they share (`_lock`, `_record`, `_again`, `_get`, `_item`).
A new concern is a new mixin module whose class builds on ServiceBase (on CompletionRules if
its changes tick items), so the type checker knows the helpers; it is added to the bases below.
"""

from __future__ import annotations

from warroom.incident.base import _playbook
from warroom.incident.board import BoardReads
from warroom.incident.briefing import BriefingCommands
from warroom.incident.checklist import ChecklistCommands
from warroom.incident.decisions import DecisionCommands
from warroom.incident.drill_clock import DrillClockReads
from warroom.incident.importing import Importing
from warroom.incident.queries import IncidentSummary
from warroom.incident.records import Recording
from warroom.incident.tail import TimelineReading
from warroom.incident.tasks import TaskCommands

__all__ = ["IncidentService", "IncidentSummary", "_playbook"]


class IncidentService(
    Importing,
    ChecklistCommands,
    Recording,
    TimelineReading,
    DrillClockReads,
    TaskCommands,
    DecisionCommands,
    BriefingCommands,
    BoardReads,
):
    """Every verb and query on incidents, over one store (see the mixins named above)."""
