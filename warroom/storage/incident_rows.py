"""The rows of one incident written as an export gives them (`warroom import`, `warroom db
copy`): the incident, its roles, its checklist, its timeline, its endpoints' states. The caller
has checked the export; the ids the database gives are returned where entries point at them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.storage.db import Tx


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def insert_incident(
    tx: Tx, ident: str, prefix: str, number: int, inc: dict[str, Any], playbook: Any, entries: int
) -> None:
    """The incident's row; `playbook` its checked copy as data, `entries` its revision."""
    tx.run(
        "INSERT INTO incident (id, prefix, number, title, severity, status, "
        "declared_at, resolved_at, drill, playbook_name, playbook, revision) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ident, prefix, number, str(inc["title"]), str(inc["severity"]),
        str(inc["status"]), when(inc["declared_at"]), when(inc["resolved_at"]),
        bool(inc["drill"]), str(inc["playbook_name"]), playbook, entries,
    )  # fmt: skip


def insert_role(tx: Tx, ident: str, r: dict[str, Any]) -> None:
    tx.run(
        "INSERT INTO role_assignment (incident_id, role, holder, assigned_at, "
        "assigned_by, ended_at) VALUES (?, ?, ?, ?, ?, ?)",
        ident, str(r["role"]), str(r["holder"]), when(r["assigned_at"]),
        str(r["assigned_by"]), when(r["ended_at"]),
    )  # fmt: skip


def insert_item(tx: Tx, ident: str, i: dict[str, Any]) -> int:
    """A checklist item; its new id."""
    return int(
        tx.value(
            "INSERT INTO checklist_item (incident_id, phase, position, text, "
            "detail, role, due_s, done, done_at, done_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ident,
            str(i["phase"]),
            int(i["position"]),
            str(i["text"]),
            str(i["detail"]),
            i["role"],
            i["due_s"],
            bool(i["done"]),
            when(i["done_at"]),
            i["done_by"],
        )  # fmt: skip
    )


def insert_entry(
    tx: Tx, ident: str, e: dict[str, Any], data: dict[str, Any] | None, prev: str, digest: str
) -> int:
    """A timeline entry as exported, with `data` pointing at this database's ids and its
    links in the hash chain; its id."""
    return int(
        tx.value(
            "INSERT INTO timeline_entry (incident_id, at, kind, actor, text, "
            "data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ident,
            when(e["at"]),
            str(e["kind"]),
            str(e["actor"]),
            str(e["text"]),
            data,
            prev,
            digest,
        )  # fmt: skip
    )


def insert_endpoint(tx: Tx, ident: str, ep: dict[str, Any]) -> None:
    tx.run(
        "INSERT INTO endpoint_state (incident_id, name, state, since, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        ident, str(ep["name"]), str(ep["state"]), when(ep["since"]), str(ep.get("reason", "")),
    )  # fmt: skip
