"""Booking's business metrics: how bookings move through their states, no-shows and exhausted
quotas (counted from the events a commit made true), and what is booked and waiting now
(gauges a job refreshes). Labels are sites and space types only, never ids."""

from collections.abc import Sequence
from itertools import product

from prometheus_client import CollectorRegistry, Counter, Gauge

from contracts.booking import (
    BookingCancelled,
    BookingCheckedIn,
    BookingCompleted,
    BookingConfirmed,
    BookingNoShow,
    BookingRejected,
    BookingRequested,
    BookingWaitlistPromoted,
    QuotaExhausted,
)
from contracts.tenancy import Site, SpaceType
from shared.messaging.events import DomainEvent

_BOOKING_EVENT_PREFIX = "booking."
#: The states a booking event moves a booking into.
BOOKING_STATES = tuple(
    event.name.removeprefix(_BOOKING_EVENT_PREFIX)
    for event in (
        BookingRequested,
        BookingConfirmed,
        BookingCheckedIn,
        BookingCompleted,
        BookingCancelled,
        BookingRejected,
        BookingNoShow,
        BookingWaitlistPromoted,
    )
)


class BookingMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.entered_state = Counter(
            "booking_bookings",
            "Bookings entering a state (requested, confirmed, checked_in, completed, cancelled, "
            "rejected, no_show, waitlist_promoted)",
            ["state", "space_type", "site"],
            registry=registry,
        )
        self.no_shows = Counter(
            "booking_no_shows", "Bookings nobody checked in to", ["space_type"], registry=registry
        )
        self.quota_exhausted = Counter(
            "booking_quota_exhausted",
            "Times a tenant used up its monthly hours of a space type",
            ["space_type"],
            registry=registry,
        )
        per_space = ["space", "site", "space_type"]  # spaces are a catalogue: a bounded set
        self.booked_hours = Gauge(
            "booking_booked_hours",
            "Hours of confirmed, checked-in and completed bookings this week (Monday-Sunday, WIB)",
            per_space,
            registry=registry,
        )
        self.utilisation = Gauge(
            "booking_space_utilisation_ratio",
            "Booked hours this week over the hours the space is open this week",
            per_space,
            registry=registry,
        )
        self.pending_approvals = Gauge(
            "booking_pending_approvals", "Booking requests waiting for staff", registry=registry
        )
        self._start_at_zero()

    def _start_at_zero(self) -> None:
        """Every state, space type and site is counted from 0 at start-up: a quiet day's
        panels show 0 rather than "No data", and rate() sees the first event of a kind."""
        for space_type in SpaceType:
            self.no_shows.labels(space_type.value)
            self.quota_exhausted.labels(space_type.value)
        for state, space_type, site in product(BOOKING_STATES, SpaceType, Site):
            self.entered_state.labels(state, space_type.value, site.value)

    def count(self, events: Sequence[DomainEvent]) -> None:
        for event in events:
            if event.name.startswith(_BOOKING_EVENT_PREFIX):
                state = event.name.removeprefix(_BOOKING_EVENT_PREFIX)
                labels = (state, event.space_type.value, event.site.value)  # type: ignore[attr-defined]
                self.entered_state.labels(*labels).inc()
            if isinstance(event, BookingNoShow):
                self.no_shows.labels(event.space_type.value).inc()
            if isinstance(event, QuotaExhausted):
                self.quota_exhausted.labels(event.space_type.value).inc()
