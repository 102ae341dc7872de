"""Refreshes booking's gauges: hours booked this week per site and space type, and requests
waiting for staff."""

from datetime import datetime, timedelta

from services.booking.adapters import gauge_queries
from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.domain.local_time import WIB
from services.booking.service_layer.unit_of_work import BookingUnitOfWork


async def refresh_gauges(uow: BookingUnitOfWork, now: datetime, metrics: BookingMetrics) -> None:
    local = now.astimezone(WIB)
    week_start = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    week_end = week_start + timedelta(days=7)
    booked = await gauge_queries.booked_hours_by_space(uow.connection, week_start, week_end)
    for space in await uow.spaces.list():
        labels = (space.code, space.site.value, space.type.value)
        hours = booked.get(space.id, 0.0)
        open_hours = sum(
            (end - start).total_seconds() / 3600
            for start, end in space.opening_hours.windows(week_start, week_end)
        )
        metrics.booked_hours.labels(*labels).set(hours)
        metrics.utilisation.labels(*labels).set(hours / open_hours if open_hours else 0.0)
    metrics.pending_approvals.set(await gauge_queries.pending_approvals(uow.connection))
