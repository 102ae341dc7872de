"""Events the notifications service publishes: outcomes of messages, never the address."""

import enum
import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from contracts.topics import NOTIFICATIONS_EVENTS
from shared.messaging.events import DomainEvent


class Channel(enum.StrEnum):
    EMAIL = "email"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    WEBHOOK = "webhook"


class _NotificationEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "notification"
    topic: ClassVar[str] = NOTIFICATIONS_EVENTS
    key_field: ClassVar[str] = "notification_id"

    notification_id: uuid.UUID
    tenant_id: uuid.UUID | None
    category: str = Field(
        description="What the message was about, as in webhooks (docs/webhooks.md), e.g. "
        "booking_confirmed, lease_expiring, staff_requests_digest",
        examples=["booking_confirmed"],
    )
    channel: Channel
    occurred_at: datetime


class NotificationSent(_NotificationEvent):
    name: ClassVar[str] = "notification.sent"


class NotificationFailed(_NotificationEvent):
    """Delivery gave up after its retries (the message is dead until retried by staff)."""

    name: ClassVar[str] = "notification.failed"

    attempts: int
    reason: str = Field(
        description="Why the last attempt failed, in words for staff (free text, not a code), "
        'e.g. "HTTP 503" or "recipient refused"',
        examples=["recipient refused"],
    )
