"""What the booking HTTP API answers about places in the waitlist (a place is asked for with
a booking's request)."""

import uuid
from datetime import datetime

from pydantic import AliasPath, BaseModel, ConfigDict, Field

from services.booking.domain.waitlist import WaitlistStatus


class WaitlistOut(BaseModel):
    # Read from a WaitlistEntry with model_validate.
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    space_id: uuid.UUID
    tenant_id: uuid.UUID
    starts_at: datetime = Field(validation_alias=AliasPath("period", "starts_at"))
    ends_at: datetime = Field(validation_alias=AliasPath("period", "ends_at"))
    attendees: int
    status: WaitlistStatus
    booking_id: uuid.UUID | None
