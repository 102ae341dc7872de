"""Booked hours per site and space type, today and this week (Asia/Jakarta), from booking events.

Each booking's latest event decides whether it counts: Kafka keeps one booking's events in order
(the key is the booking id), so the last one seen is its current state.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
# Events after which the space is taken for the period; any other booking event frees it.
HOLDING = {"booking.requested", "booking.confirmed", "booking.checked_in", "booking.completed",
           "booking.waitlist_promoted"}  # fmt: skip


@dataclass
class Booking:
    site: str
    space_type: str
    starts_at: datetime
    ends_at: datetime
    holding: bool


class Occupancy:
    def __init__(self, today: date) -> None:
        self.today = today
        self.week_start = today - timedelta(days=today.weekday())
        self._bookings: dict[str, Booking] = {}

    def apply(self, event_name: str, data: dict) -> bool:
        """Records a booking event; False for events that say nothing about occupancy."""
        if not event_name.startswith("booking."):
            return False
        self._bookings[data["booking_id"]] = Booking(
            site=data["site"],
            space_type=data["space_type"],
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(data["ends_at"]),
            holding=event_name in HOLDING,
        )
        return True

    def summary(self) -> str:
        day = _period(self.today, 1)
        week = _period(self.week_start, 7)
        rows: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        for booking in self._bookings.values():
            if not booking.holding:
                continue
            today_h, week_h = _hours(booking, *day), _hours(booking, *week)
            if week_h:
                row = rows[(booking.site, booking.space_type)]
                row[0] += today_h
                row[1] += week_h
                row[2] += 1
        week_end = self.week_start + timedelta(days=6)
        lines = [
            f"occupancy {self.today} (Asia/Jakarta), week {self.week_start}..{week_end}",
            f"{'site':<12} {'space type':<16} {'today h':>8} {'week h':>8} {'bookings':>9}",
        ]
        for (site, space_type), (today_h, week_h, count) in sorted(rows.items()):
            lines.append(f"{site:<12} {space_type:<16} {today_h:>8.1f} {week_h:>8.1f} {count:>9}")
        if not rows:
            lines.append("(nothing booked this week)")
        return "\n".join(lines)


def _period(first_day: date, days: int) -> tuple[datetime, datetime]:
    start = datetime.combine(first_day, time(), tzinfo=WIB)
    return start, start + timedelta(days=days)


def _hours(booking: Booking, start: datetime, end: datetime) -> float:
    overlap = min(booking.ends_at, end) - max(booking.starts_at, start)
    return max(overlap.total_seconds(), 0) / 3600
