"""Booking rules: which requests become a confirmed booking and which are refused, and why."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from contracts.booking import BookingConfirmed, Site, SpaceType
from services.booking.domain.booking import (
    MAX_DURATION,
    Booking,
    BookingRejected,
    BookingStatus,
    Period,
)
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import Standing, TenantStanding

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
WIB = timezone(timedelta(hours=7), "WIB")
TOMORROW_10_UTC = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def make_space(*, active=True):
    return Space(
        id=uuid.uuid4(),
        site=Site.BITC,
        code="BITC-STUDIO-1",
        name="Dubbing studio 1",
        type=SpaceType.DUBBING_STUDIO,
        capacity=4,
        active=active,
    )


def make_tenant(standing=Standing.ACTIVE):
    return TenantStanding(
        tenant_id=uuid.uuid4(), standing=standing, kind="startup", plan_code="coworking-flex"
    )


@pytest.fixture
def space():
    return make_space()


@pytest.fixture
def tenant():
    return make_tenant()


def rejected_rule(build):
    with pytest.raises(BookingRejected) as rejected:
        build()
    assert str(rejected.value), "a rejection explains itself"
    return rejected.value.rule


# --- the period itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "length", [timedelta(0), timedelta(minutes=-30)], ids=["zero-length", "ends-before-start"]
)
def test_a_period_that_does_not_end_after_it_starts_is_rejected_as_empty(length):
    rule = rejected_rule(lambda: Period(TOMORROW_10_UTC, TOMORROW_10_UTC + length))
    assert rule == "period-empty"


def test_a_period_longer_than_twelve_hours_is_rejected_as_too_long():
    rule = rejected_rule(
        lambda: Period(TOMORROW_10_UTC, TOMORROW_10_UTC + MAX_DURATION + timedelta(minutes=1))
    )
    assert rule == "period-too-long"


def test_a_period_of_exactly_twelve_hours_is_allowed():
    period = Period(TOMORROW_10_UTC, TOMORROW_10_UTC + timedelta(hours=12))
    assert period.ends_at - period.starts_at == timedelta(hours=12)


@pytest.mark.parametrize("naive_end", [False, True], ids=["naive-start", "naive-end"])
def test_a_period_without_a_utc_offset_is_rejected(naive_end):
    start = TOMORROW_10_UTC if naive_end else TOMORROW_10_UTC.replace(tzinfo=None)
    end = (TOMORROW_10_UTC + timedelta(hours=1)).replace(tzinfo=None if naive_end else UTC)
    assert rejected_rule(lambda: Period(start, end)) == "timezone-required"


def test_a_period_written_in_wib_is_kept_as_the_same_instants_in_utc():
    period = Period(
        datetime(2026, 12, 2, 19, 0, tzinfo=WIB), datetime(2026, 12, 2, 21, 0, tzinfo=WIB)
    )
    assert period.starts_at == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert period.ends_at == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    assert period.starts_at.utcoffset() == timedelta(0)
    assert period.ends_at.utcoffset() == timedelta(0)


def test_an_offset_that_changes_the_day_does_not_turn_a_valid_period_empty():
    # 06:00 WIB is 23:00 UTC the day before; compared as instants, this is a one-hour booking.
    period = Period(
        datetime(2026, 12, 3, 6, 0, tzinfo=WIB), datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    )
    assert period.ends_at - period.starts_at == timedelta(minutes=30)


# --- who may book what, and when ----------------------------------------------------------


def test_an_inactive_space_cannot_be_booked(tenant):
    period = Period(TOMORROW_10_UTC, TOMORROW_10_UTC + timedelta(hours=1))
    rule = rejected_rule(
        lambda: Booking.confirm(
            space=make_space(active=False), tenant=tenant, period=period, now=NOW
        )
    )
    assert rule == "space-inactive"


def test_a_tenant_that_is_not_active_cannot_book_and_is_told_its_standing(space):
    period = Period(TOMORROW_10_UTC, TOMORROW_10_UTC + timedelta(hours=1))
    with pytest.raises(BookingRejected) as rejected:
        Booking.confirm(space=space, tenant=make_tenant(Standing.APPLIED), period=period, now=NOW)
    assert rejected.value.rule == "tenant-not-active"
    assert rejected.value.details == {"tenant_standing": "applied"}


@pytest.mark.parametrize(
    "starts_before_now", [timedelta(minutes=1), timedelta(days=3)], ids=["just-now", "days-ago"]
)
def test_a_booking_cannot_start_in_the_past(space, tenant, starts_before_now):
    start = NOW - starts_before_now
    period = Period(start, start + timedelta(hours=2))
    rule = rejected_rule(
        lambda: Booking.confirm(space=space, tenant=tenant, period=period, now=NOW)
    )
    assert rule == "period-in-past"


def test_a_booking_starting_right_now_is_accepted(space, tenant):
    booking = Booking.confirm(
        space=space, tenant=tenant, period=Period(NOW, NOW + timedelta(hours=1)), now=NOW
    )
    assert booking.status is BookingStatus.CONFIRMED


# --- a valid booking ------------------------------------------------------------------------


def test_a_valid_booking_is_confirmed_and_records_exactly_one_booking_confirmed(space, tenant):
    period = Period(
        datetime(2026, 12, 2, 19, 0, tzinfo=WIB), datetime(2026, 12, 2, 21, 30, tzinfo=WIB)
    )

    booking = Booking.confirm(space=space, tenant=tenant, period=period, now=NOW)

    assert booking.status is BookingStatus.CONFIRMED
    assert booking.space_id == space.id
    assert booking.tenant_id == tenant.tenant_id
    assert booking.created_at == NOW
    assert len(booking.events) == 1
    confirmed = booking.events[0]
    assert confirmed == BookingConfirmed(
        booking_id=booking.id,
        tenant_id=tenant.tenant_id,
        space_id=space.id,
        space_code="BITC-STUDIO-1",
        space_type=SpaceType.DUBBING_STUDIO,
        site=Site.BITC,
        starts_at=datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 2, 14, 30, tzinfo=UTC),
        occurred_at=NOW,
    )


def test_the_confirmed_event_publishes_times_in_utc_even_for_wib_input(space, tenant):
    period = Period(
        datetime(2026, 12, 2, 19, 0, tzinfo=WIB), datetime(2026, 12, 2, 21, 0, tzinfo=WIB)
    )
    (confirmed,) = Booking.confirm(space=space, tenant=tenant, period=period, now=NOW).events

    assert confirmed.starts_at.utcoffset() == timedelta(0)
    assert confirmed.ends_at.utcoffset() == timedelta(0)
    published = confirmed.model_dump(mode="json")
    assert published["starts_at"] == "2026-12-02T12:00:00Z"
    assert published["ends_at"] == "2026-12-02T14:00:00Z"


def test_two_bookings_get_distinct_ids(space, tenant):
    period = Period(TOMORROW_10_UTC, TOMORROW_10_UTC + timedelta(hours=1))
    first = Booking.confirm(space=space, tenant=tenant, period=period, now=NOW)
    second = Booking.confirm(space=space, tenant=tenant, period=period, now=NOW)
    assert first.id != second.id
