"""Read-only queries behind booking's gauges, over the bookings themselves so every instance
shows the same."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.booking.adapters.tables import bookings

_HELD = ("confirmed", "checked_in", "completed")


async def booked_hours_by_space(
    connection: AsyncConnection, starts_from: datetime, starts_before: datetime
) -> dict[uuid.UUID, float]:
    """Hours held by bookings starting in the window, per space."""
    hours = sa.func.sum(sa.extract("epoch", bookings.c.ends_at - bookings.c.starts_at)) / 3600
    rows = await connection.execute(
        sa.select(bookings.c.space_id, hours)
        .where(
            bookings.c.status.in_(_HELD),
            bookings.c.starts_at >= starts_from,
            bookings.c.starts_at < starts_before,
        )
        .group_by(bookings.c.space_id)
    )
    return {space_id: float(total or 0) for space_id, total in rows.all()}


async def pending_approvals(connection: AsyncConnection) -> int:
    """Requests waiting for staff."""
    pending = sa.select(sa.func.count()).where(bookings.c.status == "requested")
    return await connection.scalar(pending) or 0
