"""The audit log (issue #9): who did which staff action to what, when and why.

Each service keeps its own append-only ``audit_log`` table. A use case records its staff action
on the unit of work, which writes it in the same transaction as the change, so no action commits
without its record. The details hold ids, states and amounts, never names, e-mail addresses or
phone numbers: the log outlives the erasure of a tenant's personal data.
"""

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.observability.correlation import current_correlation_id

#: Detail keys that would carry personal data; refused so no caller adds one by accident.
PERSONAL_KEYS = frozenset({"name", "display_name", "contact", "email", "phone"})


@dataclass(frozen=True)
class StaffAction:
    actor: str
    #: "<target type>.<verb>", e.g. "tenant.suspend": one name per kind of action.
    action: str
    target_id: str
    reason: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        personal = PERSONAL_KEYS & set(self.details)
        if personal:
            raise ValueError(f"audit details may not hold personal data: {sorted(personal)}")

    @property
    def target_type(self) -> str:
        return self.action.partition(".")[0]


def audit_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "audit_log",
        metadata,
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target_type", sa.Text, nullable=False),
        sa.Column("target_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("details", JSONB, nullable=False),
        sa.Column("correlation_id", sa.Text),
        sa.Index("audit_log_by_time", "occurred_at", "id"),
        sa.Index("audit_log_by_target", "target_id", "occurred_at"),
        sa.Index("audit_log_by_actor", "actor", "occurred_at"),
    )


class AuditLog:
    """The audit log as seen from one transaction."""

    def __init__(self, connection: AsyncConnection, table: sa.Table) -> None:
        self._connection = connection
        self._table = table
        self._pending: list[dict[str, Any]] = []

    def record(
        self, actor: str, action: str, target: object, *, reason: str | None = None, **details: Any
    ) -> None:
        """``actor`` did ``action`` ("<target type>.<verb>") to ``target`` (its id). Written by
        the unit of work's commit, with the change, or not at all."""
        done = StaffAction(actor, action, str(target), reason, details)
        self._pending.append(
            {
                "id": uuid.uuid4(),
                "occurred_at": datetime.now(UTC),
                "actor": done.actor,
                "action": done.action,
                "target_type": done.target_type,
                "target_id": done.target_id,
                "reason": done.reason,
                "details": json.loads(json.dumps(details, default=_plain)),
                "correlation_id": current_correlation_id(),
            }
        )

    async def write_pending(self) -> None:
        if self._pending:
            await self._connection.execute(self._table.insert(), self._pending)
            self._pending.clear()

    async def redact(self, about: str, scrub: Callable[[str], str]) -> None:
        """Rewrites through ``scrub`` the actor and reason staff typed in the entries about
        ``about`` (their target, or the tenant named in their details); the entries stay. The
        details hold no personal data (see PERSONAL_KEYS) and, like the rest, never change."""
        t = self._table
        rows = await self._connection.execute(
            sa.select(t.c.id, t.c.actor, t.c.reason).where(
                sa.or_(t.c.target_id == about, t.c.details["tenant_id"].astext == about)
            )
        )
        for entry_id, actor, reason in rows.all():
            scrubbed = {"actor": scrub(actor), "reason": scrub(reason) if reason else reason}
            if (scrubbed["actor"], scrubbed["reason"]) != (actor, reason):
                await self._connection.execute(
                    t.update().where(t.c.id == entry_id).values(**scrubbed)
                )


def _plain(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
