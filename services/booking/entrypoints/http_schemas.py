"""What the booking HTTP API accepts and answers (its OpenAPI schema)."""

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.booking import Site, SpaceType
from services.booking.domain.booking import Booking, BookingStatus, Period
from services.booking.domain.space import Space


class BookingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    space_id: uuid.UUID
    tenant_id: uuid.UUID
    starts_at: AwareDatetime = Field(
        description="RFC 3339 with offset, e.g. 2026-12-02T19:00:00+07:00"
    )
    ends_at: AwareDatetime


class PeriodOut(BaseModel):
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def of(cls, period: Period) -> "PeriodOut":
        return cls(starts_at=period.starts_at, ends_at=period.ends_at)


class BookingOut(BaseModel):
    id: uuid.UUID
    space_id: uuid.UUID
    tenant_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    created_at: datetime

    @classmethod
    def of(cls, booking: Booking) -> "BookingOut":
        return cls(
            id=booking.id,
            space_id=booking.space_id,
            tenant_id=booking.tenant_id,
            starts_at=booking.period.starts_at,
            ends_at=booking.period.ends_at,
            status=booking.status,
            created_at=booking.created_at,
        )


class SpaceOut(BaseModel):
    id: uuid.UUID
    site: Site
    code: str
    name: str
    type: SpaceType
    capacity: int
    active: bool

    @classmethod
    def of(cls, space: Space) -> "SpaceOut":
        return cls(
            id=space.id,
            site=space.site,
            code=space.code,
            name=space.name,
            type=space.type,
            capacity=space.capacity,
            active=space.active,
        )
