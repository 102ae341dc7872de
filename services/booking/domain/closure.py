"""A site or a single space closed over a period (public holiday, maintenance, city event)."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.booking import ClosureReason, Site, SpaceClosed
from services.booking.domain.booking import Booking, BookingStatus
from services.booking.domain.errors import BookingRuleBroken
from shared.domain.aggregate import Aggregate


@dataclass(kw_only=True)
class Closure(Aggregate):
    id: uuid.UUID
    site: Site
    space_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    reason: ClosureReason

    @classmethod
    def declare(
        cls,
        *,
        site: Site,
        space_id: uuid.UUID | None,
        starts_at: datetime,
        ends_at: datetime,
        reason: ClosureReason,
        now: datetime,
    ) -> "Closure":
        _require_period(starts_at, ends_at)
        closure = cls(
            id=uuid.uuid4(),
            site=site,
            space_id=space_id,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
        )
        closure._announce(now)
        return closure

    def reschedule(
        self, *, starts_at: datetime, ends_at: datetime, reason: ClosureReason, now: datetime
    ) -> None:
        """Changes the period or reason; space.closed is published again for the same closure
        id, so subscribers keep the latest statement of it."""
        _require_period(starts_at, ends_at)
        self.starts_at, self.ends_at, self.reason = starts_at, ends_at, reason
        self._announce(now)

    def _announce(self, now: datetime) -> None:
        self.record(
            SpaceClosed(
                closure_id=self.id,
                site=self.site,
                space_id=self.space_id,
                starts_at=self.starts_at,
                ends_at=self.ends_at,
                reason=self.reason,
                occurred_at=now,
            )
        )

    def applies_to(self, site: Site, space_id: uuid.UUID) -> bool:
        return self.site == site and self.space_id in (None, space_id)

    def cancels(self, booking: Booking) -> bool:
        """Whether placing this closure cancels ``booking``: a live one of a space it covers
        whose period meets the closure's, except a visit under way (checked in), which ends
        itself."""
        return (
            booking.live
            and booking.status is not BookingStatus.CHECKED_IN
            and self.applies_to(booking.site, booking.space_id)
            and booking.period.starts_at < self.ends_at
            and self.starts_at < booking.period.ends_at
        )


def _require_period(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise BookingRuleBroken("period-empty", "a closure must end after it starts")
