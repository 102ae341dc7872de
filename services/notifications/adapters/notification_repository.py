"""Stores notifications, claims the due ones, and lists them for the API."""

import functools
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.notifications import Channel
from services.notifications.adapters.tables import notifications as table
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import Notification, RecipientKind
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

_COLUMNS = [f.name for f in fields(Notification) if f.name != "events"]
_WAITING = (DeliveryStatus.PENDING.value, DeliveryStatus.FAILED.value)

# Built once: each message is inserted, read and saved again as it is planned and sent, and
# building a SQLAlchemy statement costs about as much CPU as executing it (docs/performance.md).
# The insert and the update run on the driver, since they run for every message.
_STORED = {name: sa.bindparam(name) for name in (*_COLUMNS, "priority")}
_INSERT = AsyncpgStatement(
    pg_insert(table).values(_STORED).on_conflict_do_nothing().returning(table.c.id)
)
_BY_ID = sa.select(table).where(table.c.id == sa.bindparam("notification_id"))
_LOCKED_BY_ID = _BY_ID.with_for_update()
_UPDATE = AsyncpgStatement(
    table.update()
    .where(table.c.id == sa.bindparam("notification_id"))
    .values({name: bind for name, bind in _STORED.items() if name not in ("id", "priority")})
)


@dataclass(frozen=True)
class NotificationFilter:
    tenant_id: uuid.UUID | None = None
    recipient: str | None = None
    status: DeliveryStatus | None = None
    channel: Channel | None = None
    category: Category | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None


class NotificationRepository(SqlRepository):
    async def add(self, notification: Notification) -> bool:
        """False when this (event, recipient, channel) already has its notification."""
        row = _stored(notification)
        row["priority"] = notification.priority.value
        return await _INSERT.fetchrow(self.driver, **row) is not None

    async def get(self, notification_id: uuid.UUID, *, lock: bool = False) -> Notification | None:
        query = _LOCKED_BY_ID if lock else _BY_ID
        row = (await self.connection.execute(query, {"notification_id": notification_id})).first()
        return self._tracked(row._mapping) if row else None

    async def save(self, notification: Notification) -> None:
        values = _stored(notification)
        notification_id = values.pop("id")
        await _UPDATE.execute(self.driver, notification_id=notification_id, **values)

    async def lock_due(self, channel: Channel, now: datetime, limit: int) -> list[Notification]:
        """Due messages no other transaction holds, most urgent first, then the longest due;
        SKIP LOCKED lets instances share the work."""
        query = (
            sa.select(table)
            .where(
                table.c.channel == channel.value,
                table.c.status.in_(_WAITING),
                table.c.next_attempt_at <= now,
            )
            .order_by(table.c.priority, table.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [self._tracked(r) for r in (await self.connection.execute(query)).mappings()]

    async def lock_stale_sending(self, before: datetime) -> list[Notification]:
        query = (
            sa.select(table)
            .where(table.c.status == DeliveryStatus.SENDING.value, table.c.last_attempt_at < before)
            .with_for_update(skip_locked=True)
        )
        return [self._tracked(r) for r in (await self.connection.execute(query)).mappings()]

    async def attempted_since(self, channel: Channel, since: datetime) -> int:
        count = await self.connection.scalar(
            sa.select(sa.func.count()).where(
                table.c.channel == channel.value, table.c.last_attempt_at > since
            )
        )
        return int(count or 0)

    async def lock_waiting(
        self,
        *,
        tenant_id: uuid.UUID,
        category: Category | None = None,
        about: Mapping[str, str] | None = None,
    ) -> list[Notification]:
        """Unsent messages of a tenant (optionally one category, whose details hold ``about``,
        e.g. one booking), to withdraw."""
        rows = await self.connection.execute(*_waiting_about(tenant_id, category, about))
        return [self._tracked(r) for r in rows.mappings()]

    async def lock_about_booking(
        self, tenant_id: uuid.UUID, booking_id: uuid.UUID
    ) -> list[Notification]:
        """Every message of a tenant about one booking, any category or status, locked."""
        rows = await _ABOUT_BOOKING_LOCKED.fetch(
            self.driver, about_tenant=tenant_id, about_booking=str(booking_id)
        )
        return [self._tracked(row) for row in rows]

    async def page(
        self, where: NotificationFilter, *, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> Sequence[Notification]:
        """Newest first; keyset on (created_at, id) so rows sharing a timestamp are kept."""
        query = filtered(where)
        if after is not None:
            query = query.where(sa.tuple_(table.c.created_at, table.c.id) < sa.tuple_(*after))
        query = query.limit(limit)
        return [_from_row(r) for r in (await self.connection.execute(query)).mappings()]

    def _tracked(self, row: Any) -> Notification:
        notification = _from_row(row)
        self._track(notification)
        return notification


def filtered(where: NotificationFilter) -> sa.Select[Any]:
    """The notifications ``where`` admits, newest first: one query for the list's pages and for
    the export's stream, so both show the same rows."""
    query = sa.select(table)
    for column, value in (
        (table.c.tenant_id, where.tenant_id),
        (table.c.recipient, where.recipient),
        (table.c.status, where.status),
        (table.c.channel, where.channel),
        (table.c.category, where.category),
    ):
        if value is not None:
            query = query.where(column == _to_column(value))
    if where.created_from is not None:
        query = query.where(table.c.created_at >= where.created_from)
    if where.created_before is not None:
        query = query.where(table.c.created_at < where.created_before)
    return query.order_by(table.c.created_at.desc(), table.c.id.desc())


def _waiting_about(
    tenant_id: uuid.UUID, category: Category | None, about: Mapping[str, str] | None
) -> tuple[sa.Select[Any], dict[str, Any]]:
    """The query for a tenant's unsent messages, locked (of a category, whose details hold
    ``about``), with its parameters."""
    about = about or {}
    query = _waiting_about_query(category is not None, tuple(about))
    params: dict[str, Any] = {"about_tenant": tenant_id, "about_category": _to_column(category)}
    params |= {f"about_{index}": value for index, value in enumerate(about.values())}
    return query, params


@functools.cache
def _waiting_about_query(with_category: bool, keys: tuple[str, ...]) -> sa.Select[Any]:
    """Built once per shape: lease events look up the unsent notices about their lease."""
    query = sa.select(table).where(
        table.c.tenant_id == sa.bindparam("about_tenant"), table.c.status.in_(_WAITING)
    )
    if with_category:
        query = query.where(table.c.category == sa.bindparam("about_category"))
    for index, key in enumerate(keys):
        query = query.where(_detail(key) == sa.bindparam(f"about_{index}"))
    return query.with_for_update()


def _detail(key: str) -> sa.ColumnElement[str]:
    """``details ->> 'key'`` with the key written into the SQL, not bound: only then can
    PostgreSQL use an index on that expression (notifications_about_booking)."""
    if not key.isidentifier():
        raise ValueError(f"not a detail name: {key!r}")
    return table.c.details.op("->>", return_type=sa.Text)(sa.literal_column(f"'{key}'"))


def _stored(notification: Notification) -> dict[str, Any]:
    """Its columns as the driver takes them (``details``, jsonb, as its JSON text)."""
    row = {c: _to_column(getattr(notification, c)) for c in _COLUMNS}
    row["details"] = json.dumps(row["details"])
    return row


def _to_column(value: Any) -> Any:
    # Every enum of a notification is stored by its value (one check: it runs for every column).
    return value.value if isinstance(value, Enum) else value


def _from_row(row: Any) -> Notification:
    values = {c: row[c] for c in _COLUMNS}
    values["category"] = Category(values["category"])
    values["channel"] = Channel(values["channel"])
    values["status"] = DeliveryStatus(values["status"])
    values["recipient_kind"] = RecipientKind(values["recipient_kind"])
    return Notification(**values)


#: Built once, run on the driver: every booking event reads the messages about its booking.
_ABOUT_BOOKING_LOCKED = AsyncpgStatement(
    sa.select(table)
    .where(
        table.c.tenant_id == sa.bindparam("about_tenant"),
        _detail("booking_id") == sa.bindparam("about_booking"),
    )
    .with_for_update()
)
