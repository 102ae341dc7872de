"""Loads and stores bookings; the exclusion constraint decides who gets a contested slot."""

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert

from services.booking.adapters.booking_filter import BookingFilter, conditions
from services.booking.adapters.booking_rows import STORED, booking_of, columns, joined
from services.booking.adapters.tables import bookings
from services.booking.domain.booking import LIVE, Booking, BookingStatus
from services.booking.domain.errors import BookingConflict
from services.booking.domain.period import Period
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository

_LIVE = [status.value for status in LIVE]

# Built once and run on the driver: these run on every booking and every step of one, and
# building a statement costs about as much CPU as executing it (docs/performance.md).
_STORED = {name: sa.bindparam(name) for name in STORED}
_INSERT = AsyncpgStatement(
    pg_insert(bookings)
    .values(id=sa.bindparam("id"), space_id=sa.bindparam("space_id"), **_STORED)
    .on_conflict_do_nothing()
    .returning(bookings.c.id)
)
_UPDATE = AsyncpgStatement(
    bookings.update().where(bookings.c.id == sa.bindparam("booking_id")).values(**_STORED)
)
#: Read for every space of every availability answer.
_HELD = AsyncpgStatement(
    sa.select(bookings.c.blocked_from, bookings.c.blocked_until).where(
        bookings.c.space_id == sa.bindparam("space_id"),
        bookings.c.status == sa.func.any(sa.literal(_LIVE, ARRAY(sa.Text))),
        bookings.c.blocked_from < sa.bindparam("ends_at"),
        bookings.c.blocked_until > sa.bindparam("starts_at"),
    )
)


class BookingRepository(SqlRepository):
    async def add(self, booking: Booking) -> None:
        """Stores a booking; BookingConflict when its held span meets a live booking's.

        The exclusion constraint decides, so two concurrent requests can never both win; with
        DO NOTHING the loser learns it without aborting the transaction.
        """
        inserted = await _INSERT.fetchrow(
            self.driver, id=booking.id, space_id=booking.space_id, **columns(booking)
        )
        if inserted is None:
            raise BookingConflict(booking.space_id, await self._overlapping(booking))
        self._track(booking)

    async def save(self, booking: Booking) -> None:
        await _UPDATE.execute(self.driver, booking_id=booking.id, **columns(booking))

    async def get(self, booking_id: uuid.UUID, *, for_update: bool = False) -> Booking | None:
        """One booking; ``for_update`` locks it so concurrent steps on it take turns."""
        query = joined().where(bookings.c.id == booking_id)
        if for_update:
            query = query.with_for_update(of=bookings)
        found = await self._load(query)
        return found[0] if found else None

    async def find(self, where: BookingFilter, limit: int) -> list[Booking]:
        """Bookings in start order (ties by id), the keyset page after ``where.after``."""
        query = joined().order_by(bookings.c.starts_at, bookings.c.id).limit(limit)
        return await self._load(query.where(*conditions(where)))

    async def live_of_tenant_starting_after(
        self, tenant_id: uuid.UUID, instant: datetime
    ) -> list[Booking]:
        statuses = [BookingStatus.REQUESTED.value, BookingStatus.CONFIRMED.value]
        return await self._load(
            joined()
            .where(
                bookings.c.tenant_id == tenant_id,
                bookings.c.status.in_(statuses),
                bookings.c.starts_at > instant,
            )
            .with_for_update(of=bookings)
        )

    async def live_meeting(
        self,
        space_ids: Sequence[uuid.UUID],
        starts_at: datetime,
        ends_at: datetime,
        *,
        lock: bool = True,
    ) -> list[Booking]:
        """Live bookings of these spaces whose own period meets [starts_at, ends_at), locked
        unless only read (``lock=False``)."""
        query = (
            joined()
            .where(
                bookings.c.space_id.in_(space_ids),
                bookings.c.status.in_(_LIVE),
                bookings.c.starts_at < ends_at,
                bookings.c.ends_at > starts_at,
            )
            .order_by(bookings.c.starts_at, bookings.c.id)
        )
        return await self._load(query.with_for_update(of=bookings) if lock else query)

    async def held_spans(
        self, space_id: uuid.UUID, starts_at: datetime, ends_at: datetime
    ) -> list[tuple[datetime, datetime]]:
        rows = await _HELD.fetch(
            self.driver, space_id=space_id, starts_at=starts_at, ends_at=ends_at
        )
        return [(row["blocked_from"], row["blocked_until"]) for row in rows]

    async def due(self, status: BookingStatus, column: str, before: datetime) -> list[Booking]:
        """Bookings in ``status`` whose ``column`` (starts_at/ends_at) is before an instant;
        SKIP LOCKED so a job never waits on a booking a request is changing."""
        query = (
            joined()
            .where(bookings.c.status == status.value, bookings.c[column] <= before)
            .order_by(bookings.c.starts_at)
            .limit(500)
            .with_for_update(of=bookings, skip_locked=True)
        )
        return await self._load(query)

    async def of_series(self, series_id: uuid.UUID, starting_from: datetime) -> list[Booking]:
        query = (
            joined()
            .where(bookings.c.series_id == series_id, bookings.c.starts_at >= starting_from)
            .order_by(bookings.c.starts_at)
            .with_for_update(of=bookings)
        )
        return await self._load(query)

    async def _load(self, query: sa.Select) -> list[Booking]:
        found = [booking_of(row) for row in (await self.connection.execute(query)).mappings()]
        for booking in found:
            self._track(booking)
        return found

    async def _overlapping(self, booking: Booking) -> Period | None:
        query = sa.select(bookings.c.starts_at, bookings.c.ends_at).where(
            bookings.c.space_id == booking.space_id,
            bookings.c.status.in_(_LIVE),
            bookings.c.blocked_from < booking.blocked[1],
            bookings.c.blocked_until > booking.blocked[0],
        )
        row = (await self.connection.execute(query.limit(1))).first()
        return Period(row.starts_at, row.ends_at) if row else None
