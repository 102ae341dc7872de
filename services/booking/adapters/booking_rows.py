"""Bookings as table rows: the columns a booking is stored in, and a booking from a row
joined with its space (events name the space's code, type and site)."""

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from contracts.booking import Site, SpaceType
from services.booking.adapters.tables import bookings, spaces
from services.booking.domain.booking import Booking, BookingStatus
from services.booking.domain.period import Period


def joined() -> sa.Select:
    return sa.select(
        bookings,
        spaces.c.code.label("space_code"),
        spaces.c.type.label("space_type"),
        spaces.c.site.label("site"),
    ).join(spaces, spaces.c.id == bookings.c.space_id)


#: What ``columns`` fills: every column but the booking's id and space, which never change.
STORED = tuple(column.name for column in bookings.c if column.name not in ("id", "space_id"))


def columns(booking: Booking) -> dict[str, Any]:
    return {
        "tenant_id": booking.tenant_id,
        "starts_at": booking.period.starts_at,
        "ends_at": booking.period.ends_at,
        "status": booking.status.value,
        "created_at": booking.created_at,
        "attendees": booking.attendees,
        "blocked_from": booking.blocked[0],
        "blocked_until": booking.blocked[1],
        "series_id": booking.series_id,
        "status_reason": booking.status_reason,
        "charged_minutes": booking.charged_minutes,
        "checked_in_at": booking.checked_in_at,
        "revision": booking.revision,
        "updated_at": booking.updated_at,
    }


def booking_of(row: Mapping[str, Any]) -> Booking:
    return Booking(
        id=row["id"],
        space_id=row["space_id"],
        space_code=row["space_code"],
        space_type=SpaceType(row["space_type"]),
        site=Site(row["site"]),
        tenant_id=row["tenant_id"],
        period=Period(row["starts_at"], row["ends_at"]),
        blocked=(row["blocked_from"], row["blocked_until"]),
        status=BookingStatus(row["status"]),
        created_at=row["created_at"],
        attendees=row["attendees"],
        series_id=row["series_id"],
        status_reason=row["status_reason"],
        charged_minutes=row["charged_minutes"],
        checked_in_at=row["checked_in_at"],
        revision=row["revision"],
        updated_at=row["updated_at"],
    )
