"""Every HTTP route of tenancy, in the order the OpenAPI document shows them."""

from fastapi import APIRouter

from services.tenancy.entrypoints.http import (
    exports,
    leases,
    occupancy,
    plans,
    reports,
    tenant_actions,
    tenants,
    units,
)
from shared.audit.api import audit_router

ROUTERS: tuple[APIRouter, ...] = (
    tenants.router,
    tenant_actions.router,
    plans.router,
    units.router,
    leases.router,
    occupancy.router,
    reports.router,
    exports.router,
    audit_router(),
)
