"""Loading what a use case needs, or saying precisely what does not exist.

A missing space or tenant named in the URL is a 404; one named in a request body (the space and
tenant of a new booking) is an ``UnknownReference``, answered 422 ``unknown-<what>``.
"""

import contextlib
import uuid
from collections.abc import Iterator

from services.booking.domain.booking import Booking
from services.booking.domain.errors import (
    BookingNotFound,
    SpaceNotFound,
    TenantNotFound,
    UnknownReference,
)
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import TenantStanding
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.errors import NotFound


@contextlib.contextmanager
def referenced() -> Iterator[None]:
    """Around lookups of what the request body names."""
    try:
        yield
    except NotFound as exc:
        raise UnknownReference(exc) from exc


async def existing_space(uow: BookingUnitOfWork, space_id: uuid.UUID) -> Space:
    space = await uow.spaces.get(space_id)
    if space is None:
        raise SpaceNotFound(space_id)
    return space


async def known_tenant(uow: BookingUnitOfWork, tenant_id: uuid.UUID) -> TenantStanding:
    tenant = await uow.tenants.get(tenant_id)
    if tenant is None:
        raise TenantNotFound(tenant_id)
    return tenant


async def existing_booking(
    uow: BookingUnitOfWork, booking_id: uuid.UUID, *, for_update: bool = False
) -> Booking:
    booking = await uow.bookings.get(booking_id, for_update=for_update)
    if booking is None:
        raise BookingNotFound(booking_id)
    return booking
