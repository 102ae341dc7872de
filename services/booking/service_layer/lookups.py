"""Loading what a use case needs, or saying precisely what does not exist.

A missing space or tenant named in the URL is a 404; one named in a request body (the space and
tenant of a new booking) is an ``UnknownReference``, answered 422 ``unknown-<what>``.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from services.booking.domain.booking import Booking
from services.booking.domain.errors import (
    BookingNotFound,
    SpaceNotFound,
    TenantNotFound,
)
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import TenantStanding
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.errors import NotFound

T = TypeVar("T")


def present(found: T | None, missing: Callable[[uuid.UUID], NotFound], ident: uuid.UUID) -> T:
    """What a repository found by ``ident``, or the ``missing`` error saying it does not exist."""
    if found is None:
        raise missing(ident)
    return found


async def existing_space(uow: BookingUnitOfWork, space_id: uuid.UUID) -> Space:
    return present(await uow.spaces.get(space_id), SpaceNotFound, space_id)


async def known_tenant(uow: BookingUnitOfWork, tenant_id: uuid.UUID) -> TenantStanding:
    return present(await uow.tenants.get(tenant_id), TenantNotFound, tenant_id)


async def existing_booking(
    uow: BookingUnitOfWork, booking_id: uuid.UUID, *, for_update: bool = False
) -> Booking:
    found = await uow.bookings.get(booking_id, for_update=for_update)
    return present(found, BookingNotFound, booking_id)
