"""Stores and lists notifications."""

import uuid
from datetime import datetime

import sqlalchemy as sa

from services.notifications.adapters.tables import notifications
from services.notifications.domain.notification import Category, DeliveryStatus, Notification
from shared.unit_of_work import SqlRepository


class NotificationRepository(SqlRepository):
    async def add(self, notification: Notification) -> None:
        await self.connection.execute(
            notifications.insert().values(
                id=notification.id,
                tenant_id=notification.tenant_id,
                category=notification.category.value,
                source_event_id=notification.source_event_id,
                status=notification.status.value,
                details=notification.details,
                created_at=notification.created_at,
            )
        )
        self._track(notification)

    async def list_for_tenant(
        self, tenant_id: uuid.UUID, *, limit: int, created_before: datetime | None = None
    ) -> list[Notification]:
        query = sa.select(notifications).where(notifications.c.tenant_id == tenant_id)
        if created_before is not None:
            query = query.where(notifications.c.created_at < created_before)
        query = query.order_by(notifications.c.created_at.desc(), notifications.c.id).limit(limit)
        rows = await self.connection.execute(query)
        return [
            Notification(
                id=row["id"],
                tenant_id=row["tenant_id"],
                category=Category(row["category"]),
                source_event_id=row["source_event_id"],
                status=DeliveryStatus(row["status"]),
                created_at=row["created_at"],
                details=row["details"],
            )
            for row in rows.mappings()
        ]
