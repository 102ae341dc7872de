"""Webhook subscriptions: URLs that receive a signed JSON copy of tenant messages."""

import secrets
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.notifications.adapters.webhook_repository import WebhookSubscription
from services.notifications.entrypoints.schemas import WebhookCreated, WebhookIn, WebhookOut
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth import Role, allow
from shared.idempotency import IdempotencyKeyHeader
from shared.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from shared.problem_docs import problems
from shared.problems import Problem
from shared.runtime import unit_of_work

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhooks"])
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
# Subscribers are other systems, registered by staff; integrators may see what is registered.
_STAFF = [Depends(allow(Role.manager))]
_READERS = [Depends(allow(Role.manager, Role.integrator))]


@router.post(
    "",
    status_code=201,
    summary="Register a subscriber URL (Idempotency-Key honoured)",
    dependencies=_STAFF,
)
async def create_webhook(
    uow: UoW, body: WebhookIn, key: IdempotencyKeyHeader, response: Response
) -> WebhookCreated:
    async def create() -> WebhookSubscription:
        sub = WebhookSubscription(
            id=uuid.uuid4(),
            url=str(body.url),
            secret=secrets.token_urlsafe(32),
            categories=[c.value for c in body.categories],
            tenant_id=body.tenant_id,
            active=body.active,
            description=body.description,
            created_at=datetime.now(UTC),
        )
        await uow.webhooks.add(sub)
        return sub

    async def load(sub_id: str) -> WebhookSubscription:
        found = await uow.webhooks.get(uuid.UUID(sub_id))
        if found is None:
            raise _not_found(uuid.UUID(sub_id))
        return found

    async with uow:
        sub = await uow.idempotency.create_once(key, create, load, lambda s: s.id)
        await uow.commit()
    response.headers["Location"] = f"/webhook-subscriptions/{sub.id}"
    return WebhookCreated.of(sub)


@router.get("", summary="Subscriptions, oldest first", dependencies=_READERS)
async def list_webhooks(uow: UoW, limit: Limit = 50, cursor: Cursor = None) -> Page[WebhookOut]:
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    async with uow:
        found = await uow.webhooks.page(limit=limit, after=after)
    last = found[-1] if len(found) == limit else None
    return Page(
        items=[WebhookOut.of(s) for s in found],
        next_cursor=encode_cursor(last.created_at, last.id) if last else None,
    )


@router.get("/{sub_id}", dependencies=_READERS, responses=problems({404: "No such subscription"}))
async def get_webhook(uow: UoW, sub_id: uuid.UUID) -> WebhookOut:
    async with uow:
        found = await uow.webhooks.get(sub_id)
    if found is None:
        raise _not_found(sub_id)
    return WebhookOut.of(found)


@router.put(
    "/{sub_id}",
    summary="Change a subscription (its secret stays)",
    dependencies=_STAFF,
    responses=problems({404: "No such subscription"}),
)
async def update_webhook(uow: UoW, sub_id: uuid.UUID, body: WebhookIn) -> WebhookOut:
    async with uow:
        found = await uow.webhooks.get(sub_id)
        if found is None:
            raise _not_found(sub_id)
        found.url, found.categories = str(body.url), [c.value for c in body.categories]
        found.tenant_id, found.active, found.description = (
            body.tenant_id,
            body.active,
            body.description,
        )
        await uow.webhooks.save(found)
        await uow.commit()
    return WebhookOut.of(found)


@router.delete(
    "/{sub_id}",
    status_code=204,
    dependencies=_STAFF,
    responses=problems({404: "No such subscription"}),
)
async def delete_webhook(uow: UoW, sub_id: uuid.UUID) -> Response:
    async with uow:
        if not await uow.webhooks.delete(sub_id):
            raise _not_found(sub_id)
        await uow.commit()
    return Response(status_code=204)


def _not_found(sub_id: uuid.UUID) -> Problem:
    return Problem(404, "not-found", "No such webhook subscription", subscription_id=str(sub_id))
