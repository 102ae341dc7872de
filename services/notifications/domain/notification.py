"""A message owed to a tenant because something happened (delivery comes with issue #5)."""

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.booking import BookingConfirmed
from contracts.tenancy import TenantActivated
from shared.domain import Aggregate


class Category(enum.StrEnum):
    TENANT_ACTIVATED = "tenant_activated"
    BOOKING_CONFIRMED = "booking_confirmed"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"


@dataclass(kw_only=True)
class Notification(Aggregate):
    id: uuid.UUID
    tenant_id: uuid.UUID
    category: Category
    source_event_id: str
    status: DeliveryStatus
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def _new(
        cls, tenant_id: uuid.UUID, category: Category, event_id: str, now: datetime, **details: Any
    ) -> "Notification":
        return cls(
            id=uuid.uuid4(),
            tenant_id=tenant_id,
            category=category,
            source_event_id=event_id,
            status=DeliveryStatus.PENDING,
            created_at=now,
            details=details,
        )

    @classmethod
    def for_tenant_activated(
        cls, event: TenantActivated, event_id: str, now: datetime
    ) -> "Notification":
        return cls._new(
            event.tenant_id, Category.TENANT_ACTIVATED, event_id, now, plan_code=event.plan_code
        )

    @classmethod
    def for_booking_confirmed(
        cls, event: BookingConfirmed, event_id: str, now: datetime
    ) -> "Notification":
        return cls._new(
            event.tenant_id,
            Category.BOOKING_CONFIRMED,
            event_id,
            now,
            booking_id=str(event.booking_id),
            space_code=event.space_code,
            starts_at=event.starts_at.isoformat(),
            ends_at=event.ends_at.isoformat(),
        )
