"""Refreshes booking's gauges: hours booked this week per site and space type, and requests
waiting for staff. Read from the bookings themselves, so every instance shows the same."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.adapters.tables import bookings, spaces
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.periodic_jobs import PeriodicJob

WIB = ZoneInfo("Asia/Jakarta")
_HELD = ("confirmed", "checked_in", "completed")


def booking_gauges_job(metrics: BookingMetrics, interval_s: float = 15.0) -> PeriodicJob:
    """Every instance runs it: the name is unique to this process, so the job lock never
    leaves one instance's gauges stale."""

    async def refresh(uow: BookingUnitOfWork, now: datetime) -> None:
        local = now.astimezone(WIB)
        week_start = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        hours = sa.func.sum(sa.extract("epoch", bookings.c.ends_at - bookings.c.starts_at)) / 3600
        booked = await uow.connection.execute(
            sa.select(spaces.c.site, spaces.c.type, hours)
            .join(spaces, spaces.c.id == bookings.c.space_id)
            .where(
                bookings.c.status.in_(_HELD),
                bookings.c.starts_at >= week_start,
                bookings.c.starts_at < week_start + timedelta(days=7),
            )
            .group_by(spaces.c.site, spaces.c.type)
        )
        metrics.booked_hours.clear()
        for site, space_type, total in booked.all():
            metrics.booked_hours.labels(site, space_type).set(float(total or 0))
        pending = sa.select(sa.func.count()).where(bookings.c.status == "requested")
        metrics.pending_approvals.set(await uow.connection.scalar(pending) or 0)

    return PeriodicJob(f"booking-gauges-{uuid.uuid4().hex}", interval_s, refresh)
