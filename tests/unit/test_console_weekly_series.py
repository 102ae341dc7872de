"""A weekly series as a person picks it becomes booking's first date and last day, and
booking's answer becomes the dates made and the dates skipped, each with a reason in words."""

from datetime import date, datetime, time

from services.console.domain.formatting import WIB
from services.console.domain.weekly_series import (
    SKIPPED_BECAUSE,
    UNKNOWN_REASON,
    WeeklyRequest,
    outcomes,
    start_times,
)


def test_the_first_date_is_the_first_chosen_weekday_from_the_first_day_on():
    asked = WeeklyRequest("tue", time(19), 120, date(2026, 12, 10), date(2027, 2, 1))

    first = asked.first_period()

    assert first == (
        datetime(2026, 12, 15, 19, tzinfo=WIB),
        datetime(2026, 12, 15, 21, tzinfo=WIB),
    )
    assert asked.until() == datetime(2027, 2, 1, 23, 59, tzinfo=WIB)


def test_a_first_day_on_the_weekday_is_itself_the_first_date():
    asked = WeeklyRequest("thu", time(9), 60, date(2026, 12, 10), date(2026, 12, 10))

    assert asked.first_period()[0] == datetime(2026, 12, 10, 9, tzinfo=WIB)


def test_no_first_date_when_the_weekday_does_not_come_before_the_last_day():
    asked = WeeklyRequest("mon", time(9), 60, date(2026, 12, 10), date(2026, 12, 13))

    assert asked.first_period() is None


def test_start_times_are_the_grid_within_any_days_opening_hours():
    hours = {"mon": ["08:00", "10:00"], "sat": ["09:00", "11:00"]}

    assert start_times(hours, 60) == [time(8), time(9), time(10)]


def test_booked_and_skipped_dates_are_told_apart_with_why_in_date_order():
    occurrences = [
        {
            "starts_at": "2026-12-22T12:00:00+00:00",
            "ends_at": "2026-12-22T14:00:00+00:00",
            "skipped_because": "space-closed",
            "closure_reason": "public_holiday",
        },
        {
            "starts_at": "2026-12-15T12:00:00+00:00",
            "ends_at": "2026-12-15T14:00:00+00:00",
            "booking_id": "b-1",
        },
        {
            "starts_at": "2026-12-29T12:00:00+00:00",
            "ends_at": "2026-12-29T14:00:00+00:00",
            "skipped_because": "booking-conflict",
        },
        {
            "starts_at": "2027-01-05T12:00:00+00:00",
            "ends_at": "2027-01-05T14:00:00+00:00",
            "skipped_because": "a-rule-from-the-future",
        },
    ]

    made, skipped = outcomes(occurrences)

    assert [(m.booking_id, m.starts_at.hour) for m in made] == [("b-1", 19)]
    assert [s.why for s in skipped] == [
        SKIPPED_BECAUSE["space-closed"],
        SKIPPED_BECAUSE["booking-conflict"],
        UNKNOWN_REASON,
    ]
    assert skipped[0].closure == "a public holiday"
    assert skipped[0].starts_at.tzinfo is not None
