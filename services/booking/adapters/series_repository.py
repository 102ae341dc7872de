"""Recurring series and the waitlist."""

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from contracts.booking import Occurrence
from services.booking.adapters.tables import series, waitlist
from services.booking.domain.period import Period
from services.booking.domain.series import Frequency, Series
from services.booking.domain.waitlist import WaitlistEntry, WaitlistStatus
from shared.persistence.unit_of_work import SqlRepository


class SeriesRepository(SqlRepository):
    async def add(self, planned: Series, now: datetime) -> None:
        await self.connection.execute(
            series.insert().values(
                id=planned.id,
                tenant_id=planned.tenant_id,
                space_id=planned.space_id,
                frequency=planned.frequency.value,
                occurrences=[o.model_dump(mode="json") for o in planned.occurrences],
                created_at=now,
            )
        )
        self._track(planned)

    async def get(self, series_id: uuid.UUID) -> Series | None:
        row = await self._first(sa.select(series).where(series.c.id == series_id))
        if row is None:
            return None
        found = Series(
            id=row["id"],
            tenant_id=row["tenant_id"],
            space_id=row["space_id"],
            frequency=Frequency(row["frequency"]),
            occurrences=[Occurrence.model_validate(o) for o in row["occurrences"]],
        )
        self._track(found)
        return found


@dataclass(frozen=True)
class WaitlistFilter:
    tenant_id: uuid.UUID | None = None
    space_id: uuid.UUID | None = None
    status: WaitlistStatus | None = None


class WaitlistRepository(SqlRepository):
    async def add(self, entry: WaitlistEntry) -> None:
        await self.connection.execute(
            waitlist.insert().values(
                id=entry.id,
                space_id=entry.space_id,
                tenant_id=entry.tenant_id,
                starts_at=entry.period.starts_at,
                ends_at=entry.period.ends_at,
                attendees=entry.attendees,
                status=entry.status.value,
                created_at=entry.created_at,
            )
        )
        self._track(entry)

    async def save(self, entry: WaitlistEntry) -> None:
        await self.connection.execute(
            waitlist.update()
            .where(waitlist.c.id == entry.id)
            .values(status=entry.status.value, booking_id=entry.booking_id)
        )

    async def get(self, entry_id: uuid.UUID) -> WaitlistEntry | None:
        found = await self._load(sa.select(waitlist).where(waitlist.c.id == entry_id))
        return found[0] if found else None

    async def find(
        self, where: WaitlistFilter, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[WaitlistEntry]:
        """Entries in the order they joined (ties by id), the keyset page after ``after``."""
        query = sa.select(waitlist).order_by(waitlist.c.created_at, waitlist.c.id).limit(limit)
        if where.tenant_id:
            query = query.where(waitlist.c.tenant_id == where.tenant_id)
        if where.space_id:
            query = query.where(waitlist.c.space_id == where.space_id)
        if where.status:
            query = query.where(waitlist.c.status == where.status.value)
        if after is not None:
            query = query.where(sa.tuple_(waitlist.c.created_at, waitlist.c.id) > sa.tuple_(*after))
        return await self._load(query)

    async def waiting_for(
        self, space_id: uuid.UUID, starts_at: datetime, ends_at: datetime
    ) -> list[WaitlistEntry]:
        """Entries queueing for periods that meet the freed span, first come first."""
        query = (
            sa.select(waitlist)
            .where(
                waitlist.c.space_id == space_id,
                waitlist.c.status == WaitlistStatus.WAITING.value,
                waitlist.c.starts_at < ends_at,
                waitlist.c.ends_at > starts_at,
            )
            .order_by(waitlist.c.created_at, waitlist.c.id)
            .with_for_update(skip_locked=True)
        )
        return await self._load(query)

    async def _load(self, query: sa.Select) -> list[WaitlistEntry]:
        found = [
            WaitlistEntry(
                id=row["id"],
                space_id=row["space_id"],
                tenant_id=row["tenant_id"],
                period=Period(row["starts_at"], row["ends_at"]),
                attendees=row["attendees"],
                status=WaitlistStatus(row["status"]),
                created_at=row["created_at"],
                booking_id=row["booking_id"],
            )
            for row in (await self.connection.execute(query)).mappings()
        ]
        for entry in found:
            self._track(entry)
        return found
