"""The filters GET /notifications takes, as one dependency, so the list and its export admit the
same rows to the same caller: a tenant's user only ever its own tenant's."""

import uuid
from typing import Annotated

from fastapi import Depends, Query

from contracts.notifications import Channel
from services.notifications.adapters.notification_repository import NotificationFilter
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from shared.auth.access import ANY_ROLE, Principal, allow, tenant_filter
from shared.http.request_bodies import OffsetDateTime

Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]


async def notification_filter(
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
) -> NotificationFilter:
    return NotificationFilter(
        tenant_filter(caller, tenant_id),
        recipient,
        status,
        channel,
        category,
        created_from,
        created_before,
    )


Filtered = Annotated[NotificationFilter, Depends(notification_filter)]
