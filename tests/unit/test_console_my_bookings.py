"""A tenant's bookings fall under exactly one tab, and the buttons shown are the steps booking
would allow: cancel before the start, check in from 15 minutes before until the end."""

from datetime import UTC, datetime, timedelta

import pytest

from services.console.domain.my_bookings import (
    Tab,
    belongs,
    confirmation_of,
    listed,
    may_cancel,
    may_check_in,
    query_of,
)

NOW = datetime(2026, 12, 15, 5, 0, tzinfo=UTC)


def booking(status: str, starts_in: timedelta, hours: int = 2) -> dict:
    starts = NOW + starts_in
    return {
        "id": status,
        "status": status,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=hours)).isoformat(),
    }


@pytest.mark.parametrize(
    ("status", "starts_in", "tab"),
    [
        ("confirmed", timedelta(days=1), Tab.UPCOMING),
        ("requested", timedelta(days=1), Tab.UPCOMING),
        ("checked_in", timedelta(minutes=-30), Tab.UPCOMING),  # going on now
        ("confirmed", timedelta(days=-1), Tab.PAST),
        ("completed", timedelta(days=-1), Tab.PAST),
        ("no_show", timedelta(days=-1), Tab.PAST),
        ("cancelled", timedelta(days=1), Tab.CANCELLED),
        ("rejected", timedelta(days=-1), Tab.CANCELLED),
    ],
)
def test_every_booking_is_under_exactly_one_tab(status, starts_in, tab):
    shown = booking(status, starts_in)

    assert [t for t in Tab if belongs(t, shown, NOW)] == [tab]


def test_a_tab_lists_its_own_bookings_with_their_times_as_datetimes():
    found = [booking("confirmed", timedelta(days=1)), booking("cancelled", timedelta(days=1))]

    upcoming = listed(Tab.UPCOMING, found, NOW)

    assert [b["status"] for b in upcoming] == ["confirmed"]
    assert upcoming[0]["starts_at"] == NOW + timedelta(days=1)


def test_an_unknown_tab_name_shows_the_upcoming_bookings():
    assert Tab.named("past") is Tab.PAST
    assert Tab.named("everything") is Tab.UPCOMING
    assert Tab.named(None) is Tab.UPCOMING


def test_each_tab_asks_booking_only_for_its_statuses():
    assert query_of(Tab.UPCOMING, NOW) == {
        "status": ["requested", "confirmed", "checked_in"],
        "starts_from": NOW.isoformat(),
    }
    assert query_of(Tab.CANCELLED, NOW) == {"status": ["cancelled", "rejected"]}
    assert query_of(Tab.PAST, NOW)["starts_before"] == NOW.isoformat()


def test_a_booking_is_cancelled_only_before_it_starts_and_while_it_holds_the_space():
    assert may_cancel(booking("confirmed", timedelta(hours=1)), NOW)
    assert may_cancel(booking("requested", timedelta(hours=1)), NOW)
    assert not may_cancel(booking("confirmed", timedelta(minutes=-1)), NOW)
    assert not may_cancel(booking("cancelled", timedelta(hours=1)), NOW)


def test_check_in_is_offered_from_15_minutes_before_the_start_until_the_end():
    assert not may_check_in(booking("confirmed", timedelta(minutes=16)), NOW)
    assert may_check_in(booking("confirmed", timedelta(minutes=15)), NOW)
    assert may_check_in(booking("confirmed", timedelta(minutes=-100)), NOW)
    assert not may_check_in(booking("confirmed", timedelta(hours=-2)), NOW)
    assert not may_check_in(booking("requested", timedelta(minutes=5)), NOW)


def test_the_confirmation_says_whether_staff_must_still_approve():
    assert "approval" in confirmation_of("requested")
    assert confirmation_of("confirmed") == "Your booking is confirmed."
