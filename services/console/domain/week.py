"""A week of a space's availability as a person reads it: Monday to Sunday on the sites' wall
clock (WIB), each day with the free intervals falling in it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.console.domain.formatting import WIB, in_wib


@dataclass(frozen=True)
class FreeSpan:
    """Free from ``starts_at`` to ``ends_at`` (WIB) on one day."""

    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class DayAvailability:
    day: date
    free: tuple[FreeSpan, ...]


@dataclass(frozen=True)
class Week:
    monday: date

    @classmethod
    def containing(cls, day: date) -> "Week":
        return cls(day - timedelta(days=day.weekday()))

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.monday, time(0), WIB)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(days=7)

    @property
    def previous(self) -> "Week":
        return Week(self.monday - timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week(self.monday + timedelta(days=7))

    def availability(self, free: list[tuple[datetime, datetime]]) -> list[DayAvailability]:
        """``free`` (any time zone) cut at WIB midnights, so an interval over a night shows on
        both days; the parts outside this week are dropped."""
        by_day: dict[date, list[FreeSpan]] = {day: [] for day in self.days}
        for starts, ends in sorted(free):
            start, end = max(in_wib(starts), self.starts_at), min(in_wib(ends), self.ends_at)
            while start < end:
                midnight = datetime.combine(start.date() + timedelta(days=1), time(0), WIB)
                part_end = min(end, midnight)
                by_day[start.date()].append(FreeSpan(start, part_end))
                start = part_end
        return [DayAvailability(day, tuple(spans)) for day, spans in by_day.items()]
