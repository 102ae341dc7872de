"""Tenant aggregates to and from rows of the tenants table."""

from typing import Any

import sqlalchemy as sa

from contracts.tenancy import Language, OffboardingReason, TenantKind
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.tenant_status import TenantStatus


def to_row(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "kind": tenant.kind.value,
        "display_name": tenant.display_name,
        "plan_code": tenant.plan_code,
        "status": tenant.status.value,
        "contact_name": tenant.contact.name,
        "contact_email": tenant.contact.email,
        "contact_phone": tenant.contact.phone,
        "contact_language": tenant.contact.language.value,
        "registered_at": tenant.registered_at,
        "activated_at": tenant.activated_at,
        "tax_id": tenant.tax_id,
        "sponsor_agency": tenant.sponsor_agency,
        "offboarding_reason": tenant.offboarding_reason.value
        if tenant.offboarding_reason
        else None,
        "personal_data_erased_at": tenant.personal_data_erased_at,
    }


def from_row(row: sa.RowMapping) -> Tenant:
    reason = row["offboarding_reason"]
    return Tenant(
        id=row["id"],
        kind=TenantKind(row["kind"]),
        display_name=row["display_name"],
        plan_code=row["plan_code"],
        status=TenantStatus(row["status"]),
        contact=Contact(
            name=row["contact_name"],
            email=row["contact_email"],
            phone=row["contact_phone"],
            language=Language(row["contact_language"]),
        ),
        registered_at=row["registered_at"],
        activated_at=row["activated_at"],
        tax_id=row["tax_id"],
        sponsor_agency=row["sponsor_agency"],
        offboarding_reason=OffboardingReason(reason) if reason else None,
        personal_data_erased_at=row["personal_data_erased_at"],
    )
