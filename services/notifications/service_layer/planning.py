"""Turns "the tenant is owed a message" into one notification per channel and recipient: the
contact's chosen channels, and every webhook subscription that wants the category."""

import uuid
from datetime import datetime
from typing import Any

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork


async def plan_tenant_message(
    uow: NotificationsUnitOfWork,
    *,
    tenant_id: uuid.UUID,
    category: Category,
    source_event_id: str,
    event_time: datetime,
    details: dict[str, Any],
    now: datetime,
    expires_at: datetime | None = None,
    to_tenant: bool = True,
) -> int:
    """How many notifications were created (0 when all existed already or the tenant opted out).

    ``to_tenant`` False: only the webhook subscriptions get it (the tenant heard it otherwise).
    """
    recipients: list[tuple[str, RecipientKind, Channel]] = []
    if to_tenant:
        prefs = await uow.preferences.get(tenant_id)
        contact = await uow.contacts.get(tenant_id)
        # Until the contact arrives we don't know about a phone; the choice stands, and the send
        # retries until the contact is there.
        has_phone = contact is None or contact.phone is not None
        recipients += [
            (str(tenant_id), RecipientKind.TENANT, channel)
            for channel in prefs.channels_for(category, has_phone=has_phone)
        ]
    recipients += [
        (str(sub.id), RecipientKind.WEBHOOK, Channel.WEBHOOK)
        for sub in await uow.webhooks.matching(category.value, tenant_id)
    ]
    created = 0
    for recipient, kind, channel in recipients:
        notification = Notification(
            tenant_id=tenant_id,
            recipient=recipient,
            recipient_kind=kind,
            category=category,
            channel=channel,
            source_event_id=source_event_id,
            event_time=event_time,
            created_at=now,
            details=details,
            expires_at=expires_at,
        )
        created += await uow.notifications.add(notification)
    return created


async def plan_staff_message(
    uow: NotificationsUnitOfWork,
    *,
    staff: list[str],
    category: Category,
    source_event_id: str,
    details: dict[str, Any],
    now: datetime,
) -> int:
    created = 0
    for address in staff:
        notification = Notification(
            tenant_id=None,
            recipient=address,
            recipient_kind=RecipientKind.STAFF,
            category=category,
            channel=Channel.EMAIL,
            source_event_id=source_event_id,
            event_time=now,
            created_at=now,
            details=details,
        )
        created += await uow.notifications.add(notification)
    return created
