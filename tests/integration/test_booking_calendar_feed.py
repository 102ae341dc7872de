"""Calendar feeds against the real database, read with two independent iCalendar parsers: a
cancelled booking stays in the feed as cancelled and newer, a series is exactly its booked
dates, and a date skipped for a closure names that closure."""

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from contracts.booking import CancellationReason, ClosureReason, Site, SpaceType
from services.booking.adapters.tables import bookings as bookings_table
from services.booking.domain.booking import Period
from services.booking.domain.series import Frequency
from services.booking.entrypoints.http import calendar_rendering
from services.booking.service_layer import bookings, closures, series, tenant_overview
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.persistence.db import create_engine
from tests.calendar_reading import FeedEvent, read_feed
from tests.integration.test_booking_support import (
    active_tenant,
    outbox_events,
    own_space,
    wib_day,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(infra):
    engine = create_engine(infra.database_urls["booking"], pool_size=5)
    yield engine
    await engine.dispose()


async def tenant_feed(engine, tenant_id: uuid.UUID) -> dict[str, FeedEvent]:
    found = await tenant_overview.calendar_of_tenant(BookingUnitOfWork(engine), tenant_id)
    return read_feed(calendar_rendering.render("tenant", found))


async def space_feed(engine, space_id: uuid.UUID) -> dict[str, FeedEvent]:
    name, found = await tenant_overview.calendar_of_space(BookingUnitOfWork(engine), space_id)
    return read_feed(calendar_rendering.render(name, found))


async def test_a_cancelled_booking_stays_in_both_feeds_as_cancelled_and_newer(engine):
    tenant = await active_tenant(engine)
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    day = wib_day()
    booked = await bookings.book_space(
        BookingUnitOfWork(engine),
        space_id=room,
        tenant_id=tenant,
        period=Period(day.replace(hour=10), day.replace(hour=12)),
    )
    uid = f"{booked.id}@booking.bitc"
    before = (await tenant_feed(engine, tenant))[uid]

    await bookings.cancel_booking(
        BookingUnitOfWork(engine), booked.id, CancellationReason.BY_BOOKER, actor="siti"
    )

    after = (await tenant_feed(engine, tenant))[uid]
    assert (before.status, after.status) == ("CONFIRMED", "CANCELLED")
    assert after.sequence > before.sequence
    assert (after.starts_at, after.ends_at) == (before.starts_at, before.ends_at)
    assert (await space_feed(engine, room))[uid] == after
    async with engine.connect() as conn:
        stored = (
            await conn.execute(
                sa.select(bookings_table.c.revision, bookings_table.c.updated_at).where(
                    bookings_table.c.id == booked.id
                )
            )
        ).one()
    assert stored.revision == after.sequence, "the SEQUENCE is the booking's stored revision"
    # DTSTAMP is the cancellation's instant (iCalendar counts whole seconds).
    assert after.stamp == stored.updated_at.replace(microsecond=0)
    assert after.stamp >= before.stamp


async def test_a_series_feed_holds_exactly_its_booked_dates_and_a_cancelled_one_as_cancelled(
    engine,
):
    tenant = await active_tenant(engine, kind="community")
    room = await own_space(engine, SpaceType.MUSIC_ROOM)
    first_day = wib_day(300)  # a stretch of weeks no other test uses
    closed_day = first_day + timedelta(weeks=1)
    closure, _ = await closures.close(
        BookingUnitOfWork(engine),
        site=Site.TECHNO_PARK,
        space_id=room,
        starts_at=closed_day,
        ends_at=closed_day + timedelta(days=1),
        reason=ClosureReason.MAINTENANCE,
        key=None,
        actor="staff",
    )
    taken_day = first_day + timedelta(weeks=3)
    await bookings.book_space(
        BookingUnitOfWork(engine),
        space_id=room,
        tenant_id=await active_tenant(engine),
        period=Period(taken_day.replace(hour=19), taken_day.replace(hour=20)),
    )

    planned = await series.book_series(
        BookingUnitOfWork(engine),
        space_id=room,
        tenant_id=tenant,
        first=Period(first_day.replace(hour=19), first_day.replace(hour=21)),
        frequency=Frequency.WEEKLY,
        count=5,
        until=None,
        attendees=4,
        key=None,
    )

    skipped = [o for o in planned.occurrences if o.booking_id is None]
    assert [o.skipped_because for o in skipped] == ["space-closed", "booking-conflict"]
    assert (skipped[0].closure_id, skipped[0].closure_reason) == (
        closure.id,
        ClosureReason.MAINTENANCE,
    )
    assert (skipped[1].closure_id, skipped[1].closure_reason) == (None, None)
    (announced,) = await outbox_events(engine, planned.id)
    closed = announced["data"]["occurrences"][1]
    assert (closed["closure_id"], closed["closure_reason"]) == (str(closure.id), "maintenance")

    series_uid = f"{planned.id}@series.booking.bitc"
    booked = [o for o in planned.occurrences if o.booking_id is not None]
    dates = {u: e for u, e in (await tenant_feed(engine, tenant)).items() if e.series == series_uid}
    assert dates.keys() == {f"{o.booking_id}@booking.bitc" for o in booked}
    assert sorted(e.starts_at for e in dates.values()) == [o.starts_at for o in booked]
    assert not any(e.recurs for e in dates.values())
    assert {e.status for e in dates.values()} == {"CONFIRMED"}

    one = booked[1].booking_id
    await bookings.cancel_booking(
        BookingUnitOfWork(engine), one, CancellationReason.BY_BOOKER, actor="asep"
    )
    later = {u: e for u, e in (await tenant_feed(engine, tenant)).items() if e.series == series_uid}
    assert later.keys() == dates.keys(), "the cancelled date is still there, as cancelled"
    cancelled = f"{one}@booking.bitc"
    assert later[cancelled].status == "CANCELLED"
    assert later[cancelled].sequence > dates[cancelled].sequence
    assert {u: e for u, e in later.items() if u != cancelled} == {
        u: e for u, e in dates.items() if u != cancelled
    }, "the other dates did not change"
