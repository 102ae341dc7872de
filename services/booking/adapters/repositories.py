"""Loads and stores spaces, bookings and the tenant projection."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.booking import Site, SpaceType
from services.booking.adapters.tables import bookings, spaces, tenant_standings
from services.booking.domain.booking import Booking, BookingStatus, Period
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import Standing, TenantStanding
from shared.unit_of_work import SqlRepository


class BookingConflict(Exception):
    def __init__(self, space_id: uuid.UUID, taken: Period | None) -> None:
        super().__init__(f"space {space_id} is already booked over that period")
        self.space_id = space_id
        self.taken = taken


class SpaceRepository(SqlRepository):
    async def get(self, space_id: uuid.UUID) -> Space | None:
        row = (
            (await self.connection.execute(sa.select(spaces).where(spaces.c.id == space_id)))
            .mappings()
            .first()
        )
        return _space(row) if row else None

    async def list(self) -> list[Space]:
        rows = await self.connection.execute(
            sa.select(spaces).order_by(spaces.c.site, spaces.c.code)
        )
        return [_space(row) for row in rows.mappings()]


class BookingRepository(SqlRepository):
    async def add(self, booking: Booking) -> None:
        """Stores a booking; BookingConflict when it overlaps a live booking of the space.

        The exclusion constraint decides, so two concurrent requests can never both win; with
        DO NOTHING the loser learns it without aborting the transaction.
        """
        inserted = await self.connection.execute(
            pg_insert(bookings)
            .values(
                id=booking.id,
                space_id=booking.space_id,
                tenant_id=booking.tenant_id,
                starts_at=booking.period.starts_at,
                ends_at=booking.period.ends_at,
                status=booking.status.value,
                created_at=booking.created_at,
            )
            .on_conflict_do_nothing()
            .returning(bookings.c.id)
        )
        if inserted.first() is None:
            raise BookingConflict(booking.space_id, await self._overlapping(booking))
        self._track(booking)

    async def get(self, booking_id: uuid.UUID) -> Booking | None:
        query = sa.select(bookings).where(bookings.c.id == booking_id)
        row = (await self.connection.execute(query)).mappings().first()
        return _booking(row) if row else None

    async def _overlapping(self, booking: Booking) -> Period | None:
        query = sa.select(bookings.c.starts_at, bookings.c.ends_at).where(
            bookings.c.space_id == booking.space_id,
            bookings.c.starts_at < booking.period.ends_at,
            bookings.c.ends_at > booking.period.starts_at,
        )
        row = (await self.connection.execute(query.limit(1))).first()
        return Period(row.starts_at, row.ends_at) if row else None


class TenantStandingRepository(SqlRepository):
    async def get(self, tenant_id: uuid.UUID) -> TenantStanding | None:
        query = sa.select(tenant_standings).where(tenant_standings.c.tenant_id == tenant_id)
        row = (await self.connection.execute(query)).mappings().first()
        if row is None:
            return None
        return TenantStanding(
            row["tenant_id"], Standing(row["standing"]), row["kind"], row["plan_code"]
        )

    async def record_registered(
        self, tenant_id: uuid.UUID, kind: str, plan_code: str, at: datetime
    ) -> None:
        # A registration never overrides a later standing (events may be replayed).
        statement = pg_insert(tenant_standings).values(
            tenant_id=tenant_id,
            standing=Standing.APPLIED.value,
            kind=kind,
            plan_code=plan_code,
            updated_at=at,
        )
        await self.connection.execute(statement.on_conflict_do_nothing())

    async def record_activated(
        self, tenant_id: uuid.UUID, kind: str, plan_code: str, at: datetime
    ) -> None:
        values = {
            "standing": Standing.ACTIVE.value,
            "kind": kind,
            "plan_code": plan_code,
            "updated_at": at,
        }
        statement = pg_insert(tenant_standings).values(tenant_id=tenant_id, **values)
        await self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[tenant_standings.c.tenant_id], set_=values
            )
        )


def _space(row: sa.RowMapping) -> Space:
    return Space(
        id=row["id"],
        site=Site(row["site"]),
        code=row["code"],
        name=row["name"],
        type=SpaceType(row["type"]),
        capacity=row["capacity"],
        active=row["active"],
    )


def _booking(row: sa.RowMapping) -> Booking:
    return Booking(
        id=row["id"],
        space_id=row["space_id"],
        tenant_id=row["tenant_id"],
        period=Period(row["starts_at"], row["ends_at"]),
        status=BookingStatus(row["status"]),
        created_at=row["created_at"],
    )
