"""Who is watching: one row per open console, for team mode.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watcher",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column(
            "incident_id", sa.String(), sa.ForeignKey("incident.id"), nullable=False, index=True
        ),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Keep the number the store checks at start-up in step with the revision.
    op.execute("UPDATE warroom_meta SET value = '2' WHERE key = 'schema_version'")
