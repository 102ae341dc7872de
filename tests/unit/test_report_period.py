"""A report's period is whole WIB days: a month starts at 17:00 UTC on the previous day."""

from datetime import UTC, date, datetime

import pytest

from shared.domain.report_period import InvalidPeriod, ReportPeriod


def test_a_month_starts_and_ends_at_midnight_in_jakarta() -> None:
    november = ReportPeriod.of_month_text("2026-11")
    assert (november.first_day, november.last_day) == (date(2026, 11, 1), date(2026, 11, 30))
    assert november.starts_at == datetime(2026, 10, 31, 17, tzinfo=UTC)
    assert november.ends_at == datetime(2026, 11, 30, 17, tzinfo=UTC)


def test_december_ends_with_the_year() -> None:
    assert ReportPeriod.month(2026, 12).last_day == date(2026, 12, 31)


def test_a_range_is_split_into_the_months_it_touches() -> None:
    period = ReportPeriod(date(2026, 1, 20), date(2026, 3, 5))
    assert [(m.first_day, m.last_day) for m in period.months()] == [
        (date(2026, 1, 20), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 5)),
    ]


@pytest.mark.parametrize("text", ["2026-13", "2026/11", "november", "2026-11-01"])
def test_a_month_not_written_yyyy_mm_is_refused(text: str) -> None:
    with pytest.raises(InvalidPeriod, match="YYYY-MM"):
        ReportPeriod.of_month_text(text)


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidPeriod, match="before it starts"):
        ReportPeriod(date(2026, 2, 1), date(2026, 1, 31))


def test_more_than_a_year_is_refused() -> None:
    with pytest.raises(InvalidPeriod, match="at most 366 days"):
        ReportPeriod(date(2025, 1, 1), date(2026, 1, 2))


@pytest.mark.parametrize(
    ("first", "last"), [(date(1, 1, 1), date(1, 1, 2)), (date(9999, 12, 30), date(9999, 12, 31))]
)
def test_the_ends_of_the_calendar_are_refused_not_overflowed(first: date, last: date) -> None:
    with pytest.raises(InvalidPeriod, match="ends of the calendar"):
        ReportPeriod(first, last)
