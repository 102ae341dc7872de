"""Counters with known, bounded label values exist at 0 from start-up: a dashboard panel reads a
healthy 0 instead of "No data", and rate() sees the first event (a series born at 1 hides it)."""

from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry

from contracts.notifications import Channel
from contracts.tenancy import Site, SpaceType
from services.booking.adapters.booking_metrics import BookingMetrics
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import Notification, RecipientKind
from shared.messaging.dead_letters import DeadLetterReason
from shared.observability.metrics import ServiceMetrics

NOW = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


def test_a_consumer_reports_zero_duplicates_retries_and_dead_letters_before_any_event():
    metrics = ServiceMetrics()
    metrics.start_consumer_at_zero("booking.tenants")
    value = metrics.registry.get_sample_value
    consumer = {"consumer": "booking.tenants"}
    assert value("inbox_duplicates_total", consumer) == 0
    assert value("consumer_handler_retries_total", consumer) == 0
    assert {
        reason: value("dead_letters_total", consumer | {"reason": reason})
        for reason in DeadLetterReason
    } == dict.fromkeys(("invalid_event", "unknown_version", "handler_failed"), 0)


def test_booking_counts_every_state_no_shows_and_exhausted_quotas_from_zero():
    registry = CollectorRegistry()
    BookingMetrics(registry)
    value = registry.get_sample_value
    for space_type in SpaceType:
        assert value("booking_no_shows_total", {"space_type": space_type}) == 0
        assert value("booking_quota_exhausted_total", {"space_type": space_type}) == 0
        for site in Site:
            for state in ("requested", "confirmed", "completed", "no_show", "cancelled"):
                labels = {"state": state, "space_type": space_type, "site": site}
                assert value("booking_bookings_total", labels) == 0, labels


def test_notifications_count_every_channel_and_category_from_zero_and_then_count_on():
    metrics = DeliveryMetrics()
    value = metrics.registry.get_sample_value
    for channel in Channel:
        assert value("notification_delivery_latency_seconds_count", {"channel": channel}) == 0
        for category in Category:
            labels = {"channel": channel, "category": category}
            for outcome in ("sent", "failed", "dead"):
                assert value(f"notifications_{outcome}_total", labels) == 0, (outcome, labels)

    sent = Notification(
        tenant_id=None,
        recipient="staff@bitc.example.id",
        recipient_kind=RecipientKind.STAFF,
        category=Category.STAFF_REQUESTS_DIGEST,
        channel=Channel.EMAIL,
        source_event_id="digest-1",
        event_time=NOW - timedelta(seconds=3),
        created_at=NOW,
        status=DeliveryStatus.SENT,
    )
    metrics.observe(sent, NOW)
    labels = {"channel": "email", "category": "staff_requests_digest"}
    assert value("notifications_sent_total", labels) == 1
    assert value("notification_delivery_latency_seconds_sum", {"channel": "email"}) == 3
