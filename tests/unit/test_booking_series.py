"""Recurring series computed on Jakarta wall-clock time with dateutil.rrule."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.booking.domain.booking import Period
from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.local_time import WIB, month_of
from services.booking.domain.series import Frequency, occurrences

PLUS7 = timezone(timedelta(hours=7))
FIRST = Period(
    datetime(2026, 12, 1, 19, 0, tzinfo=PLUS7), datetime(2026, 12, 1, 21, 0, tzinfo=PLUS7)
)


def test_every_tuesday_for_twelve_weeks_stays_at_19_00_wib():
    dates = occurrences(FIRST, Frequency.WEEKLY, count=12, until=None)
    assert len(dates) == 12
    for week, period in enumerate(dates):
        local = period.starts_at.astimezone(WIB)
        assert (local.hour, local.minute, local.weekday()) == (19, 0, 1)
        assert period.duration == timedelta(hours=2)
        assert period.starts_at == FIRST.starts_at + timedelta(weeks=week)
        assert period.starts_at.tzinfo == UTC


def test_until_is_inclusive_of_an_occurrence_starting_then():
    until = datetime(2026, 12, 15, 19, 0, tzinfo=PLUS7)
    dates = occurrences(FIRST, Frequency.WEEKLY, count=None, until=until)
    assert [p.starts_at.astimezone(WIB).day for p in dates] == [1, 8, 15]


def test_daily_series_across_a_month_boundary():
    dates = occurrences(FIRST, Frequency.DAILY, count=45, until=None)
    assert dates[-1].starts_at.astimezone(WIB).date().isoformat() == "2027-01-14"


@pytest.mark.parametrize(
    ("count", "until"),
    [(None, None), (3, datetime(2027, 1, 1, tzinfo=UTC)), (0, None), (101, None)],
)
def test_a_series_needs_exactly_one_sane_bound(count, until):
    with pytest.raises(BookingRuleBroken):
        occurrences(FIRST, Frequency.WEEKLY, count=count, until=until)


def test_an_until_too_far_away_is_refused_rather_than_truncated():
    with pytest.raises(BookingRuleBroken) as rejected:
        occurrences(FIRST, Frequency.DAILY, count=None, until=datetime(2028, 1, 1, tzinfo=UTC))
    assert rejected.value.rule == "series-too-long"


def test_quota_months_are_jakarta_calendar_months():
    # 31 Dec 2026 18:00 UTC is already 1 Jan 2027 01:00 in Jakarta.
    assert month_of(datetime(2026, 12, 31, 18, 0, tzinfo=UTC)) == "2027-01"
    assert month_of(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == "2026-12"
