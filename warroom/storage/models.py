"""The incident's tables: the one definition of the schema.

New databases are created from these models and Alembic's migrations are checked against them;
at run time the store reads and writes the same tables with plain SQL (see db.py). Times are
UTC (see clock.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    __tablename__ = "warroom_meta"

    key: str = Field(primary_key=True)
    value: str


class Incident(SQLModel, table=True):
    __tablename__ = "incident"

    id: str = Field(primary_key=True, max_length=40)
    prefix: str = Field(index=True, max_length=32)
    number: int
    title: str = Field(sa_column=Column(Text, nullable=False))
    severity: str
    status: str = "investigating"
    declared_at: datetime
    resolved_at: datetime | None = None
    drill: bool = False
    playbook_name: str
    # The playbook as it was when declared: later edits to the file never rewrite this incident.
    playbook: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Bumped by every change, so a reader can tell cheaply whether anything moved.
    revision: int = 0
    # The id its timeline's hash chain names, when not this one (imported and renumbered).
    chained_as: str | None = Field(default=None, max_length=40)
    # The hash of its newest entry, set with every entry: read with the row lock, so linking a
    # new entry costs no extra query, and `verify` sees entries cut from the end.
    chain_head: str | None = Field(default=None, max_length=64)


class RoleAssignment(SQLModel, table=True):
    __tablename__ = "role_assignment"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(foreign_key="incident.id", index=True)
    role: str
    holder: str
    assigned_at: datetime
    assigned_by: str
    # Set when the role is handed over; the row stays as history.
    ended_at: datetime | None = None


class ChecklistItem(SQLModel, table=True):
    __tablename__ = "checklist_item"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(foreign_key="incident.id", index=True)
    phase: str
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    role: str | None = None
    due_s: float | None = None
    done: bool = False
    done_at: datetime | None = None
    done_by: str | None = None


class TimelineEntry(SQLModel, table=True):
    __tablename__ = "timeline_entry"
    # An incident's entries in order: its newest (the chain's head, read at every write) and
    # those after one (a console's re-read) without sorting the incident's whole timeline.
    __table_args__ = (Index("ix_timeline_entry_incident_id_id", "incident_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(foreign_key="incident.id", index=True)
    at: datetime
    kind: str
    actor: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    data: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # The hash chain (core/chain.py): the entry before it, and this entry's own content.
    prev_hash: str | None = Field(default=None, max_length=64)
    hash: str | None = Field(default=None, max_length=64)


class EndpointState(SQLModel, table=True):
    """The last confirmed health state of each endpoint: one row per endpoint, never more."""

    __tablename__ = "endpoint_state"

    incident_id: str = Field(foreign_key="incident.id", primary_key=True)
    name: str = Field(primary_key=True)
    state: str
    since: datetime
    reason: str = ""


class DrillClock(SQLModel, table=True):
    """Where a drill's simulated clock stands, kept by the drill's console as it moves, so
    another process (the tmux status line) tells the drill's time and not the real one.
    The clock, not incident state: no timeline entries."""

    __tablename__ = "drill_clock"

    incident_id: str = Field(foreign_key="incident.id", primary_key=True)
    simulated_at: datetime  # the drill's now when this was written
    real_at: datetime  # the real time it was written: a running clock goes on from there
    speed: float  # simulated seconds per real second
    state: str  # running, paused, or stopped (the console closed)


class Watcher(SQLModel, table=True):
    """A console open on an incident, so the roles pane can say who is watching right now.

    Presence, not incident state: heartbeats are not timeline entries. On a server `pid` is
    the console connection's backend process (gone when the console is); on a SQLite file it
    is the console's own process on `host`.
    """

    __tablename__ = "watcher"

    key: str = Field(primary_key=True, max_length=200)
    incident_id: str = Field(foreign_key="incident.id", index=True)
    name: str
    seen_at: datetime
    host: str | None = None
    pid: int | None = None
