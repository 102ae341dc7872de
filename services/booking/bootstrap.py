"""Composition root of the booking service.

Publishes to ``bitc.booking.events.v1`` (contracts.booking), one outbox per service and one relay
publishing in outbox order. The Kafka key is the id of the aggregate an event is about:

- booking.* events: the booking id — all events of one booking arrive in lifecycle order
  (requested → confirmed → checked_in → completed, or cancelled/rejected/no_show;
  waitlist_promoted right after the confirmation it explains);
- series.created: the series id (its occurrences' booking events are keyed by their bookings);
- space.created/space.updated: the space id — a space's changes arrive in order;
- space.closed: the closure id; the booking.cancelled events a closure causes are keyed by
  their bookings and are committed in the same transaction as the closure;
- quota.exhausted: the tenant id.

Nothing orders events of different keys against each other: a subscriber must not assume, e.g.,
that space.closed arrives before the cancellations it caused. Consumes ``bitc.tenancy.events.v1``
(keyed by tenant id) into the tenant projection.
"""

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from contracts.topics import dead_letter_topic
from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.entrypoints import (
    bookings_api,
    closures_api,
    ical_api,
    series_api,
    spaces_api,
    tenants_api,
)
from services.booking.entrypoints.ical_feed_keys import FeedKeys
from services.booking.service_layer.booking_gauges import booking_gauges_job
from services.booking.service_layer.jobs import BOOKING_JOBS
from services.booking.service_layer.tenant_projection import TENANTS
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from services.booking.settings import Settings
from shared.audit.api import audit_router
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint


def create_app(settings: Settings) -> FastAPI:
    registry = CollectorRegistry()
    metrics = BookingMetrics(registry)
    app = create_service_app(
        ServiceBlueprint(
            name="booking",
            title="BITC booking",
            description="Spaces of BITC and Cimahi Techno Park and the reservations of them.",
            settings=settings,
            unit_of_work=lambda engine: BookingUnitOfWork(engine, metrics),
            dead_letter_topic=dead_letter_topic("booking"),
            routers=[
                spaces_api.router,
                closures_api.router,
                bookings_api.router,
                series_api.router,
                tenants_api.router,
                ical_api.router,
                audit_router(),
            ],
            subscriptions=[TENANTS.subscription],
            jobs=[*BOOKING_JOBS, booking_gauges_job(metrics)],
            registry=registry,
        )
    )
    secret = settings.calendar_feed_secret.get_secret_value()
    app.state.feed_keys = FeedKeys(secret) if secret else None
    return app
