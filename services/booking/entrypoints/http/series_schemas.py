"""What the booking HTTP API accepts and answers about recurring series."""

import uuid

from pydantic import BaseModel, Field

from contracts.booking import Occurrence
from services.booking.domain.series import MAX_OCCURRENCES, Frequency, Series
from services.booking.entrypoints.http.booking_schemas import BookingRequest
from shared.http.request_bodies import OffsetDateTime


class SeriesRequest(BookingRequest):
    """The first occurrence's period, then how it repeats (Asia/Jakarta wall-clock time)."""

    frequency: Frequency
    count: int | None = Field(
        default=None, ge=1, le=MAX_OCCURRENCES, description="Give count or until, not both"
    )
    until: OffsetDateTime | None = Field(
        default=None,
        description="Give count or until, not both (else 422 `series-bounds`); at most "
        f"{MAX_OCCURRENCES} dates either way (`series-too-long`)",
    )


class SeriesOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    space_id: uuid.UUID
    frequency: Frequency
    booked: int
    skipped: int
    occurrences: list[Occurrence]

    @classmethod
    def of(cls, series: Series) -> "SeriesOut":
        booked = sum(o.booking_id is not None for o in series.occurrences)
        return cls(
            id=series.id,
            tenant_id=series.tenant_id,
            space_id=series.space_id,
            frequency=series.frequency,
            booked=booked,
            skipped=len(series.occurrences) - booked,
            occurrences=series.occurrences,
        )
