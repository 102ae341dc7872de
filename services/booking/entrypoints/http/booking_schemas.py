"""What the booking HTTP API accepts and answers about bookings (its OpenAPI schema)."""

import enum
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AliasPath, BaseModel, BeforeValidator, ConfigDict, Field

from contracts.booking import CancellationReason, Site, SpaceType
from services.booking.domain.booking import BookingStatus
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
    # Read from a Booking with model_validate; an alias names where a field comes from.
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    space_id: uuid.UUID
    space_code: str
    space_type: SpaceType
    site: Site
    tenant_id: uuid.UUID
    starts_at: datetime = Field(validation_alias=AliasPath("period", "starts_at"))
    ends_at: datetime = Field(validation_alias=AliasPath("period", "ends_at"))
    held_from: datetime = Field(
        validation_alias=AliasPath("blocked", 0),
        description="start of the span held, set-up buffer included",
    )
    held_until: datetime = Field(validation_alias=AliasPath("blocked", 1))
    attendees: int
    status: BookingStatus
    status_reason: str | None
    series_id: uuid.UUID | None
    charged_hours: Annotated[float, BeforeValidator(lambda minutes: minutes / 60)] = Field(
        validation_alias="charged_minutes"
    )
    created_at: datetime
