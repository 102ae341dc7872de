"""Digests for BITC staff: requests waiting for approval (one message per period, not one per
request) and the leases that end this week (one message per week)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.notifications.domain.notification import Category
from services.notifications.domain.quiet_hours import JAKARTA
from services.notifications.service_layer.planning import plan_staff_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StaffDigests:
    staff: list[str]
    period: timedelta

    async def requests(self, uow: NotificationsUnitOfWork, now: datetime) -> None:
        waiting = await uow.schedule.undigested_requests()
        if not self.staff or not waiting:
            return
        period_start = _EPOCH + (now - _EPOCH) // self.period * self.period
        items = [{**r["details"], "tenant_id": str(r["tenant_id"])} for r in waiting]
        created = await plan_staff_message(
            uow,
            staff=self.staff,
            category=Category.STAFF_REQUESTS_DIGEST,
            # This period's digest exists already: the newcomers wait for the next period.
            source_event_id=f"staff-requests:{period_start.isoformat()}",
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
