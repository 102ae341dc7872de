"""The notifications unit of work: one transaction over all of the service's repositories."""

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.notifications.adapters.contact_repository import ContactRepository
from services.notifications.adapters.notification_repository import NotificationRepository
from services.notifications.adapters.preference_repository import PreferenceRepository
from services.notifications.adapters.schedule_repository import ScheduleRepository
from services.notifications.adapters.tables import frame_tables
from services.notifications.adapters.webhook_repository import WebhookRepository
from shared.domain.aggregate import Aggregate
from shared.persistence.unit_of_work import UnitOfWork

SOURCE = "/bitc/notifications"


class NotificationsUnitOfWork(UnitOfWork):
    notifications: NotificationRepository
    contacts: ContactRepository
    preferences: PreferenceRepository
    webhooks: WebhookRepository
    schedule: ScheduleRepository

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine, source=SOURCE, tables=frame_tables)
        #: Jobs open further units of work of their own (the send happens between two).
        self.engine = engine

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.notifications = NotificationRepository(connection, seen)
        self.contacts = ContactRepository(connection, seen)
        self.preferences = PreferenceRepository(connection, seen)
        self.webhooks = WebhookRepository(connection, seen)
        self.schedule = ScheduleRepository(connection, seen)
