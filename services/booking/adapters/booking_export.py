"""The query behind GET /exports/bookings: the list's bookings (same filter, same order) with
their space and the booking tenant's kind, for a server-side cursor to stream."""

import sqlalchemy as sa

from services.booking.adapters.booked_hours import UNKNOWN_KIND
from services.booking.adapters.booking_filter import BookingFilter, conditions
from services.booking.adapters.tables import bookings, spaces, tenant_standings

_b, _s, _t = bookings, spaces, tenant_standings


def exported(where: BookingFilter) -> sa.Select:
    kind = sa.func.coalesce(sa.func.nullif(_t.c.kind, ""), UNKNOWN_KIND)
    return (
        sa.select(
            _b.c.id.label("booking_id"),
            _b.c.space_id,
            _s.c.code.label("space_code"),
            _s.c.site,
            _s.c.type.label("space_type"),
            _b.c.tenant_id,
            kind.label("tenant_kind"),
            _b.c.starts_at,
            _b.c.ends_at,
            _b.c.status,
            _b.c.status_reason,
            _b.c.attendees,
            _b.c.series_id,
            _b.c.checked_in_at,
            _b.c.created_at,
        )
        .select_from(
            _b.join(_s, _s.c.id == _b.c.space_id).outerjoin(_t, _t.c.tenant_id == _b.c.tenant_id)
        )
        .where(*conditions(where))
        .order_by(_b.c.starts_at, _b.c.id)
    )
