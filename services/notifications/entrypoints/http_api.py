"""Notifications HTTP routes."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from services.notifications.domain.notification import Category, DeliveryStatus
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.runtime import unit_of_work

router = APIRouter(prefix="/notifications", tags=["notifications"])
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]


class NotificationOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    category: Category
    status: DeliveryStatus
    source_event_id: str
    details: dict[str, Any]
    created_at: datetime


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_created_before: datetime | None = None


@router.get("", summary="A tenant's notifications, newest first")
async def list_notifications(
    uow: UoW,
    tenant_id: uuid.UUID,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    created_before: Annotated[
        datetime | None, Query(description="Cursor from the previous page")
    ] = None,
) -> NotificationPage:
    async with uow:
        found = await uow.notifications.list_for_tenant(
            tenant_id, limit=limit, created_before=created_before
        )
    items = [
        NotificationOut(**{k: getattr(n, k) for k in NotificationOut.model_fields}) for n in found
    ]
    cursor = items[-1].created_at if len(items) == limit else None
    return NotificationPage(items=items, next_created_before=cursor)
