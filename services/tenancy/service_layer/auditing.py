"""Staff's steps in a tenant's lifecycle, as tenancy writes them to its audit log."""

from typing import Any

from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


def audit_step(uow: TenancyUnitOfWork, tenant: Tenant, **details: Any) -> None:
    """Records the tenant's latest lifecycle step with the who and why its history keeps (call
    it before saving the tenant, which moves the step to the stored history); ``details`` add
    ids and codes, never a name or contact."""
    step = tenant.history[-1]
    uow.audit.record(
        step.actor,
        f"tenant.{step.action}",
        tenant.id,
        reason=step.reason,
        from_status=step.from_status,
        to_status=step.to_status,
        **details,
    )
