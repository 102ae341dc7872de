"""Webhook subscriptions: URLs that receive a signed JSON copy of tenant messages."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from services.notifications.domain.webhook_targets import WebhookTargets
from services.notifications.entrypoints.http.webhook_subscription_schemas import (
    WebhookCreated,
    WebhookIn,
    WebhookOut,
)
from services.notifications.service_layer import webhook_subscriptions
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import Principal, Role, allow
from shared.http.idempotency import Create
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems
from shared.runtime.process import unit_of_work

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhooks"])
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
# Subscribers are other systems, registered by staff; integrators may see what is registered.
Staff = Annotated[Principal, Depends(allow(Role.manager))]
_READERS = [Depends(allow(Role.manager, Role.integrator))]


async def _webhook_targets(request: Request) -> WebhookTargets:
    return request.app.state.webhook_targets


Targets = Annotated[WebhookTargets, Depends(_webhook_targets)]


@router.post(
    "",
    status_code=201,
    summary="Register a subscriber URL (Idempotency-Key honoured)",
)
async def create_webhook(
    uow: UoW, caller: Staff, targets: Targets, body: WebhookIn, create: Create
) -> WebhookCreated:
    sub = await webhook_subscriptions.create_subscription(
        uow, body.terms(), key=create.key, actor=caller.actor, targets=targets
    )
    return create.located(f"/webhook-subscriptions/{sub.id}", WebhookCreated.model_validate(sub))


@router.get("", summary="Subscriptions, oldest first", dependencies=_READERS)
async def list_webhooks(uow: UoW, limit: Limit = 50, cursor: Cursor = None) -> Page[WebhookOut]:
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    async with uow:
        found = await uow.webhooks.page(limit=limit, after=after)
    return page_of(found, limit, WebhookOut.model_validate, lambda s: (s.created_at, s.id))


@router.get("/{sub_id}", dependencies=_READERS, responses=problems({404: "No such subscription"}))
async def get_webhook(uow: UoW, sub_id: uuid.UUID) -> WebhookOut:
    return WebhookOut.model_validate(await webhook_subscriptions.get_subscription(uow, sub_id))


@router.put(
    "/{sub_id}",
    summary="Change a subscription (its secret stays)",
    responses=problems({404: "No such subscription"}),
)
async def update_webhook(
    uow: UoW, caller: Staff, targets: Targets, sub_id: uuid.UUID, body: WebhookIn
) -> WebhookOut:
    sub = await webhook_subscriptions.update_subscription(
        uow, sub_id, body.terms(), actor=caller.actor, targets=targets
    )
    return WebhookOut.model_validate(sub)


@router.delete(
    "/{sub_id}",
    status_code=204,
    responses=problems({404: "No such subscription"}),
)
async def delete_webhook(uow: UoW, caller: Staff, sub_id: uuid.UUID) -> Response:
    await webhook_subscriptions.delete_subscription(uow, sub_id, actor=caller.actor)
    return Response(status_code=204)
