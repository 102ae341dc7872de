"""Composition root of the tenancy service: builds its dependencies once and hands them down."""

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from contracts.topics import dead_letter_topic
from services.tenancy.adapters.tenancy_metrics import TenancyMetrics
from services.tenancy.entrypoints import events, jobs
from services.tenancy.entrypoints.http import ROUTERS
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from services.tenancy.settings import Settings
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint

DESCRIPTION = """Tenants of BITC and Cimahi Techno Park: who they are, what they may use.

Tenants move applied → active ⇄ suspended → offboarded, each step an explicit POST recorded in
their history. Plans grant monthly booking quotas; office units are leased without overlap.
Every change is published on `bitc.tenancy.events.v1` (no personal data; keyed by tenant id,
unit events by unit id). Errors are RFC 9457 problem documents with stable `type` slugs."""


def blueprint(settings: Settings) -> ServiceBlueprint:
    registry = CollectorRegistry()
    metrics = TenancyMetrics(registry)
    return ServiceBlueprint(
        name="tenancy",
        title="BITC tenancy",
        description=DESCRIPTION,
        settings=settings,
        unit_of_work=TenancyUnitOfWork,
        dead_letter_topic=dead_letter_topic("tenancy"),
        routers=ROUTERS,
        subscriptions=events.subscriptions(settings),
        projections=events.PROJECTIONS,
        jobs=jobs.jobs(settings, metrics),
        registry=registry,
    )


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(blueprint(settings))
