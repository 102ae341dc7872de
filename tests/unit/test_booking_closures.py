"""A closure can be moved: the change is announced again under the same closure id; which
bookings it cancels (the one rule both placing a closure and its preview apply)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.booking import ClosureReason, Site, SpaceClosed, SpaceType
from services.booking.domain.booking import Booking, BookingStatus, Period
from services.booking.domain.closure import Closure
from services.booking.domain.errors import BookingRuleBroken

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def a_closure() -> Closure:
    closure = Closure.declare(
        site=Site.BITC,
        space_id=uuid.uuid4(),
        starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=2),
        reason=ClosureReason.MAINTENANCE,
        now=NOW,
    )
    closure.events.clear()
    return closure


def test_moving_a_closure_announces_its_new_period_under_the_same_id():
    closure = a_closure()
    new_end = NOW + timedelta(days=3)
    closure.reschedule(
        starts_at=closure.starts_at, ends_at=new_end, reason=ClosureReason.CITY_EVENT, now=NOW
    )
    [event] = closure.events
    assert isinstance(event, SpaceClosed)
    assert (event.closure_id, event.ends_at, event.reason) == (
        closure.id,
        new_end,
        ClosureReason.CITY_EVENT,
    )


def test_a_closure_cannot_be_moved_to_end_before_it_starts():
    closure = a_closure()
    with pytest.raises(BookingRuleBroken) as refused:
        closure.reschedule(
            starts_at=closure.starts_at,
            ends_at=closure.starts_at,
            reason=closure.reason,
            now=NOW,
        )
    assert refused.value.rule == "period-empty"
    assert closure.events == []


def a_booking(closure: Closure, *, site: Site = Site.BITC, hours_in: int = 2) -> Booking:
    """A confirmed booking of the closure's space (or of the site's), starting ``hours_in``
    hours after the closure starts."""
    starts_at = closure.starts_at + timedelta(hours=hours_in)
    return Booking(
        id=uuid.uuid4(),
        space_id=closure.space_id or uuid.uuid4(),
        space_code="BITC-MUSIC-2",
        space_type=SpaceType.MUSIC_ROOM,
        site=site,
        tenant_id=uuid.uuid4(),
        period=Period(starts_at, starts_at + timedelta(hours=2)),
        blocked=(starts_at, starts_at + timedelta(hours=2)),
        status=BookingStatus.CONFIRMED,
        created_at=NOW,
    )


def test_a_closure_cancels_live_bookings_of_what_it_closes_that_meet_its_period():
    closure = a_closure()
    assert closure.cancels(a_booking(closure))
    requested = a_booking(closure)
    requested.status = BookingStatus.REQUESTED
    assert closure.cancels(requested)
    # Ending as the closure starts, or starting as it ends, does not meet it.
    assert not closure.cancels(a_booking(closure, hours_in=-2))
    assert not closure.cancels(a_booking(closure, hours_in=24))
    assert closure.cancels(a_booking(closure, hours_in=23))


def test_a_closure_spares_visits_under_way_bookings_already_ended_and_other_spaces():
    closure = a_closure()
    for status in (BookingStatus.CHECKED_IN, BookingStatus.CANCELLED, BookingStatus.COMPLETED):
        done = a_booking(closure)
        done.status = status
        assert not closure.cancels(done), status
    elsewhere = a_booking(closure)
    elsewhere.space_id = uuid.uuid4()
    assert not closure.cancels(elsewhere)


def test_a_site_closure_cancels_every_space_of_its_site_only():
    closure = Closure.declare(
        site=Site.TECHNO_PARK,
        space_id=None,
        starts_at=NOW,
        ends_at=NOW + timedelta(days=1),
        reason=ClosureReason.PUBLIC_HOLIDAY,
        now=NOW,
    )
    assert closure.cancels(a_booking(closure, site=Site.TECHNO_PARK))
    assert not closure.cancels(a_booking(closure, site=Site.BITC))
