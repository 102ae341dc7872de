"""The private contacts topic: the only source of addresses, erased on a tombstone."""

import uuid
from datetime import UTC, datetime

from contracts.tenancy import TenantContactChanged
from services.notifications.adapters.contact_repository import Contact
from services.notifications.domain.notification import RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.messaging.envelope import Envelope


async def on_contact_changed(
    event: TenantContactChanged, envelope: Envelope, uow: NotificationsUnitOfWork
) -> None:
    contact = Contact(
        tenant_id=event.tenant_id,
        display_name=event.display_name,
        contact_name=event.contact_name,
        email=str(event.email),
        phone=event.phone,
        language=event.language.value,
    )
    await uow.contacts.put(contact, datetime.now(UTC))


async def on_contact_erased(key: str, uow: NotificationsUnitOfWork) -> None:
    """Tombstone: the tenant's personal data is gone, and so are the messages still owed to
    that person (webhook copies carry no personal data and stay)."""
    tenant_id = uuid.UUID(key)
    await uow.contacts.erase(tenant_id)
    for notification in await uow.notifications.lock_waiting(tenant_id=tenant_id):
        if notification.recipient_kind is RecipientKind.TENANT:
            notification.withdraw("contact erased")
            await uow.notifications.save(notification)
