"""A half-open period [starts_at, ends_at) between two instants, always kept in UTC."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.booking.domain.errors import BookingRuleBroken

#: No booking of any space lasts longer; the rules of a space may allow less.
MAX_DURATION = timedelta(hours=12)


@dataclass(frozen=True)
class Period:
    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise BookingRuleBroken("timezone-required", "start and end must carry a UTC offset")
        # Stored and published in UTC whatever offset the client wrote, like every instant.
        object.__setattr__(self, "starts_at", utc(self.starts_at))
        object.__setattr__(self, "ends_at", utc(self.ends_at))
        if self.ends_at <= self.starts_at:
            raise BookingRuleBroken("period-empty", "the booking must end after it starts")
        if self.ends_at - self.starts_at > MAX_DURATION:
            raise BookingRuleBroken("period-too-long", f"a booking lasts at most {MAX_DURATION}")

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    def overlaps(self, other: "Period") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def widened(self, before: timedelta, after: timedelta) -> tuple[datetime, datetime]:
        """The span the space is held: the period with buffers (e.g. studio set-up) around it."""
        return self.starts_at - before, self.ends_at + after


def utc(instant: datetime) -> datetime:
    """The instant in UTC; BookingRuleBroken when that is not representable, e.g.
    0001-01-01T00:00:00+07:00 lies before the first datetime UTC can express."""
    try:
        return instant.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise BookingRuleBroken(
            "period-out-of-range", "times must be representable instants in UTC"
        ) from exc
