"""Booking use cases against the real database: quotas through confirm/cancel/no-show, a
series across a closure, closures cancelling bookings, and the waitlist taking a freed slot."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from contracts.booking import CancellationReason, ClosureReason, Site, SpaceType
from services.booking.adapters.tables import quota_usage
from services.booking.domain.booking import BookingStatus, Period
from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.local_time import WIB, month_of
from services.booking.domain.series import Frequency
from services.booking.domain.tenant_standing import Standing
from services.booking.service_layer import bookings, closures, series
from services.booking.service_layer.bookkeeping import complete_finished, release_no_shows
from services.booking.service_layer.tenant_overview import quota_balance, tenant_record
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from services.booking.service_layer.waitlist import join_waitlist
from shared.persistence.db import create_engine
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


def types(events: list[dict]) -> list[str]:
    return [e["type"].removeprefix("id.bitc.").rsplit(".", 1)[0] for e in events]


async def used_minutes(engine, tenant_id, space_type: SpaceType, month: str) -> int:
    async with engine.connect() as conn:
        used = await conn.scalar(
            sa.select(quota_usage.c.used_minutes).where(
                quota_usage.c.tenant_id == tenant_id,
                quota_usage.c.space_type == space_type.value,
                quota_usage.c.month == month,
            )
        )
    return used or 0


async def test_quota_is_consumed_on_confirmation_given_back_on_cancel_kept_on_no_show(engine):
    studio = SpaceType.DUBBING_STUDIO
    tenant = await active_tenant(engine, quotas={studio: 4})
    space = await own_space(engine, studio)
    # Three slots on one day keep all bookings in one Jakarta month.
    day = wib_day()
    month = month_of(day)

    async def book(hour: int, hours: int):
        start = day.replace(hour=hour)
        period = Period(start, start + timedelta(hours=hours))
        return await bookings.book_space(
            BookingUnitOfWork(engine), space_id=space, tenant_id=tenant, period=period
        )

    first = await book(8, 2)
    second = await book(11, 2)
    assert await used_minutes(engine, tenant, studio, month) == 240
    exhausted = [e for e in await outbox_events(engine, tenant) if "quota.exhausted" in e["type"]]
    assert [e["data"]["month"] for e in exhausted] == [month]

    with pytest.raises(BookingRuleBroken) as refused:
        await book(14, 1)
    assert refused.value.rule == "over-quota"
    assert refused.value.details["remaining_hours"] == 0

    await bookings.cancel_booking(
        BookingUnitOfWork(engine), first.id, CancellationReason.BY_BOOKER, actor="tenant"
    )
    assert await used_minutes(engine, tenant, studio, month) == 120
    third = await book(14, 1)
    assert third.status is BookingStatus.CONFIRMED
    assert await used_minutes(engine, tenant, studio, month) == 180

    async with BookingUnitOfWork(engine) as uow:
        await release_no_shows(uow, second.period.starts_at + timedelta(minutes=15))
        await uow.commit()
    no_show = await bookings.get_booking(BookingUnitOfWork(engine), second.id)
    assert no_show.status is BookingStatus.NO_SHOW
    assert await used_minutes(engine, tenant, studio, month) == 180, "a no-show keeps its hours"
    assert (await tenant_record(BookingUnitOfWork(engine), tenant)).no_show_count == 1
    _, balances = await quota_balance(BookingUnitOfWork(engine), tenant, month)
    balance = next(b for b in balances if b.space_type is studio)
    assert (balance.quota_hours, balance.used_hours, balance.remaining_hours) == (4, 3, 1)
    assert types(await outbox_events(engine, second.id)) == ["booking.confirmed", "booking.no_show"]


async def test_a_weekly_series_across_a_closure_skips_the_closed_dates_with_the_reason(engine):
    tenant = await active_tenant(engine, kind="community")
    room = await own_space(engine, SpaceType.MUSIC_ROOM)
    first_day = wib_day(200)  # a stretch of weeks no other test uses
    first = Period(first_day.replace(hour=19), first_day.replace(hour=21))
    closed_week = first_day + timedelta(weeks=2)
    await closures.close(
        BookingUnitOfWork(engine),
        site=Site.TECHNO_PARK,
        space_id=room,
        starts_at=closed_week,
        ends_at=closed_week + timedelta(days=1),
        reason=ClosureReason.PUBLIC_HOLIDAY,
        key=None,
        actor="staff",
    )
    taken_week = first_day + timedelta(weeks=4)
    other = await active_tenant(engine)
    await bookings.book_space(
        BookingUnitOfWork(engine),
        space_id=room,
        tenant_id=other,
        period=Period(taken_week.replace(hour=20), taken_week.replace(hour=22)),
    )

    planned = await series.book_series(
        BookingUnitOfWork(engine),
        space_id=room,
        tenant_id=tenant,
        first=first,
        frequency=Frequency.WEEKLY,
        count=6,
        until=None,
        attendees=5,
        key=None,
    )

    reasons = [o.skipped_because for o in planned.occurrences]
    assert reasons == [None, None, "space-closed", None, "booking-conflict", None]
    assert all(o.starts_at.astimezone(first_day.tzinfo).hour == 19 for o in planned.occurrences)
    (announced,) = await outbox_events(engine, planned.id)
    assert [o["skipped_because"] for o in announced["data"]["occurrences"]] == reasons

    # Closing the site over the last occurrence cancels it with reason space_closed.
    last = planned.occurrences[-1]
    closure, cancelled = await closures.close(
        BookingUnitOfWork(engine),
        site=Site.TECHNO_PARK,
        space_id=None,
        starts_at=last.starts_at,
        ends_at=last.ends_at,
        reason=ClosureReason.CITY_EVENT,
        key=None,
        actor="staff",
    )
    assert cancelled >= 1
    events = await outbox_events(engine, last.booking_id)
    assert events[-1]["data"]["reason"] == "space_closed"
    assert types(await outbox_events(engine, closure.id)) == ["space.closed"]

    # From the fourth date onward: the fourth is cancelled, the first two stay.
    fourth = planned.occurrences[3]
    gone = await series.cancel_series(
        BookingUnitOfWork(engine), planned.id, fourth.starts_at, actor="tenant", by_staff=False
    )
    assert [b.id for b in gone] == [fourth.booking_id]
    assert gone[0].status_reason == "series_cancelled"
    kept = await bookings.get_booking(BookingUnitOfWork(engine), planned.occurrences[0].booking_id)
    assert kept.status is BookingStatus.CONFIRMED
    await series.cancel_series(
        BookingUnitOfWork(engine), planned.id, None, actor="tenant", by_staff=False
    )
    kept = await bookings.get_booking(BookingUnitOfWork(engine), planned.occurrences[0].booking_id)
    assert kept.status is BookingStatus.CANCELLED


async def test_a_freed_slot_goes_to_the_first_eligible_tenant_on_the_waitlist(engine):
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    holder, suspended, waiting = [await active_tenant(engine) for _ in range(3)]
    day = wib_day()
    period = Period(day.replace(hour=9), day.replace(hour=11))
    held = await bookings.book_space(
        BookingUnitOfWork(engine), space_id=room, tenant_id=holder, period=period
    )
    entries = [
        await join_waitlist(
            BookingUnitOfWork(engine),
            space_id=room,
            tenant_id=tenant,
            period=period,
            attendees=2,
            key=None,
        )
        for tenant in (suspended, waiting)
    ]
    # The first in line has meanwhile lost the right to book: the second gets the slot.
    async with BookingUnitOfWork(engine) as uow:
        await uow.tenants.record_standing(suspended, Standing.SUSPENDED, held.created_at)
        await uow.commit()

    await bookings.cancel_booking(
        BookingUnitOfWork(engine), held.id, CancellationReason.BY_STAFF, actor="staff"
    )

    async with BookingUnitOfWork(engine) as uow:
        first_entry, second_entry = [await uow.waitlist.get(e.id) for e in entries]
    assert first_entry.status == "waiting"
    assert second_entry.status == "promoted"
    promoted = await bookings.get_booking(BookingUnitOfWork(engine), second_entry.booking_id)
    assert (promoted.tenant_id, promoted.status, promoted.period) == (
        waiting,
        BookingStatus.CONFIRMED,
        period,
    )
    assert types(await outbox_events(engine, promoted.id)) == [
        "booking.confirmed",
        "booking.waitlist_promoted",
    ]


async def test_a_checked_in_visit_is_completed_after_it_ends(engine):
    tenant = await active_tenant(engine)
    desk = await own_space(engine, SpaceType.COWORKING_DESK, opening=("00:00", "23:59"))
    # The next quarter hour: check-in is already open (it opens 15 minutes before the start).
    now = datetime.now(UTC)
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=15 - now.minute % 15)
    period = Period(start, start + timedelta(minutes=15))
    if period.ends_at.astimezone(WIB).date() != start.astimezone(WIB).date():
        pytest.skip("no visit can start in the last quarter hour of a Jakarta day")
    visit = await bookings.book_space(
        BookingUnitOfWork(engine), space_id=desk, tenant_id=tenant, period=period
    )
    checked_in = await bookings.check_in(BookingUnitOfWork(engine), visit.id)
    assert checked_in.status is BookingStatus.CHECKED_IN

    async with BookingUnitOfWork(engine) as uow:
        await complete_finished(uow, visit.period.ends_at)
        await uow.commit()

    done = await bookings.get_booking(BookingUnitOfWork(engine), visit.id)
    assert done.status is BookingStatus.COMPLETED
    assert types(await outbox_events(engine, visit.id)) == [
        "booking.confirmed",
        "booking.checked_in",
        "booking.completed",
    ]
