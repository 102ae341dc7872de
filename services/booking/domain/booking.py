"""The booking aggregate: one space, one tenant, one period, and the life of the reservation.

requested -> confirmed -> checked_in -> completed; requested -> rejected; requested or
confirmed -> cancelled (with a reason); confirmed -> no_show. Each step records its event.
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from contracts import booking as events
from contracts.booking import CancellationReason, Site, SpaceType
from services.booking.domain.errors import BookingRuleBroken, IllegalBookingTransition
from services.booking.domain.period import MAX_DURATION, Period
from services.booking.domain.space import Space
from shared.domain.aggregate import Aggregate

__all__ = ["MAX_DURATION", "Booking", "BookingStatus", "Period"]

CHECK_IN_OPENS = timedelta(minutes=15)
NO_SHOW_AFTER = timedelta(minutes=15)


class BookingStatus(enum.StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    NO_SHOW = "no_show"


#: The states that hold the space (the exclusion constraint covers exactly these).
LIVE = frozenset({BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN})


@dataclass(kw_only=True)
class Booking(Aggregate):
    id: uuid.UUID
    space_id: uuid.UUID
    space_code: str
    space_type: SpaceType
    site: Site
    tenant_id: uuid.UUID
    period: Period
    #: The span the space is held: the period widened by the space's buffers.
    blocked: tuple[datetime, datetime]
    status: BookingStatus
    created_at: datetime
    attendees: int = 1
    series_id: uuid.UUID | None = None
    status_reason: str | None = None
    #: Quota minutes this booking consumed (given back if it is cancelled).
    charged_minutes: int = 0
    checked_in_at: datetime | None = None
    #: Counts the booking's changes (status steps), so a calendar feed's SEQUENCE grows with each.
    revision: int = 0
    #: When it last changed; None until its first change after booking.
    updated_at: datetime | None = None

    @classmethod
    def new(
        cls,
        *,
        space: Space,
        tenant_id: uuid.UUID,
        period: Period,
        blocked: tuple[datetime, datetime],
        attendees: int,
        needs_approval: bool,
        now: datetime,
        series_id: uuid.UUID | None = None,
    ) -> "Booking":
        """A booking that passed every rule: requested when staff must approve it."""
        booking = cls(
            id=uuid.uuid4(),
            space_id=space.id,
            space_code=space.code,
            space_type=space.type,
            site=space.site,
            tenant_id=tenant_id,
            period=period,
            blocked=blocked,
            status=BookingStatus.REQUESTED if needs_approval else BookingStatus.CONFIRMED,
            created_at=now,
            attendees=attendees,
            series_id=series_id,
        )
        event = events.BookingRequested if needs_approval else events.BookingConfirmed
        booking._emit(event, now)
        return booking

    @property
    def live(self) -> bool:
        return self.status in LIVE

    def approve(self, now: datetime) -> None:
        self._step("approved", {BookingStatus.REQUESTED}, BookingStatus.CONFIRMED, now)
        self._emit(events.BookingConfirmed, now)

    def reject(self, reason: str, now: datetime) -> None:
        self._step("rejected", {BookingStatus.REQUESTED}, BookingStatus.REJECTED, now)
        self.status_reason = reason
        self._emit(events.BookingRejected, now, reason=reason)

    def cancel(self, reason: CancellationReason, now: datetime) -> int:
        """Cancels; returns the quota minutes to give back."""
        allowed = {BookingStatus.REQUESTED, BookingStatus.CONFIRMED}
        self._step("cancelled", allowed, BookingStatus.CANCELLED, now)
        self.status_reason = reason.value
        self._emit(events.BookingCancelled, now, reason=reason)
        refund, self.charged_minutes = self.charged_minutes, 0
        return refund

    def check_in(self, now: datetime) -> None:
        if self.status is BookingStatus.CONFIRMED and now < self.period.starts_at - CHECK_IN_OPENS:
            raise BookingRuleBroken(
                "check-in-too-early",
                "check-in opens 15 minutes before the start",
                opens_at=(self.period.starts_at - CHECK_IN_OPENS).isoformat(),
            )
        if self.status is BookingStatus.CONFIRMED and now >= self.period.ends_at:
            raise BookingRuleBroken("check-in-too-late", "the booking is already over")
        self._step("checked in", {BookingStatus.CONFIRMED}, BookingStatus.CHECKED_IN, now)
        self.checked_in_at = now
        self._emit(events.BookingCheckedIn, now)

    def mark_no_show(self, now: datetime) -> None:
        self._step("marked a no-show", {BookingStatus.CONFIRMED}, BookingStatus.NO_SHOW, now)
        self._emit(events.BookingNoShow, now)

    def complete(self, now: datetime) -> None:
        self._step("completed", {BookingStatus.CHECKED_IN}, BookingStatus.COMPLETED, now)
        self._emit(events.BookingCompleted, now)

    def promoted_from_waitlist(self, now: datetime) -> None:
        self._emit(events.BookingWaitlistPromoted, now)

    def _step(
        self, action: str, allowed: set[BookingStatus], to: BookingStatus, now: datetime
    ) -> None:
        if self.status not in allowed:
            raise IllegalBookingTransition(action, self.status.value)
        self.status = to
        self.revision += 1
        self.updated_at = now

    def _emit(self, event: type[events._BookingEvent], now: datetime, **extra: object) -> None:
        self.record(
            event(
                booking_id=self.id,
                tenant_id=self.tenant_id,
                space_id=self.space_id,
                space_code=self.space_code,
                space_type=self.space_type,
                site=self.site,
                starts_at=self.period.starts_at,
                ends_at=self.period.ends_at,
                series_id=self.series_id,
                occurred_at=now,
                **extra,
            )
        )
