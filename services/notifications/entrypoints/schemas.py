"""Request and response bodies of the notifications API."""

import enum
import uuid
from datetime import datetime, time
from typing import Annotated, Any

from pydantic import AnyHttpUrl, BaseModel, Field, WithJsonSchema

from contracts.notifications import Channel
from services.notifications.adapters.webhook_repository import WebhookSubscription
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import Category, Notification, RecipientKind
from services.notifications.domain.preferences import (
    NON_ESSENTIAL,
    PERSONAL_CHANNELS,
    Preferences,
)
from shared.http.request_bodies import RequestBody


class NotificationOut(BaseModel):
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

    @classmethod
    def of(cls, n: Notification) -> "NotificationOut":
        return cls(**{name: getattr(n, name) for name in cls.model_fields})


class QuietHoursIn(RequestBody):
    start: time = Field(description="Asia/Jakarta, e.g. 21:00")
    end: time = Field(description="Asia/Jakarta, e.g. 07:00")


def _enum_of(members: frozenset[str], order: type[enum.StrEnum]) -> dict[str, Any]:
    return {"type": "string", "enum": [m.value for m in order if m in members]}


# The published enums name only what the domain keeps (no webhook channel, no opting out of
# essential messages); the domain refuses the rest with 422 `invalid-preferences`.
ChosenChannels = Annotated[
    list[Channel],
    WithJsonSchema({"type": "array", "items": _enum_of(PERSONAL_CHANNELS, Channel), "minItems": 1}),
]
OptedOut = Annotated[
    list[Category],
    WithJsonSchema({"type": "array", "items": _enum_of(NON_ESSENTIAL, Category)}),
]


class PreferencesBody(RequestBody):
    channels: dict[Category, ChosenChannels] = Field(
        default_factory=dict, description="Per category; unlisted categories go by e-mail"
    )
    opted_out: OptedOut = Field(
        default_factory=list, description="Only booking_reminder and quota_exhausted"
    )
    quiet_hours: QuietHoursIn | None = Field(
        default=None, description="WhatsApp/SMS held during these hours; null: the default"
    )

    @classmethod
    def of(cls, prefs: Preferences) -> "PreferencesBody":
        quiet = prefs.quiet_hours
        return cls(
            channels={c: list(chosen) for c, chosen in prefs.channels.items()},
            opted_out=sorted(prefs.opted_out),
            quiet_hours=QuietHoursIn(start=quiet.start, end=quiet.end) if quiet else None,
        )


class WebhookIn(RequestBody):
    url: AnyHttpUrl
    categories: list[Category] = Field(default_factory=list, description="Empty: all")
    tenant_id: uuid.UUID | None = Field(default=None, description="Only this tenant's messages")
    active: bool = True
    description: str = Field(default="", max_length=200)


class WebhookOut(BaseModel):
    id: uuid.UUID
    url: str
    categories: list[Category]
    tenant_id: uuid.UUID | None
    active: bool
    description: str
    created_at: datetime

    @classmethod
    def of(cls, sub: WebhookSubscription) -> "WebhookOut":
        return cls(**{name: getattr(sub, name) for name in cls.model_fields})


class WebhookCreated(WebhookOut):
    secret: str = Field(description="Signing key for BITC-Signature; shown only here")

    @classmethod
    def of(cls, sub: WebhookSubscription) -> "WebhookCreated":
        return cls(**{name: getattr(sub, name) for name in cls.model_fields})
