from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.notifications.adapters.notification_repository import NotificationRepository
from services.notifications.adapters.tables import idempotency_keys, inbox, outbox
from shared.domain import Aggregate
from shared.unit_of_work import UnitOfWork

SOURCE = "/bitc/notifications"


class NotificationsUnitOfWork(UnitOfWork):
    notifications: NotificationRepository

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(
            engine, source=SOURCE, outbox=outbox, inbox=inbox, idempotency_keys=idempotency_keys
        )

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.notifications = NotificationRepository(connection, seen)
