"""Recurring bookings: the occurrences of "every Tuesday 19:00-21:00 for 12 weeks".

Recurrence is computed on Asia/Jakarta wall-clock times with dateutil.rrule, so 19:00 WIB stays
19:00 on every date (WIB has no daylight saving today, but the rule must not depend on that).
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from dateutil.rrule import DAILY, WEEKLY, rrule

from contracts.booking import Occurrence, SeriesCreated
from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.local_time import WIB
from services.booking.domain.period import Period
from shared.domain.aggregate import Aggregate

MAX_OCCURRENCES = 100


class Frequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


def occurrences(
    first: Period, frequency: Frequency, *, count: int | None, until: datetime | None
) -> list[Period]:
    """Every occurrence, the first included; exactly one of ``count`` and ``until`` is given."""
    if (count is None) == (until is None):
        raise BookingRuleBroken("series-bounds", "give either count or until, not both")
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise BookingRuleBroken("series-too-long", f"a series has 1 to {MAX_OCCURRENCES} dates")
    start = first.starts_at.astimezone(WIB).replace(tzinfo=None)
    length = first.duration
    local_until = until.astimezone(WIB).replace(tzinfo=None) if until else None
    rule = rrule(
        DAILY if frequency is Frequency.DAILY else WEEKLY,
        dtstart=start,
        count=count,
        until=local_until,
    )
    starts = list(rule[: MAX_OCCURRENCES + 1])
    if len(starts) > MAX_OCCURRENCES:
        raise BookingRuleBroken("series-too-long", f"a series has 1 to {MAX_OCCURRENCES} dates")
    return [Period(s.replace(tzinfo=WIB), s.replace(tzinfo=WIB) + length) for s in starts]


@dataclass(kw_only=True)
class Series(Aggregate):
    """The answer to a series request: each occurrence booked or skipped with the rule slug."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    space_id: uuid.UUID
    frequency: Frequency
    occurrences: list[Occurrence]

    def announce(self, space_code: str, now: datetime) -> None:
        self.record(
            SeriesCreated(
                series_id=self.id,
                tenant_id=self.tenant_id,
                space_id=self.space_id,
                space_code=space_code,
                occurrences=self.occurrences,
                occurred_at=now,
            )
        )
