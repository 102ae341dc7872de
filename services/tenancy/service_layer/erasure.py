"""Erasing a former tenant's personal data (the right to be forgotten)."""

import uuid
from datetime import UTC, datetime

from services.tenancy.domain.erased_traces import ErasedTraces
from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.auditing import audit_step
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


async def erase_personal_data(
    uow: TenancyUnitOfWork, tenant_id: uuid.UUID, *, actor: str
) -> Tenant:
    """Blanks the contact in every tenancy table and tombstones it on the contacts topic.

    The history and the audit log keep every entry about the tenant, with the erased data staff
    typed into them replaced in any form the API accepts it, and gain one for the erasure."""
    async with uow:
        tenant = await lookups.tenant(uow, tenant_id, for_update=True)
        contact, name = tenant.contact, tenant.display_name
        tenant.erase_personal_data(datetime.now(UTC), actor)
        audit_step(uow, tenant)
        await uow.tenants.save(tenant)
        traces = ErasedTraces.of(
            names=[contact.name] + ([name] if name != tenant.display_name else []),
            emails=[contact.email],
            phones=[contact.phone],
        )
        await uow.tenants.scrub_history(tenant_id, traces.scrub)
        await uow.audit.redact(str(tenant_id), traces.scrub)
        await uow.tenants.forget_contact_messages(tenant_id)
        await uow.commit()
    return tenant
