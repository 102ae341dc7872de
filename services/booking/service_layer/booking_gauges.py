"""Refreshes booking's gauges: hours booked this week per site and space type, and requests
waiting for staff. Read from the bookings themselves, so every instance shows the same."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.adapters.tables import bookings
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.runtime.periodic_jobs import PeriodicJob

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
        week_end = week_start + timedelta(days=7)
        booked = await _booked_hours_by_space(uow, week_start, week_end)
        for space in await uow.spaces.list():
            labels = (space.code, space.site.value, space.type.value)
            hours = booked.get(space.id, 0.0)
            open_hours = sum(
                (end - start).total_seconds() / 3600
                for start, end in space.opening_hours.windows(week_start, week_end)
            )
            metrics.booked_hours.labels(*labels).set(hours)
            metrics.utilisation.labels(*labels).set(hours / open_hours if open_hours else 0.0)
        pending = sa.select(sa.func.count()).where(bookings.c.status == "requested")
        metrics.pending_approvals.set(await uow.connection.scalar(pending) or 0)

    return PeriodicJob(f"booking-gauges-{uuid.uuid4().hex}", interval_s, refresh)


async def _booked_hours_by_space(
    uow: BookingUnitOfWork, week_start: datetime, week_end: datetime
) -> dict[uuid.UUID, float]:
    hours = sa.func.sum(sa.extract("epoch", bookings.c.ends_at - bookings.c.starts_at)) / 3600
    rows = await uow.connection.execute(
        sa.select(bookings.c.space_id, hours)
        .where(
            bookings.c.status.in_(_HELD),
            bookings.c.starts_at >= week_start,
            bookings.c.starts_at < week_end,
        )
        .group_by(bookings.c.space_id)
    )
    return {space_id: float(total or 0) for space_id, total in rows.all()}
