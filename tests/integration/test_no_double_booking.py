"""The exclusion constraint, not application code, decides who gets a contested slot."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from services.booking.adapters.repositories import BookingConflict
from services.booking.adapters.tables import bookings, spaces
from services.booking.domain.booking import Period
from services.booking.service_layer.bookings import book_space
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.db import create_engine

pytestmark = pytest.mark.integration

CONTENDERS = 30


@pytest.fixture
async def booking_engine(infra):
    engine = create_engine(infra.database_urls["booking"], pool_size=CONTENDERS)
    yield engine
    await engine.dispose()


async def active_tenant(engine) -> uuid.UUID:
    tenant_id = uuid.uuid4()
    async with BookingUnitOfWork(engine) as uow:
        await uow.tenants.record_activated(
            tenant_id, "startup", "coworking-flex", datetime.now(UTC)
        )
        await uow.commit()
    return tenant_id


async def hall_id(engine) -> uuid.UUID:
    async with engine.connect() as conn:
        return await conn.scalar(sa.select(spaces.c.id).where(spaces.c.code == "CTP-HALL"))


def far_future_slot() -> Period:
    # Minutes from a random offset keep this test's slots apart from every other run's.
    starts = datetime(2030, 1, 1, tzinfo=UTC) + timedelta(minutes=uuid.uuid4().int % 5_000_000)
    return Period(starts, starts + timedelta(hours=2))


async def test_of_many_simultaneous_requests_for_one_slot_exactly_one_wins(booking_engine):
    tenant_id, space = await active_tenant(booking_engine), await hall_id(booking_engine)
    period = far_future_slot()

    async def contend():
        return await book_space(
            BookingUnitOfWork(booking_engine), space_id=space, tenant_id=tenant_id, period=period
        )

    results = await asyncio.gather(*(contend() for _ in range(CONTENDERS)), return_exceptions=True)

    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BookingConflict)]
    assert len(winners) == 1
    assert len(losers) == CONTENDERS - 1
    assert all(loser.taken == period for loser in losers)
    async with booking_engine.connect() as conn:
        stored = await conn.scalar(
            sa.select(sa.func.count()).where(
                bookings.c.space_id == space, bookings.c.starts_at == period.starts_at
            )
        )
    assert stored == 1


async def test_back_to_back_bookings_do_not_conflict(booking_engine):
    tenant_id, space = await active_tenant(booking_engine), await hall_id(booking_engine)
    first = far_future_slot()
    second = Period(first.ends_at, first.ends_at + timedelta(hours=1))
    for period in (first, second):
        await book_space(
            BookingUnitOfWork(booking_engine), space_id=space, tenant_id=tenant_id, period=period
        )
