"""Composition root of the tenancy service."""

from fastapi import FastAPI

from contracts.topics import dead_letter_topic
from services.tenancy.entrypoints.http_api import router
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from services.tenancy.settings import Settings
from shared.runtime import ServiceBlueprint, create_service_app


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        ServiceBlueprint(
            name="tenancy",
            title="BITC tenancy",
            description="Tenants of BITC and Cimahi Techno Park: who they are, what they may use.",
            settings=settings,
            unit_of_work=TenancyUnitOfWork,
            dead_letter_topic=dead_letter_topic("tenancy"),
            routers=[router],
        )
    )
