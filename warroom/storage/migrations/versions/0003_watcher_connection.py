"""Presence follows the console's connection (server) or process (SQLite file).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("watcher") as batch:
        batch.add_column(sa.Column("host", sa.String(), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
    # Keep the number the store checks at start-up in step with the revision.
    op.execute("UPDATE warroom_meta SET value = '3' WHERE key = 'schema_version'")
