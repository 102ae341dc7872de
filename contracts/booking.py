"""Events the booking service publishes (public topic, keyed by booking id)."""

import enum
import uuid
from datetime import datetime
from typing import ClassVar

from contracts.topics import BOOKING_EVENTS
from shared.events import DomainEvent


class SpaceType(enum.StrEnum):
    DUBBING_STUDIO = "dubbing_studio"
    MUSIC_ROOM = "music_room"
    MEETING_ROOM = "meeting_room"
    COWORKING_DESK = "coworking_desk"
    EVENT_HALL = "event_hall"


class Site(enum.StrEnum):
    BITC = "bitc"
    TECHNO_PARK = "techno_park"


class BookingConfirmed(DomainEvent):
    """A space is reserved for a tenant over a period; no other booking overlaps it."""

    name: ClassVar[str] = "booking.confirmed"
    aggregate_type: ClassVar[str] = "booking"
    topic: ClassVar[str] = BOOKING_EVENTS
    key_field: ClassVar[str] = "booking_id"

    booking_id: uuid.UUID
    tenant_id: uuid.UUID
    space_id: uuid.UUID
    space_code: str
    space_type: SpaceType
    site: Site
    starts_at: datetime
    ends_at: datetime
    occurred_at: datetime
