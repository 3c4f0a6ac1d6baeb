"""A drill's simulated clock, readable by other processes (the tmux status line).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drill_clock",
        sa.Column("incident_id", sa.String(), sa.ForeignKey("incident.id"), primary_key=True),
        sa.Column("simulated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("real_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
    )
    # Keep the number the store checks at start-up in step with the revision.
    op.execute("UPDATE warroom_meta SET value = '4' WHERE key = 'schema_version'")
