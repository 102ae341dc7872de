"""Builds the message a notification stands for, at send time: the address is looked up then
(so an erased contact is never written to), and the text is rendered in the reader's language."""

import uuid
from typing import Any

from contracts.notifications import Channel
from services.notifications.adapters.channels import DeliveryError, OutboundMessage
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork


class Composer:
    def __init__(self, renderer: MessageRenderer, staff_language: str) -> None:
        self._renderer = renderer
        self._staff_language = staff_language

    async def compose(self, uow: NotificationsUnitOfWork, n: Notification) -> OutboundMessage:
        if n.recipient_kind is RecipientKind.WEBHOOK:
            return await self._webhook(uow, n)
        if n.recipient_kind is RecipientKind.STAFF:
            names = await self._tenant_names(uow, n.details)
            rendered = self._renderer.render(
                n.category, self._staff_language, {"details": n.details, "tenant_names": names}
            )
            return OutboundMessage(n.id, n.recipient, rendered.subject, rendered.body)
        assert n.tenant_id is not None
        contact = await uow.contacts.get(n.tenant_id)
        if contact is None:
            # The contacts topic may simply not have caught up yet: a retryable failure.
            raise DeliveryError("no contact known for the tenant yet")
        address = contact.email if n.channel is Channel.EMAIL else contact.phone
        if not address:
            raise DeliveryError("the contact has no phone number", permanent=True)
        context = {
            "details": n.details,
            "contact_name": contact.contact_name,
            "organisation": contact.display_name,
        }
        rendered = self._renderer.render(n.category, contact.language, context)
        text = rendered.body if n.channel is Channel.EMAIL else rendered.short
        return OutboundMessage(n.id, address, rendered.subject, text)

    async def _webhook(self, uow: NotificationsUnitOfWork, n: Notification) -> OutboundMessage:
        subscription = await uow.webhooks.get(uuid.UUID(n.recipient))
        if subscription is None or not subscription.active:
            raise DeliveryError("webhook subscription removed or paused", permanent=True)
        data = {
            "id": str(n.id),
            "category": n.category.value,
            "tenant_id": str(n.tenant_id) if n.tenant_id else None,
            "occurred_at": n.event_time.isoformat(),
            "details": n.details,
        }
        return OutboundMessage(n.id, subscription.url, "", "", data, subscription.secret)

    async def _tenant_names(
        self, uow: NotificationsUnitOfWork, details: dict[str, Any]
    ) -> dict[str, str]:
        ids = {uuid.UUID(item["tenant_id"]) for item in details.get("items", [])}
        contacts = await uow.contacts.get_many(sorted(ids))
        return {str(i): c.display_name for i, c in contacts.items()}
