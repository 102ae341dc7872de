"""How much of the time a space was open its bookings took, month by month and by tenant kind
(docs/reports.md, "Booking"): the arithmetic of the utilisation report, without I/O."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.booking.domain.availability import Interval, free_intervals
from services.booking.domain.opening_hours import OpeningHours

#: The tenant_kind of a space's row that counts every kind.
ALL_KINDS = "all"


def open_hours(
    hours: OpeningHours, closed: Iterable[Interval], starts_at: datetime, ends_at: datetime
) -> float:
    """Hours the space is open within [starts_at, ends_at), its closures taken out: what
    availability offers with nothing booked."""
    free = free_intervals(
        window=(starts_at, ends_at),
        opening=hours.windows(starts_at, ends_at),
        closures=closed,
        held=(),
        buffer_before=timedelta(0),
        buffer_after=timedelta(0),
    )
    return sum((end - start).total_seconds() for start, end in free) / 3600


@dataclass(frozen=True)
class Use:
    """What one kind of tenant's bookings of a space did in a month."""

    booked_hours: float = 0.0
    used_hours: float = 0.0
    #: Bookings approved (confirmed, checked in, completed or no-show) and the no-shows of them.
    booked: int = 0
    no_shows: int = 0

    def __add__(self, other: "Use") -> "Use":
        return Use(
            self.booked_hours + other.booked_hours,
            self.used_hours + other.used_hours,
            self.booked + other.booked,
            self.no_shows + other.no_shows,
        )

    def figures(self, opening_hours: float) -> dict[str, float | None]:
        return {
            "booked_hours": round(self.booked_hours, 2),
            "used_hours": round(self.used_hours, 2),
            "opening_hours": round(opening_hours, 2),
            "share_of_opening": _ratio(self.booked_hours, opening_hours),
            "no_show_rate": _ratio(self.no_shows, self.booked),
        }


def by_kind_and_all(uses: Mapping[str, Use]) -> list[tuple[str, Use]]:
    """Each kind's use in name order, then the space's total under ``all``."""
    total = sum(uses.values(), Use())
    return [*sorted(uses.items()), (ALL_KINDS, total)]


def _ratio(part: float, whole: float) -> float | None:
    """``part / whole`` to 4 places; None when there is no whole to divide by."""
    return round(part / whole, 4) if whole else None
