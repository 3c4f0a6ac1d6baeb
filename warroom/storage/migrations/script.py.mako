"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""

import sqlalchemy as sa
from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    # Keep the number the store checks at start-up in step with the revision: name the
    # revision 000N, write N here, and set SCHEMA_VERSION = N in warroom/storage/store.py.
    op.execute("UPDATE warroom_meta SET value = 'N' WHERE key = 'schema_version'")
