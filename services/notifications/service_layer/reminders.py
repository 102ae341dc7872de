"""The reminder job: turns reminders that have come due into messages, never after the start."""

from dataclasses import dataclass
from datetime import datetime

from services.notifications.domain.categories import Category
from services.notifications.domain.reminders import reminder_source_id
from services.notifications.service_layer.planning import plan_tenant_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork


@dataclass(frozen=True)
class ReminderJob:
    batch_size: int = 200

    async def run(self, uow: NotificationsUnitOfWork, now: datetime) -> None:
        for reminder in await uow.schedule.lock_due_reminders(now, self.batch_size):
            booking_id, starts_at = reminder["booking_id"], reminder["starts_at"]
            if now >= starts_at:
                # The service was down past the start: a late reminder is worse than none.
                await uow.schedule.set_reminder_status(booking_id, "missed")
                continue
            await plan_tenant_message(
                uow,
                tenant_id=reminder["tenant_id"],
                category=Category.BOOKING_REMINDER,
                source_event_id=reminder_source_id(str(booking_id), starts_at),
                event_time=reminder["remind_at"],
                details=reminder["details"],
                now=now,
                # Held by quiet hours or retries past the start, it is withdrawn unsent.
                expires_at=starts_at,
            )
            await uow.schedule.set_reminder_status(booking_id, "queued")
