"""The life of a booking: each step allowed only from the right status, each evented."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from contracts.booking import CancellationReason, Site, SpaceType
from services.booking.domain.booking import Booking, BookingStatus, Period
from services.booking.domain.errors import BookingRuleBroken, IllegalBookingTransition
from services.booking.domain.space import Space
from services.booking.entrypoints.http import calendar_rendering

START = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # 19:00 WIB
SPACE = Space(
    id=uuid.uuid4(),
    site=Site.BITC,
    code="BITC-MUSIC-2",
    name="Ruang Latihan Musik 2",
    type=SpaceType.MUSIC_ROOM,
    capacity=6,
    active=True,
)


def booking(needs_approval=False) -> Booking:
    period = Period(START, START + timedelta(hours=2))
    made = Booking.new(
        space=SPACE,
        tenant_id=uuid.uuid4(),
        period=period,
        blocked=(period.starts_at, period.ends_at),
        attendees=1,
        needs_approval=needs_approval,
        now=START - timedelta(days=1),
    )
    made.events.clear()
    return made


def names(made: Booking) -> list[str]:
    return [event.name for event in made.events]


def test_requested_then_approved_then_checked_in_then_completed():
    made = booking(needs_approval=True)
    made.approve(START - timedelta(hours=5))
    made.check_in(START - timedelta(minutes=15))
    made.complete(START + timedelta(hours=2))
    assert made.status is BookingStatus.COMPLETED
    assert names(made) == ["booking.confirmed", "booking.checked_in", "booking.completed"]


def test_a_rejected_request_says_which_rule_and_frees_the_slot():
    made = booking(needs_approval=True)
    made.reject("rejected-by-staff", START)
    assert made.status is BookingStatus.REJECTED
    assert not made.live
    assert made.events[0].reason == "rejected-by-staff"


def test_cancelling_gives_back_the_charged_minutes_once():
    made = booking()
    made.charged_minutes = 120
    assert made.cancel(CancellationReason.BY_BOOKER, START) == 120
    assert made.charged_minutes == 0
    assert made.events[0].reason is CancellationReason.BY_BOOKER
    with pytest.raises(IllegalBookingTransition):
        made.cancel(CancellationReason.BY_STAFF, START)


@pytest.mark.parametrize(
    ("offset", "rule"),
    [(timedelta(minutes=-16), "check-in-too-early"), (timedelta(hours=2), "check-in-too-late")],
)
def test_check_in_opens_15_minutes_before_the_start_and_closes_at_the_end(offset, rule):
    with pytest.raises(BookingRuleBroken) as rejected:
        booking().check_in(START + offset)
    assert rejected.value.rule == rule


def test_a_no_show_keeps_its_hours_and_releases_the_space():
    made = booking()
    made.charged_minutes = 120
    made.mark_no_show(START + timedelta(minutes=15))
    assert made.status is BookingStatus.NO_SHOW
    assert not made.live
    assert made.charged_minutes == 120
    assert names(made) == ["booking.no_show"]


@pytest.mark.parametrize(
    "step",
    [
        lambda b: b.approve(START),
        lambda b: b.reject("x", START),
        lambda b: b.complete(START),
    ],
)
def test_steps_from_the_wrong_status_are_illegal_transitions(step):
    with pytest.raises(IllegalBookingTransition) as refused:
        step(booking())
    assert refused.value.rule == "illegal-transition"
    assert refused.value.details == {"booking_status": "confirmed"}


def test_the_calendar_feed_parses_back_with_jakarta_local_times():
    confirmed, requested = booking(), booking(needs_approval=True)
    feed = Calendar.from_ical(
        calendar_rendering.render("Ruang Latihan Musik 2", [confirmed, requested])
    )
    events = list(feed.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [
        f"{confirmed.id}@booking.bitc",
        f"{requested.id}@booking.bitc",
    ]
    start = events[0].decoded("dtstart")
    assert (start.hour, start.minute) == (19, 0)
    assert str(start.tzinfo) == "Asia/Jakarta"
    assert start == START
    assert events[0]["dtstart"].params["TZID"] == "Asia/Jakarta"
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "TENTATIVE"]
    assert len(list(feed.walk("VTIMEZONE"))) == 1
