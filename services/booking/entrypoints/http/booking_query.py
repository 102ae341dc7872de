"""The filters of GET /bookings, read in one place for the list and its export, with the same
visibility: a tenant's users get their own tenant's bookings only."""

import uuid
from typing import Annotated

from fastapi import Depends, Query

from contracts.booking import Site
from services.booking.adapters.booking_filter import BookingFilter
from services.booking.domain.booking import BookingStatus
from services.booking.domain.period import utc
from services.booking.entrypoints.http.dependencies import Reader
from shared.auth.access import tenant_filter
from shared.http.request_bodies import OffsetDateTime


async def booking_filter(
    caller: Reader,
    space_id: uuid.UUID | None = None,
    site: Annotated[Site | None, Query(description="bookings of this site's spaces")] = None,
    tenant_id: uuid.UUID | None = None,
    status: Annotated[list[BookingStatus] | None, Query()] = None,
    starts_from: Annotated[OffsetDateTime | None, Query(description="ending after")] = None,
    starts_before: Annotated[OffsetDateTime | None, Query(description="starting before")] = None,
) -> BookingFilter:
    return BookingFilter(
        space_id=space_id,
        site=site,
        tenant_id=tenant_filter(caller, tenant_id),
        statuses=status or (),
        starts_from=utc(starts_from) if starts_from else None,
        starts_before=utc(starts_before) if starts_before else None,
    )


BookingQuery = Annotated[BookingFilter, Depends(booking_filter)]
