"""A weekly series as a person asks for it (a weekday, a start time and a length picked from
the space's hours and rules, between two dates) and as booking answers it: each date made or
skipped, with why in words."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.console.domain.catalogue import WEEKDAYS
from services.console.domain.formatting import WIB, in_wib


@dataclass(frozen=True)
class WeeklyRequest:
    weekday: str
    start: time
    minutes: int
    first_day: date
    last_day: date

    def first_period(self) -> tuple[datetime, datetime] | None:
        """The first date on the weekday from ``first_day`` on; None when none is before the
        last day."""
        ahead = (WEEKDAYS.index(self.weekday) - self.first_day.weekday()) % 7
        day = self.first_day + timedelta(days=ahead)
        if day > self.last_day:
            return None
        starts = datetime.combine(day, self.start, WIB)
        return starts, starts + timedelta(minutes=self.minutes)

    def until(self) -> datetime:
        """The last day's end, so a date on it is still in the series."""
        return datetime.combine(self.last_day, time(23, 59), WIB)


def start_times(opening_hours: Mapping[str, list[str]], granularity: int) -> list[time]:
    """Every start on the grid within any weekday's opening hours, earliest first: a date
    outside its own day's hours comes back skipped with that reason."""
    found: set[time] = set()
    step = timedelta(minutes=granularity)
    for opens, closes in opening_hours.values():
        moment = datetime.combine(date.min, time.fromisoformat(opens))
        end = datetime.combine(date.min, time.fromisoformat(closes))
        while moment < end:
            found.add(moment.time())
            moment += step
    return sorted(found)


#: Why booking skipped a date (the occurrence's ``skipped_because`` rule slug), as English
#: msgids translated in series.po; any other slug reads as UNKNOWN_REASON.
SKIPPED_BECAUSE = {
    "booking-conflict": "Another booking already holds the space then.",
    "space-closed": "The space is closed that day.",
    "outside-opening-hours": "The space is not open at that time on that day.",
    "over-quota": "Your tenant's quota for the month was used up.",
    "period-in-past": "That date has already passed.",
    "lead-time": "That date is too soon to book.",
    "too-far-ahead": "That date is too far ahead to book yet.",
    "duration-too-short": "The time is shorter than this space allows.",
    "duration-too-long": "The time is longer than this space allows.",
    "off-slot-grid": "The time does not fall on the space's slots.",
    "over-capacity": "The space holds fewer people than asked for.",
    "tenant-kind-not-allowed": "Your kind of tenant may not book this space.",
    "space-inactive": "The space is no longer offered.",
}
UNKNOWN_REASON = "A booking rule did not allow it."
CLOSURE_REASONS = {
    "public_holiday": "a public holiday",
    "maintenance": "maintenance",
    "city_event": "a city event",
    "other": "another reason",
}


@dataclass(frozen=True)
class Outcome:
    starts_at: datetime
    ends_at: datetime
    booking_id: str | None
    #: An English msgid (None when the date was booked).
    why: str | None
    #: An English msgid naming the closure's reason, for a date lost to a closure.
    closure: str | None = None


def outcomes(occurrences: list[Mapping[str, Any]]) -> tuple[list[Outcome], list[Outcome]]:
    """(the dates booked, the dates skipped with why), each in date order."""
    made, skipped = [], []
    for occurrence in sorted(occurrences, key=lambda o: o["starts_at"]):
        starts = in_wib(datetime.fromisoformat(occurrence["starts_at"]))
        ends = in_wib(datetime.fromisoformat(occurrence["ends_at"]))
        if occurrence.get("booking_id"):
            made.append(Outcome(starts, ends, occurrence["booking_id"], None))
            continue
        slug = occurrence.get("skipped_because")
        closure = CLOSURE_REASONS.get(occurrence.get("closure_reason") or "")
        why = SKIPPED_BECAUSE.get(slug or "", UNKNOWN_REASON)
        skipped.append(Outcome(starts, ends, None, why, closure))
    return made, skipped
