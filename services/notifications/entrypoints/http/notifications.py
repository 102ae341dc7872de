"""Listing notifications and retrying a dead one."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends

from services.notifications.domain.errors import NotificationNotFound
from services.notifications.entrypoints.http.notification_filters import Filtered, Reader
from services.notifications.entrypoints.http.notification_schemas import NotificationOut
from services.notifications.service_layer import retrying
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import Principal, Role, allow
from shared.http.pagination import Cursor, Limit, Page, decode_cursor, page_of
from shared.http.problem_docs import problems
from shared.runtime.process import unit_of_work

router = APIRouter(prefix="/notifications", tags=["notifications"])
Staff = Annotated[Principal, Depends(allow(Role.manager))]
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]


@router.get("", summary="Notifications, newest first, filtered")
async def list_notifications(
    uow: UoW, where: Filtered, limit: Limit = 50, cursor: Cursor = None
) -> Page[NotificationOut]:
    after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
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
