"""When a space is open, per weekday in Asia/Jakarta; a booking must lie within one opening."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.local_time import WIB

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OpeningHours:
    #: weekday name -> (opens, closes) local times; a missing day is closed all day.
    days: Mapping[str, tuple[time, time]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, list[str]] | None) -> "OpeningHours":
        days = {
            day: (time.fromisoformat(span[0]), time.fromisoformat(span[1]))
            for day, span in (data or {}).items()
        }
        if any(opens >= closes for opens, closes in days.values()):
            raise BookingRuleBroken("opening-hours-invalid", "a space must close after it opens")
        return cls(days)

    def to_json(self) -> dict[str, list[str]]:
        return {
            day: [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
            for day, (opens, closes) in self.days.items()
        }

    def windows(self, starts_at: datetime, ends_at: datetime) -> list[tuple[datetime, datetime]]:
        """The open intervals (aware, Asia/Jakarta) that meet [starts_at, ends_at)."""
        found = []
        day: date = starts_at.astimezone(WIB).date() - timedelta(days=1)
        last = ends_at.astimezone(WIB).date()
        while day <= last:
            span = self.days.get(WEEKDAYS[day.weekday()])
            if span is not None:
                opens = datetime.combine(day, span[0], WIB)
                closes = datetime.combine(day, span[1], WIB)
                if opens < ends_at and starts_at < closes:
                    found.append((opens, closes))
            day += timedelta(days=1)
        return found

    def covers(self, starts_at: datetime, ends_at: datetime) -> bool:
        """True when the whole period lies inside a single opening."""
        return any(o <= starts_at and ends_at <= c for o, c in self.windows(starts_at, ends_at))
