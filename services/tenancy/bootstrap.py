"""Composition root of the tenancy service."""

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from contracts.topics import dead_letter_topic
from services.tenancy.adapters.tenancy_gauges import TenancyGauges
from services.tenancy.entrypoints import (
    leases_api,
    occupancy_api,
    plans_api,
    tenant_actions_api,
    tenants_api,
    units_api,
)
from services.tenancy.service_layer.gauges import tenancy_gauges_job
from services.tenancy.service_layer.lease_calendar import lease_calendar_job
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from services.tenancy.settings import Settings
from shared.audit.api import audit_router
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint

DESCRIPTION = """Tenants of BITC and Cimahi Techno Park: who they are, what they may use.

Tenants move applied → active ⇄ suspended → offboarded, each step an explicit POST recorded in
their history. Plans grant monthly booking quotas; office units are leased without overlap.
Every change is published on `bitc.tenancy.events.v1` (no personal data; keyed by tenant id,
unit events by unit id). Errors are RFC 9457 problem documents with stable `type` slugs."""


def create_app(settings: Settings) -> FastAPI:
    registry = CollectorRegistry()
    gauges = TenancyGauges(registry)
    return create_service_app(
        ServiceBlueprint(
            name="tenancy",
            title="BITC tenancy",
            description=DESCRIPTION,
            settings=settings,
            unit_of_work=TenancyUnitOfWork,
            dead_letter_topic=dead_letter_topic("tenancy"),
            routers=[
                tenants_api.router,
                tenant_actions_api.router,
                plans_api.router,
                units_api.router,
                leases_api.router,
                occupancy_api.router,
                audit_router(),
            ],
            jobs=[
                lease_calendar_job(settings.lease_calendar_interval_s),
                tenancy_gauges_job(gauges, settings.gauges_refresh_interval_s),
            ],
            registry=registry,
        )
    )
