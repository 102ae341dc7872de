"""Webhook subscriptions: URLs that receive a signed JSON copy of tenant messages."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from services.notifications.domain.webhook_targets import WebhookTargets
from services.notifications.entrypoints.schemas import WebhookCreated, WebhookIn, WebhookOut
from services.notifications.service_layer import webhook_subscriptions
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.service_layer.webhook_subscriptions import (
    InternalTarget,
    SubscriptionNotFound,
    SubscriptionTerms,
)
from shared.auth.access import Principal, Role, allow
from shared.http.idempotency import IdempotencyKeyHeader
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from shared.http.problem_docs import problems
from shared.http.problems import Problem
from shared.runtime.process import unit_of_work

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhooks"])
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
# Subscribers are other systems, registered by staff; integrators may see what is registered.
Staff = Annotated[Principal, Depends(allow(Role.manager))]
_READERS = [Depends(allow(Role.manager, Role.integrator))]


def _webhook_targets(request: Request) -> WebhookTargets:
    return request.app.state.webhook_targets


Targets = Annotated[WebhookTargets, Depends(_webhook_targets)]


@router.post(
    "",
    status_code=201,
    summary="Register a subscriber URL (Idempotency-Key honoured)",
)
async def create_webhook(
    uow: UoW,
    caller: Staff,
    targets: Targets,
    body: WebhookIn,
    key: IdempotencyKeyHeader,
    response: Response,
) -> WebhookCreated:
    with _as_problems():
        sub = await webhook_subscriptions.create_subscription(
            uow, _terms(body), key=key, actor=caller.actor, targets=targets
        )
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
    responses=problems({404: "No such subscription"}),
)
async def update_webhook(
    uow: UoW, caller: Staff, targets: Targets, sub_id: uuid.UUID, body: WebhookIn
) -> WebhookOut:
    with _as_problems():
        sub = await webhook_subscriptions.update_subscription(
            uow, sub_id, _terms(body), actor=caller.actor, targets=targets
        )
    return WebhookOut.of(sub)


@router.delete(
    "/{sub_id}",
    status_code=204,
    responses=problems({404: "No such subscription"}),
)
async def delete_webhook(uow: UoW, caller: Staff, sub_id: uuid.UUID) -> Response:
    with _as_problems():
        await webhook_subscriptions.delete_subscription(uow, sub_id, actor=caller.actor)
    return Response(status_code=204)


def _terms(body: WebhookIn) -> SubscriptionTerms:
    return SubscriptionTerms(
        url=str(body.url),
        categories=[c.value for c in body.categories],
        tenant_id=body.tenant_id,
        active=body.active,
        description=body.description,
    )


@contextmanager
def _as_problems() -> Iterator[None]:
    try:
        yield
    except SubscriptionNotFound as exc:
        raise _not_found(exc.subscription_id) from exc
    except InternalTarget as exc:
        raise Problem(
            422, "invalid-webhook-target", "Webhooks may not go inside the city's network", str(exc)
        ) from exc


def _not_found(sub_id: uuid.UUID) -> Problem:
    return Problem(404, "not-found", "No such webhook subscription", subscription_id=str(sub_id))
