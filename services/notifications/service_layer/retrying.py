"""Staff giving a dead notification fresh attempts, recorded in the audit log."""

import uuid
from datetime import UTC, datetime

from services.notifications.domain.errors import NotificationNotFound
from services.notifications.domain.notification import Notification
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork


async def retry_dead(
    uow: NotificationsUnitOfWork, notification_id: uuid.UUID, *, actor: str
) -> Notification:
    """NotificationNotFound when there is none; IllegalTransition unless it is dead. The
    recipient's address stays out of the audit entry: it is personal data."""
    async with uow:
        found = await uow.notifications.get(notification_id, lock=True)
        if found is None:
            raise NotificationNotFound(notification_id)
        found.retry(datetime.now(UTC))
        await uow.notifications.save(found)
        uow.audit.record(
            actor,
            "notification.retry",
            found.id,
            tenant_id=found.tenant_id,
            category=found.category,
            channel=found.channel,
        )
        await uow.commit()
    return found
