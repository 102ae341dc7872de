"""What the booking HTTP API accepts and answers about bookings (its OpenAPI schema)."""

import enum
import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from contracts.booking import CancellationReason, Site, SpaceType
from services.booking.domain.booking import Booking, BookingStatus
from services.booking.domain.period import MAX_DURATION, Period
from shared.http.request_bodies import OffsetDateTime, RequestBody

LocalTime = Field(description="RFC 3339 with offset, e.g. 2026-12-02T19:00:00+07:00")
#: Rules across fields, which JSON Schema cannot state; the server answers them with 422.
BOOKED_END = Field(
    description="After starts_at (else 422 `period-empty`) and at most "
    f"{MAX_DURATION.seconds // 3600} hours later (`period-too-long`); the space's rules may "
    "allow less"
)


class BookingRequest(RequestBody):
    space_id: uuid.UUID
    tenant_id: uuid.UUID
    starts_at: OffsetDateTime = LocalTime
    ends_at: OffsetDateTime = BOOKED_END
    attendees: int = Field(default=1, ge=1, le=10_000)

    @property
    def period(self) -> Period:
        return Period(self.starts_at, self.ends_at)


class CallerCancellationReason(enum.StrEnum):
    """The reasons a caller may give; the others (tenant_suspended, space_closed, ...) are the
    platform's own, recorded when it cancels a booking itself."""

    BY_BOOKER = CancellationReason.BY_BOOKER.value
    BY_STAFF = CancellationReason.BY_STAFF.value


#: A tenant's own users cancel as the booker; staff may cancel either way.
TENANT_CANCELLATION_REASONS = frozenset({CallerCancellationReason.BY_BOOKER})


class CancelRequest(RequestBody):
    reason: CallerCancellationReason = Field(
        default=CallerCancellationReason.BY_BOOKER,
        description="`by_staff` only for staff: tenant users cancel `by_booker` "
        "(else 422 `cancellation-reason`)",
    )


class RejectRequest(RequestBody):
    reason: str = Field(default="rejected-by-staff", pattern=r"^[a-z][a-z0-9-]{0,79}$")


class BookingOut(BaseModel):
    id: uuid.UUID
    space_id: uuid.UUID
    space_code: str
    space_type: SpaceType
    site: Site
    tenant_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    held_from: datetime = Field(description="start of the span held, set-up buffer included")
    held_until: datetime
    attendees: int
    status: BookingStatus
    status_reason: str | None
    series_id: uuid.UUID | None
    charged_hours: float
    created_at: datetime

    @classmethod
    def of(cls, booking: Booking) -> "BookingOut":
        return cls(
            id=booking.id,
            space_id=booking.space_id,
            space_code=booking.space_code,
            space_type=booking.space_type,
            site=booking.site,
            tenant_id=booking.tenant_id,
            starts_at=booking.period.starts_at,
            ends_at=booking.period.ends_at,
            held_from=booking.blocked[0],
            held_until=booking.blocked[1],
            attendees=booking.attendees,
            status=booking.status,
            status_reason=booking.status_reason,
            series_id=booking.series_id,
            charged_hours=booking.charged_minutes / 60,
            created_at=booking.created_at,
        )
