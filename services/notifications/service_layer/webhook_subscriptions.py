"""Staff registering, changing and removing webhook subscribers, each recorded in the audit log.

The audit entry names the subscriber by its URL's host alone: the signing secret, and any
credentials or token a URL carries in its user part, path or query, must never reach a log that
is kept for good and read by every admin.
"""

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from services.notifications.adapters.host_addresses import host_addresses
from services.notifications.adapters.webhook_repository import WebhookSubscription
from services.notifications.domain.errors import InternalTarget, SubscriptionNotFound
from services.notifications.domain.webhook_targets import WebhookTargets
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.http.idempotency import IdempotencyKey

#: How long registering waits for DNS; a name not found in time is checked at each send anyway.
_LOOKUP_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class SubscriptionTerms:
    """What staff choose; the id, signing secret and creation time are the service's."""

    url: str
    #: Empty: every category.
    categories: list[str]
    tenant_id: uuid.UUID | None
    active: bool
    description: str


async def create_subscription(
    uow: NotificationsUnitOfWork,
    terms: SubscriptionTerms,
    *,
    key: IdempotencyKey | None,
    actor: str,
    targets: WebhookTargets,
) -> WebhookSubscription:
    """A new subscriber with a fresh signing secret; a retry with the same key answers the
    first one (audited once, when it was created)."""
    await ensure_outside(terms.url, targets)

    async def create() -> WebhookSubscription:
        sub = WebhookSubscription(
            id=uuid.uuid4(),
            secret=secrets.token_urlsafe(32),
            created_at=datetime.now(UTC),
            **vars(terms),
        )
        await uow.webhooks.add(sub)
        uow.audit.record(actor, "webhook.create", sub.id, **_described(sub))
        return sub

    return await uow.create_once(key, create, _existing)


async def update_subscription(
    uow: NotificationsUnitOfWork,
    sub_id: uuid.UUID,
    terms: SubscriptionTerms,
    *,
    actor: str,
    targets: WebhookTargets,
) -> WebhookSubscription:
    """Replaces the terms; the secret stays. The entry lists which terms changed by name."""
    await ensure_outside(terms.url, targets)
    async with uow:
        sub = await _existing(uow, sub_id)
        changed = sorted(name for name, value in vars(terms).items() if getattr(sub, name) != value)
        for name, value in vars(terms).items():
            setattr(sub, name, value)
        await uow.webhooks.save(sub)
        uow.audit.record(actor, "webhook.update", sub.id, changed=changed, **_described(sub))
        await uow.commit()
    return sub


async def get_subscription(uow: NotificationsUnitOfWork, sub_id: uuid.UUID) -> WebhookSubscription:
    async with uow:
        return await _existing(uow, sub_id)


async def delete_subscription(
    uow: NotificationsUnitOfWork, sub_id: uuid.UUID, *, actor: str
) -> None:
    async with uow:
        sub = await _existing(uow, sub_id)
        if not await uow.webhooks.delete(sub_id):
            raise SubscriptionNotFound(sub_id)
        uow.audit.record(actor, "webhook.delete", sub.id, **_described(sub))
        await uow.commit()


async def ensure_outside(url: str, targets: WebhookTargets) -> None:
    """Raises InternalTarget for a URL whose host is, or now resolves to, an internal address.
    A name that does not resolve yet is taken: the sender checks again before every send."""
    host = urlsplit(url).hostname or ""
    try:
        async with asyncio.timeout(_LOOKUP_TIMEOUT_S):
            addresses = await host_addresses(host, 443)
    except (OSError, TimeoutError):
        return
    if reason := targets.refusal(host, addresses):
        raise InternalTarget(reason)


async def _existing(uow: NotificationsUnitOfWork, sub_id: uuid.UUID) -> WebhookSubscription:
    found = await uow.webhooks.get(sub_id)
    if found is None:
        raise SubscriptionNotFound(sub_id)
    return found


def _described(sub: WebhookSubscription) -> dict[str, Any]:
    return {
        "url_host": urlsplit(sub.url).hostname,
        "categories": sub.categories,
        "tenant_id": sub.tenant_id,
        "active": sub.active,
    }
