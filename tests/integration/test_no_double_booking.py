"""The exclusion constraint, not application code, decides who gets a contested slot."""

import asyncio
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from contracts.booking import SpaceType
from services.booking.adapters.tables import bookings
from services.booking.domain.booking import Period
from services.booking.domain.errors import BookingConflict
from services.booking.service_layer.bookings import book_space
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.persistence.db import create_engine
from tests.integration.test_booking_support import active_tenant, own_space, wib_day

pytestmark = pytest.mark.integration

CONTENDERS = 30


@pytest.fixture
async def booking_engine(infra):
    engine = create_engine(infra.database_urls["booking"], pool_size=CONTENDERS)
    yield engine
    await engine.dispose()


def slot(day: datetime, hour: int, hours: int = 2) -> Period:
    starts = day.replace(hour=hour)
    return Period(starts, starts + timedelta(hours=hours))


async def test_of_many_simultaneous_requests_for_one_slot_exactly_one_wins(booking_engine):
    tenant_id = await active_tenant(booking_engine)
    space = await own_space(booking_engine, SpaceType.EVENT_HALL)
    period = slot(wib_day(), 10)

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


async def test_back_to_back_bookings_do_not_conflict_without_buffers(booking_engine):
    tenant_id = await active_tenant(booking_engine)
    space = await own_space(booking_engine, SpaceType.MEETING_ROOM)
    first = slot(wib_day(), 10)
    second = Period(first.ends_at, first.ends_at + timedelta(hours=1))
    for period in (first, second):
        await book_space(
            BookingUnitOfWork(booking_engine), space_id=space, tenant_id=tenant_id, period=period
        )


async def test_buffers_keep_bookings_apart_and_the_409_names_the_taken_period(booking_engine):
    tenant_id = await active_tenant(booking_engine)
    space = await own_space(
        booking_engine, SpaceType.DUBBING_STUDIO, buffer_before_min=15, buffer_after_min=30
    )
    first = slot(wib_day(), 10)

    async def book(period: Period):
        return await book_space(
            BookingUnitOfWork(booking_engine), space_id=space, tenant_id=tenant_id, period=period
        )

    stored = await book(first)
    assert stored.blocked == (
        first.starts_at - timedelta(minutes=15),
        first.ends_at + timedelta(minutes=30),
    )
    # Starts when the first ends: its set-up would fall in the first's clean-up.
    with pytest.raises(BookingConflict) as conflict:
        await book(Period(first.ends_at, first.ends_at + timedelta(hours=1)))
    assert conflict.value.taken == first
    # Its set-up (15 min) may not meet the first's clean-up (30 min): 45 minutes apart is fine.
    await book(Period(first.ends_at + timedelta(minutes=45), first.ends_at + timedelta(hours=2)))
