"""Which events owe a tenant a notification."""

from datetime import UTC, datetime

from contracts.booking import BookingConfirmed
from contracts.tenancy import TenantActivated
from services.notifications.domain.notification import Notification
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.envelope import Envelope


async def on_tenant_activated(
    event: TenantActivated, envelope: Envelope, uow: NotificationsUnitOfWork
) -> None:
    await uow.notifications.add(
        Notification.for_tenant_activated(event, envelope.id, datetime.now(UTC))
    )


async def on_booking_confirmed(
    event: BookingConfirmed, envelope: Envelope, uow: NotificationsUnitOfWork
) -> None:
    await uow.notifications.add(
        Notification.for_booking_confirmed(event, envelope.id, datetime.now(UTC))
    )
