"""What later messages are built from: booking reminders, requests awaiting approval, lease ends,
and when the last staff digest went out."""

import json
import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from services.notifications.adapters.tables import (
    booking_reminders,
    lease_ends,
    notifications,
    pending_requests,
)
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

_REMINDED = ("tenant_id", "starts_at", "remind_at", "status", "details")
_REMINDER = pg_insert(booking_reminders).values(
    {name: sa.bindparam(name) for name in ("booking_id", *_REMINDED)}
)
# Built once and run on the driver, as both run for every booking event: one reminder per
# booking, replaced when the booking is confirmed again with a new start.
_SCHEDULE_REMINDER = AsyncpgStatement(
    _REMINDER.on_conflict_do_update(
        index_elements=[booking_reminders.c.booking_id],
        set_={name: _REMINDER.excluded[name] for name in _REMINDED},
        where=booking_reminders.c.starts_at != _REMINDER.excluded.starts_at,
    )
)
_RESOLVE_REQUEST = AsyncpgStatement(
    pending_requests.delete().where(
        pending_requests.c.booking_id == sa.bindparam("resolved_booking_id")
    )
)


class ScheduleRepository(SqlRepository):
    async def schedule_reminder(
        self,
        booking_id: uuid.UUID,
        tenant_id: uuid.UUID,
        starts_at: datetime,
        remind_at: datetime,
        details: dict[str, Any],
    ) -> None:
        """One reminder per booking: a booking confirmed again with a new start replaces it."""
        await _SCHEDULE_REMINDER.execute(
            self.driver,
            booking_id=booking_id,
            tenant_id=tenant_id,
            starts_at=starts_at,
            remind_at=remind_at,
            status="scheduled",
            details=json.dumps(details),  # jsonb travels as its JSON text on the driver
        )

    async def withdraw_reminder(self, booking_id: uuid.UUID) -> None:
        await self.connection.execute(
            booking_reminders.update()
            .where(
                booking_reminders.c.booking_id == booking_id,
                booking_reminders.c.status == "scheduled",
            )
            .values(status="withdrawn")
        )

    async def lock_due_reminders(self, now: datetime, limit: int) -> list[sa.RowMapping]:
        query = (
            sa.select(booking_reminders)
            .where(booking_reminders.c.status == "scheduled", booking_reminders.c.remind_at <= now)
            .order_by(booking_reminders.c.remind_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.connection.execute(query)).mappings())

    async def set_reminder_status(self, booking_id: uuid.UUID, status: str) -> None:
        await self.connection.execute(
            booking_reminders.update()
            .where(booking_reminders.c.booking_id == booking_id)
            .values(status=status)
        )

    async def add_request(
        self, booking_id: uuid.UUID, tenant_id: uuid.UUID, details: dict[str, Any], at: datetime
    ) -> None:
        await self.connection.execute(
            pg_insert(pending_requests)
            .values(booking_id=booking_id, tenant_id=tenant_id, details=details, requested_at=at)
            .on_conflict_do_nothing()
        )

    async def resolve_request(self, booking_id: uuid.UUID) -> None:
        await _RESOLVE_REQUEST.execute(self.driver, resolved_booking_id=booking_id)

    async def undigested_requests(self) -> list[sa.RowMapping]:
        query = (
            sa.select(pending_requests)
            .where(pending_requests.c.digested_at.is_(None))
            .order_by(pending_requests.c.requested_at)
            .with_for_update()
        )
        return list((await self.connection.execute(query)).mappings())

    async def last_digest_at(
        self, category: str, since: datetime, until: datetime
    ) -> datetime | None:
        """When the latest staff digest of ``category`` in (since, until] was made."""
        moment: datetime | None = await self.connection.scalar(
            sa.select(sa.func.max(notifications.c.created_at)).where(
                notifications.c.category == category,
                notifications.c.recipient_kind == "staff",
                # A bounded range of the time index, however long ago the last digest was.
                notifications.c.created_at > since,
                notifications.c.created_at <= until,
            )
        )
        return moment

    async def mark_digested(self, booking_ids: list[uuid.UUID], now: datetime) -> None:
        await self.connection.execute(
            pending_requests.update()
            .where(pending_requests.c.booking_id.in_(booking_ids))
            .values(digested_at=now)
        )

    async def put_lease_end(
        self,
        lease_id: uuid.UUID,
        tenant_id: uuid.UUID,
        unit_id: uuid.UUID,
        site: str,
        ends_on: date,
    ) -> None:
        values = {"tenant_id": tenant_id, "unit_id": unit_id, "site": site, "ends_on": ends_on}
        await self._upsert(lease_ends, {"lease_id": lease_id}, values)

    async def remove_lease(self, lease_id: uuid.UUID) -> None:
        await self.connection.execute(lease_ends.delete().where(lease_ends.c.lease_id == lease_id))

    async def leases_ending(self, first: date, last: date) -> list[sa.RowMapping]:
        query = (
            sa.select(lease_ends)
            .where(lease_ends.c.ends_on.between(first, last))
            .order_by(lease_ends.c.ends_on, lease_ends.c.lease_id)
        )
        return list((await self.connection.execute(query)).mappings())
