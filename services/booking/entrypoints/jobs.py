"""Every periodic job of booking: the bookkeeping of bookings over time, and its gauges."""

import functools
import uuid

from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.service_layer import bookkeeping
from services.booking.service_layer.booking_gauges import refresh_gauges
from services.booking.settings import Settings
from shared.runtime.periodic_jobs import PeriodicJob


def jobs(settings: Settings, metrics: BookingMetrics) -> list[PeriodicJob]:
    return [
        PeriodicJob("booking.release-no-shows", 30.0, bookkeeping.release_no_shows),
        PeriodicJob("booking.complete-finished", 60.0, bookkeeping.complete_finished),
        # Every instance runs it: the name is unique to this process, so the job lock never
        # leaves one instance's gauges stale.
        PeriodicJob(
            f"booking-gauges-{uuid.uuid4().hex}",
            15.0,
            functools.partial(refresh_gauges, metrics=metrics),
        ),
    ]
