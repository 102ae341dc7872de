"""The period a report covers: whole days in Asia/Jakarta (WIB), a calendar month or any range.

BITC's days and months are WIB's: a month's first seven hours are the previous day in UTC, and
a report that cut at UTC midnight would count them in the wrong month. So a period is kept as
WIB dates and turned into UTC instants only at its edges.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.domain.errors import RuleBroken

WIB = ZoneInfo("Asia/Jakarta")
#: A report reads every row of its period; longer than this is an export's job.
MAX_DAYS = 366


class InvalidPeriod(RuleBroken):
    slug = "invalid-period"


@dataclass(frozen=True)
class ReportPeriod:
    first_day: date
    last_day: date  # included

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise InvalidPeriod(f"the period ends ({self.last_day}) before it starts")
        if self.days > MAX_DAYS:
            raise InvalidPeriod(f"a report covers at most {MAX_DAYS} days, not {self.days}")
        if not (date.min.year < self.first_day.year and self.last_day.year < date.max.year):
            raise InvalidPeriod(f"no report reaches the ends of the calendar ({self})")

    @classmethod
    def month(cls, year: int, month: int) -> "ReportPeriod":
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def of_month_text(cls, text: str) -> "ReportPeriod":
        """``2026-11`` as that month; anything else is InvalidPeriod."""
        try:
            year, month = (int(part) for part in text.split("-"))
            return cls.month(year, month)
        except ValueError as exc:
            raise InvalidPeriod(f"a month is written YYYY-MM, not {text!r}") from exc

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def starts_at(self) -> datetime:
        """The first instant of the first day in WIB, in UTC."""
        return datetime.combine(self.first_day, time(), WIB).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        """The instant after the last day in WIB ends, in UTC (excluded)."""
        return datetime.combine(self.last_day + timedelta(days=1), time(), WIB).astimezone(UTC)

    def months(self) -> list["ReportPeriod"]:
        """The calendar months the period touches, each cut to the period."""
        found, first = [], self.first_day
        while first <= self.last_day:
            whole = ReportPeriod.month(first.year, first.month)
            found.append(ReportPeriod(first, min(whole.last_day, self.last_day)))
            first = whole.last_day + timedelta(days=1)
        return found

    def __str__(self) -> str:
        return f"{self.first_day.isoformat()}..{self.last_day.isoformat()}"
