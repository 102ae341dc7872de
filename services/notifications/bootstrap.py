"""Composition root of the notifications service."""

from fastapi import FastAPI

from contracts.booking import BookingConfirmed
from contracts.tenancy import TenantActivated
from contracts.topics import BOOKING_EVENTS, TENANCY_EVENTS, dead_letter_topic
from services.notifications.entrypoints.http_api import router
from services.notifications.service_layer.event_reactions import (
    on_booking_confirmed,
    on_tenant_activated,
)
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.event_consumer import Subscription
from shared.runtime import ServiceBlueprint, create_service_app


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        ServiceBlueprint(
            name="notifications",
            title="BITC notifications",
            description="Turns what happens at BITC into messages to tenants and staff.",
            settings=settings,
            unit_of_work=NotificationsUnitOfWork,
            dead_letter_topic=dead_letter_topic("notifications"),
            routers=[router],
            subscriptions=[
                Subscription(
                    consumer="notifications.tenancy-events",
                    topic=TENANCY_EVENTS,
                    handlers={TenantActivated: on_tenant_activated},
                ),
                Subscription(
                    consumer="notifications.booking-events",
                    topic=BOOKING_EVENTS,
                    handlers={BookingConfirmed: on_booking_confirmed},
                ),
            ],
        )
    )
