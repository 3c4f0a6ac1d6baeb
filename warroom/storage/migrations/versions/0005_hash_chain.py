"""The timeline as a hash chain: every entry carries the hash of the entry before it and of
its own content; the entries already there are chained once, here, in their order.

Revision ID: 0005
Revises: 0004
"""

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from warroom.core.chain import GENESIS, Link, portable
from warroom.storage.db import utc

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("timeline_entry") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("chained_as", sa.String(40), nullable=True))
        batch.add_column(sa.Column("chain_head", sa.String(64), nullable=True))
    # The chain's head is read at every write: found by index, not by sorting the timeline.
    op.create_index("ix_timeline_entry_incident_id_id", "timeline_entry", ["incident_id", "id"])
    entries, incidents = _chain(op.get_bind())
    # Said by `warroom db upgrade`.
    context.config.attributes["chained"] = (entries, incidents)
    # Keep the number the store checks at start-up in step with the revision.
    op.execute("UPDATE warroom_meta SET value = '5' WHERE key = 'schema_version'")


def _chain(conn: sa.Connection) -> tuple[int, int]:
    """Links every entry to the one before it in its incident, in the order written (ids)."""
    items: dict[Any, list[Any]] = {
        r.id: [r.phase, r.position]
        for r in conn.execute(sa.text("SELECT id, phase, position FROM checklist_item"))
    }
    heads: dict[str, str] = defaultdict(lambda: GENESIS)
    hashes: dict[int, str] = {}
    rows = conn.execute(
        sa.text(
            "SELECT id, incident_id, at, kind, actor, text, data FROM timeline_entry "
            "ORDER BY incident_id, id"
        )
    ).all()
    update = sa.text("UPDATE timeline_entry SET prev_hash = :prev, hash = :hash WHERE id = :id")
    for r in rows:
        data = json.loads(r.data) if isinstance(r.data, str | bytes) else r.data
        hashed, corrects = portable(data, lambda i: items.get(i, i), hashes.get)
        prev = heads[r.incident_id]
        link = Link(r.incident_id, r.kind, r.actor, utc(r.at), r.text, hashed, corrects, prev)
        hashes[r.id] = heads[r.incident_id] = link.hash
        conn.execute(update, {"prev": prev, "hash": link.hash, "id": r.id})
    head = sa.text("UPDATE incident SET chain_head = :head WHERE id = :id")
    for incident, newest in heads.items():
        conn.execute(head, {"head": newest, "id": incident})
    return len(rows), len(heads)
