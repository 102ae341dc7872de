"""The utilisation report's arithmetic: a month's opening hours less closures, counted by
weekday in WIB, and shares that say nothing rather than divide by zero."""

from datetime import date, datetime, time

from services.booking.domain.local_time import WIB
from services.booking.domain.opening_hours import OpeningHours
from services.booking.domain.utilisation import ALL_KINDS, Use, by_kind_and_all, open_hours
from shared.domain.report_period import ReportPeriod

FEBRUARY = ReportPeriod.month(2027, 2)  # 28 days: four of each weekday
WEEKDAYS_9_TO_17 = OpeningHours.from_json(
    {day: ["09:00", "17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
)


def wib(day: int, hour: int) -> datetime:
    return datetime.combine(date(2027, 2, day), time(hour), WIB)


def test_a_month_is_open_its_weekdays_hours_and_closures_take_only_open_time():
    whole = open_hours(WEEKDAYS_9_TO_17, [], FEBRUARY.starts_at, FEBRUARY.ends_at)
    closed = [
        (wib(1, 12), wib(1, 15)),  # Monday: 3 open hours
        (wib(6, 0), wib(8, 10)),  # Saturday to Monday 10:00: Monday's first hour only
        (wib(10, 16), wib(10, 20)),  # Wednesday: 16:00-17:00 open, the rest after closing
        (wib(10, 16), wib(10, 18)),  # overlapping the one before: nothing twice
    ]
    less = open_hours(WEEKDAYS_9_TO_17, closed, FEBRUARY.starts_at, FEBRUARY.ends_at)

    assert whole == 20 * 8
    assert less == 20 * 8 - 3 - 1 - 1


def test_the_first_hours_of_a_wib_month_belong_to_it():
    always = OpeningHours.from_json({day: ["00:00", "23:30"] for day in ("mon",)})
    # 1 February 2027 is a Monday; its first hours are still 31 January in UTC.
    first_day = ReportPeriod(date(2027, 2, 1), date(2027, 2, 1))
    assert open_hours(always, [], first_day.starts_at, first_day.ends_at) == 23.5


def test_a_space_never_open_or_never_booked_has_no_share_or_rate_rather_than_a_guess():
    nobody = Use().figures(opening_hours=0)
    assert (nobody["share_of_opening"], nobody["no_show_rate"]) == (None, None)

    some = Use(booked_hours=10, used_hours=7.333, booked=3, no_shows=1).figures(opening_hours=160)
    assert some == {
        "booked_hours": 10,
        "used_hours": 7.33,
        "opening_hours": 160,
        "share_of_opening": 0.0625,
        "no_show_rate": 0.3333,
    }


def test_the_space_row_of_all_kinds_adds_up_the_kinds():
    uses = {"startup": Use(2, 1, 1, 0), "community": Use(3.5, 0, 2, 1)}
    assert by_kind_and_all(uses) == [
        ("community", Use(3.5, 0, 2, 1)),
        ("startup", Use(2, 1, 1, 0)),
        (ALL_KINDS, Use(5.5, 1, 3, 1)),
    ]
