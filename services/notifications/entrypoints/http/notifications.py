"""Listing notifications and retrying a dead one."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from contracts.notifications import Channel
from services.notifications.adapters.notification_repository import NotificationFilter
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.errors import NotificationNotFound
from services.notifications.entrypoints.http.notification_schemas import NotificationOut
from services.notifications.service_layer import retrying
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import ANY_ROLE, Principal, Role, allow, tenant_filter
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems
from shared.http.request_bodies import OffsetDateTime
from shared.runtime.process import unit_of_work

router = APIRouter(prefix="/notifications", tags=["notifications"])
Staff = Annotated[Principal, Depends(allow(Role.manager))]
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]


@router.get("", summary="Notifications, newest first, filtered")
async def list_notifications(
    uow: UoW,
    caller: Reader,
    tenant_id: uuid.UUID | None = None,
    recipient: Annotated[
        str | None, Query(description="Tenant id, staff address or webhook")
    ] = None,
    status: DeliveryStatus | None = None,
    channel: Channel | None = None,
    category: Category | None = None,
    created_from: Annotated[OffsetDateTime | None, Query(description="Inclusive")] = None,
    created_before: Annotated[OffsetDateTime | None, Query(description="Exclusive")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[NotificationOut]:
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    where = NotificationFilter(
        tenant_filter(caller, tenant_id),
        recipient,
        status,
        channel,
        category,
        created_from,
        created_before,
    )
    async with uow:
        found = await uow.notifications.page(where, limit=limit, after=after)
    return page_of(found, limit, NotificationOut.model_validate, lambda n: (n.created_at, n.id))


@router.get(
    "/{notification_id}",
    summary="One notification and its delivery state",
    responses=problems({404: "No such notification"}),
)
async def get_notification(uow: UoW, caller: Reader, notification_id: uuid.UUID) -> NotificationOut:
    async with uow:
        found = await uow.notifications.get(notification_id)
    # Another tenant's notification is answered as missing: its existence is not the caller's.
    if found is None or not caller.may_act_for(found.tenant_id):
        raise NotificationNotFound(notification_id)
    return NotificationOut.model_validate(found)


@router.post(
    "/{notification_id}/retry",
    summary="Give a dead notification fresh attempts",
    responses=problems(
        {404: "No such notification", 409: "Only a dead notification can be retried"}
    ),
)
async def retry_notification(
    uow: UoW, caller: Staff, notification_id: uuid.UUID
) -> NotificationOut:
    found = await retrying.retry_dead(uow, notification_id, actor=caller.actor)
    return NotificationOut.model_validate(found)
