"""The booking form's choices: the days one may pick, the lengths the space's rules allow, and
the free slots of a day, so a person picks a slot and never types a time."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.console.domain.formatting import WIB, in_wib

#: How many days from today the day links offer (a date field reaches further).
DAYS_OFFERED = 14
#: More lengths than this and only the whole hours (and the shortest) are offered.
MOST_LENGTHS = 8


@dataclass(frozen=True)
class SlotRules:
    """The part of booking's rules (GET /spaces/{id}/rules, ``effective``) the form needs."""

    min_minutes: int = 30
    max_minutes: int = 720
    granularity: int = 30
    lead_minutes: int = 0
    days_ahead: int = 90

    @classmethod
    def of(cls, effective: Mapping[str, Any]) -> "SlotRules":
        return cls(
            min_minutes=effective["min_duration_min"],
            max_minutes=effective["max_duration_min"],
            granularity=effective["granularity_min"],
            lead_minutes=effective["min_lead_min"],
            days_ahead=effective["max_days_ahead"],
        )

    def lengths(self) -> list[int]:
        """The booking lengths (minutes) on offer, shortest first."""
        first = -(-self.min_minutes // self.granularity) * self.granularity
        every = list(range(first, self.max_minutes + 1, self.granularity))
        if len(every) <= MOST_LENGTHS:
            return every
        hours = [m for m in every if m % 60 == 0]
        return sorted({every[0], *hours})[:MOST_LENGTHS]

    def length_or_default(self, wanted: int | None) -> int:
        """``wanted`` if offered, else the first offered length of at least an hour."""
        offered = self.lengths()
        if wanted in offered:
            return wanted
        return next((m for m in offered if m >= 60), offered[0])


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    @property
    def value(self) -> str:
        """How the form sends it back: the start, with its offset."""
        return self.starts_at.isoformat()


def days_offered(today: date, count: int = DAYS_OFFERED) -> list[date]:
    return [today + timedelta(days=n) for n in range(count)]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The day from WIB midnight to the next one: the window availability is asked for."""
    starts = datetime.combine(day, time(0), WIB)
    return starts, starts + timedelta(days=1)


def free_slots(
    free: Iterable[tuple[datetime, datetime]],
    day: date,
    minutes: int,
    rules: SlotRules,
    now: datetime,
) -> list[Slot]:
    """Every start on the rules' grid (counted from WIB midnight, as booking does) from which
    ``minutes`` fit inside one free interval of ``day``, not before the lead time and not
    further ahead than the rules allow."""
    opens, closes = day_bounds(day)
    earliest = now + timedelta(minutes=rules.lead_minutes)
    latest = now + timedelta(days=rules.days_ahead)
    length, step = timedelta(minutes=minutes), timedelta(minutes=rules.granularity)
    slots = []
    for starts, ends in sorted(free):
        start, end = max(in_wib(starts), opens), min(in_wib(ends), closes)
        moment = _next_on_grid(max(start, earliest), opens, step)
        while moment + length <= end and moment <= latest:
            slots.append(Slot(moment, moment + length))
            moment += step
    return slots


def _next_on_grid(moment: datetime, origin: datetime, step: timedelta) -> datetime:
    steps = -(-(moment - origin) // step)
    return origin + steps * step


def chosen_slot(value: str, minutes: int) -> Slot | None:
    """The slot a form sent back (its start), or None when it is not a time with an offset."""
    try:
        starts = datetime.fromisoformat(value)
    except ValueError:
        return None
    if starts.tzinfo is None:
        return None
    return Slot(in_wib(starts), in_wib(starts) + timedelta(minutes=minutes))
