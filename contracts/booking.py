"""Events the booking service publishes (public topic, no personal data).

Keys: booking events by booking id (all events of one booking arrive in order), series events
by series id, space events by space id, closures by closure id, quota events by tenant id.
Nothing orders events of different keys against each other.
"""

import enum
import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.tenancy import Site, SpaceType
from contracts.topics import BOOKING_EVENTS
from shared.messaging.events import DomainEvent

__all__ = ["Site", "SpaceType"]


class CancellationReason(enum.StrEnum):
    BY_BOOKER = "by_booker"
    BY_STAFF = "by_staff"
    TENANT_SUSPENDED = "tenant_suspended"
    TENANT_OFFBOARDED = "tenant_offboarded"
    SPACE_CLOSED = "space_closed"
    SERIES_CANCELLED = "series_cancelled"


class ClosureReason(enum.StrEnum):
    PUBLIC_HOLIDAY = "public_holiday"
    MAINTENANCE = "maintenance"
    CITY_EVENT = "city_event"
    OTHER = "other"


class _BookingTopicEvent(DomainEvent):
    topic: ClassVar[str] = BOOKING_EVENTS


class _SpaceEvent(_BookingTopicEvent):
    aggregate_type: ClassVar[str] = "space"
    key_field: ClassVar[str] = "space_id"

    space_id: uuid.UUID
    site: Site
    code: str
    occurred_at: datetime


class _SpaceDetailsEvent(_SpaceEvent):
    title: str = Field(description="The space's display title, e.g. Ruang Rapat A")
    type: SpaceType
    capacity: int = Field(gt=0)


class SpaceCreated(_SpaceDetailsEvent):
    name: ClassVar[str] = "space.created"


class SpaceUpdated(_SpaceDetailsEvent):
    name: ClassVar[str] = "space.updated"

    active: bool


class SpaceClosed(_BookingTopicEvent):
    """A space (or, with space_id null, a whole site) is closed over a period."""

    name: ClassVar[str] = "space.closed"
    aggregate_type: ClassVar[str] = "closure"
    key_field: ClassVar[str] = "closure_id"

    closure_id: uuid.UUID
    site: Site
    space_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    reason: ClosureReason
    occurred_at: datetime


class _BookingEvent(_BookingTopicEvent):
    aggregate_type: ClassVar[str] = "booking"
    key_field: ClassVar[str] = "booking_id"

    booking_id: uuid.UUID
    tenant_id: uuid.UUID
    space_id: uuid.UUID
    space_code: str
    space_type: SpaceType
    site: Site
    starts_at: datetime
    ends_at: datetime
    series_id: uuid.UUID | None = None
    occurred_at: datetime


class BookingRequested(_BookingEvent):
    """Waiting for staff approval; the slot is held meanwhile."""

    name: ClassVar[str] = "booking.requested"


class BookingConfirmed(_BookingEvent):
    """A space is reserved for a tenant over a period; no other booking overlaps it."""

    name: ClassVar[str] = "booking.confirmed"


class BookingRejected(_BookingEvent):
    name: ClassVar[str] = "booking.rejected"

    reason: str = Field(max_length=200, description="A rule slug, e.g. over-quota; no free text")


class BookingCancelled(_BookingEvent):
    name: ClassVar[str] = "booking.cancelled"

    reason: CancellationReason


class BookingCheckedIn(_BookingEvent):
    name: ClassVar[str] = "booking.checked_in"


class BookingCompleted(_BookingEvent):
    name: ClassVar[str] = "booking.completed"


class BookingNoShow(_BookingEvent):
    """Nobody checked in by 15 minutes after the start; the space is released."""

    name: ClassVar[str] = "booking.no_show"


class BookingWaitlistPromoted(_BookingEvent):
    """A freed slot went to the first eligible tenant waiting for it."""

    name: ClassVar[str] = "booking.waitlist_promoted"


class Occurrence(BaseModel):
    model_config = ConfigDict(frozen=True)

    starts_at: datetime
    ends_at: datetime
    booking_id: uuid.UUID | None = None
    skipped_because: str | None = Field(default=None, description="rule slug when not booked")
    closure_id: uuid.UUID | None = Field(
        default=None, description="the closure a space-closed occurrence fell on"
    )
    closure_reason: ClosureReason | None = Field(
        default=None, description="why that closure closes the space"
    )


class SeriesCreated(_BookingTopicEvent):
    """A recurring booking: each occurrence booked or skipped with the reason."""

    name: ClassVar[str] = "series.created"
    aggregate_type: ClassVar[str] = "series"
    key_field: ClassVar[str] = "series_id"

    series_id: uuid.UUID
    tenant_id: uuid.UUID
    space_id: uuid.UUID
    space_code: str
    occurrences: list[Occurrence]
    occurred_at: datetime


class QuotaExhausted(_BookingTopicEvent):
    """The tenant has used all its hours of a space type for the month (Asia/Jakarta)."""

    name: ClassVar[str] = "quota.exhausted"
    aggregate_type: ClassVar[str] = "quota"
    key_field: ClassVar[str] = "tenant_id"

    tenant_id: uuid.UUID
    space_type: SpaceType
    month: str = Field(pattern=r"^\d{4}-\d{2}$")
    quota_hours: int
    occurred_at: datetime
