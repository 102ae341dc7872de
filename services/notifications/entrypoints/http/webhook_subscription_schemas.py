"""Webhook subscriptions as staff register them and as the API shows them."""

import uuid
from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from services.notifications.domain.categories import Category
from services.notifications.service_layer.webhook_subscriptions import SubscriptionTerms
from shared.http.request_bodies import RequestBody


class WebhookIn(RequestBody):
    url: AnyHttpUrl
    categories: list[Category] = Field(default_factory=list, description="Empty: all")
    tenant_id: uuid.UUID | None = Field(default=None, description="Only this tenant's messages")
    active: bool = True
    description: str = Field(default="", max_length=200)

    def terms(self) -> SubscriptionTerms:
        return SubscriptionTerms(
            url=str(self.url),
            categories=[c.value for c in self.categories],
            tenant_id=self.tenant_id,
            active=self.active,
            description=self.description,
        )


class WebhookOut(BaseModel):
    """Read from a subscription's attributes (``WebhookOut.model_validate(sub)``)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    categories: list[Category]
    tenant_id: uuid.UUID | None
    active: bool
    description: str
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(description="Signing key for BITC-Signature; shown only here")
