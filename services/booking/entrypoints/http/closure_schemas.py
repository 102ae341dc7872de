"""What the booking HTTP API accepts and answers about closures of a site or a space."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from contracts.booking import ClosureReason, Site
from services.booking.domain.closure import Closure
from services.booking.entrypoints.http.booking_schemas import BookingOut
from shared.http.request_bodies import OffsetDateTime, RequestBody


class ClosureIn(RequestBody):
    site: Site
    space_id: uuid.UUID | None = Field(default=None, description="null closes the whole site")
    starts_at: OffsetDateTime
    ends_at: OffsetDateTime = Field(description="After starts_at (else 422 `period-empty`)")
    reason: ClosureReason


class ClosureChange(RequestBody):
    """What may change about a closure; its site and space stay (close another instead)."""

    starts_at: OffsetDateTime | None = None
    ends_at: OffsetDateTime | None = Field(
        default=None, description="After the closure's start (else 422 `period-empty`)"
    )
    reason: ClosureReason | None = None


class ClosureOut(BaseModel):
    # Read from a Closure with model_validate.
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    site: Site
    space_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    reason: ClosureReason
    bookings_cancelled: int | None = None

    @classmethod
    def placed(cls, closure: Closure, cancelled: int) -> "ClosureOut":
        """A closure just placed or moved, with how many bookings it cancelled."""
        return cls.model_validate(closure).model_copy(update={"bookings_cancelled": cancelled})


class ClosurePreviewOut(BaseModel):
    """What ``POST /closures`` with the same site, space and period would cancel now."""

    bookings_cancelled: int
    bookings: list[BookingOut] = Field(description="In start order")
