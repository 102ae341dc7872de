"""Events the tenancy service publishes. Public ones carry no personal data (docs/events.md).

Keys: tenant and lease events are keyed by tenant id (a subscriber sees one tenant's lifecycle
and its leases in order); unit events by unit id. The contact record (private topic) is keyed by
tenant id; its latest value is the current contact and a tombstone (null value) erases it.
"""

import enum
import uuid
from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from contracts.topics import TENANCY_CONTACTS, TENANCY_EVENTS
from shared.messaging.events import DomainEvent


class TenantKind(enum.StrEnum):
    STARTUP = "startup"
    COMPANY = "company"
    COMMUNITY = "community"
    INDIVIDUAL = "individual"


class Language(enum.StrEnum):
    INDONESIAN = "id"
    ENGLISH = "en"


class SpaceType(enum.StrEnum):
    """Kinds of bookable space; quotas are granted per kind."""

    DUBBING_STUDIO = "dubbing_studio"
    MUSIC_ROOM = "music_room"
    MEETING_ROOM = "meeting_room"
    COWORKING_DESK = "coworking_desk"
    EVENT_HALL = "event_hall"


class Site(enum.StrEnum):
    BITC = "bitc"
    TECHNO_PARK = "techno_park"


class SuspensionReason(enum.StrEnum):
    PAYMENT_OVERDUE = "payment_overdue"
    RULE_VIOLATION = "rule_violation"
    REQUESTED_BY_TENANT = "requested_by_tenant"
    OTHER = "other"


class OffboardingReason(enum.StrEnum):
    GRADUATED = "graduated"
    """Moved to an office of its own: the outcome BITC exists for."""
    TERMINATED = "terminated"
    LEFT = "left"


class OverQuotaPolicy(enum.StrEnum):
    REJECT = "reject"
    NEEDS_APPROVAL = "needs_approval"


class MonthlyQuota(BaseModel):
    """Hours per calendar month (Asia/Jakarta) a tenant on a plan may book of one kind of space."""

    model_config = ConfigDict(frozen=True)

    space_type: SpaceType
    hours: int = Field(ge=0)


class PlanEntitlements(BaseModel):
    """What a membership plan lets its tenants book."""

    model_config = ConfigDict(frozen=True)

    plan_code: str
    quotas: list[MonthlyQuota]
    bookings_need_approval: bool
    over_quota: OverQuotaPolicy


class UnitStatus(enum.StrEnum):
    VACANT = "vacant"
    LEASED = "leased"
    MAINTENANCE = "maintenance"


class _TenantEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "tenant"
    topic: ClassVar[str] = TENANCY_EVENTS
    key_field: ClassVar[str] = "tenant_id"

    tenant_id: uuid.UUID
    occurred_at: datetime


class _TenantAdmissionEvent(_TenantEvent):
    kind: TenantKind
    plan_code: str
    sponsor_agency: str | None = Field(
        default=None,
        description="Communities only: the city agency that sponsors it, e.g. Dispudpar; "
        "null when it has none, absent from events published before it was added",
    )


class TenantRegistered(_TenantAdmissionEvent):
    """A tenant applied; it may not book until activated."""

    name: ClassVar[str] = "tenant.registered"


class TenantActivated(_TenantAdmissionEvent):
    """A tenant was approved and may now use the spaces its plan grants."""

    name: ClassVar[str] = "tenant.activated"

    plan_title: str | None = Field(
        default=None,
        description="The plan's display title at activation, e.g. Community (sponsored); "
        "absent from events published before it was added",
    )


class TenantSuspended(_TenantEvent):
    """The tenant may not book until reinstated; its future bookings are cancelled."""

    name: ClassVar[str] = "tenant.suspended"

    reason: SuspensionReason


class TenantReinstated(_TenantEvent):
    """A suspended tenant is active again and may book."""

    name: ClassVar[str] = "tenant.reinstated"


class TenantOffboarded(_TenantEvent):
    """The tenant left BITC for good; its active leases ended with it."""

    name: ClassVar[str] = "tenant.offboarded"

    reason: OffboardingReason


class TenantSponsorChanged(_TenantEvent):
    """A community's sponsoring agency was set, changed or cleared; the sponsor reports count
    a community's hours under the agency this last named."""

    name: ClassVar[str] = "tenant.sponsor_changed"

    sponsor_agency: str | None = Field(description="The agency now; null when it has none")


class TenantPlanChanged(_TenantEvent):
    """The tenant's entitlements, sent when it registers, when it changes plan and when its
    plan's terms change; the latest one per tenant is what applies."""

    name: ClassVar[str] = "tenant.plan_changed"

    entitlements: PlanEntitlements


class _LeaseEvent(_TenantEvent):
    aggregate_type: ClassVar[str] = "lease"

    lease_id: uuid.UUID
    unit_id: uuid.UUID
    site: Site


class LeaseSigned(_LeaseEvent):
    name: ClassVar[str] = "lease.signed"

    starts_on: date
    ends_on: date
    monthly_rent_idr: int = Field(ge=0)
    deposit_idr: int = Field(ge=0)


class LeaseRenewed(_LeaseEvent):
    name: ClassVar[str] = "lease.renewed"

    previous_ends_on: date
    ends_on: date
    monthly_rent_idr: int = Field(ge=0)


class LeaseExpiring(_LeaseEvent):
    """Sent once each as the last day comes within 60, 30 and 7 days (again after a renewal);
    `days_left` is the real count of days left, under the threshold when it comes late."""

    name: ClassVar[str] = "lease.expiring"

    ends_on: date = Field(description="The lease's last day (Asia/Jakarta)")
    days_left: int = Field(
        description="Whole days from the day (Asia/Jakarta) the notice is produced to `ends_on`: "
        "1 on the day before the last day. The real count, not the 60, 30 or 7 threshold "
        "crossed: a lease renewed on 2026-12-07 to 2027-01-01 gets the 30-day notice with 25."
    )


class LeaseEnded(_LeaseEvent):
    """The lease ran past its last day (published the day after, ``ended_on`` the last day), or
    ended because the tenant was offboarded."""

    name: ClassVar[str] = "lease.ended"

    ended_on: date


class LeaseTerminated(_LeaseEvent):
    """Ended early on notice."""

    name: ClassVar[str] = "lease.terminated"

    notice_given_on: date
    ends_on: date


class UnitStatusChanged(DomainEvent):
    name: ClassVar[str] = "unit.status_changed"
    aggregate_type: ClassVar[str] = "unit"
    topic: ClassVar[str] = TENANCY_EVENTS
    key_field: ClassVar[str] = "unit_id"

    unit_id: uuid.UUID
    site: Site
    code: str
    status: UnitStatus
    previous_status: UnitStatus | None
    occurred_at: datetime


class _ContactRecordEvent(DomainEvent):
    aggregate_type: ClassVar[str] = "tenant"
    topic: ClassVar[str] = TENANCY_CONTACTS
    key_field: ClassVar[str] = "tenant_id"

    tenant_id: uuid.UUID


class TenantContactChanged(_ContactRecordEvent):
    """PRIVATE (contacts topic): how to reach the tenant's contact person."""

    name: ClassVar[str] = "tenant.contact_changed"

    display_name: str
    contact_name: str
    email: EmailStr
    phone: str | None = Field(default=None, pattern=r"^\+[1-9]\d{6,14}$")
    language: Language = Language.INDONESIAN


class TenantContactErased(_ContactRecordEvent):
    """PRIVATE: a tombstone for the tenant's contact record (its personal data was erased)."""

    name: ClassVar[str] = "tenant.contact_erased"
    tombstone: ClassVar[bool] = True
