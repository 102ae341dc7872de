"""What the tenant endpoints answer (their OpenAPI schema)."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from contracts.tenancy import Language, OffboardingReason, TenantKind
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.tenant_status import TenantStatus, Transition


class ContactOut(BaseModel):
    name: str
    email: str
    phone: str | None
    language: Language


class TenantOut(BaseModel):
    id: uuid.UUID
    kind: TenantKind
    display_name: str
    plan_code: str
    status: TenantStatus
    contact: ContactOut
    tax_id: str | None
    sponsor_agency: str | None
    registered_at: datetime
    activated_at: datetime | None
    offboarding_reason: OffboardingReason | None
    personal_data_erased_at: datetime | None

    @classmethod
    def of(cls, tenant: Tenant) -> "TenantOut":
        contact = tenant.contact
        return cls(
            id=tenant.id,
            kind=tenant.kind,
            display_name=tenant.display_name,
            plan_code=tenant.plan_code,
            status=tenant.status,
            contact=ContactOut(
                name=contact.name,
                email=contact.email,
                phone=contact.phone,
                language=contact.language,
            ),
            tax_id=tenant.tax_id,
            sponsor_agency=tenant.sponsor_agency,
            registered_at=tenant.registered_at,
            activated_at=tenant.activated_at,
            offboarding_reason=tenant.offboarding_reason,
            personal_data_erased_at=tenant.personal_data_erased_at,
        )


class TransitionOut(BaseModel):
    action: str
    from_status: TenantStatus | None
    to_status: TenantStatus
    actor: str
    reason: str | None
    occurred_at: datetime

    @classmethod
    def of(cls, step: Transition) -> "TransitionOut":
        return cls(
            action=step.action,
            from_status=step.from_status,
            to_status=step.to_status,
            actor=step.actor,
            reason=step.reason,
            occurred_at=step.at,
        )
