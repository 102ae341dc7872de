"""What the notifications API answers about a notification."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import RecipientKind


class NotificationOut(BaseModel):
    """Read from a Notification's attributes (``NotificationOut.model_validate(n)``)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    tenant_id: uuid.UUID | None
    recipient: str = Field(description="Tenant id, staff address or webhook subscription id")
    recipient_kind: RecipientKind
    category: Category
    channel: Channel
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str | None
    source_event_id: str
    details: dict[str, Any]
    created_at: datetime
