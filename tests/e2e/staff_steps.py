"""Steps the staff pages' tests take: tenants whose bookings wait for staff approval, and
notifications placed in the log in a given delivery state."""

import itertools
import uuid
from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import create_async_engine

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import BackoffPolicy
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from tests.e2e.api_steps import OPEN_PLAN, book_when_booking_knows_tenant

#: Like the open plan, but every booking waits for staff to approve it.
APPROVAL_PLAN = OPEN_PLAN | {
    "code": "e2e-approval",
    "name": "End-to-end tests: staff approve bookings",
    "bookings_need_approval": True,
}
_names = itertools.count(1)


async def register_active(tenancy: httpx.AsyncClient, *, approval: bool, name: str = "") -> dict:
    """An active community tenant with a name of its own, on the approval or the open plan."""
    plan = APPROVAL_PLAN if approval else OPEN_PLAN
    made = await tenancy.post("/plans", json=plan, headers={"Idempotency-Key": plan["code"]})
    assert made.status_code == 201, made.text
    body = {
        "kind": "community",
        "display_name": name or f"Paduan Suara Cimahi {uuid.uuid4().hex[:6]} {next(_names)}",
        "plan_code": plan["code"],
        "contact": {"name": "Rina", "email": "rina@example.id", "phone": "0812-1111-2222"},
    }
    response = await tenancy.post("/tenants", json=body)
    assert response.status_code == 201, response.text
    tenant = response.json()
    assert (await tenancy.post(f"/tenants/{tenant['id']}/activate")).status_code == 200
    return tenant


async def book(
    booking: httpx.AsyncClient, tenant_id: str, space_id: str, period: tuple[str, str]
) -> dict:
    body = {
        "space_id": space_id,
        "tenant_id": tenant_id,
        "starts_at": period[0],
        "ends_at": period[1],
    }
    made = await book_when_booking_knows_tenant(booking, body)
    assert made.status_code == 201, made.text
    return made.json()


async def notification_in_log(database_url: str, tenant_id: str, *, dead: bool) -> str:
    """A notification to ``tenant_id`` written straight into notifications' table: dead for
    good (a recipient refused it), or else withdrawn (never to be sent); its id."""
    engine = create_async_engine(database_url)
    now = datetime.now(UTC)
    try:
        async with NotificationsUnitOfWork(engine) as uow:
            notification = Notification(
                tenant_id=uuid.UUID(tenant_id),
                recipient=tenant_id,
                recipient_kind=RecipientKind.TENANT,
                category=Category.BOOKING_CONFIRMED,
                channel=Channel.EMAIL,
                source_event_id=str(uuid.uuid4()),
                event_time=now,
                created_at=now,
                details={"booking_id": str(uuid.uuid4())},
            )
            await uow.notifications.add(notification)
            if dead:
                notification.claim(now)
                notification.mark_failed(now, "recipient refused", BackoffPolicy(), permanent=True)
            else:
                notification.withdraw("tenant offboarded")
            await uow.notifications.save(notification)
            await uow.commit()
    finally:
        await engine.dispose()
    return str(notification.id)
