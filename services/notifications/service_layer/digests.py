"""Digests for BITC staff: requests waiting for approval (at most one message per
``max_delay``, sent within ``max_delay`` of the first request it lists: see
domain/request_digest.py) and the leases that end this week (one message per week)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.notifications.domain.categories import Category
from services.notifications.domain.quiet_hours import JAKARTA
from services.notifications.domain.request_digest import request_digest_due, window_opens
from services.notifications.service_layer.planning import plan_staff_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork


@dataclass(frozen=True)
class StaffDigests:
    staff: list[str]
    max_delay: timedelta

    async def requests(self, uow: NotificationsUnitOfWork, now: datetime) -> None:
        if not self.staff:
            return
        waiting = await uow.schedule.undigested_requests()
        if not waiting:
            return
        first = waiting[0]["requested_at"]
        category = Category.STAFF_REQUESTS_DIGEST
        last = await uow.schedule.last_digest_at(category.value, now - self.max_delay, now)
        if not request_digest_due(first, last, now, self.max_delay):
            return
        items = [{**r["details"], "tenant_id": str(r["tenant_id"])} for r in waiting]
        created = await plan_staff_message(
            uow,
            staff=self.staff,
            category=category,
            source_event_id=f"staff-requests:{window_opens(first, last).isoformat()}",
            details={"items": items},
            now=now,
        )
        if created:
            await uow.schedule.mark_digested([r["booking_id"] for r in waiting], now)

    async def lease_expiries(self, uow: NotificationsUnitOfWork, now: datetime) -> None:
        today = now.astimezone(JAKARTA).date()
        monday = today - timedelta(days=today.weekday())
        sunday = monday + timedelta(days=6)
        ending = await uow.schedule.leases_ending(monday, sunday)
        if not self.staff or not ending:
            return
        year, week, _ = monday.isocalendar()
        items = [
            {
                "lease_id": str(r["lease_id"]),
                "tenant_id": str(r["tenant_id"]),
                "unit_id": str(r["unit_id"]),
                "site": r["site"],
                "ends_on": r["ends_on"].isoformat(),
            }
            for r in ending
        ]
        await plan_staff_message(
            uow,
            staff=self.staff,
            category=Category.STAFF_LEASE_DIGEST,
            source_event_id=f"staff-leases:{year}-W{week:02d}",
            details={
                "week_start": monday.isoformat(),
                "week_end": sunday.isoformat(),
                "items": items,
            },
            now=now,
        )
