"""Which bookings a list asks for, and the one translation of that into SQL conditions, shared by
the paged list (GET /bookings) and the export (GET /exports/bookings) so both always agree."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from contracts.booking import Site
from services.booking.adapters.tables import bookings, spaces
from services.booking.domain.booking import BookingStatus


@dataclass(frozen=True)
class BookingFilter:
    space_id: uuid.UUID | None = None
    #: Bookings of the spaces of this site.
    site: Site | None = None
    tenant_id: uuid.UUID | None = None
    statuses: Sequence[BookingStatus] = ()
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    after: tuple[datetime, uuid.UUID] | None = None


def conditions(where: BookingFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions of ``where`` over ``bookings`` joined with ``spaces``, in start order's
    keyset (``after``) too."""
    found = [
        bookings.c.space_id == where.space_id if where.space_id else None,
        spaces.c.site == where.site.value if where.site else None,
        bookings.c.tenant_id == where.tenant_id if where.tenant_id else None,
        bookings.c.status.in_([s.value for s in where.statuses]) if where.statuses else None,
        bookings.c.ends_at > where.starts_from if where.starts_from else None,
        bookings.c.starts_at < where.starts_before if where.starts_before else None,
        sa.tuple_(bookings.c.starts_at, bookings.c.id) > sa.tuple_(*where.after)
        if where.after
        else None,
    ]
    return [condition for condition in found if condition is not None]
