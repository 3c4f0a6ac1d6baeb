"""The first schema: incidents, roles, checklist, timeline, endpoint states.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "warroom_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "incident",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("prefix", sa.String(32), nullable=False, index=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("declared_at", Time, nullable=False),
        sa.Column("resolved_at", Time),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("playbook_name", sa.String(), nullable=False),
        sa.Column("playbook", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    incident_id = lambda **kw: sa.Column(  # noqa: E731
        "incident_id", sa.String(), sa.ForeignKey("incident.id"), nullable=False, **kw
    )
    op.create_table(
        "role_assignment",
        sa.Column("id", sa.Integer(), primary_key=True),
        incident_id(index=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=False),
        sa.Column("assigned_at", Time, nullable=False),
        sa.Column("assigned_by", sa.String(), nullable=False),
        sa.Column("ended_at", Time),
    )
    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        incident_id(index=True),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("role", sa.String()),
        sa.Column("due_s", sa.Float()),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", Time),
        sa.Column("done_by", sa.String()),
    )
    op.create_table(
        "timeline_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        incident_id(index=True),
        sa.Column("at", Time, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON()),
    )
    op.create_table(
        "endpoint_state",
        incident_id(primary_key=True),
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("since", Time, nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
    )
    op.execute("INSERT INTO warroom_meta (key, value) VALUES ('schema_version', '1')")
