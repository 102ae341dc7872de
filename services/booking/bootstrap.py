"""Composition root of the booking service."""

from fastapi import FastAPI

from contracts.tenancy import TenantActivated, TenantRegistered
from contracts.topics import TENANCY_EVENTS, dead_letter_topic
from services.booking.entrypoints.http_api import router
from services.booking.service_layer.tenant_projection import (
    on_tenant_activated,
    on_tenant_registered,
)
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from services.booking.settings import Settings
from shared.event_consumer import Subscription
from shared.runtime import ServiceBlueprint, create_service_app


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        ServiceBlueprint(
            name="booking",
            title="BITC booking",
            description="Spaces of BITC and Cimahi Techno Park and the reservations of them.",
            settings=settings,
            unit_of_work=BookingUnitOfWork,
            dead_letter_topic=dead_letter_topic("booking"),
            routers=[router],
            subscriptions=[
                Subscription(
                    consumer="booking.tenant-standings",
                    topic=TENANCY_EVENTS,
                    handlers={
                        TenantRegistered: on_tenant_registered,
                        TenantActivated: on_tenant_activated,
                    },
                )
            ],
        )
    )
