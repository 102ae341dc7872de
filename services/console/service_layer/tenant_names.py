"""Tenants' names for the staff pages: booking and notifications know a tenant by its id only,
so the names come from tenancy, one request per distinct tenant, all at once."""

import asyncio
from collections.abc import Iterable

from services.console.adapters.service_api import ApiProblem, ServiceApi


async def tenant_names(tenancy: ServiceApi, tenant_ids: Iterable[str | None]) -> dict[str, str]:
    """id -> display name; a tenant tenancy no longer answers for (erased, unknown) is left out,
    so the page shows its id instead."""
    wanted = sorted({tenant_id for tenant_id in tenant_ids if tenant_id})

    async def name_of(tenant_id: str) -> tuple[str, str | None]:
        try:
            return tenant_id, (await tenancy.get(f"/tenants/{tenant_id}"))["display_name"]
        except ApiProblem as problem:
            if problem.status >= 500:
                raise
            return tenant_id, None

    found = await asyncio.gather(*(name_of(tenant_id) for tenant_id in wanted))
    return {tenant_id: name for tenant_id, name in found if name}
