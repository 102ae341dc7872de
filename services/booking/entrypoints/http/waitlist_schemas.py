"""What the booking HTTP API answers about places in the waitlist (a place is asked for with
a booking's request)."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from services.booking.domain.waitlist import WaitlistEntry, WaitlistStatus


class WaitlistOut(BaseModel):
    id: uuid.UUID
    space_id: uuid.UUID
    tenant_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    attendees: int
    status: WaitlistStatus
    booking_id: uuid.UUID | None

    @classmethod
    def of(cls, entry: WaitlistEntry) -> "WaitlistOut":
        return cls(
            id=entry.id,
            space_id=entry.space_id,
            tenant_id=entry.tenant_id,
            starts_at=entry.period.starts_at,
            ends_at=entry.period.ends_at,
            attendees=entry.attendees,
            status=entry.status,
            booking_id=entry.booking_id,
        )
