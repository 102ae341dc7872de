"""Bookings as export rows, streamed: the unit of work is entered when the first row is asked
for and left after the last, so the connection lives exactly as long as the download."""

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from services.booking.adapters.booking_export import exported
from services.booking.adapters.booking_filter import BookingFilter
from services.booking.domain.local_time import WIB
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.persistence.streamed_rows import streamed_rows

#: The export's columns, in order: the CSV header is part of the API (docs/reports.md).
COLUMNS = (
    "booking_id",
    "space_id",
    "space_code",
    "site",
    "space_type",
    "tenant_id",
    "tenant_kind",
    "starts_at",
    "ends_at",
    "hours",
    "status",
    "status_reason",
    "attendees",
    "series_id",
    "checked_in_at",
    "created_at",
)
_TIMES = ("starts_at", "ends_at", "checked_in_at", "created_at")


async def exported_bookings(
    uow: BookingUnitOfWork, where: BookingFilter
) -> AsyncIterator[dict[str, Any]]:
    async with uow:
        async for row in streamed_rows(uow.connection, exported(where)):
            hours = (row["ends_at"] - row["starts_at"]).total_seconds() / 3600
            yield dict(row) | {"hours": round(hours, 2)} | {t: _local(row[t]) for t in _TIMES}


def _local(instant: datetime | None) -> datetime | None:
    """As people at BITC read it: WIB, with its +07:00 offset."""
    return instant.astimezone(WIB) if instant else None
