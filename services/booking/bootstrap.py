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
that space.closed arrives before the cancellations it caused. What it consumes:
entrypoints/events.py; its periodic jobs: entrypoints/jobs.py.
"""

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from contracts.topics import dead_letter_topic
from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.entrypoints import events, jobs
from services.booking.entrypoints.http import ROUTERS
from services.booking.entrypoints.http.calendar_feed_keys import FeedKeys
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from services.booking.settings import Settings
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint


def blueprint(settings: Settings) -> ServiceBlueprint:
    registry = CollectorRegistry()
    metrics = BookingMetrics(registry)
    return ServiceBlueprint(
        name="booking",
        title="BITC booking",
        description="Spaces of BITC and Cimahi Techno Park and the reservations of them.",
        settings=settings,
        unit_of_work=lambda engine: BookingUnitOfWork(engine, metrics),
        dead_letter_topic=dead_letter_topic("booking"),
        routers=ROUTERS,
        subscriptions=events.subscriptions(settings),
        projections=events.PROJECTIONS,
        jobs=jobs.jobs(settings, metrics),
        registry=registry,
    )


def create_app(settings: Settings) -> FastAPI:
    app = create_service_app(blueprint(settings))
    # The signed links of calendar feeds (entrypoints/http/calendar_feed_access.py).
    secret = settings.calendar_feed_secret.get_secret_value()
    app.state.feed_keys = FeedKeys(secret) if secret else None
    return app
