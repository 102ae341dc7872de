"""Events the tenancy service publishes. Public ones carry no personal data (design.md §2)."""

import enum
import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import EmailStr, Field

from contracts.topics import TENANCY_CONTACTS, TENANCY_EVENTS
from shared.events import DomainEvent


class TenantKind(enum.StrEnum):
    STARTUP = "startup"
    COMPANY = "company"
    COMMUNITY = "community"
    INDIVIDUAL = "individual"


class Language(enum.StrEnum):
    INDONESIAN = "id"
    ENGLISH = "en"


class _TenantEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "tenant"
    topic: ClassVar[str] = TENANCY_EVENTS
    key_field: ClassVar[str] = "tenant_id"

    tenant_id: uuid.UUID
    occurred_at: datetime


class TenantRegistered(_TenantEvent):
    """A tenant applied; it may not book until activated."""

    name: ClassVar[str] = "tenant.registered"

    kind: TenantKind
    plan_code: str


class TenantActivated(_TenantEvent):
    """A tenant was approved and may now use the spaces its plan grants."""

    name: ClassVar[str] = "tenant.activated"

    kind: TenantKind
    plan_code: str


class TenantContactChanged(DomainEvent):
    """PRIVATE (contacts topic): how to reach the tenant's contact person."""

    name: ClassVar[str] = "tenant.contact_changed"
    aggregate_type: ClassVar[str] = "tenant"
    topic: ClassVar[str] = TENANCY_CONTACTS
    key_field: ClassVar[str] = "tenant_id"

    tenant_id: uuid.UUID
    display_name: str
    contact_name: str
    email: EmailStr
    phone: str | None = Field(default=None, pattern=r"^\+[1-9]\d{6,14}$")
    language: Language = Language.INDONESIAN
