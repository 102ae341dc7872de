"""Every periodic job of the notifications service."""

from datetime import timedelta

from services.notifications.service_layer.digests import StaffDigests
from services.notifications.service_layer.reminders import ReminderJob
from services.notifications.service_layer.sending import Sender
from services.notifications.settings import Settings
from shared.runtime.periodic_jobs import PeriodicJob


def jobs(settings: Settings, delivery: Sender) -> list[PeriodicJob]:
    digests = StaffDigests(
        settings.staff_recipients, timedelta(seconds=settings.staff_digest_max_delay_s)
    )
    return [
        PeriodicJob("notifications.send", settings.sender_interval_s, delivery.run),
        PeriodicJob("notifications.reminders", 15.0, ReminderJob().run),
        # Looks often, so a digest goes out within seconds of when it is due.
        PeriodicJob("notifications.staff-requests-digest", 15.0, digests.requests),
        PeriodicJob("notifications.staff-lease-digest", 3600.0, digests.lease_expiries),
    ]
