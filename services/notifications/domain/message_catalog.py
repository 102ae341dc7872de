"""Which published events owe the tenant's contact a message, and of which category.

The message details are the event's own fields: public events carry no personal data, so
neither do the stored details nor the webhook bodies built from them.
"""

import uuid
from typing import Any

from contracts.booking import (
    BookingCancelled,
    BookingConfirmed,
    BookingNoShow,
    BookingRejected,
    BookingWaitlistPromoted,
    QuotaExhausted,
    SeriesCreated,
)
from contracts.tenancy import (
    LeaseEnded,
    LeaseExpiring,
    LeaseSigned,
    TenantActivated,
    TenantOffboarded,
    TenantReinstated,
    TenantSuspended,
)
from services.notifications.domain.categories import Category
from shared.messaging.events import DomainEvent

TENANT_MESSAGES: dict[type[DomainEvent], Category] = {
    TenantActivated: Category.TENANT_ACTIVATED,
    TenantSuspended: Category.TENANT_SUSPENDED,
    TenantReinstated: Category.TENANT_REINSTATED,
    TenantOffboarded: Category.TENANT_OFFBOARDED,
    LeaseSigned: Category.LEASE_SIGNED,
    LeaseExpiring: Category.LEASE_EXPIRING,
    LeaseEnded: Category.LEASE_ENDED,
    BookingConfirmed: Category.BOOKING_CONFIRMED,
    BookingRejected: Category.BOOKING_REJECTED,
    BookingCancelled: Category.BOOKING_CANCELLED,
    BookingNoShow: Category.BOOKING_NO_SHOW,
    BookingWaitlistPromoted: Category.BOOKING_WAITLIST_PROMOTED,
    SeriesCreated: Category.SERIES_SUMMARY,
    QuotaExhausted: Category.QUOTA_EXHAUSTED,
}


def category_of(event: DomainEvent) -> Category:
    return TENANT_MESSAGES[type(event)]


def tenant_of(event: DomainEvent) -> uuid.UUID:
    tenant_id: uuid.UUID = event.tenant_id  # type: ignore[attr-defined]  # every listed event has it
    return tenant_id


def details_of(event: DomainEvent) -> dict[str, Any]:
    return event.model_dump(mode="json", exclude={"tenant_id"})
