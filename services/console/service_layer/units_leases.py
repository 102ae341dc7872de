"""Reading what the staff's tenant and lease pages show beside a lease: its unit's code and its
tenant's name, each asked of tenancy once per page however many leases name it."""

import asyncio
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from services.console.adapters.service_api import ApiProblem, ServiceApi


async def names_by_id(
    tenancy: ServiceApi, path: str, ids: Iterable[str], field: str
) -> dict[str, str]:
    """``field`` of ``path/{id}`` for every distinct id; one tenancy no longer finds (or may
    not show) is named by its id rather than failing the page."""
    distinct = sorted(set(ids))

    async def name_of(ident: str) -> str:
        try:
            return str((await tenancy.get(f"{path}/{ident}"))[field])
        except ApiProblem:
            return ident

    names = await asyncio.gather(*(name_of(ident) for ident in distinct))
    return dict(zip(distinct, names, strict=True))


async def leases_with_names(
    tenancy: ServiceApi, leases: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Each lease with ``unit_code``, ``tenant_name`` and its days as dates."""
    units, tenants = await asyncio.gather(
        names_by_id(tenancy, "/units", (lease["unit_id"] for lease in leases), "code"),
        names_by_id(tenancy, "/tenants", (lease["tenant_id"] for lease in leases), "display_name"),
    )
    return [
        dated(lease)
        | {"unit_code": units[lease["unit_id"]], "tenant_name": tenants[lease["tenant_id"]]}
        for lease in leases
    ]


def dated(lease: Mapping[str, Any]) -> dict[str, Any]:
    """The lease with its days as dates, so the pages write them in the reader's language."""
    days = ("starts_on", "ends_on", "notice_given_on")
    return dict(lease) | {day: date.fromisoformat(lease[day]) for day in days if lease.get(day)}
